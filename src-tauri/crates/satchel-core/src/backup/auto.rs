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
const REMINDER_SNOOZED: &str = "backup.reminder_snoozed_at";

/// How many automatic backups are kept unless the learner says otherwise.
pub const DEFAULT_KEEP: usize = 7;
/// At most one automatic backup in this many hours.
pub const MIN_HOURS_BETWEEN: i64 = 24;
/// A wallet that holds credentials reminds the learner to back up when its
/// last backup (or, if there was none, its first credential) is older than
/// this, and the learner has not put the reminder off for as long.
pub const REMIND_AFTER_DAYS: i64 = 14;
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

/// Why the learner is reminded to back up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reminder {
    /// When the last backup was made; `None`: never.
    pub last_at: Option<String>,
    /// Whole days since the last backup (or, when there was none, since the first credential was added).
    pub days: u32,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub credentials: u64,
}

fn days_since(then: Option<&str>, now: DateTime<Utc>) -> Option<i64> {
    then.and_then(|t| DateTime::parse_from_rfc3339(t).ok()).map(|t| now.signed_duration_since(t).num_days())
}

/// Whether to remind the learner to back up now: the wallet holds at least
/// one credential, there has been no backup for more than
/// [`REMIND_AFTER_DAYS`] (counted from the first credential when there was
/// never one), and the reminder was not put off in that time.
pub fn reminder(wallet: &UnlockedWallet, now: DateTime<Utc>) -> Result<Option<Reminder>> {
    let store = wallet.store();
    let (credentials, first_added) = store.credentials_since()?;
    if credentials == 0 {
        return Ok(None);
    }
    let last_at = store.raw_setting(LAST_AT)?;
    let Some(days) = days_since(last_at.as_deref().or(first_added.as_deref()), now) else { return Ok(None) };
    let snoozed = days_since(store.raw_setting(REMINDER_SNOOZED)?.as_deref(), now).is_some_and(|d| d < REMIND_AFTER_DAYS);
    if days <= REMIND_AFTER_DAYS || snoozed {
        return Ok(None);
    }
    Ok(Some(Reminder { last_at, days: u32::try_from(days).unwrap_or(u32::MAX), credentials }))
}

/// Puts the reminder off for [`REMIND_AFTER_DAYS`] from `now`.
pub fn snooze_reminder(wallet: &UnlockedWallet, now: DateTime<Utc>) -> Result<()> {
    wallet.store().set_raw_setting(REMINDER_SNOOZED, Some(&now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::wallet::{Env, ImportSource, Secret};
    use crate::Wallet;

    const VC: &[u8] = br#"{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:1","type":["VerifiableCredential","OpenBadgeCredential"],"issuer":{"id":"did:example:u","name":"Uni"},"validFrom":"2026-01-01T00:00:00Z","credentialSubject":{"achievement":{"name":"Rust 101"}}}"#;

    #[test]
    fn the_reminder_comes_after_fourteen_days_without_a_backup_and_can_be_put_off() {
        let added = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let env = Env { clock: Arc::new(crate::clock::FixedClock(added)), ..Env::throwaway() };
        let mut w = Wallet::at(dir.path().join("w")).create(Secret::Keyring, &env).unwrap();
        let day = |n: i64| added + Duration::days(n) + Duration::hours(1);
        assert_eq!(reminder(&w, day(100)).unwrap(), None, "an empty wallet has nothing to lose");
        w.import(VC, ImportSource::Paste).unwrap();
        assert_eq!(reminder(&w, day(14)).unwrap(), None, "14 days after the first credential is not yet a long while");
        let due = reminder(&w, day(15)).unwrap().expect("15 days with a credential and never a backup");
        assert_eq!((due.last_at, due.days, due.credentials), (None, 15, 1), "never backed up: counted from the first credential");
        w.store().set_raw_setting(LAST_AT, Some("2026-03-20T09:00:00Z")).unwrap();
        assert_eq!(reminder(&w, day(30)).unwrap(), None, "a backup 11 days ago is recent");
        let due = reminder(&w, day(40)).unwrap().expect("the last backup is 21 days old");
        assert_eq!((due.last_at.as_deref(), due.days), (Some("2026-03-20T09:00:00Z"), 21));
        snooze_reminder(&w, day(40)).unwrap();
        assert_eq!(reminder(&w, day(53)).unwrap(), None, "put off for 14 days");
        assert!(reminder(&w, day(55)).unwrap().is_some(), "and back once they have passed");
    }
}
