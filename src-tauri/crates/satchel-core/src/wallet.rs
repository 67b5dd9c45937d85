//! A wallet: a folder holding the header and the encrypted database.
//!
//! [`Wallet`] names the folder and creates or unlocks it; [`UnlockedWallet`]
//! holds the open connection and the key, and is the API the app and the CLI
//! call. Dropping an [`UnlockedWallet`] locks it: the connection closes and the
//! key is zeroized.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::SecondsFormat;
use serde::Serialize;

use crate::clock::Clock;
use crate::credential::{self, MAX_INPUT_BYTES};
use crate::error::{Error, Result};
use crate::fetch::Fetcher;
use crate::store::credentials::{CredentialRecord, DuplicateOf, Inserted, Lookup, NewCredential, Page, StoredReport};
use crate::store::settings::Setting;
pub use crate::store::share_log::ShareMethod;
use crate::store::{Store, DATABASE_FILE};
use crate::vault::{self, DatabaseKey, Header, KdfCost, KeyStore, Passphrase, ProtectionKind, HEADER_FILE};
use crate::verify;

pub mod import;
pub use import::ImportInput;

/// A wallet folder, locked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wallet {
    dir: PathBuf,
}

/// How the user unlocks or protects a wallet.
#[derive(Debug)]
pub enum Secret<'a> {
    /// The key is in the OS keyring.
    Keyring,
    /// The key is wrapped with this passphrase.
    Passphrase(&'a Passphrase),
}

impl Secret<'_> {
    fn parts(&self) -> (ProtectionKind, Option<&Passphrase>) {
        match self {
            Secret::Keyring => (ProtectionKind::Keyring, None),
            Secret::Passphrase(p) => (ProtectionKind::Passphrase, Some(*p)),
        }
    }
}

/// What the world looks like to a wallet: the clock, the keyring, and the
/// network (`None`: offline).
#[derive(Debug, Clone)]
pub struct Env {
    pub clock: Arc<dyn Clock>,
    pub keys: Arc<dyn KeyStore>,
    pub kdf_cost: KdfCost,
    pub fetcher: Option<Arc<dyn Fetcher + Send + Sync>>,
}

impl Env {
    /// The real world: system clock, OS keyring, default Argon2 cost, https.
    pub fn system() -> Self {
        Self {
            clock: Arc::new(crate::clock::SystemClock),
            keys: Arc::new(vault::OsKeyring),
            kdf_cost: KdfCost::DEFAULT,
            fetcher: Some(Arc::new(crate::fetch::HttpsFetcher::new())),
        }
    }

    /// A throwaway wallet's world (tests, a demo): system clock, keys kept
    /// in memory instead of the keyring, the cheapest Argon2, no network.
    pub fn throwaway() -> Self {
        Self {
            clock: Arc::new(crate::clock::SystemClock),
            keys: Arc::new(vault::MemoryKeyStore::default()),
            kdf_cost: KdfCost::THROWAWAY,
            fetcher: None,
        }
    }
}

/// A wallet's state as `satchel status` and the app show it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Status {
    pub path: String,
    pub exists: bool,
    pub protection: Option<ProtectionKind>,
    pub unlocked: bool,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub credentials: Option<u64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub schema_version: Option<i64>,
}

impl Wallet {
    /// The wallet in `dir` (which need not exist yet).
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The platform's data folder for Satchel (`~/.local/share/satchel` on
    /// Linux, `~/Library/Application Support/org.satchel.Satchel` on macOS,
    /// `%APPDATA%\satchel\Satchel\data` on Windows).
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("org", "satchel", "Satchel").map(|d| d.data_dir().to_path_buf())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn header_path(&self) -> PathBuf {
        self.dir.join(HEADER_FILE)
    }

    pub fn database_path(&self) -> PathBuf {
        self.dir.join(DATABASE_FILE)
    }

    /// True when a wallet (its header or database) is in the folder.
    pub fn exists(&self) -> bool {
        self.header_path().exists() || self.database_path().exists()
    }

    /// Reads and checks the header.
    pub fn header(&self) -> Result<Header> {
        if !self.header_path().exists() {
            return Err(Error::WalletNotFound(self.dir.display().to_string()));
        }
        Ok(Header::read(&self.header_path())?)
    }

    /// Creates a new wallet protected as `secret` says. The database comes
    /// first, the header last: a wallet without a header was never finished.
    pub fn create(&self, secret: Secret<'_>, env: &Env) -> Result<UnlockedWallet> {
        if self.exists() {
            return Err(Error::WalletExists(self.dir.display().to_string()));
        }
        let (kind, passphrase) = secret.parts();
        if let Some(p) = passphrase {
            p.check_strength()?;
        }
        // A folder Satchel makes is made private; one that was already there
        // (the user's choice) is checked, never changed behind their back.
        if self.dir.is_dir() {
            crate::files::check_folder(&self.dir)?;
        } else {
            std::fs::create_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, e))?;
            crate::files::make_private_folder(&self.dir)?;
        }
        let key = DatabaseKey::random();
        let header = vault::protect_new(&key, kind, passphrase, env.kdf_cost, env.keys.as_ref(), env.clock.now())?;
        let mut store = match Store::create(&self.database_path(), &key) {
            Ok(s) => s,
            Err(e) => {
                self.undo_create(&header, env);
                return Err(e.into());
            }
        };
        // The learner's own key, for signing what they share.
        if let Err(e) = crate::keys::create_profile(&mut store, "Default", env.clock.now()) {
            drop(store);
            self.undo_create(&header, env);
            return Err(e);
        }
        if let Err(e) = header.write_atomic(&self.header_path()) {
            drop(store);
            self.undo_create(&header, env);
            return Err(e.into());
        }
        Ok(UnlockedWallet { wallet: self.clone(), store, key, env: env.clone() })
    }

    fn undo_create(&self, header: &Header, env: &Env) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(self.dir.join(format!("{DATABASE_FILE}{suffix}")));
        }
        // The key went into the keyring before the database was made: take it out again.
        if let Ok((service, account)) = header.keyring_entry(&self.header_path()) {
            if header.kind() == ProtectionKind::Keyring {
                let _ = env.keys.delete(service, account);
            }
        }
    }

    /// Unlocks the wallet. A passphrase is needed only for passphrase wallets,
    /// and refused for keyring ones (a secret that would not be checked).
    ///
    /// The folder is checked first (`unsafe_folder` when others can write it);
    /// wallet files an older Satchel left readable by others are narrowed to
    /// 0600. A re-key that a crash interrupted is finished or undone here.
    ///
    /// # Errors
    /// `wallet_not_found`, `unsafe_folder`, `header_corrupt`, `wrong_passphrase`,
    /// `passphrase_required`, `passphrase_not_used`, `keyring_*`,
    /// `database_missing`, `database_corrupt`. None of them changes a file.
    pub fn unlock(&self, passphrase: Option<&Passphrase>, env: &Env) -> Result<UnlockedWallet> {
        if self.dir.is_dir() {
            crate::files::check_folder(&self.dir)?;
        }
        let header = self.header()?;
        let keys = vault::unlock_keys(&header, &self.header_path(), passphrase, env.keys.as_ref())?;
        let interrupted_rekey = keys.previous.is_some();
        let (store, key) = match (Store::open(&self.database_path(), &keys.current), keys.previous) {
            (Ok(store), _) => (store, keys.current),
            // A re-key stopped before the database was re-encrypted: the previous key still opens it.
            (Err(crate::store::Error::Corrupt(_)), Some(previous)) => (Store::open(&self.database_path(), &previous)?, previous),
            (Err(e), _) => return Err(e.into()),
        };
        self.narrow_files()?;
        let mut unlocked = UnlockedWallet { wallet: self.clone(), store, key, env: env.clone() };
        unlocked.apply_network_policy(&crate::fetch::NetworkPolicy::public_only())?;
        if interrupted_rekey {
            // Leave one key behind: the one that opened the database.
            let kind = header.kind();
            let secret = match (kind, passphrase) {
                (ProtectionKind::Passphrase, Some(p)) => Secret::Passphrase(p),
                _ => Secret::Keyring,
            };
            unlocked.write_protection(&header, secret, None)?;
        }
        Ok(unlocked)
    }

    fn narrow_files(&self) -> Result<()> {
        for name in [HEADER_FILE.to_string(), DATABASE_FILE.to_string(), format!("{DATABASE_FILE}-wal"), format!("{DATABASE_FILE}-shm")] {
            crate::files::narrow_to_owner(&self.dir.join(name))?;
        }
        Ok(())
    }

    /// Status without unlocking.
    pub fn status(&self) -> Result<Status> {
        let exists = self.exists();
        let protection = if exists { Some(self.header()?.kind()) } else { None };
        Ok(Status { path: self.dir.display().to_string(), exists, protection, unlocked: false, credentials: None, schema_version: None })
    }
}

/// What a protection change does to the database key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum KeyChange {
    /// The same key, wrapped anew (quick). An old copy of the header (in a
    /// backup) still opens today's database with the old passphrase.
    Rewrap,
    /// A new random key and the whole database re-encrypted (`PRAGMA rekey`):
    /// no old header, keyring entry or passphrase opens it afterwards.
    Rekey,
}

/// Where an imported credential came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ImportSource {
    File(String),
    Url(String),
    Paste,
    Sample,
}

impl ImportSource {
    fn parts(&self) -> (&'static str, Option<String>) {
        match self {
            Self::File(n) => ("file", Some(n.clone())),
            Self::Url(u) => ("url", Some(u.clone())),
            Self::Paste => ("paste", None),
            Self::Sample => ("sample", None),
        }
    }
}

/// Words to find a credential by beyond its summary: skills, learning
/// outcomes and achievement titles, lower case.
pub(crate) fn keywords(bytes: &[u8]) -> String {
    credential::Credential::parse(bytes).map(|c| keywords_of(&c)).unwrap_or_default()
}

/// [`keywords`] of a credential already read.
pub(crate) fn keywords_of(credential: &credential::Credential) -> String {
    fn walk(a: &crate::learning::Achievement, out: &mut Vec<String>) {
        out.extend(a.title.clone());
        out.extend(a.skills.iter().cloned());
        out.extend(a.learning_outcomes.iter().cloned());
        a.parts.iter().for_each(|p| walk(p, out));
    }
    let mut words = Vec::new();
    if let Ok(view) = crate::learning::view_of(credential, &["en"]) {
        view.achievements.iter().for_each(|a| walk(a, &mut words));
    }
    words.join(" \u{1f} ").to_lowercase()
}

/// One credential as the detail screen shows it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Detail {
    pub record: CredentialRecord,
    pub report: Option<verify::Report>,
    pub view: crate::learning::LearningView,
    /// SD-JWT claims that can be kept back when sharing (empty: signed as a whole).
    pub hideable_claims: Vec<String>,
    /// The original file's size in bytes.
    pub size: usize,
}

/// One share from the log, as the learner reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LoggedShare {
    /// The titles of the credentials shared; `None` for one deleted since.
    pub titles: Vec<Option<String>>,
    pub method: ShareMethod,
    pub recipient: Option<String>,
    pub shared_at: String,
    pub expires_at: Option<String>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ImportOutcome {
    /// A new credential was stored.
    Added { credential: CredentialRecord },
    /// It was already in the wallet; nothing was stored.
    Duplicate { credential: CredentialRecord, of: DuplicateOf },
    /// Stored beside a credential with the same id and issuer whose
    /// signature did not check out (`invalid`, or `unverifiable`: a forger
    /// can make a copy uncheckable as easily as wrong): that one is likely a
    /// tampered or forged copy, kept for the learner to look at and delete.
    AddedBesideInvalid { credential: CredentialRecord, invalid: Box<CredentialRecord> },
}

impl ImportOutcome {
    pub fn credential(&self) -> &CredentialRecord {
        match self {
            Self::Added { credential } | Self::Duplicate { credential, .. } | Self::AddedBesideInvalid { credential, .. } => credential,
        }
    }
}

/// An open wallet. Dropping it locks it.
#[derive(Debug)]
pub struct UnlockedWallet {
    wallet: Wallet,
    store: Store,
    key: DatabaseKey,
    env: Env,
}

impl UnlockedWallet {
    pub fn wallet(&self) -> &Wallet {
        &self.wallet
    }

    /// The store, for the rooms of the core built on the wallet (backups);
    /// everything outside the core goes through the wallet's own methods.
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    pub(crate) fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// How many credentials the wallet holds.
    pub fn count(&self) -> Result<u64> {
        Ok(self.store.count_credentials()?)
    }

    /// The latest stored report of `id` exactly as stored (JSON), if it was verified.
    pub fn report_json(&self, id: &str) -> Result<Option<String>> {
        let record = self.get(id)?;
        Ok(self.store.credential_report(&record.hash)?)
    }

    /// The documents in the verification cache: address, when fetched,
    /// whether added by hand, size in bytes.
    pub fn cache_entries(&self) -> Result<Vec<(String, String, bool, usize)>> {
        Ok(self.store.cache_entries()?)
    }

    /// The cached copy of `url`, if the cache holds one.
    pub fn cached_document(&self, url: &str) -> Result<Option<crate::store::cache::CachedDocument>> {
        Ok(self.store.cache_get(url)?)
    }

    /// What checks fetch through: this wallet's cache first, then `network`.
    pub fn cached_fetcher<'a>(&'a self, network: Option<&'a dyn Fetcher>) -> crate::store::cache::CachedFetcher<'a> {
        crate::store::cache::CachedFetcher { store: &self.store, network, clock: self.env.clock.as_ref() }
    }

    /// The value of one setting (its default when never set).
    pub fn setting(&self, setting: Setting) -> Result<String> {
        Ok(self.store.setting(setting)?)
    }

    /// The signing key of the holder `did` this wallet keeps.
    ///
    /// # Errors
    /// `cannot_share` when the wallet holds no key for it.
    pub fn holder_signing_key(&self, did: &str) -> Result<ed25519_dalek::SigningKey> {
        crate::keys::signing_key(&self.store, did)
    }

    /// SQLite's quick check of the database (no rows: it is sound).
    pub fn quick_check(&self) -> Result<Vec<String>> {
        Ok(self.store.quick_check()?)
    }

    /// SQLite's full integrity check of every page and index (no rows: it is sound).
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        Ok(self.store.integrity_check()?)
    }

    /// Locks the wallet: closes the database and zeroizes the key.
    pub fn lock(self) {
        drop(self);
    }

    /// Status of this open wallet.
    pub fn status(&self) -> Result<Status> {
        let header = self.wallet.header()?;
        Ok(Status {
            path: self.wallet.dir.display().to_string(),
            exists: true,
            protection: Some(header.kind()),
            unlocked: true,
            credentials: Some(self.store.count_credentials()?),
            schema_version: Some(self.store.schema_version()?),
        })
    }

    /// Imports one credential from its bytes, in one transaction.
    ///
    /// # Errors
    /// `input_too_large`, `unsupported_format` (nothing stored), `storage`.
    pub fn import(&mut self, bytes: &[u8], source: ImportSource) -> Result<ImportOutcome> {
        self.import_parsed(bytes.to_vec(), source, true)
    }

    /// Imports without verifying (bulk restores, benchmarks): the credential is
    /// listed as "not verified yet" until [`Self::reverify`] runs.
    pub fn import_unverified(&mut self, bytes: &[u8], source: ImportSource) -> Result<ImportOutcome> {
        self.import_parsed(bytes.to_vec(), source, false)
    }

    /// Stores a credential read once (see [`import::ImportInput`] for where
    /// it came from): verification, the summary and the search words are
    /// all taken from this one value.
    fn store_credential(&mut self, credential: &credential::Credential, source: ImportSource, verify: bool) -> Result<ImportOutcome> {
        // A document typed as a credential that names neither what it is nor
        // who issued it is not kept as one (it would sit in the gallery as
        // an untitled hash: issue 15, bug 5). Every credential model has an
        // issuer. A sealed or signed one is kept whatever its summary can read
        // (a JAdES-sealed EDC names its issuer inside the seal's payload).
        let s = &credential.detected().summary;
        let unsecured = credential.detected().format.securing == credential::Securing::None;
        if unsecured && s.title.is_none() && s.issuer_name.is_none() && s.issuer_id.is_none() {
            return Err(credential::FormatError {
                seen: "a document that names neither what it is nor who issued it, so not a credential".into(),
            }
            .into());
        }
        let report = if verify { Some(self.verify_credential(credential)?.1) } else { None };
        let detected = credential.detected().clone();
        let (source_kind, source) = source.parts();
        let new = NewCredential {
            bytes: credential.bytes(),
            hash: credential.content_hash(),
            credential_id: detected.credential_id,
            media_type: detected.media_type.to_string(),
            format: detected.format.id(),
            container: detected.container.as_str().to_string(),
            summary: detected.summary,
            source_kind: source_kind.to_string(),
            source,
            added_at: self.env.clock.now().to_rfc3339_opts(SecondsFormat::Millis, true),
            report,
            keywords: keywords_of(credential),
        };
        Ok(match self.store.insert_credential(&new)? {
            Inserted::Added(credential) => ImportOutcome::Added { credential },
            Inserted::Duplicate { existing, of } => ImportOutcome::Duplicate { credential: existing, of },
            Inserted::AddedBeside { added, twin } => ImportOutcome::AddedBesideInvalid { credential: added, invalid: twin },
        })
    }

    /// Uses the real network with `base` and this wallet's `allowed_hosts`
    /// setting as its policy. Nothing changes when the wallet is offline, or
    /// when neither allows any host (the fetcher given is public-only, or a
    /// test's own).
    pub fn apply_network_policy(&mut self, base: &crate::fetch::NetworkPolicy) -> Result<()> {
        let policy = self.store.network_policy()?.allowed_hosts().iter().fold(base.clone(), |p, h| p.allow(h.clone()));
        if self.env.fetcher.is_some() && !policy.allowed_hosts().is_empty() {
            self.env.fetcher = Some(Arc::new(crate::fetch::HttpsFetcher::with_policy(policy)));
        }
        Ok(())
    }

    /// The fetcher this wallet uses for checks (`None`: offline).
    pub fn fetcher(&self) -> Option<&dyn Fetcher> {
        self.env.fetcher.as_deref().map(|f| f as &dyn Fetcher)
    }

    /// Verifies a credential already read and renders the report for storage.
    fn verify_credential(&self, credential: &credential::Credential) -> Result<(verify::Report, StoredReport)> {
        let fetcher = crate::store::cache::CachedFetcher {
            store: &self.store,
            network: self.env.fetcher.as_deref().map(|f| f as &dyn Fetcher),
            clock: self.env.clock.as_ref(),
        };
        let options = verify::VerifyOptions { clock: self.env.clock.as_ref(), fetcher: Some(&fetcher), trust: None };
        let report = verify::verify_credential(credential, &options)?;
        let stored = StoredReport {
            verdict: report.verdict.as_str().to_string(),
            json: serde_json::to_string(&report).expect("reports serialise"),
            verified_at: report.checked_at.clone(),
        };
        Ok((report, stored))
    }

    /// Verifies the stored credential `id` again and keeps the new report,
    /// and reads its summary and search words again from the same bytes, so
    /// a wallet made by an earlier Satchel lists it as this one reads it.
    pub fn reverify(&mut self, id: &str) -> Result<(CredentialRecord, verify::Report)> {
        let (record, bytes) = self.export(id)?;
        let credential = credential::Credential::parse(bytes)?;
        let (report, stored) = self.verify_credential(&credential)?;
        self.store.set_report(&record.hash, &stored.verdict, &stored.json, &stored.verified_at)?;
        self.store.set_summary(&record.hash, credential.summary(), &keywords_of(&credential))?;
        Ok((self.get(&record.id)?, report))
    }

    /// The latest stored report of `id`, if it was verified.
    pub fn report(&self, id: &str) -> Result<Option<verify::Report>> {
        let record = self.get(id)?;
        Ok(self.store.credential_report(&record.hash)?.and_then(|json| serde_json::from_str(&json).ok()))
    }

    /// Puts a document into the verification cache by hand: an issuer's DID
    /// or controller document, or a status list, saved from `url`, for
    /// checking with no network. Reports mark what was resolved from it.
    ///
    /// # Errors
    /// `network` for a URL that is not https, `unsupported_format` for a
    /// document that is not JSON, `input_too_large` over 1 MiB.
    pub fn cache_add(&mut self, url: &str, bytes: &[u8]) -> Result<()> {
        if !url.starts_with("https://") {
            return Err(crate::fetch::Error::NotHttps(url.to_string()).into());
        }
        if bytes.len() > crate::did::MAX_DOCUMENT_BYTES {
            return Err(Error::InputTooLarge { limit: crate::did::MAX_DOCUMENT_BYTES });
        }
        if serde_json::from_slice::<serde_json::Value>(bytes).is_err() {
            return Err(credential::FormatError { seen: "a document that is not JSON (DID documents and status lists are)".into() }.into());
        }
        self.store.cache_put(&crate::store::cache::CachedDocument {
            url: url.to_string(),
            body: bytes.to_vec(),
            media_type: Some("application/json".into()),
            fetched_at: self.env.clock.now().to_rfc3339_opts(SecondsFormat::Secs, true),
            expires_at: None,
            manual: true,
        })?;
        Ok(())
    }

    /// Fetches `url` (https) with `fetcher` instead of the wallet's own and
    /// imports what it returns (tests that serve a credential themselves);
    /// the app and the CLI use [`Self::import_from`].
    pub fn import_url(&mut self, url: &str, fetcher: &dyn Fetcher) -> Result<ImportOutcome> {
        let fetched = fetcher.get(url, MAX_INPUT_BYTES)?;
        self.import_parsed(fetched.body, ImportSource::Url(url.to_string()), true)
    }

    /// One page of credentials, newest first.
    pub fn list(&self, page: Page) -> Result<Vec<CredentialRecord>> {
        Ok(self.store.list_credentials(page)?)
    }

    /// The credential whose id starts with `id`.
    pub fn get(&self, id: &str) -> Result<CredentialRecord> {
        match self.store.find_credential(id)? {
            Lookup::Found(r) => Ok(*r),
            Lookup::NotFound => Err(Error::NotFound(id.to_string())),
            Lookup::Ambiguous => Err(Error::AmbiguousId(id.to_string())),
        }
    }

    /// The exact bytes received for the credential `id`.
    pub fn export(&self, id: &str) -> Result<(CredentialRecord, Vec<u8>)> {
        let record = self.get(id)?;
        let bytes = self.store.credential_bytes(&record.hash)?.ok_or_else(|| Error::NotFound(id.to_string()))?;
        Ok((record, bytes))
    }

    /// What LinkedIn's "Add to profile" and "Share as post" are given for
    /// the credential `id` (`link`: a public page the learner gives).
    ///
    /// # Errors
    /// `cannot_share` for a credential last checked `invalid`, `revoked` or
    /// `suspended`: Satchel does not help put on a profile what its issuer
    /// never signed or has withdrawn.
    pub fn linkedin(&self, id: &str, link: Option<&str>) -> Result<crate::linkedin::Certification> {
        let (record, bytes) = self.export(id)?;
        if let Some(verdict @ ("invalid" | "revoked" | "suspended")) = record.verdict.as_deref() {
            let why = match verdict {
                "invalid" => "its check failed, so its issuer may never have signed what it says",
                "revoked" => "its issuer has revoked it",
                _ => "its issuer has suspended it",
            };
            return Err(Error::CannotShare(format!(
                "`{}` cannot go on a LinkedIn profile: {why}",
                record.summary.title.as_deref().unwrap_or(&record.id)
            )));
        }
        crate::linkedin::certification(&bytes, link)
    }

    /// Deletes the credential `id`; returns what was deleted.
    pub fn delete(&mut self, id: &str) -> Result<CredentialRecord> {
        let record = self.get(id)?;
        self.store.delete_credential(&record.hash)?;
        Ok(record)
    }

    /// Every known setting with its current value.
    /// Adds the sample credentials (signed by a demo issuer made now, and
    /// labelled as samples) so a new wallet is not empty.
    pub fn add_samples(&mut self) -> Result<Vec<ImportOutcome>> {
        let samples = crate::samples::make(self.env.clock.now())?;
        samples.iter().map(|bytes| self.import(bytes, ImportSource::Sample)).collect()
    }

    /// The gallery's page: the credentials matching `query`.
    pub fn search(&self, query: &crate::store::credentials::Query) -> Result<crate::store::credentials::Found> {
        Ok(self.store.search_credentials(query)?)
    }

    /// What the gallery's filters offer.
    pub fn facets(&self) -> Result<crate::store::credentials::Facets> {
        Ok(self.store.credential_facets()?)
    }

    /// Everything the detail screen shows of one credential: its record, its
    /// latest report, and the learning it describes in `languages`.
    pub fn detail(&self, id: &str, languages: &[&str]) -> Result<Detail> {
        let (record, bytes) = self.export(id)?;
        let report = self.report(id)?;
        let view = crate::learning::view(&bytes, languages)?;
        let hideable = crate::share::hideable_claims(&bytes);
        Ok(Detail { record, report, view, hideable_claims: hideable, size: bytes.len() })
    }

    /// Sets a credential's tags and note.
    pub fn annotate(&mut self, id: &str, tags: &[String], note: &str) -> Result<CredentialRecord> {
        let record = self.get(id)?;
        let tags: Vec<String> = tags.iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect();
        self.store.set_tags_and_note(&record.hash, &tags, note)?;
        self.get(id)
    }

    /// The learner's profiles (signing keys); the first is the default.
    /// A wallet made before profiles existed gets its default one now.
    pub fn profiles(&mut self) -> Result<Vec<crate::store::holder_keys::Profile>> {
        let profiles = self.store.profiles()?;
        if !profiles.is_empty() {
            return Ok(profiles);
        }
        crate::keys::create_profile(&mut self.store, "Default", self.env.clock.now())?;
        Ok(self.store.profiles()?)
    }

    /// Builds and signs a package of the credentials `ids` (see
    /// [`crate::share::build`]) with profile `profile` (default: the first),
    /// and logs the share.
    pub fn share(
        &mut self,
        ids: &[String],
        disclose: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        audience: &crate::share::Audience,
        valid_for: chrono::Duration,
        profile: Option<&str>,
    ) -> Result<crate::share::Package> {
        let profiles = self.profiles()?;
        let holder = match profile {
            Some(did) => {
                profiles.iter().find(|p| p.did == did || p.label == did).ok_or_else(|| Error::CannotShare(format!("no profile `{did}`")))?
            }
            None => &profiles[0],
        };
        let records = ids.iter().map(|id| self.export(id)).collect::<Result<Vec<_>>>()?;
        let items = crate::share::items_from(records, disclose);
        let key = crate::keys::signing_key(&self.store, &holder.did)?;
        let package = crate::share::build(&items, audience, valid_for, &holder.did, &key, self.env.clock.now())?;
        drop(key);
        self.store.log_share(&crate::store::share_log::ShareEntry {
            credentials: items.iter().map(|i| i.record.hash.clone()).collect(),
            method: ShareMethod::Package,
            recipient: audience.recipient.clone().or_else(|| audience.domain.clone()),
            shared_at: package.created.clone(),
            expires_at: Some(package.expires.clone()),
        })?;
        Ok(package)
    }

    /// What sharing the credential `id` shows and what can be held back.
    pub fn share_preview(&self, id: &str) -> Result<crate::share::Preview> {
        let (record, bytes) = self.export(id)?;
        crate::share::preview(&record, &bytes)
    }

    /// Records a share made outside a package (a link, LinkedIn).
    pub fn record_share(&mut self, ids: &[&str], method: ShareMethod, recipient: Option<&str>) -> Result<()> {
        let hashes = ids.iter().map(|id| Ok(self.get(id)?.hash)).collect::<Result<Vec<_>>>()?;
        let now = self.env.clock.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.store.log_share(&crate::store::share_log::ShareEntry {
            credentials: hashes,
            method,
            recipient: recipient.map(str::to_string),
            shared_at: now,
            expires_at: None,
        })?;
        Ok(())
    }

    /// Every share, newest first, with the titles of what was shared
    /// (`None` for a credential deleted since).
    pub fn shares(&self) -> Result<Vec<LoggedShare>> {
        self.store
            .shares()?
            .into_iter()
            .map(|entry| {
                let titles = entry
                    .credentials
                    .iter()
                    .map(|hash| match self.store.find_credential(hash)? {
                        Lookup::Found(r) => Ok(Some(r.summary.title.clone().unwrap_or_else(|| r.id.clone()))),
                        _ => Ok(None),
                    })
                    .collect::<Result<Vec<_>>>()?;
                Ok(LoggedShare {
                    titles,
                    method: entry.method,
                    recipient: entry.recipient,
                    shared_at: entry.shared_at,
                    expires_at: entry.expires_at,
                })
            })
            .collect()
    }

    pub fn settings(&self) -> Result<Vec<(Setting, String)>> {
        Setting::ALL.iter().map(|&s| Ok((s, self.store.setting(s)?))).collect()
    }

    /// Sets a setting from a user-typed key and value.
    ///
    /// # Errors
    /// `invalid_setting` for an unknown key or a value out of range (nothing changed).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(Setting, String)> {
        let setting = Setting::from_key(key).ok_or_else(|| {
            let known: Vec<_> = Setting::ALL.iter().map(|s| s.key()).collect();
            Error::InvalidSetting(format!("unknown setting `{key}`; known: {}", known.join(", ")))
        })?;
        let value = setting.parse(value).map_err(Error::InvalidSetting)?;
        self.store.set_setting(setting, &value)?;
        if setting == Setting::AllowedHosts && self.env.fetcher.is_some() {
            // The new list applies at once (and an emptied one takes its hosts away).
            let policy = self.store.network_policy()?;
            self.env.fetcher = Some(Arc::new(crate::fetch::HttpsFetcher::with_policy(policy)));
        }
        Ok((setting, value))
    }

    /// Changes how the wallet is protected: a new passphrase, or a switch
    /// between keyring and passphrase, re-wrapping the key or re-keying the
    /// database (see [`KeyChange`]).
    ///
    /// `current` must be the wallet's present secret, checked here: its
    /// passphrase, or [`Secret::Keyring`] for a keyring wallet (whose entry
    /// must still hold this wallet's key). An open window alone cannot
    /// change the protection.
    ///
    /// All or nothing: if any step fails, the wallet opens as before (a
    /// keyring entry written for the switch is taken out again; a header
    /// written before a failed keyring deletion is put back).
    ///
    /// # Errors
    /// `wrong_passphrase`, `passphrase_required`, `passphrase_not_used` for the
    /// current secret; `weak_passphrase`; `keyring_*`; `io`; `storage`.
    pub fn change_protection(&mut self, current: Secret<'_>, new: Secret<'_>, change: KeyChange) -> Result<()> {
        let header = self.wallet.header()?;
        self.check_current(&header, &current)?;
        if let Secret::Passphrase(p) = &new {
            p.check_strength()?;
        }
        match change {
            KeyChange::Rewrap => self.write_protection(&header, new, None),
            KeyChange::Rekey => {
                let new_key = DatabaseKey::random();
                // 1. A header that opens both the database as it is and as it will be.
                let transitional = self.protect_to_header(&header, &new, &new_key, Some(&self.key))?;
                // 2. Re-encrypt. On failure the database still has the old key, which the header still opens.
                if let Err(e) = self.store.rekey(&new_key) {
                    self.restore(&header, &transitional);
                    return Err(e.into());
                }
                let old_key = std::mem::replace(&mut self.key, new_key);
                // 3. Leave only the new key behind (and no keyring entry a passphrase wallet no longer uses).
                self.write_protection(&header, new, Some(&old_key))
            }
        }
    }

    /// Checks that `current` is this wallet's present secret.
    fn check_current(&self, header: &Header, current: &Secret<'_>) -> Result<()> {
        let passphrase = match (header.kind(), current) {
            (ProtectionKind::Passphrase, Secret::Passphrase(p)) => Some(*p),
            (ProtectionKind::Passphrase, Secret::Keyring) => return Err(vault::Error::PassphraseRequired.into()),
            (ProtectionKind::Keyring, Secret::Passphrase(_)) => return Err(vault::Error::PassphraseNotUsed.into()),
            (ProtectionKind::Keyring, Secret::Keyring) => None,
        };
        let keys = vault::unlock_keys(header, &self.wallet.header_path(), passphrase, self.env.keys.as_ref())?;
        if keys.current.same_as(&self.key) || keys.previous.is_some_and(|k| k.same_as(&self.key)) {
            Ok(())
        } else if header.kind() == ProtectionKind::Passphrase {
            // It unwrapped a key, but not this wallet's: a header from elsewhere.
            Err(vault::Error::WrongPassphrase.into())
        } else {
            Err(vault::Error::KeyringEntryMissing(header.wallet_id.clone()).into())
        }
    }

    /// Protects `key` (and `previous`) as `new` says and writes the header,
    /// undoing the keyring write if the header cannot be written.
    fn protect_to_header(&self, old: &Header, new: &Secret<'_>, key: &DatabaseKey, previous: Option<&DatabaseKey>) -> Result<Header> {
        let (kind, passphrase) = new.parts();
        let path = self.wallet.header_path();
        let (service, account) = old.keyring_entry(&path)?;
        let keyring_before = if old.kind() == ProtectionKind::Keyring { self.env.keys.get(service, account)? } else { None };
        let protection = vault::protect(key, previous, kind, passphrase, self.env.kdf_cost, self.env.keys.as_ref(), &old.wallet_id)?;
        let mut header = old.clone();
        header.protection = protection;
        if let Err(e) = header.write_atomic(&path) {
            self.undo_keyring(kind, keyring_before.as_deref().map(|s| s.as_str()), service, account);
            return Err(e.into());
        }
        Ok(header)
    }

    /// After a failed step: the keyring entry back as it was (or gone).
    fn undo_keyring(&self, kind: ProtectionKind, before: Option<&str>, service: &str, account: &str) {
        if kind != ProtectionKind::Keyring {
            return;
        }
        let _ = match before {
            Some(secret) => self.env.keys.set(service, account, secret),
            None => self.env.keys.delete(service, account),
        };
    }

    /// Puts `old` back in place of `written` (header and keyring entry),
    /// after a re-key that did not happen.
    fn restore(&self, old: &Header, written: &Header) {
        let _ = old.write_atomic(&self.wallet.header_path());
        if written.kind() != ProtectionKind::Keyring {
            return;
        }
        if old.kind() == ProtectionKind::Keyring {
            let _ =
                vault::protect(&self.key, None, ProtectionKind::Keyring, None, self.env.kdf_cost, self.env.keys.as_ref(), &old.wallet_id);
        } else if let Ok((service, account)) = old.keyring_entry(&self.wallet.header_path()) {
            let _ = self.env.keys.delete(service, account);
        }
    }

    /// Writes a header protecting this wallet's key alone as `new` says, then
    /// removes the keyring entry of `old` if the wallet no longer uses it
    /// (only if it holds this key or `also`). If that removal fails, a
    /// keyring header is put back (the entry still holds the key, so the
    /// wallet opens as before) and the error says so.
    fn write_protection(&self, old: &Header, new: Secret<'_>, also: Option<&DatabaseKey>) -> Result<()> {
        let written = self.protect_to_header(old, &new, &self.key, None)?;
        if old.kind() == ProtectionKind::Keyring && written.kind() == ProtectionKind::Passphrase {
            let ours: Vec<&DatabaseKey> = std::iter::once(&self.key).chain(also).collect();
            if let Err(e) = vault::forget_keyring_entry(old, &self.wallet.header_path(), &ours, self.env.keys.as_ref()) {
                let _ = vault::protect(
                    &self.key,
                    None,
                    ProtectionKind::Keyring,
                    None,
                    self.env.kdf_cost,
                    self.env.keys.as_ref(),
                    &old.wallet_id,
                );
                let mut back = written;
                back.protection = vault::Protection::Keyring { service: vault::KEYRING_SERVICE.into(), account: old.wallet_id.clone() };
                let _ = back.write_atomic(&self.wallet.header_path());
                return Err(e.into());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;

    fn env() -> Env {
        Env {
            clock: Arc::new(FixedClock(chrono::DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z").unwrap().into())),
            ..Env::throwaway()
        }
    }

    const VC: &[u8] = br#"{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:1","type":["VerifiableCredential","OpenBadgeCredential"],"issuer":{"id":"did:example:u","name":"Uni"},"validFrom":"2026-01-01T00:00:00Z","credentialSubject":{"achievement":{"name":"Rust 101"}}}"#;

    /// Large pastes that are not credentials are refused quickly and
    /// nothing is stored (issue 15, bug 5): 5 MB of text, of XML that only
    /// mentions Europass, and of JSON typed as a credential that names
    /// nothing.
    #[test]
    fn large_non_credentials_are_refused_quickly_and_not_stored() {
        let dir = tempfile::tempdir().unwrap();
        let env = env();
        let mut u = Wallet::at(dir.path().join("w")).create(Secret::Keyring, &env).unwrap();
        let five_mb = 5 * 1024 * 1024;
        let text = "lorem ipsum dolor sit amet ".repeat(five_mb / 27);
        let cv =
            format!(r#"<?xml version="1.0"?><cv xmlns="http://europass.cedefop.europa.eu">{}</cv>"#, "<p>text</p>".repeat(five_mb / 11));
        let typed = format!(
            r#"{{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"credentialSubject":{{"pad":"{}"}}}}"#,
            "y".repeat(five_mb)
        );
        for (what, bytes) in
            [("plain text", text.as_bytes()), ("a Europass CV", cv.as_bytes()), ("an untitled, issuer-less VC", typed.as_bytes())]
        {
            let started = std::time::Instant::now();
            let err = u.import(bytes, ImportSource::Paste).expect_err(what);
            assert_eq!(err.code(), crate::ErrorCode::UnsupportedFormat, "{what}: said as not a credential, not stored as one: {err}");
            assert!(
                started.elapsed() < std::time::Duration::from_secs(5),
                "{what}: refused in {:?}, not after a whole parse",
                started.elapsed()
            );
        }
        assert_eq!(u.store().count_credentials().unwrap(), 0, "nothing was stored");
    }

    #[test]
    fn create_import_reopen_with_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let w = Wallet::at(dir.path().join("w"));
        let env = env();
        let pass = Passphrase::new("correct horse battery");
        let mut u = w.create(Secret::Passphrase(&pass), &env).unwrap();
        let out = u.import(VC, ImportSource::Paste).unwrap();
        let ImportOutcome::Added { credential } = out else { panic!("first import adds") };
        assert_eq!(credential.format, "ob3-vc2-none");
        assert_eq!(credential.summary.title.as_deref(), Some("Rust 101"));
        assert_eq!(credential.added_at, "2026-11-27T10:00:00.000Z", "time comes from the injected clock");
        assert!(matches!(u.import(VC, ImportSource::Paste).unwrap(), ImportOutcome::Duplicate { .. }));
        u.lock();
        let err = w.unlock(Some(&Passphrase::new("wrong horse battery")), &env).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::WrongPassphrase);
        let u = w.unlock(Some(&pass), &env).unwrap();
        let (_, bytes) = u.export(&credential.id).unwrap();
        assert_eq!(bytes, VC, "the exact bytes come back");
    }

    #[test]
    fn change_passphrase_and_switch_to_keyring() {
        let dir = tempfile::tempdir().unwrap();
        let w = Wallet::at(dir.path());
        let env = env();
        let old = Passphrase::new("first passphrase");
        let new = Passphrase::new("second passphrase");
        let mut u = w.create(Secret::Passphrase(&old), &env).unwrap();
        let db_before = std::fs::read(w.database_path()).unwrap();
        let err = u.change_protection(Secret::Passphrase(&new), Secret::Passphrase(&new), KeyChange::Rewrap).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::WrongPassphrase, "the current passphrase is checked, not taken on trust");
        let err = u.change_protection(Secret::Keyring, Secret::Passphrase(&new), KeyChange::Rewrap).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::PassphraseRequired, "a passphrase wallet needs its passphrase to change");
        u.change_protection(Secret::Passphrase(&old), Secret::Passphrase(&new), KeyChange::Rewrap).unwrap();
        assert_eq!(std::fs::read(w.database_path()).unwrap(), db_before, "re-wrapping does not re-encrypt the database");
        drop(u);
        assert_eq!(w.unlock(Some(&old), &env).unwrap_err().code(), crate::ErrorCode::WrongPassphrase);
        let mut u = w.unlock(Some(&new), &env).unwrap();
        u.change_protection(Secret::Passphrase(&new), Secret::Keyring, KeyChange::Rewrap).unwrap();
        drop(u);
        assert!(w.unlock(None, &env).is_ok(), "the keyring now holds the key");
        assert_eq!(
            w.unlock(Some(&new), &env).unwrap_err().code(),
            crate::ErrorCode::PassphraseNotUsed,
            "a keyring wallet refuses a passphrase rather than ignore it"
        );
    }

    #[test]
    fn rekey_leaves_old_headers_useless() {
        let dir = tempfile::tempdir().unwrap();
        let w = Wallet::at(dir.path());
        let env = env();
        let old = Passphrase::new("first passphrase");
        let new = Passphrase::new("second passphrase");
        let mut u = w.create(Secret::Passphrase(&old), &env).unwrap();
        u.import(VC, ImportSource::Paste).unwrap();
        let old_header = std::fs::read(w.header_path()).unwrap();
        u.change_protection(Secret::Passphrase(&old), Secret::Passphrase(&new), KeyChange::Rekey).unwrap();
        assert_eq!(u.store().count_credentials().unwrap(), 1, "the open wallet goes on working after a re-key");
        drop(u);
        let new_header = std::fs::read(w.header_path()).unwrap();
        assert!(!String::from_utf8_lossy(&new_header).contains("previous"), "no previous key is left in the header");
        std::fs::write(w.header_path(), &old_header).unwrap();
        let err = w.unlock(Some(&old), &env).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::DatabaseCorrupt, "an old header's key no longer decrypts the database: {err}");
        std::fs::write(w.header_path(), &new_header).unwrap();
        let u = w.unlock(Some(&new), &env).unwrap();
        assert_eq!(u.store().count_credentials().unwrap(), 1, "the data came through");
    }

    #[test]
    fn an_interrupted_rekey_still_opens() {
        let dir = tempfile::tempdir().unwrap();
        let w = Wallet::at(dir.path());
        let env = env();
        let pass = Passphrase::new("first passphrase");
        let mut u = w.create(Secret::Passphrase(&pass), &env).unwrap();
        u.import(VC, ImportSource::Paste).unwrap();
        // As if the process died after step 1: the header holds a new key and the old one; the database has the old.
        let header = w.header().unwrap();
        let transitional = u.protect_to_header(&header, &Secret::Passphrase(&pass), &DatabaseKey::random(), Some(&u.key)).unwrap();
        assert!(matches!(&transitional.protection, vault::Protection::Passphrase { previous: Some(_), .. }));
        drop(u);
        let u = w.unlock(Some(&pass), &env).expect("the previous key opens a database the re-key never reached");
        assert_eq!(u.store().count_credentials().unwrap(), 1);
        drop(u);
        assert!(
            matches!(w.header().unwrap().protection, vault::Protection::Passphrase { previous: None, .. }),
            "unlocking leaves only the key that opened the database"
        );
        assert!(w.unlock(Some(&pass), &env).is_ok());
    }

    #[test]
    fn keyring_rekey_and_switch_back_leave_no_entry_behind() {
        let dir = tempfile::tempdir().unwrap();
        let w = Wallet::at(dir.path());
        let env = env();
        let pass = Passphrase::new("a good passphrase");
        let mut u = w.create(Secret::Keyring, &env).unwrap();
        let id = w.header().unwrap().wallet_id;
        u.change_protection(Secret::Keyring, Secret::Keyring, KeyChange::Rekey).unwrap();
        let entry = env.keys.get(vault::KEYRING_SERVICE, &id).unwrap().unwrap();
        assert_eq!(entry.len(), 64, "after the re-key the entry holds one key, the new one");
        drop(u);
        let mut u = w.unlock(None, &env).unwrap();
        u.change_protection(Secret::Keyring, Secret::Passphrase(&pass), KeyChange::Rekey).unwrap();
        assert!(env.keys.get(vault::KEYRING_SERVICE, &id).unwrap().is_none(), "a passphrase wallet leaves no key in the keyring");
        drop(u);
        assert!(w.unlock(Some(&pass), &env).is_ok());
    }

    #[test]
    fn the_keyring_entry_is_the_wallet_ids_whatever_the_header_says() {
        let dir = tempfile::tempdir().unwrap();
        let w = Wallet::at(dir.path());
        let env = env();
        drop(w.create(Secret::Keyring, &env).unwrap());
        env.keys.set("another-program", "its-account", "its secret").unwrap();
        let mut header = w.header().unwrap();
        header.protection = vault::Protection::Keyring { service: "another-program".into(), account: "its-account".into() };
        header.write_atomic(&w.header_path()).unwrap();
        let err = w.unlock(None, &env).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::HeaderCorrupt, "a header naming another entry is refused: {err}");
        assert_eq!(env.keys.get("another-program", "its-account").unwrap().as_deref().map(|s| s.as_str()), Some("its secret"));
    }

    /// A key store whose deletions fail (a keyring that went away half-way).
    #[derive(Debug, Default)]
    struct NoDelete(vault::MemoryKeyStore);
    impl KeyStore for NoDelete {
        fn get(&self, s: &str, a: &str) -> std::result::Result<Option<zeroize::Zeroizing<String>>, vault::Error> {
            self.0.get(s, a)
        }
        fn set(&self, s: &str, a: &str, v: &str) -> std::result::Result<(), vault::Error> {
            self.0.set(s, a, v)
        }
        fn delete(&self, _: &str, _: &str) -> std::result::Result<(), vault::Error> {
            Err(vault::Error::KeyringUnavailable("refused by the test".into()))
        }
    }

    #[test]
    fn switches_are_all_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let env = Env { keys: Arc::new(NoDelete::default()), ..env() };
        let pass = Passphrase::new("a good passphrase");
        // Keyring to passphrase, when the old entry cannot be deleted: nothing changes.
        let w = Wallet::at(dir.path().join("k"));
        let mut u = w.create(Secret::Keyring, &env).unwrap();
        let err = u.change_protection(Secret::Keyring, Secret::Passphrase(&pass), KeyChange::Rewrap).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::KeyringUnavailable);
        drop(u);
        assert_eq!(w.header().unwrap().kind(), ProtectionKind::Keyring, "the switch did not happen");
        assert!(w.unlock(None, &env).is_ok(), "the wallet opens as before");
        // Passphrase to keyring, when the header cannot be written: no key copy stays in the keyring.
        let env = super::tests::env();
        let w = Wallet::at(dir.path().join("p"));
        let u = w.create(Secret::Passphrase(&pass), &env).unwrap();
        let id = w.header().unwrap().wallet_id;
        let header = w.header().unwrap();
        // A header that cannot be replaced (a folder in its place; root too is refused a rename onto one).
        std::fs::remove_file(w.header_path()).unwrap();
        std::fs::create_dir(w.header_path()).unwrap();
        std::fs::write(w.header_path().join("x"), b"x").unwrap();
        let err = u.protect_to_header(&header, &Secret::Keyring, &u.key, None).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Io, "the header could not be written");
        assert!(
            env.keys.get(vault::KEYRING_SERVICE, &id).unwrap().is_none(),
            "the keyring entry written for the switch was taken out again"
        );
    }

    #[test]
    #[cfg(unix)]
    fn a_folder_others_can_write_is_refused_not_changed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
        let err = Wallet::at(&shared).create(Secret::Keyring, &env()).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::UnsafeFolder, "{err}");
        assert_eq!(std::fs::metadata(&shared).unwrap().permissions().mode() & 0o7777, 0o1777, "never silently chmod-ed");
        assert!(std::fs::read_dir(&shared).unwrap().next().is_none(), "nothing was written into it");

        let env = env();
        let w = Wallet::at(dir.path().join("w"));
        drop(w.create(Secret::Keyring, &env).unwrap());
        assert_eq!(std::fs::metadata(w.dir()).unwrap().permissions().mode() & 0o777, 0o700, "a folder Satchel makes is private");
        for f in [w.header_path(), w.database_path()] {
            assert_eq!(std::fs::metadata(&f).unwrap().permissions().mode() & 0o777, 0o600, "{} is the owner's only", f.display());
        }
        std::fs::set_permissions(w.dir(), std::fs::Permissions::from_mode(0o777)).unwrap();
        assert_eq!(w.unlock(None, &env).unwrap_err().code(), crate::ErrorCode::UnsafeFolder, "unlock checks the folder too");
        std::fs::set_permissions(w.dir(), std::fs::Permissions::from_mode(0o700)).unwrap();
        std::fs::set_permissions(w.database_path(), std::fs::Permissions::from_mode(0o644)).unwrap();
        drop(w.unlock(None, &env).unwrap());
        assert_eq!(std::fs::metadata(w.database_path()).unwrap().permissions().mode() & 0o777, 0o600, "an old 0644 file is narrowed");
    }

    #[test]
    fn import_verifies_and_reverify_updates_the_report() {
        let dir = tempfile::tempdir().unwrap();
        let mut u = Wallet::at(dir.path()).create(Secret::Keyring, &env()).unwrap();
        let ImportOutcome::Added { credential } = u.import(VC, ImportSource::Paste).unwrap() else { panic!() };
        assert_eq!(credential.verdict.as_deref(), Some("invalid"), "OB 3.0 terms without the OB context are undefined");
        let stored = u.report(&credential.id).unwrap().expect("the import's report is kept");
        let format = stored.check(verify::Check::Format).unwrap();
        assert_eq!(format.outcome, verify::Outcome::Failed);
        assert!(format.detail.as_deref().unwrap().contains("OpenBadgeCredential"), "the report names the undefined terms: {format:?}");
        let (record, report) = u.reverify(&credential.id).unwrap();
        assert_eq!(record.verified_at.as_deref(), Some(report.checked_at.as_str()));
        let ImportOutcome::Added { credential: quiet } = u.import_unverified(b"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"type\":[\"VerifiableCredential\"],\"issuer\":\"did:example:x\",\"credentialSubject\":{}}", ImportSource::Paste).unwrap() else { panic!() };
        assert_eq!(quiet.verdict, None, "not verified yet");
        assert!(u.report(&quiet.id).unwrap().is_none());
    }

    /// A row written by an earlier Satchel (another title rule, no search
    /// words) is read again from its bytes by "Check again".
    #[test]
    fn reverify_reads_the_summary_again_from_the_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let mut u = Wallet::at(dir.path()).create(Secret::Keyring, &env()).unwrap();
        let ImportOutcome::Added { credential } = u.import(VC, ImportSource::Paste).unwrap() else { panic!() };
        let title = credential.summary.title.clone();
        assert!(title.is_some(), "{credential:?}");
        let old = crate::credential::Summary { title: Some("An older reading".into()), ..credential.summary.clone() };
        assert!(u.store.set_summary(&credential.hash, &old, "").unwrap());
        assert_eq!(u.get(&credential.id).unwrap().summary.title.as_deref(), Some("An older reading"));
        let (record, _) = u.reverify(&credential.id).unwrap();
        assert_eq!(record.summary.title, title, "the title as this Satchel reads it");
        let search =
            |text: &str| u.search(&crate::store::credentials::Query { text: Some(text.into()), ..Default::default() }).unwrap().total;
        assert_eq!(search(title.as_deref().unwrap()), 1, "found by the title it now has");
        assert_eq!(search("older reading"), 0, "not by the one it had");
    }

    #[test]
    fn unsupported_input_stores_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut u = Wallet::at(dir.path()).create(Secret::Keyring, &env()).unwrap();
        let err = u.import(b"%PDF-1.4", ImportSource::File("cv.pdf".into())).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::UnsupportedFormat);
        assert_eq!(u.store().count_credentials().unwrap(), 0);
    }

    #[test]
    fn create_refuses_existing_wallet() {
        let dir = tempfile::tempdir().unwrap();
        let w = Wallet::at(dir.path());
        drop(w.create(Secret::Keyring, &env()).unwrap());
        assert_eq!(w.create(Secret::Keyring, &env()).unwrap_err().code(), crate::ErrorCode::WalletExists);
    }
}
