//! Automatic backups: a folder (for instance one a sync client mirrors), a
//! backup there after the wallet changed and at most once a day, the last N
//! kept.
//!
//! The configuration lives in the wallet's settings table under `backup.`
//! keys, which belong to this computer and never go into a backup. With a
//! recovery code only its public half is kept; with a passphrase, the
//! passphrase is kept inside the encrypted database, as the holder keys are.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{create, BackupKey, CreateOptions, Error, Made, Result};
use crate::UnlockedWallet;

const FOLDER: &str = "backup.folder";
const KEEP: &str = "backup.keep";
const RECIPIENT: &str = "backup.recipient";
const PASSPHRASE: &str = "backup.passphrase";
const LAST_AT: &str = "backup.last_at";
const LAST_FILE: &str = "backup.last_file";
const LAST_DIGEST: &str = "backup.last_digest";

/// How many automatic backups are kept unless the learner says otherwise.
pub const DEFAULT_KEEP: usize = 7;
/// At most one automatic backup in this many hours.
pub const MIN_HOURS_BETWEEN: i64 = 24;
/// Automatic backups are named `satchel-backup-<UTC time>.age`.
const FILE_PREFIX: &str = "satchel-backup-";
const FILE_SUFFIX: &str = ".age";

/// What automatic backups are encrypted to.
#[derive(Debug)]
pub enum AutoKey {
    /// The public half of a recovery code (`age1…`).
    Recipient(String),
    Passphrase(crate::vault::Passphrase),
}

/// Automatic backups as Settings shows them, and when the last backup of any
/// kind was made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AutoStatus {
    /// The folder, when automatic backups are on.
    pub folder: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub keep: usize,
    /// `passphrase` or `recovery_code`, when on.
    pub encryption: Option<String>,
    /// When the last backup (automatic or not) was made.
    pub last_at: Option<String>,
    pub last_file: Option<String>,
}

/// Turns automatic backups on (or changes them): `folder` is made if needed.
pub fn configure(wallet: &mut UnlockedWallet, folder: &Path, keep: usize, key: AutoKey) -> Result<AutoStatus> {
    if keep == 0 {
        return Err(Error::Refused("keep at least one automatic backup".into()).into());
    }
    std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
    let folder = std::fs::canonicalize(folder).map_err(|e| Error::io(folder, e))?;
    let store = wallet.store();
    match &key {
        AutoKey::Recipient(r) => {
            super::recipient_of(&BackupKey::Recipient(r.clone()))?;
            store.set_raw_setting(RECIPIENT, Some(r.trim()))?;
            store.set_raw_setting(PASSPHRASE, None)?;
        }
        AutoKey::Passphrase(p) => {
            p.check_strength()?;
            store.set_raw_setting(PASSPHRASE, Some(p.as_str()))?;
            store.set_raw_setting(RECIPIENT, None)?;
        }
    }
    store.set_raw_setting(FOLDER, Some(&folder.to_string_lossy()))?;
    store.set_raw_setting(KEEP, Some(&keep.to_string()))?;
    status(wallet)
}

/// Turns automatic backups off; the backups already made stay where they are.
pub fn disable(wallet: &mut UnlockedWallet) -> Result<AutoStatus> {
    let store = wallet.store();
    for key in [FOLDER, KEEP, RECIPIENT, PASSPHRASE] {
        store.set_raw_setting(key, None)?;
    }
    status(wallet)
}

/// The automatic backup settings and the last backup.
pub fn status(wallet: &UnlockedWallet) -> Result<AutoStatus> {
    let store = wallet.store();
    let folder = store.raw_setting(FOLDER)?;
    let encryption = if folder.is_none() {
        None
    } else if store.raw_setting(RECIPIENT)?.is_some() {
        Some("recovery_code".to_string())
    } else {
        Some("passphrase".to_string())
    };
    Ok(AutoStatus {
        folder,
        keep: store.raw_setting(KEEP)?.and_then(|k| k.parse().ok()).unwrap_or(DEFAULT_KEEP),
        encryption,
        last_at: store.raw_setting(LAST_AT)?,
        last_file: store.raw_setting(LAST_FILE)?,
    })
}

/// Remembers a backup just made (by [`super::create`]).
pub(super) fn record_made(wallet: &UnlockedWallet, made: &Made, digest: &str) -> Result<()> {
    let store = wallet.store();
    store.set_raw_setting(LAST_AT, Some(&made.created))?;
    store.set_raw_setting(LAST_FILE, Some(&made.path))?;
    store.set_raw_setting(LAST_DIGEST, Some(digest))?;
    Ok(())
}

fn configured(wallet: &UnlockedWallet) -> Result<Option<(PathBuf, usize, BackupKey)>> {
    let store = wallet.store();
    let Some(folder) = store.raw_setting(FOLDER)? else { return Ok(None) };
    let keep = store.raw_setting(KEEP)?.and_then(|k| k.parse().ok()).unwrap_or(DEFAULT_KEEP);
    let key = match (store.raw_setting(RECIPIENT)?, store.raw_setting(PASSPHRASE)?) {
        (Some(r), _) => BackupKey::Recipient(r),
        (None, Some(p)) => BackupKey::Passphrase(crate::vault::Passphrase::new(zeroize::Zeroizing::new(p).as_str())),
        (None, None) => return Ok(None),
    };
    Ok(Some((PathBuf::from(folder), keep, key)))
}

/// Makes an automatic backup when one is due: automatic backups are on, the
/// wallet changed since the last backup, and that one is at least a day old.
/// Returns what was made, if anything.
pub fn run_if_due(wallet: &mut UnlockedWallet, now: DateTime<Utc>) -> Result<Option<Made>> {
    if configured(wallet)?.is_none() {
        return Ok(None);
    }
    let store = wallet.store();
    if let Some(last) = store.raw_setting(LAST_AT)? {
        let recent =
            DateTime::parse_from_rfc3339(&last).is_ok_and(|t| now.signed_duration_since(t) < chrono::Duration::hours(MIN_HOURS_BETWEEN));
        if recent {
            return Ok(None);
        }
    }
    // Planning reads no credential bytes: cheap enough to decide with.
    let plan = super::plan(wallet, now, &CreateOptions::default())?;
    if store.raw_setting(LAST_DIGEST)?.as_deref() == Some(super::digest(&plan.manifest).as_str()) {
        return Ok(None);
    }
    run_now(wallet, now).map(Some)
}

/// Makes a backup into the automatic folder now ("Back up now"), then keeps
/// only the newest N there.
///
/// # Errors
/// `invalid_setting` when automatic backups are off.
pub fn run_now(wallet: &mut UnlockedWallet, now: DateTime<Utc>) -> Result<Made> {
    let (folder, keep, key) =
        configured(wallet)?.ok_or_else(|| Error::Refused("automatic backups are off: choose a folder first".into()))?;
    let name = format!("{FILE_PREFIX}{}{FILE_SUFFIX}", now.format("%Y%m%dT%H%M%S%.3fZ"));
    let made = create(wallet, &key, now, &folder.join(name), &CreateOptions::default())?;
    rotate(&folder, keep)?;
    Ok(made)
}

/// Deletes all but the newest `keep` automatic backups in `folder` (their
/// names sort by time). Other files are never touched.
fn rotate(folder: &Path, keep: usize) -> Result<()> {
    let mut ours: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(|e| Error::io(folder, e))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(FILE_PREFIX) && n.ends_with(FILE_SUFFIX)))
        .collect();
    ours.sort();
    let excess = ours.len().saturating_sub(keep);
    for old in &ours[..excess] {
        std::fs::remove_file(old).map_err(|e| Error::io(old, e))?;
    }
    Ok(())
}
