//! How the database key is protected.
//!
//! Every wallet's SQLCipher database is encrypted with 256 random bits (a
//! [`DatabaseKey`]), set as a raw key. That key never touches disk in the clear:
//! - with **keyring** protection it lives in the OS keyring (Secret Service,
//!   Keychain, Credential Manager) under the wallet's id;
//! - with **passphrase** protection it is wrapped (XChaCha20-Poly1305) with a key
//!   derived from the passphrase by Argon2id, whose parameters and salt are
//!   stored.
//!
//! Which one is in use, and the wrapped key, live in the [`Header`] file beside
//! the database. The header is written atomically (temporary file, fsync,
//! rename) and carries a SHA-256 checksum, so a damaged header is told apart from
//! a wrong passphrase.
//!
//! Changing the protection either **re-wraps** the same key (quick; an old copy
//! of the header still opens today's database with the old passphrase) or
//! **re-keys**: a new random key, the database re-encrypted with `PRAGMA rekey`,
//! after which no old header, keyring entry or passphrase opens it. While a
//! re-key runs, the header (or keyring entry) holds the new key and the previous
//! one, so a crash at any moment leaves a wallet that opens.
//!
//! The keyring entry is always Satchel's fixed service ([`KEYRING_SERVICE`]) and
//! the wallet's id: the header's own `service`/`account` fields are only checked
//! against them, never used, so an edited header cannot name (and have Satchel
//! delete) another program's secret.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::error_code::ErrorCode;

/// File name of the header inside a wallet folder.
pub const HEADER_FILE: &str = "wallet.header";
/// Keyring service name under which wallet keys are stored.
pub const KEYRING_SERVICE: &str = "org.satchel.wallet";
/// Shortest passphrase accepted for a new wallet or a passphrase change.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

const HEADER_FORMAT: &str = "satchel-wallet-header";
const HEADER_VERSION: u32 = 1;

/// Errors of key protection.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("wrong passphrase: the wallet was not unlocked and nothing was changed")]
    WrongPassphrase,
    #[error("this wallet is protected by a passphrase: give it with `--passphrase-file`, `SATCHEL_PASSPHRASE` or at the prompt")]
    PassphraseRequired,
    #[error("the passphrase is too short: use at least {min} characters")]
    WeakPassphrase { min: usize },
    #[error("the wallet header `{path}` is damaged ({reason}); restore it from a backup")]
    HeaderCorrupt { path: String, reason: String },
    #[error("the OS keyring is not available ({0}); use a passphrase instead (`satchel init --passphrase`)")]
    KeyringUnavailable(String),
    #[error("the OS keyring holds no key for wallet `{0}`")]
    KeyringEntryMissing(String),
    #[error("this wallet has no passphrase: its key is in this computer's keyring, which opens it for anyone using this account")]
    PassphraseNotUsed,
    #[error("could not read or write the wallet header `{path}`: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::WrongPassphrase => ErrorCode::WrongPassphrase,
            Self::PassphraseRequired => ErrorCode::PassphraseRequired,
            Self::WeakPassphrase { .. } => ErrorCode::WeakPassphrase,
            Self::HeaderCorrupt { .. } => ErrorCode::HeaderCorrupt,
            Self::KeyringUnavailable(_) => ErrorCode::KeyringUnavailable,
            Self::KeyringEntryMissing(_) => ErrorCode::KeyringEntryMissing,
            Self::PassphraseNotUsed => ErrorCode::PassphraseNotUsed,
            Self::Io { .. } => ErrorCode::Io,
        }
    }
}

/// The 256-bit database key. Zeroized on drop; never printed.
#[derive(Clone, Zeroize)]
#[zeroize(drop)]
pub struct DatabaseKey([u8; 32]);

impl DatabaseKey {
    /// 256 fresh bits from the OS random source.
    pub fn random() -> Self {
        let mut k = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut k);
        Self(k)
    }

    fn from_slice(bytes: &[u8]) -> Option<Self> {
        let arr: [u8; 32] = bytes.try_into().ok()?;
        Some(Self(arr))
    }

    /// The value for SQLCipher's `PRAGMA key`: a raw key, so no PBKDF2 runs on top.
    pub fn sqlcipher_pragma_value(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex::encode(self.0)))
    }

    fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0))
    }

    fn from_hex(s: &str) -> Option<Self> {
        let bytes = Zeroizing::new(hex::decode(s.trim()).ok()?);
        Self::from_slice(&bytes)
    }

    /// Constant-time enough for 32 bytes held in this process: compares keys.
    pub fn same_as(&self, other: &DatabaseKey) -> bool {
        self.0.iter().zip(other.0.iter()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }
}

/// The keys a header (or keyring entry) holds: the current one and, while a
/// re-key is under way, the previous one.
#[derive(Debug)]
pub struct Keys {
    pub current: DatabaseKey,
    pub previous: Option<DatabaseKey>,
}

impl fmt::Debug for DatabaseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DatabaseKey(..)")
    }
}

/// Argon2id cost parameters, stored in the header so that later versions can
/// raise the defaults without locking anyone out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfCost {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

impl KdfCost {
    /// Tuned to about half a second on the reference machine (2 cores): see the
    /// `store` benchmark's `kdf` group.
    pub const DEFAULT: Self = Self { m_kib: 128 * 1024, t: 4, p: 1 };
    /// The least Argon2 accepts: for throwaway wallets (tests), never a real one.
    pub const THROWAWAY: Self = Self { m_kib: 64, t: 1, p: 1 };
}

/// A secret that Argon2id stretches: the user's passphrase. Zeroized on drop.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub fn new(s: impl Into<String>) -> Self {
        Self(Zeroizing::new(s.into()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Refuses passphrases too short to protect anything.
    pub fn check_strength(&self) -> Result<(), Error> {
        if self.0.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(Error::WeakPassphrase { min: MIN_PASSPHRASE_CHARS });
        }
        Ok(())
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(..)")
    }
}

/// How a wallet's key is protected, as stored in the header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Protection {
    Keyring {
        service: String,
        account: String,
    },
    Passphrase {
        kdf: String,
        cost: KdfCost,
        /// Base64 salt (16 bytes).
        salt: String,
        aead: String,
        /// Base64 nonce (24 bytes).
        nonce: String,
        /// Base64 ciphertext of the 32-byte key with its 16-byte tag.
        wrapped_key: String,
        /// During a re-key only: the previous key, wrapped with the same
        /// passphrase (base64 of a 24-byte nonce and the 48-byte ciphertext).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        previous: Option<String>,
    },
}

/// Which protection a user picks; the header's [`Protection`] is derived from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ProtectionKind {
    Keyring,
    Passphrase,
}

/// The header file beside a wallet's database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    /// Random id of this wallet; names its keyring entry.
    pub wallet_id: String,
    pub created_at: DateTime<Utc>,
    pub protection: Protection,
}

impl Header {
    fn new(wallet_id: String, created_at: DateTime<Utc>, protection: Protection) -> Self {
        Self { format: HEADER_FORMAT.into(), version: HEADER_VERSION, wallet_id, created_at, protection }
    }

    /// The keyring entry of this wallet: Satchel's fixed service and the
    /// wallet id, whatever the header's `service`/`account` say.
    ///
    /// # Errors
    /// [`Error::HeaderCorrupt`] when the id is not 32 hex digits, or the header
    /// names another entry (an edited header must not point Satchel at another
    /// program's secret).
    pub fn keyring_entry(&self, path: &Path) -> Result<(&'static str, &str), Error> {
        let corrupt = |reason: &str| Error::HeaderCorrupt { path: path.display().to_string(), reason: reason.into() };
        if self.wallet_id.len() != 32 || !self.wallet_id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(corrupt("the wallet id is not 32 hex digits"));
        }
        if let Protection::Keyring { service, account } = &self.protection {
            if service != KEYRING_SERVICE || account != &self.wallet_id {
                return Err(corrupt("it names a keyring entry other than this wallet's own"));
            }
        }
        Ok((KEYRING_SERVICE, &self.wallet_id))
    }

    pub fn kind(&self) -> ProtectionKind {
        match self.protection {
            Protection::Keyring { .. } => ProtectionKind::Keyring,
            Protection::Passphrase { .. } => ProtectionKind::Passphrase,
        }
    }

    /// Reads and checks the header at `path`.
    ///
    /// # Errors
    /// [`Error::HeaderCorrupt`] when the file is not a complete header whose
    /// checksum matches; [`Error::Io`] when it cannot be read at all.
    pub fn read(path: &Path) -> Result<Self, Error> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.display().to_string(), source })?;
        Self::parse(&bytes).map_err(|reason| Error::HeaderCorrupt { path: path.display().to_string(), reason })
    }

    fn parse(bytes: &[u8]) -> Result<Self, String> {
        let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
        let mut lines = text.lines();
        let body = lines.next().ok_or("empty file")?;
        let sum_line = lines.next().ok_or("no checksum line")?;
        let sum = sum_line.strip_prefix("sha256:").ok_or("checksum line does not start with `sha256:`")?;
        if hex::encode(Sha256::digest(body.as_bytes())) != sum {
            return Err("checksum does not match".into());
        }
        let header: Header = serde_json::from_str(body).map_err(|e| format!("unreadable body: {e}"))?;
        if header.format != HEADER_FORMAT {
            return Err(format!("format is `{}`", header.format));
        }
        if header.version != HEADER_VERSION {
            return Err(format!("version {} is not known to this Satchel", header.version));
        }
        Ok(header)
    }

    fn render(&self) -> String {
        let body = serde_json::to_string(self).expect("a header always serialises");
        let sum = hex::encode(Sha256::digest(body.as_bytes()));
        format!("{body}\nsha256:{sum}\n")
    }

    /// Writes the header atomically: a sibling temporary file, fsync, rename,
    /// fsync of the folder. A crash leaves either the old or the new header.
    pub fn write_atomic(&self, path: &Path) -> Result<(), Error> {
        let err = |source| Error::Io { path: path.display().to_string(), source };
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut tmp = tempfile_in(dir).map_err(err)?;
        tmp.1.write_all(self.render().as_bytes()).map_err(err)?;
        tmp.1.sync_all().map_err(err)?;
        drop(tmp.1);
        std::fs::rename(&tmp.0, path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp.0);
            err(e)
        })?;
        sync_dir(dir);
        Ok(())
    }
}

fn tempfile_in(dir: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut suffix = [0u8; 6];
    rand::rngs::OsRng.fill_bytes(&mut suffix);
    let path = dir.join(format!(".{HEADER_FILE}.{}.tmp", hex::encode(suffix)));
    let file = crate::files::new_private(&path)?;
    Ok((path, file))
}

#[cfg(unix)]
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) {}

/// Where secrets live when the keyring protects a wallet. The real one is
/// [`OsKeyring`]; [`MemoryKeyStore`] serves benchmarks and unit tests.
pub trait KeyStore: Send + Sync + fmt::Debug {
    fn get(&self, service: &str, account: &str) -> Result<Option<Zeroizing<String>>, Error>;
    fn set(&self, service: &str, account: &str, secret: &str) -> Result<(), Error>;
    fn delete(&self, service: &str, account: &str) -> Result<(), Error>;
}

/// The operating system's keyring: Secret Service on Linux, Keychain on macOS,
/// Credential Manager on Windows.
#[derive(Debug, Clone, Copy, Default)]
pub struct OsKeyring;

impl OsKeyring {
    fn entry(service: &str, account: &str) -> Result<keyring::Entry, Error> {
        keyring::Entry::new(service, account).map_err(|e| Error::KeyringUnavailable(e.to_string()))
    }
}

impl KeyStore for OsKeyring {
    fn get(&self, service: &str, account: &str) -> Result<Option<Zeroizing<String>>, Error> {
        match Self::entry(service, account)?.get_password() {
            Ok(s) => Ok(Some(Zeroizing::new(s))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(Error::KeyringUnavailable(e.to_string())),
        }
    }
    fn set(&self, service: &str, account: &str, secret: &str) -> Result<(), Error> {
        Self::entry(service, account)?.set_password(secret).map_err(|e| Error::KeyringUnavailable(e.to_string()))
    }
    fn delete(&self, service: &str, account: &str) -> Result<(), Error> {
        match Self::entry(service, account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(Error::KeyringUnavailable(e.to_string())),
        }
    }
}

/// A key store in process memory. For benchmarks and tests only: it forgets
/// everything when the process ends.
#[derive(Debug, Default)]
pub struct MemoryKeyStore(std::sync::Mutex<std::collections::HashMap<(String, String), Zeroizing<String>>>);

impl KeyStore for MemoryKeyStore {
    fn get(&self, service: &str, account: &str) -> Result<Option<Zeroizing<String>>, Error> {
        let map = self.0.lock().expect("memory key store poisoned");
        Ok(map.get(&(service.into(), account.into())).cloned())
    }
    fn set(&self, service: &str, account: &str, secret: &str) -> Result<(), Error> {
        let mut map = self.0.lock().expect("memory key store poisoned");
        map.insert((service.into(), account.into()), Zeroizing::new(secret.into()));
        Ok(())
    }
    fn delete(&self, service: &str, account: &str) -> Result<(), Error> {
        self.0.lock().expect("memory key store poisoned").remove(&(service.into(), account.into()));
        Ok(())
    }
}

/// The additional data bound to a wrapped key: the wallet id and KDF settings,
/// so a header whose parameters were swapped does not unwrap.
fn wrap_aad(wallet_id: &str, cost: &KdfCost, salt: &str) -> Vec<u8> {
    format!("satchel-key-wrap-v1|{wallet_id}|argon2id|{}|{}|{}|{salt}", cost.m_kib, cost.t, cost.p).into_bytes()
}

fn derive_kek(passphrase: &Passphrase, salt: &[u8], cost: KdfCost) -> Zeroizing<[u8; 32]> {
    let params = argon2::Params::new(cost.m_kib, cost.t, cost.p, Some(32)).expect("stored Argon2 parameters are in range");
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon.hash_password_into(passphrase.as_str().as_bytes(), salt, out.as_mut()).expect("Argon2 output length and salt are valid");
    out
}

/// Wraps `key` under `passphrase` for the wallet `wallet_id`.
pub fn wrap_with_passphrase(key: &DatabaseKey, passphrase: &Passphrase, wallet_id: &str, cost: KdfCost) -> Protection {
    wrap_keys(key, None, passphrase, wallet_id, cost)
}

fn wrap_keys(key: &DatabaseKey, previous: Option<&DatabaseKey>, passphrase: &Passphrase, wallet_id: &str, cost: KdfCost) -> Protection {
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let kek = derive_kek(passphrase, &salt, cost);
    let salt_b64 = B64.encode(salt);
    let aad = wrap_aad(wallet_id, &cost, &salt_b64);
    let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
    let wrapped =
        cipher.encrypt(XNonce::from_slice(&nonce), Payload { msg: &key.0, aad: &aad }).expect("encryption of 32 bytes cannot fail");
    let previous = previous.map(|old| {
        let mut nonce = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let aad = [aad.as_slice(), b"|previous"].concat();
        let wrapped =
            cipher.encrypt(XNonce::from_slice(&nonce), Payload { msg: &old.0, aad: &aad }).expect("encryption of 32 bytes cannot fail");
        B64.encode([nonce.as_slice(), &wrapped].concat())
    });
    Protection::Passphrase {
        kdf: "argon2id".into(),
        cost,
        salt: salt_b64,
        aead: "xchacha20poly1305".into(),
        nonce: B64.encode(nonce),
        wrapped_key: B64.encode(wrapped),
        previous,
    }
}

/// Recovers the database key(s) described by `header`.
///
/// # Errors
/// [`Error::PassphraseRequired`] when the header needs a passphrase and none is
/// given, [`Error::PassphraseNotUsed`] when a passphrase is given for a keyring
/// wallet (a secret that would not be checked), [`Error::WrongPassphrase`] when
/// it does not unwrap, [`Error::KeyringUnavailable`]/[`Error::KeyringEntryMissing`]
/// for the keyring.
pub fn unlock_keys(header: &Header, header_path: &Path, passphrase: Option<&Passphrase>, keys: &dyn KeyStore) -> Result<Keys, Error> {
    let corrupt = |reason: &str| Error::HeaderCorrupt { path: header_path.display().to_string(), reason: reason.into() };
    match &header.protection {
        Protection::Keyring { .. } => {
            if passphrase.is_some() {
                return Err(Error::PassphraseNotUsed);
            }
            let (service, account) = header.keyring_entry(header_path)?;
            let secret = keys.get(service, account)?.ok_or_else(|| Error::KeyringEntryMissing(header.wallet_id.clone()))?;
            let bad = || Error::KeyringUnavailable("the keyring entry does not hold a wallet key".into());
            let mut parts = secret.split_whitespace();
            let current = parts.next().and_then(DatabaseKey::from_hex).ok_or_else(bad)?;
            let previous = match parts.next() {
                Some(p) => Some(DatabaseKey::from_hex(p).ok_or_else(bad)?),
                None => None,
            };
            Ok(Keys { current, previous })
        }
        Protection::Passphrase { kdf, cost, salt, aead, nonce, wrapped_key, previous } => {
            let passphrase = passphrase.ok_or(Error::PassphraseRequired)?;
            if kdf != "argon2id" || aead != "xchacha20poly1305" {
                return Err(corrupt("unknown key-derivation or cipher name"));
            }
            if argon2::Params::new(cost.m_kib, cost.t, cost.p, Some(32)).is_err() || cost.m_kib > 4 * 1024 * 1024 || cost.t > 64 {
                return Err(corrupt("Argon2 parameters out of range"));
            }
            let salt_bytes = B64.decode(salt).map_err(|_| corrupt("salt is not base64"))?;
            let nonce_bytes = B64.decode(nonce).map_err(|_| corrupt("nonce is not base64"))?;
            let wrapped = B64.decode(wrapped_key).map_err(|_| corrupt("wrapped key is not base64"))?;
            if salt_bytes.len() < 16 || nonce_bytes.len() != 24 || wrapped.len() != 48 {
                return Err(corrupt("salt, nonce or wrapped key has the wrong length"));
            }
            let kek = derive_kek(passphrase, &salt_bytes, *cost);
            let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
            let aad = wrap_aad(&header.wallet_id, cost, salt);
            let plain = Zeroizing::new(
                cipher
                    .decrypt(XNonce::from_slice(&nonce_bytes), Payload { msg: &wrapped, aad: &aad })
                    .map_err(|_| Error::WrongPassphrase)?,
            );
            let current = DatabaseKey::from_slice(&plain).ok_or_else(|| corrupt("unwrapped key has the wrong length"))?;
            let previous = match previous {
                None => None,
                Some(p) => {
                    let bytes = B64.decode(p).map_err(|_| corrupt("previous key is not base64"))?;
                    if bytes.len() != 24 + 48 {
                        return Err(corrupt("previous key has the wrong length"));
                    }
                    let aad = [aad.as_slice(), b"|previous"].concat();
                    let plain = Zeroizing::new(
                        cipher
                            .decrypt(XNonce::from_slice(&bytes[..24]), Payload { msg: &bytes[24..], aad: &aad })
                            .map_err(|_| corrupt("the previous key does not unwrap"))?,
                    );
                    Some(DatabaseKey::from_slice(&plain).ok_or_else(|| corrupt("previous key has the wrong length"))?)
                }
            };
            Ok(Keys { current, previous })
        }
    }
}

/// The current key only (see [`unlock_keys`]).
pub fn unlock_key(header: &Header, header_path: &Path, passphrase: Option<&Passphrase>, keys: &dyn KeyStore) -> Result<DatabaseKey, Error> {
    Ok(unlock_keys(header, header_path, passphrase, keys)?.current)
}

/// Builds the header of a new wallet, storing `key` as `kind` asks.
pub fn protect_new(
    key: &DatabaseKey,
    kind: ProtectionKind,
    passphrase: Option<&Passphrase>,
    cost: KdfCost,
    keys: &dyn KeyStore,
    now: DateTime<Utc>,
) -> Result<Header, Error> {
    let wallet_id = new_wallet_id();
    let protection = protect(key, None, kind, passphrase, cost, keys, &wallet_id)?;
    Ok(Header::new(wallet_id, now, protection))
}

/// Protects `key` (and, during a re-key, `previous`) anew for the wallet
/// `wallet_id`. With the keyring, this stores the entry at once: the caller
/// writes the header next, and takes the entry out again if that fails.
pub fn protect(
    key: &DatabaseKey,
    previous: Option<&DatabaseKey>,
    kind: ProtectionKind,
    passphrase: Option<&Passphrase>,
    cost: KdfCost,
    keys: &dyn KeyStore,
    wallet_id: &str,
) -> Result<Protection, Error> {
    Ok(match kind {
        ProtectionKind::Keyring => {
            // Sized once, so no reallocation leaves a copy of the key behind.
            let mut secret = Zeroizing::new(String::with_capacity(129));
            secret.push_str(&key.to_hex());
            if let Some(old) = previous {
                secret.push(' ');
                secret.push_str(&old.to_hex());
            }
            keys.set(KEYRING_SERVICE, wallet_id, &secret)?;
            Protection::Keyring { service: KEYRING_SERVICE.into(), account: wallet_id.into() }
        }
        ProtectionKind::Passphrase => {
            let p = passphrase.ok_or(Error::PassphraseRequired)?;
            p.check_strength()?;
            wrap_keys(key, previous, p, wallet_id, cost)
        }
    })
}

/// Removes this wallet's keyring entry, but only when it holds one of `ours`
/// (the open wallet's keys): an entry that holds something else is not this wallet's
/// to delete. Returns whether an entry was removed.
pub fn forget_keyring_entry(header: &Header, header_path: &Path, ours: &[&DatabaseKey], keys: &dyn KeyStore) -> Result<bool, Error> {
    let (service, account) = header.keyring_entry(header_path)?;
    let Some(secret) = keys.get(service, account)? else { return Ok(false) };
    let holds_key = secret.split_whitespace().filter_map(DatabaseKey::from_hex).any(|k| ours.iter().any(|o| k.same_as(o)));
    if !holds_key {
        return Ok(false);
    }
    keys.delete(service, account)?;
    Ok(true)
}

fn new_wallet_id() -> String {
    let mut id = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut id);
    hex::encode(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHEAP: KdfCost = KdfCost::THROWAWAY;

    fn header_with(key: &DatabaseKey, pass: &str) -> Header {
        let keys = MemoryKeyStore::default();
        protect_new(key, ProtectionKind::Passphrase, Some(&Passphrase::new(pass)), CHEAP, &keys, Utc::now()).unwrap()
    }

    #[test]
    fn passphrase_round_trip_and_wrong_passphrase() {
        let key = DatabaseKey::random();
        let h = header_with(&key, "correct horse");
        let keys = MemoryKeyStore::default();
        let got = unlock_key(&h, Path::new("h"), Some(&Passphrase::new("correct horse")), &keys).unwrap();
        assert_eq!(got.0, key.0, "the right passphrase unwraps the same key");
        let err = unlock_key(&h, Path::new("h"), Some(&Passphrase::new("correct horsE")), &keys).unwrap_err();
        assert!(matches!(err, Error::WrongPassphrase), "one changed letter must not unwrap: {err}");
        let err = unlock_key(&h, Path::new("h"), None, &keys).unwrap_err();
        assert!(matches!(err, Error::PassphraseRequired));
    }

    #[test]
    fn header_round_trips_and_detects_damage() {
        let h = header_with(&DatabaseKey::random(), "long enough");
        let text = h.render();
        assert_eq!(Header::parse(text.as_bytes()).unwrap(), h, "a rendered header parses back");
        let mut damaged = text.clone().into_bytes();
        damaged[20] ^= 0x01;
        assert!(Header::parse(&damaged).unwrap_err().contains("checksum"), "a flipped bit fails the checksum");
        assert!(Header::parse(&text.as_bytes()[..text.len() / 2]).is_err(), "a truncated header is refused");
    }

    #[test]
    fn swapped_parameters_do_not_unwrap() {
        let key = DatabaseKey::random();
        let mut h = header_with(&key, "long enough");
        if let Protection::Passphrase { cost, .. } = &mut h.protection {
            cost.t += 1;
        }
        let err = unlock_key(&h, Path::new("h"), Some(&Passphrase::new("long enough")), &MemoryKeyStore::default()).unwrap_err();
        assert!(matches!(err, Error::WrongPassphrase), "the cost is bound into the AEAD data");
    }

    #[test]
    fn short_passphrases_are_refused() {
        let keys = MemoryKeyStore::default();
        let err =
            protect_new(&DatabaseKey::random(), ProtectionKind::Passphrase, Some(&Passphrase::new("short")), CHEAP, &keys, Utc::now())
                .unwrap_err();
        assert!(matches!(err, Error::WeakPassphrase { min: MIN_PASSPHRASE_CHARS }));
    }

    #[test]
    fn keyring_protection_stores_hex_key() {
        let keys = MemoryKeyStore::default();
        let key = DatabaseKey::random();
        let h = protect_new(&key, ProtectionKind::Keyring, None, CHEAP, &keys, Utc::now()).unwrap();
        let got = unlock_key(&h, Path::new("h"), None, &keys).unwrap();
        assert_eq!(got.0, key.0);
        keys.delete(KEYRING_SERVICE, &h.wallet_id).unwrap();
        assert!(matches!(unlock_key(&h, Path::new("h"), None, &keys), Err(Error::KeyringEntryMissing(_))));
    }

    #[test]
    fn a_keyring_wallet_refuses_a_passphrase_it_would_not_check() {
        let keys = MemoryKeyStore::default();
        let h = protect_new(&DatabaseKey::random(), ProtectionKind::Keyring, None, CHEAP, &keys, Utc::now()).unwrap();
        let err = unlock_key(&h, Path::new("h"), Some(&Passphrase::new("anything at all")), &keys).unwrap_err();
        assert!(matches!(err, Error::PassphraseNotUsed), "any text must not 'unlock' a keyring wallet: {err}");
    }

    #[test]
    fn a_transitional_header_holds_both_keys() {
        let keys = MemoryKeyStore::default();
        let (new, old) = (DatabaseKey::random(), DatabaseKey::random());
        let p = Passphrase::new("long enough");
        let mut h = header_with(&old, "long enough");
        h.protection = protect(&new, Some(&old), ProtectionKind::Passphrase, Some(&p), CHEAP, &keys, &h.wallet_id).unwrap();
        let got = unlock_keys(&h, Path::new("h"), Some(&p), &keys).unwrap();
        assert!(got.current.same_as(&new) && got.previous.is_some_and(|k| k.same_as(&old)), "both keys unwrap");
        h.protection = protect(&new, Some(&old), ProtectionKind::Keyring, None, CHEAP, &keys, &h.wallet_id).unwrap();
        let got = unlock_keys(&h, Path::new("h"), None, &keys).unwrap();
        assert!(got.current.same_as(&new) && got.previous.is_some_and(|k| k.same_as(&old)), "the keyring entry holds both");
        assert!(forget_keyring_entry(&h, Path::new("h"), &[&DatabaseKey::random()], &keys).is_ok_and(|gone| !gone), "not ours: kept");
        assert!(forget_keyring_entry(&h, Path::new("h"), &[&old], &keys).unwrap(), "ours: removed");
    }

    #[test]
    fn debug_never_shows_secrets() {
        let key = DatabaseKey::random();
        assert_eq!(format!("{key:?}"), "DatabaseKey(..)");
        assert_eq!(format!("{:?}", Passphrase::new("hunter22")), "Passphrase(..)");
    }
}
