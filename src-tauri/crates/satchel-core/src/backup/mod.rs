//! Backups: everything in a wallet, in one encrypted file that opens without
//! Satchel.
//!
//! A backup is an [age](https://age-encryption.org/v1) file. Inside is a tar
//! archive ([`format`]): `manifest.json` first (format version, wallet id,
//! when, counts, and the size and SHA-256 of every other file), then each
//! credential's exact bytes, its record (source, added, tags, note, latest
//! report), the holder keys with their private halves, the share log, the
//! settings and, if asked, the document cache. `docs/backup-format.md` says
//! how to open one with the `age` and `tar` commands alone.
//!
//! It is always encrypted, to one of two things ([`BackupKey`]):
//! - a **passphrase** the learner chooses (age's scrypt recipient, work factor
//!   2^[`SCRYPT_LOG_N`]); or
//! - a **recovery code** Satchel generates and shows once: an age X25519
//!   identity (`AGE-SECRET-KEY-1…`). The wallet keeps only its public half
//!   (`age1…`), so automatic backups need no secret at all.
//!
//! A wallet protected by the OS keyring still needs one of these: the keyring
//! does not travel to a new computer, a backup does.
//!
//! Flows: [`create`] reads the store (two passes, one credential in memory at
//! a time), writes a temporary file beside the target, fsyncs it and renames
//! it over, so an interrupted backup never replaces the last good one.
//! [`check`] decrypts and checks every hash, restoring nothing. [`restore`]
//! (into the open wallet) and [`restore_new`] (a new wallet) check the whole
//! backup before writing anything, then write it in one transaction, then
//! verify every restored credential again. [`auto`] keeps a folder of
//! automatic backups.

pub mod auto;
pub mod format;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{BufReader, BufWriter, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use age::secrecy::{ExposeSecret, SecretString};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine as _;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::store::backup::{HolderKey, RestorePlan, RestoredCredential};
use crate::store::credentials::{NewCredential, StoredReport};
use crate::store::settings::Setting;
use crate::wallet::{Env, Secret};
use crate::{UnlockedWallet, Wallet};
use format::{CacheFile, Contents, Counts, Entry, HolderKeyFile, Jwk, Manifest, Record, Source};

/// The scrypt work factor of passphrase backups (2^18, age's usual: about a
/// second and 256 MiB on a laptop).
pub const SCRYPT_LOG_N: u8 = 18;
/// The largest scrypt work factor accepted when opening a backup (1 GiB):
/// a file asking for more is refused before any work.
pub const MAX_SCRYPT_LOG_N: u8 = 20;
/// How a recovery code starts (an age X25519 identity).
pub const RECOVERY_CODE_PREFIX: &str = "AGE-SECRET-KEY-1";
/// Settings rows under this prefix describe this computer's automatic
/// backups; they are never put into a backup.
pub const LOCAL_SETTINGS_PREFIX: &str = "backup.";

/// Why a backup could not be made, checked or restored: defined beside the
/// wallet's other errors so [`crate::error`] needs nothing of this module.
pub use crate::error::BackupError as Error;

type Result<T, E = crate::Error> = std::result::Result<T, E>;

/// What a backup is encrypted to.
#[derive(Debug)]
pub enum BackupKey {
    /// A passphrase the learner chose (at least
    /// [`crate::vault::MIN_PASSPHRASE_CHARS`] characters).
    Passphrase(crate::vault::Passphrase),
    /// The public half (`age1…`) of a recovery code.
    Recipient(String),
}

/// What opens a backup: its passphrase or its recovery code.
#[derive(Debug)]
pub enum BackupSecret {
    Passphrase(crate::vault::Passphrase),
    RecoveryCode(RecoveryCode),
}

impl BackupSecret {
    /// Reads what a learner typed or stored: a recovery code when it looks
    /// like one (`AGE-SECRET-KEY-1…`), a passphrase otherwise.
    pub fn from_text(text: &str) -> Self {
        let t = text.trim();
        if t.to_ascii_uppercase().starts_with(RECOVERY_CODE_PREFIX) {
            if let Ok(code) = RecoveryCode::parse(t) {
                return Self::RecoveryCode(code);
            }
        }
        Self::Passphrase(crate::vault::Passphrase::new(text))
    }
}

/// A recovery code: an age X25519 identity. Shown once, never stored.
pub struct RecoveryCode(age::x25519::Identity);

impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(..)")
    }
}

impl RecoveryCode {
    /// A new code from the OS random source.
    pub fn generate() -> Self {
        Self(age::x25519::Identity::generate())
    }

    /// Parses a code (`AGE-SECRET-KEY-1…`, any case, spaces ignored).
    pub fn parse(text: &str) -> Result<Self, Error> {
        let compact: String = text.split_whitespace().collect::<String>().to_ascii_uppercase();
        compact
            .parse::<age::x25519::Identity>()
            .map(Self)
            .map_err(|_| Error::WrongSecret { expected: "recovery code (it is not one: a code starts `AGE-SECRET-KEY-1`)" })
    }

    /// The code as the learner writes it down (and as `age -i` reads it).
    pub fn reveal(&self) -> zeroize::Zeroizing<String> {
        zeroize::Zeroizing::new(self.0.to_string().expose_secret().to_string())
    }

    /// The public half, which the wallet keeps to make backups with.
    pub fn recipient(&self) -> String {
        self.0.to_public().to_string()
    }
}

/// What [`create`] made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Made {
    pub path: String,
    pub created: String,
    pub counts: Counts,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// `passphrase` or `recovery_code`.
    pub encryption: String,
}

/// What [`check`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Checked {
    pub version: u32,
    pub wallet_id: String,
    pub created: String,
    pub made_by: String,
    pub counts: Counts,
    /// Every file of the archive was there once, with its declared size and hash.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub files: usize,
    pub encryption: String,
}

/// What to include beyond the wallet's own data.
#[derive(Debug, Clone, Copy, Default)]
pub struct CreateOptions {
    /// Put the document cache (DID documents, status lists) in too.
    pub include_cache: bool,
    /// Replace an existing file at the target.
    pub overwrite: bool,
}

/// A file of the backup waiting to be written: its bytes, or a credential
/// read from the store when its turn comes.
enum Body {
    Inline(Vec<u8>),
    Credential(String),
}

/// The archive planned from the store: the manifest, and each file's body.
struct Plan {
    manifest: Manifest,
    bodies: Vec<Body>,
}

const README_TEXT: &str = "This is a Satchel wallet backup (format 1), decrypted.\n\n\
credentials/  each credential exactly as you received it, named by its SHA-256\n\
records/      what your wallet knew about each: where it came from, when, your tags and note, its last check\n\
holder-keys.json  your signing keys, PRIVATE PARTS INCLUDED: keep this folder as safe as your passwords\n\
share-log.json    what you shared, with whom and when\n\
settings.json     your wallet's settings\n\
manifest.json     the list of every file with its size and SHA-256\n\n\
Any wallet or verifier that reads the credential formats can import the files in credentials/.\n\
The format is described in Satchel's docs/backup-format.md.\n";

fn plan(wallet: &UnlockedWallet, now: DateTime<Utc>, options: &CreateOptions) -> Result<Plan> {
    let store = wallet.store();
    let header = wallet.wallet().header()?;
    let mut entries = Vec::new();
    let mut bodies = Vec::new();
    let inline = |path: String, bytes: Vec<u8>, entries: &mut Vec<Entry>, bodies: &mut Vec<Body>| {
        entries.push(Entry { path, size: bytes.len() as u64, sha256: format::sha256(&bytes) });
        bodies.push(Body::Inline(bytes));
    };
    inline(format::README.into(), README_TEXT.as_bytes().to_vec(), &mut entries, &mut bodies);

    let keys = store.backup_holder_keys()?;
    let key_files: Vec<HolderKeyFile> = keys
        .iter()
        .map(|k| HolderKeyFile {
            label: k.label.clone(),
            did: k.did.clone(),
            algorithm: k.algorithm.clone(),
            created_at: k.created_at.clone(),
            jwk: Jwk {
                kty: "OKP".into(),
                crv: "Ed25519".into(),
                x: B64URL.encode(&k.public_key),
                d: B64URL.encode(k.secret_key.as_slice()),
            },
        })
        .collect();
    let key_bytes = zeroize::Zeroizing::new(serde_json::to_vec_pretty(&key_files).expect("keys serialise"));
    drop(key_files);
    inline(format::HOLDER_KEYS.into(), key_bytes.to_vec(), &mut entries, &mut bodies);

    // Oldest first, so a restore's rows list in the same order.
    let mut shares = store.shares()?;
    shares.reverse();
    inline(format::SHARE_LOG.into(), serde_json::to_vec_pretty(&shares).expect("shares serialise"), &mut entries, &mut bodies);

    let settings: BTreeMap<String, String> =
        store.backup_settings()?.into_iter().filter(|(k, _)| !k.starts_with(LOCAL_SETTINGS_PREFIX)).collect();
    inline(format::SETTINGS.into(), serde_json::to_vec_pretty(&settings).expect("settings serialise"), &mut entries, &mut bodies);

    let mut cached = 0;
    if options.include_cache {
        let docs = store.backup_cache()?;
        cached = docs.len();
        let mut index = Vec::new();
        for d in docs {
            let file = format!("cache/{}", format::sha256(d.url.as_bytes()));
            index.push(CacheFile {
                url: d.url,
                file: file.clone(),
                media_type: d.media_type,
                fetched_at: d.fetched_at,
                expires_at: d.expires_at,
                manual: d.manual,
            });
            inline(file, d.body, &mut entries, &mut bodies);
        }
        inline(format::CACHE_INDEX.into(), serde_json::to_vec_pretty(&index).expect("cache index serialises"), &mut entries, &mut bodies);
    }

    let rows = store.backup_credentials()?;
    for row in &rows {
        let file = format!("credentials/{}.{}", row.hash, format::extension(&row.media_type));
        let report = match &row.report {
            Some(json) => Some(
                serde_json::value::RawValue::from_string(json.clone())
                    .map_err(|e| crate::store::Error::Corrupt(format!("the stored report of `{}` is not JSON ({e})", &row.hash[..12])))?,
            ),
            None => None,
        };
        let record = Record {
            file: file.clone(),
            media_type: row.media_type.clone(),
            source: Source { kind: row.source_kind.clone(), name: row.source.clone() },
            added_at: row.added_at.clone(),
            tags: row.tags.clone(),
            note: row.note.clone(),
            report,
            verdict: row.verdict.clone(),
            verified_at: row.verified_at.clone(),
        };
        // The stored hash is the SHA-256 of the bytes by construction; the
        // write pass checks it again as it reads them.
        entries.push(Entry { path: file, size: row.size, sha256: row.hash.clone() });
        bodies.push(Body::Credential(row.hash.clone()));
        inline(
            format!("records/{}.json", row.hash),
            serde_json::to_vec_pretty(&record).expect("records serialise"),
            &mut entries,
            &mut bodies,
        );
    }
    let manifest = Manifest {
        format: format::FORMAT.into(),
        version: format::VERSION,
        wallet_id: header.wallet_id,
        created: now.to_rfc3339_opts(SecondsFormat::Secs, true),
        made_by: format!("Satchel {}", env!("CARGO_PKG_VERSION")),
        counts: Counts {
            credentials: rows.len(),
            holder_keys: keys.len(),
            shares: shares.len(),
            settings: settings.len(),
            cached_documents: cached,
        },
        entries,
    };
    Ok(Plan { manifest, bodies })
}

/// A digest of what a backup would hold, leaving out when it was made: two
/// backups with the same digest hold the same data.
fn digest(manifest: &Manifest) -> String {
    let listed = serde_json::to_vec(&(&manifest.wallet_id, &manifest.counts, &manifest.entries)).expect("serialises");
    format::sha256(&listed)
}

/// Backs up the whole wallet to `out`, encrypted to `key`.
///
/// The file is written beside `out` under a temporary name, fsynced, then
/// renamed over `out`: killed at any point, `out` is the old file or the new
/// one, never a part. Also records when the wallet was last backed up.
///
/// # Errors
/// `io` when `out` exists and `options.overwrite` is not set, or the file
/// cannot be written; `weak_passphrase`; `storage` when a stored credential
/// no longer matches its hash.
pub fn create(wallet: &mut UnlockedWallet, key: &BackupKey, now: DateTime<Utc>, out: &Path, options: &CreateOptions) -> Result<Made> {
    let plan = plan(wallet, now, options)?;
    let made = write(wallet, plan, key, now, out, options.overwrite)?;
    Ok(made)
}

fn recipient_of(key: &BackupKey) -> Result<(Box<dyn age::Recipient>, &'static str)> {
    Ok(match key {
        BackupKey::Passphrase(p) => {
            p.check_strength()?;
            let mut r = age::scrypt::Recipient::new(SecretString::from(p.as_str().to_string()));
            r.set_work_factor(SCRYPT_LOG_N);
            (Box::new(r), "passphrase")
        }
        BackupKey::Recipient(text) => {
            let r: age::x25519::Recipient =
                text.trim().parse().map_err(|e| Error::Refused(format!("`{text}` is not the public half of a recovery code ({e})")))?;
            (Box::new(r), "recovery_code")
        }
    })
}

fn write(wallet: &mut UnlockedWallet, plan: Plan, key: &BackupKey, now: DateTime<Utc>, out: &Path, overwrite: bool) -> Result<Made> {
    if !overwrite && out.exists() {
        return Err(Error::Exists(out.display().to_string()).into());
    }
    let (recipient, encryption) = recipient_of(key)?;
    let encryptor = age::Encryptor::with_recipients(std::iter::once(recipient.as_ref()))
        .map_err(|e| Error::Refused(format!("cannot encrypt to that key: {e}")))?;
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "backup".into());
    let (tmp, file) = temp_file(&dir, &name).map_err(|e| Error::io(&dir, e))?;
    // Anything failing from here removes the temporary file; a killed
    // process leaves it (named `.NAME.*.tmp`), never a half-written `out`.
    let result = (|| -> Result<u64> {
        let stream = encryptor.wrap_output(BufWriter::with_capacity(1 << 20, file)).map_err(Error::write)?;
        let mtime = now.timestamp().max(0) as u64;
        let mut archive = format::Writer::new(stream, &plan.manifest, mtime)?;
        for (entry, body) in plan.manifest.entries.iter().zip(plan.bodies) {
            match body {
                Body::Inline(bytes) => archive.file(&entry.path, &bytes)?,
                Body::Credential(hash) => {
                    let bytes = wallet.store().credential_bytes(&hash)?.ok_or_else(|| crate::Error::NotFound(hash[..12].to_string()))?;
                    if format::sha256(&bytes) != hash {
                        return Err(crate::store::Error::Corrupt(format!("credential `{}` no longer matches its hash", &hash[..12])).into());
                    }
                    archive.file(&entry.path, &bytes)?;
                }
            }
        }
        let stream = archive.finish()?;
        let buffered = stream.finish().map_err(Error::write)?;
        let file = buffered.into_inner().map_err(|e| Error::write(e.into_error()))?;
        file.sync_all().map_err(Error::write)?;
        Ok(file.metadata().map_err(Error::write)?.len())
    })();
    let size = match result {
        Ok(size) => size,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    let placed =
        if overwrite { std::fs::rename(&tmp, out) } else { std::fs::hard_link(&tmp, out).and_then(|()| std::fs::remove_file(&tmp)) };
    if let Err(e) = placed {
        let _ = std::fs::remove_file(&tmp);
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            return Err(Error::Exists(out.display().to_string()).into());
        }
        return Err(Error::io(out, e).into());
    }
    sync_dir(&dir);
    let made = Made {
        path: out.display().to_string(),
        created: plan.manifest.created.clone(),
        counts: plan.manifest.counts,
        size,
        encryption: encryption.into(),
    };
    auto::record_made(wallet, &made, &digest(&plan.manifest))?;
    Ok(made)
}

fn temp_file(dir: &Path, name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut suffix = [0u8; 6];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut suffix);
    let path = dir.join(format!(".{name}.{}.tmp", hex::encode(suffix)));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    Ok((path.clone(), options.open(&path)?))
}

#[cfg(unix)]
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) {}

/// Records the first I/O error the decrypting reader hit: the archive reader
/// sees only "the stream broke", this says it was the encryption's check.
#[derive(Debug)]
struct Watched<R> {
    inner: R,
    failure: Arc<Mutex<Option<String>>>,
}

impl<R: Read> Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.inner.read(buf).inspect_err(|e| {
            let mut slot = self.failure.lock().expect("not poisoned");
            slot.get_or_insert_with(|| e.to_string());
        })
    }
}

/// Opens `path`, decrypts it with `secret`, and reads the archive inside,
/// handing each checked file to `keep`. The whole file is read and
/// authenticated (to its last byte) before this returns `Ok`.
fn open(
    path: &Path,
    secret: &BackupSecret,
    keep: impl FnMut(&str, Vec<u8>) -> Result<(), Error>,
) -> Result<(Manifest, &'static str), Error> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut magic = [0u8; 22];
    let n = read_up_to(&mut reader, &mut magic).map_err(|e| Error::io(path, e))?;
    if &magic[..n] != b"age-encryption.org/v1\n" {
        return Err(Error::NotABackup("it is not an age-encrypted file".into()));
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let decryptor = age::Decryptor::new_buffered(BufReader::with_capacity(1 << 20, file)).map_err(|e| match e {
        age::DecryptError::Io(e) => Error::Damaged(format!("its header is cut short or unreadable ({e})")),
        other => Error::Damaged(format!("its header is damaged ({other})")),
    })?;
    let scrypt = decryptor.is_scrypt();
    let expected = if scrypt { "passphrase" } else { "recovery code" };
    let stream = match (secret, scrypt) {
        (BackupSecret::Passphrase(p), true) => {
            let mut identity = age::scrypt::Identity::new(SecretString::from(p.as_str().to_string()));
            identity.set_max_work_factor(MAX_SCRYPT_LOG_N);
            decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity))
        }
        (BackupSecret::RecoveryCode(code), false) => decryptor.decrypt(std::iter::once(&code.0 as &dyn age::Identity)),
        _ => {
            return Err(Error::WrongSecret {
                expected: if scrypt {
                    "secret: this backup opens with a passphrase, not a recovery code"
                } else {
                    "secret: this backup opens with a recovery code, not a passphrase"
                },
            })
        }
    }
    .map_err(|e| match e {
        age::DecryptError::ExcessiveWork { required, .. } => {
            Error::Damaged(format!("its passphrase would take 2^{required} work, over Satchel's 2^{MAX_SCRYPT_LOG_N}"))
        }
        age::DecryptError::InvalidHeader | age::DecryptError::UnknownFormat => Error::Damaged(format!("its header is damaged ({e})")),
        // A wrong secret, or a changed byte in the header: the header's MAC
        // cannot tell the two apart, and neither can anyone else.
        _ => Error::WrongSecret { expected },
    })?;
    let failure = Arc::new(Mutex::new(None));
    let mut watched = Watched { inner: stream, failure: failure.clone() };
    let broken = |failure: &Arc<Mutex<Option<String>>>| {
        failure
            .lock()
            .expect("not poisoned")
            .clone()
            .map(|e| Error::Damaged(format!("the encrypted data fails its check or is cut short ({e})")))
    };
    let manifest = match format::read(&mut watched, keep) {
        Ok(m) => m,
        Err(e) => return Err(broken(&failure).unwrap_or(e)),
    };
    // The tar reader stops at its end marker; read on so that the last chunk's
    // authentication (and any bytes after it) is checked too.
    if let Err(e) = std::io::copy(&mut watched, &mut std::io::sink()) {
        return Err(broken(&failure).unwrap_or_else(|| Error::Damaged(e.to_string())));
    }
    Ok((manifest, if scrypt { "passphrase" } else { "recovery_code" }))
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Decrypts the backup at `path` and checks every file against the
/// manifest, keeping none of them: restores nothing, changes nothing.
///
/// # Errors
/// `backup_wrong_secret`, `backup_damaged` (truncated, a changed byte, a
/// file missing or extra), `backup_too_new`, `not_a_backup`, `io`.
pub fn check(path: &Path, secret: &BackupSecret) -> Result<Checked> {
    let mut files = 0;
    // Credentials are checked by hash and dropped; the small metadata files
    // are kept to check that the backup holds together as a restore needs.
    let mut metadata = Contents::default();
    let (manifest, encryption) = open(path, secret, |p, bytes| {
        files += 1;
        if !p.starts_with("credentials/") && !p.starts_with("cache/") {
            metadata.files.insert(p.to_string(), bytes);
        }
        Ok(())
    })?;
    holds_together(&manifest, &mut metadata)?;
    Ok(Checked {
        version: manifest.version,
        wallet_id: manifest.wallet_id,
        created: manifest.created,
        made_by: manifest.made_by,
        counts: manifest.counts,
        files,
        encryption: encryption.into(),
    })
}

/// Checks what hashes cannot: the counts, each record naming a credential
/// file named by its own hash, and the metadata files reading as the format says.
fn holds_together(manifest: &Manifest, metadata: &mut Contents) -> Result<(), Error> {
    let sizes: BTreeMap<&str, &str> = manifest.entries.iter().map(|e| (e.path.as_str(), e.sha256.as_str())).collect();
    let records: Vec<&str> = sizes.keys().copied().filter(|p| p.starts_with("records/") && p.ends_with(".json")).collect();
    if records.len() != manifest.counts.credentials {
        return Err(Error::Damaged(format!(
            "the manifest counts {} credentials but lists {} records",
            manifest.counts.credentials,
            records.len()
        )));
    }
    for path in records {
        let record: Record = metadata.json(path)?;
        let hash = path.trim_start_matches("records/").trim_end_matches(".json");
        if !record.file.starts_with(&format!("credentials/{hash}.")) || sizes.get(record.file.as_str()) != Some(&hash) {
            return Err(Error::Damaged(format!("`{path}` does not name a credential file with its hash")));
        }
    }
    metadata.json::<Vec<HolderKeyFile>>(format::HOLDER_KEYS)?;
    metadata.json::<Vec<crate::store::share_log::ShareEntry>>(format::SHARE_LOG)?;
    metadata.json::<BTreeMap<String, String>>(format::SETTINGS)?;
    Ok(())
}

/// What a restore did with each part of the backup.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Restored {
    /// The backup's manifest: whose wallet, when.
    pub wallet_id: String,
    pub created: String,
    /// Credentials added (ids).
    pub added: Vec<String>,
    /// Credentials the wallet already held (the same bytes, or a copy kept
    /// because the backup's was not more authentic).
    pub already_there: Vec<String>,
    /// Wallet copies replaced by the backup's, which verifies where they did not.
    pub replaced: Vec<Refusal>,
    /// Credentials not restored, and why.
    pub refused: Vec<Refusal>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub holder_keys_added: usize,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub holder_keys_already_there: usize,
    pub holder_keys_refused: Vec<Refusal>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub shares_added: usize,
    /// Settings taken from the backup.
    pub settings_applied: Vec<String>,
    /// Settings of the backup that differ from the wallet's and were left
    /// alone (the learner did not ask for them), or are unknown here.
    pub settings_left: Vec<String>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub cached_documents_added: usize,
    /// Verdicts of verifying every restored credential again, by verdict.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, number>"))]
    pub verdicts: BTreeMap<String, usize>,
    /// Credentials whose verdict now differs from the backup's.
    pub changed: Vec<Changed>,
}

/// One item and the reason about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Refusal {
    pub id: String,
    pub reason: String,
}

/// A credential whose verdict changed since the backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Changed {
    pub id: String,
    pub before: Option<String>,
    pub after: String,
}

/// What the learner agreed to take from the backup.
#[derive(Debug, Clone, Copy)]
pub struct RestoreOptions {
    /// Take the backup's settings (otherwise they are listed, not applied).
    pub settings: bool,
    /// Verify every restored credential again after the restore (always, in
    /// the app and the CLI; the round-trip tests turn it off to compare the
    /// reports exactly as backed up).
    pub verify: bool,
    /// "Now", for deciding between two copies of one credential.
    pub now: DateTime<Utc>,
}

/// Reads and checks the whole backup into memory (bounded by its manifest).
fn read_all(path: &Path, secret: &BackupSecret) -> Result<(Manifest, Contents), Error> {
    let mut contents = Contents::default();
    let (manifest, _) = open(path, secret, |p, bytes| {
        contents.files.insert(p.to_string(), bytes);
        Ok(())
    })?;
    Ok((manifest, contents))
}

/// Restores the backup at `path` into this (open) wallet, merging: a
/// credential already there is kept once, an authentic copy is never
/// replaced by one that does not verify, holder keys are added beside the
/// wallet's (so packages signed before still verify), settings only with
/// `options.settings`. Nothing is written until the whole backup has been
/// decrypted and checked, and then everything in one transaction.
pub fn restore(wallet: &mut UnlockedWallet, path: &Path, secret: &BackupSecret, options: &RestoreOptions) -> Result<Restored> {
    let (manifest, contents) = read_all(path, secret)?;
    apply(wallet, manifest, contents, options, false)
}

/// Restores the backup at `path` as a new wallet at `wallet`, protected as
/// `protect` says. The backup is checked first; the wallet is made in a
/// temporary folder beside the target and moved into place only when the
/// restore is complete, so a restore killed at any point leaves no wallet.
pub fn restore_new(
    wallet: &Wallet,
    protect: Secret<'_>,
    env: &Env,
    path: &Path,
    secret: &BackupSecret,
    options: &RestoreOptions,
) -> Result<(UnlockedWallet, Restored)> {
    if wallet.exists() {
        return Err(crate::Error::WalletExists(wallet.dir().display().to_string()));
    }
    let target = wallet.dir();
    if target.is_dir() && std::fs::read_dir(target).map_err(|e| Error::io(target, e))?.next().is_some() {
        return Err(Error::Refused(format!("`{}` is not empty: restore into a new or empty folder", target.display())).into());
    }
    let (manifest, contents) = read_all(path, secret)?;
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let mut suffix = [0u8; 6];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut suffix);
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "wallet".into());
    let staging = Wallet::at(parent.join(format!(".{name}.restore-{}", hex::encode(suffix))));
    let passphrase = match &protect {
        Secret::Passphrase(p) => Some(crate::vault::Passphrase::new(p.as_str())),
        Secret::Keyring => None,
    };
    let mut opened = staging.create(protect, env)?;
    let restored = match apply(&mut opened, manifest, contents, &RestoreOptions { verify: false, ..*options }, true) {
        Ok(r) => r,
        Err(e) => {
            drop(opened);
            // The new wallet's key went into the keyring when it was made: take it out again.
            if let Ok(header) = staging.header() {
                if matches!(header.protection, crate::vault::Protection::Keyring { .. }) {
                    let _ = env.keys.delete(crate::vault::KEYRING_SERVICE, &header.wallet_id);
                }
            }
            let _ = std::fs::remove_dir_all(staging.dir());
            return Err(e);
        }
    };
    opened.store().checkpoint()?;
    drop(opened);
    // An empty target folder is replaced; rename(2) does that atomically.
    std::fs::rename(staging.dir(), target).map_err(|e| Error::io(target, e))?;
    sync_dir(parent);
    let mut opened = wallet.unlock(passphrase.as_ref(), env)?;
    let mut restored = restored;
    if options.verify {
        verify_again(&mut opened, &mut restored)?;
    }
    Ok((opened, restored))
}

/// Reads the checked contents into a plan, applies it, then verifies again.
fn apply(
    wallet: &mut UnlockedWallet,
    manifest: Manifest,
    mut contents: Contents,
    options: &RestoreOptions,
    fresh: bool,
) -> Result<Restored> {
    let mut restored = Restored { wallet_id: manifest.wallet_id.clone(), created: manifest.created.clone(), ..Restored::default() };
    let mut plan = RestorePlan::default();
    let store = wallet.store();

    // Credentials, in the backup's order.
    let record_paths: Vec<String> =
        manifest.entries.iter().filter(|e| e.path.starts_with("records/") && e.path.ends_with(".json")).map(|e| e.path.clone()).collect();
    if record_paths.len() != manifest.counts.credentials {
        return Err(Error::Damaged(format!(
            "the manifest counts {} credentials but lists {} records",
            manifest.counts.credentials,
            record_paths.len()
        ))
        .into());
    }
    let mut credential_bytes: Vec<(Vec<u8>, Record)> = Vec::with_capacity(record_paths.len());
    for path in &record_paths {
        let record: Record = contents.json(path)?;
        let hash = path.trim_start_matches("records/").trim_end_matches(".json");
        let bytes =
            contents.take(&record.file).ok_or_else(|| Error::Damaged(format!("`{path}` names `{}`, which is not there", record.file)))?;
        if format::sha256(&bytes) != hash || !record.file.starts_with(&format!("credentials/{hash}.")) {
            return Err(Error::Damaged(format!("`{}` is not the credential `{path}` is about", record.file)).into());
        }
        credential_bytes.push((bytes, record));
    }
    let verify_options_clock = crate::clock::FixedClock(options.now);
    let mut planned_ids: HashSet<(String, Option<String>)> = HashSet::new();
    let mut planned_hashes: HashSet<String> = HashSet::new();
    for (bytes, record) in &credential_bytes {
        let hash = format::sha256(bytes);
        let id = hash[..crate::store::credentials::SHORT_ID_LEN].to_string();
        if !planned_hashes.insert(hash.clone()) {
            restored.already_there.push(id);
            continue;
        }
        let detected = match crate::credential::detect(bytes) {
            Ok(d) => d,
            Err(e) => {
                restored.refused.push(Refusal { id, reason: format!("Satchel cannot read it: {e}") });
                continue;
            }
        };
        if let crate::store::credentials::Lookup::Found(existing) = store.find_credential(&hash)? {
            let mut tags = existing.tags.clone();
            for t in &record.tags {
                if !tags.contains(t) {
                    tags.push(t.clone());
                }
            }
            let note = if existing.note.is_empty() { record.note.clone() } else { existing.note.clone() };
            if tags != existing.tags || note != existing.note {
                plan.annotate.push((hash.clone(), tags, note));
            }
            restored.already_there.push(id);
            continue;
        }
        let mut replacing = false;
        if let Some(cid) = &detected.credential_id {
            let key = (cid.clone(), detected.summary.issuer_id.clone());
            if !planned_ids.insert(key) {
                restored.already_there.push(id);
                continue;
            }
            if let Some(other) = store.credential_with_id(cid, detected.summary.issuer_id.as_deref())? {
                // Two copies of one credential: keep the one that verifies.
                let fetcher =
                    crate::store::cache::CachedFetcher { store, network: None, clock: &verify_options_clock as &dyn crate::clock::Clock };
                let vopts = crate::verify::VerifyOptions { clock: &verify_options_clock, fetcher: Some(&fetcher), trust: None };
                let ours = crate::verify::verify(bytes, &vopts).map(|r| r.verdict == crate::verify::Verdict::Valid).unwrap_or(false);
                let theirs = store
                    .credential_bytes(&other)?
                    .map(|b| crate::verify::verify(&b, &vopts).map(|r| r.verdict == crate::verify::Verdict::Valid).unwrap_or(false))
                    .unwrap_or(false);
                match (ours, theirs) {
                    (true, false) => {
                        replacing = true;
                        plan.remove_credentials.push(other.clone());
                        restored
                            .replaced
                            .push(Refusal { id: id.clone(), reason: format!("it verifies; the wallet's copy `{}` did not", &other[..12]) });
                    }
                    (false, true) => {
                        restored.refused.push(Refusal {
                            id,
                            reason: format!("it does not verify, and the wallet holds an authentic copy (`{}`)", &other[..12]),
                        });
                        continue;
                    }
                    _ => {
                        restored.already_there.push(id);
                        continue;
                    }
                }
            }
        }
        let report = match (&record.report, &record.verdict, &record.verified_at) {
            (Some(json), Some(verdict), Some(at)) => {
                Some(StoredReport { verdict: verdict.clone(), json: json.get().to_string(), verified_at: at.clone() })
            }
            _ => None,
        };
        plan.add_credentials.push(RestoredCredential {
            new: NewCredential {
                bytes,
                hash: hash.clone(),
                credential_id: detected.credential_id,
                media_type: detected.media_type.to_string(),
                format: detected.format.id(),
                container: detected.container.as_str().to_string(),
                summary: detected.summary,
                source_kind: record.source.kind.clone(),
                source: record.source.name.clone(),
                added_at: record.added_at.clone(),
                report,
                keywords: crate::wallet::keywords(bytes),
            },
            tags: record.tags.clone(),
            note: record.note.clone(),
        });
        if !replacing {
            restored.added.push(id);
        }
    }

    // Holder keys: checked against their DID, added beside the wallet's.
    let keys: Vec<HolderKeyFile> = contents.json(format::HOLDER_KEYS)?;
    let existing: HashSet<String> = store.profiles()?.into_iter().map(|p| p.did).collect();
    for k in keys {
        if existing.contains(&k.did) && !fresh {
            restored.holder_keys_already_there += 1;
            continue;
        }
        match holder_key(&k) {
            Ok(key) => plan.add_holder_keys.push(key),
            Err(reason) => restored.holder_keys_refused.push(Refusal { id: k.did.clone(), reason }),
        }
    }
    if fresh && !plan.add_holder_keys.is_empty() {
        // The key a new wallet made a moment ago has signed nothing: the
        // backup's keys take its place, the backup's default first.
        plan.remove_holder_keys = existing.into_iter().collect();
    }
    restored.holder_keys_added = plan.add_holder_keys.len();

    // The share log: entries the wallet does not have yet.
    let shares: Vec<crate::store::share_log::ShareEntry> = contents.json(format::SHARE_LOG)?;
    let have: Vec<crate::store::share_log::ShareEntry> = store.shares()?;
    plan.add_shares = shares.into_iter().filter(|s| !have.contains(s)).collect();
    restored.shares_added = plan.add_shares.len();

    // Settings: only the ones this Satchel knows, valid, and agreed to.
    let settings: BTreeMap<String, String> = contents.json(format::SETTINGS)?;
    for (key, value) in settings {
        let known = Setting::from_key(&key).and_then(|s| s.parse(&value).ok().map(|v| (s, v)));
        match known {
            Some((setting, value)) if options.settings => {
                plan.settings.push((setting.key().to_string(), value));
                restored.settings_applied.push(setting.key().to_string());
            }
            Some((setting, value)) => {
                if store.setting(setting)? != value {
                    restored.settings_left.push(setting.key().to_string());
                }
            }
            None => restored.settings_left.push(key),
        }
    }

    // The document cache, when the backup has one: a copy newer than the wallet's.
    if contents.files.contains_key(format::CACHE_INDEX) {
        let index: Vec<CacheFile> = contents.json(format::CACHE_INDEX)?;
        for c in index {
            let body = contents.take(&c.file).ok_or_else(|| Error::Damaged(format!("`{}` is listed in the cache but missing", c.file)))?;
            let newer = match store.cache_get(&c.url)? {
                Some(have) => have.fetched_at < c.fetched_at,
                None => true,
            };
            if newer && c.url.starts_with("https://") {
                plan.cache.push(crate::store::cache::CachedDocument {
                    url: c.url,
                    body,
                    media_type: c.media_type,
                    fetched_at: c.fetched_at,
                    expires_at: c.expires_at,
                    manual: c.manual,
                });
            }
        }
        restored.cached_documents_added = plan.cache.len();
    }

    wallet.store_mut().apply_restore(&plan)?;
    drop(plan);
    if options.verify {
        verify_again(wallet, &mut restored)?;
    }
    Ok(restored)
}

/// Checks a holder key against its DID: the private half must make the
/// public half, and the public half the DID.
fn holder_key(k: &HolderKeyFile) -> Result<HolderKey, String> {
    if k.algorithm != "Ed25519" || k.jwk.kty != "OKP" || k.jwk.crv != "Ed25519" {
        return Err(format!("`{}` keys are not known to this Satchel", k.algorithm));
    }
    let d = zeroize::Zeroizing::new(B64URL.decode(&k.jwk.d).map_err(|_| "its private key is not base64url".to_string())?);
    let seed: &[u8; 32] = d.as_slice().try_into().map_err(|_| "its private key is not 32 bytes".to_string())?;
    let signing = ed25519_dalek::SigningKey::from_bytes(seed);
    let public = signing.verifying_key();
    if B64URL.encode(public.as_bytes()) != k.jwk.x || crate::keys::did_key(&public) != k.did {
        return Err("its private key does not belong to its DID".into());
    }
    Ok(HolderKey {
        label: k.label.clone(),
        did: k.did.clone(),
        algorithm: k.algorithm.clone(),
        public_key: public.as_bytes().to_vec(),
        secret_key: zeroize::Zeroizing::new(seed.to_vec()),
        created_at: k.created_at.clone(),
    })
}

/// Verifies every added or replacing credential again with the wallet's
/// world (its clock, network, cache) and keeps the new reports.
fn verify_again(wallet: &mut UnlockedWallet, restored: &mut Restored) -> Result<()> {
    let ids: Vec<String> = restored.added.iter().chain(restored.replaced.iter().map(|r| &r.id)).cloned().collect();
    let before: BTreeMap<String, Option<String>> = ids.iter().map(|id| Ok((id.clone(), wallet.get(id)?.verdict))).collect::<Result<_>>()?;
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id.clone()) {
            continue;
        }
        let (_, report) = wallet.reverify(&id)?;
        let after = report.verdict.as_str().to_string();
        *restored.verdicts.entry(after.clone()).or_default() += 1;
        let was = before.get(&id).cloned().flatten();
        if was.as_deref() != Some(after.as_str()) {
            restored.changed.push(Changed { id, before: was, after });
        }
    }
    Ok(())
}
