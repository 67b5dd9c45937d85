//! Backups from the app: "Back up now" to a file the learner names in Rust's
//! save dialog (or into the automatic folder), the automatic folder chosen in
//! Rust's folder dialog, the reminder when there has been no backup for a
//! long while, and restoring (a new wallet on first run, or merging into the
//! open one) from a file chosen in Rust's open dialog (`files_choose` with
//! `purpose: "backup"`). The window never names a path.
//!
//! Each command is a thin adapter over `satchel_core::backup`, the API the
//! CLI's `satchel backup` uses too. A backup always has its own secret, a
//! passphrase or a recovery code shown once: a keyring-protected wallet
//! still needs one, since the keyring does not travel to a new computer.

use satchel_core::backup::auto::{self, AutoKey, AutoStatus, Reminder};
use satchel_core::backup::{self, BackupKey, BackupSecret, CreateOptions, Made, RecoveryCode, RestoreOptions, Restored};
use satchel_core::vault::Passphrase;
use satchel_core::wallet::{Secret, Status};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};

use crate::dialogs::Filter;
use crate::error::IpcError;
use crate::state::AppState;

/// Backups are age files.
pub const BACKUP_FILES: Filter = Filter { name: "Satchel backups", extensions: &["age"] };

/// What Settings and the gallery show about backups.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BackupOverview {
    /// The automatic folder, and when the last backup (of any kind) was made.
    pub auto: AutoStatus,
    /// Set when there has been no backup for a long while (see `auto::reminder`).
    pub reminder: Option<Reminder>,
    /// After how many days without a backup the reminder comes.
    pub remind_after_days: u32,
}

/// The backup's status: the automatic folder, the last backup, the reminder.
#[tauri::command(async)]
pub fn backup_status(state: State<'_, AppState>) -> Result<BackupOverview, IpcError> {
    let now = state.env.clock.now();
    state.with_unlocked(|w| {
        Ok(BackupOverview { auto: auto::status(w)?, reminder: auto::reminder(w, now)?, remind_after_days: auto::REMIND_AFTER_DAYS as u32 })
    })
}

/// What a new backup is encrypted to.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MadeInput {
    /// The backup's own passphrase; `None`: a new recovery code, shown once.
    pub passphrase: Option<String>,
}

/// A backup made, and the recovery code that opens it when one was made for it.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BackupMade {
    pub made: Made,
    /// Shown once to be copied or printed; Satchel keeps only its public half.
    pub recovery_code: Option<String>,
}

/// A passphrase checked before any dialog opens, or a new recovery code.
fn key_of(passphrase: Option<String>) -> Result<(Option<Passphrase>, Option<RecoveryCode>), IpcError> {
    match passphrase.map(Passphrase::new) {
        Some(p) => {
            p.check_strength().map_err(satchel_core::Error::from)?;
            Ok((Some(p), None))
        }
        None => Ok((None, Some(RecoveryCode::generate()))),
    }
}

/// "Back up now" to a file: asks where in Rust's save dialog, then writes the
/// whole wallet there, encrypted to the passphrase or to a new recovery code.
/// `None` when the learner cancelled the dialog (nothing was written).
///
/// # Errors
/// `locked`, `weak_passphrase` (before any dialog), `io`.
#[tauri::command(async)]
pub fn backup_create<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, input: MadeInput) -> Result<Option<BackupMade>, IpcError> {
    state.with_unlocked(|_| Ok(()))?;
    let (passphrase, code) = key_of(input.passphrase)?;
    let now = state.env.clock.now();
    let suggested = format!("satchel-backup-{}.age", now.format("%Y-%m-%d"));
    // No lock is held while the dialog waits for the learner.
    let Some(path) = state.dialogs.save_file(&app, "Save a backup", &suggested, BACKUP_FILES) else { return Ok(None) };
    let key = match (passphrase, &code) {
        (Some(p), _) => BackupKey::Passphrase(p),
        (None, Some(c)) => BackupKey::Recipient(c.recipient()),
        (None, None) => unreachable!("key_of gives one of the two"),
    };
    // The save dialog asked before replacing a file there.
    let options = CreateOptions { include_cache: false, overwrite: true };
    let made = state.with_unlocked(|w| Ok(backup::create(w, &key, now, &path, &options)?))?;
    Ok(Some(BackupMade { made, recovery_code: code.map(|c| c.reveal().to_string()) }))
}

/// "Back up now" into the automatic folder, with its stored key.
///
/// # Errors
/// `invalid_setting` when there is no automatic folder; `io`.
#[tauri::command(async)]
pub fn backup_now(state: State<'_, AppState>) -> Result<Made, IpcError> {
    let now = state.env.clock.now();
    state.with_unlocked(|w| Ok(auto::run_now(w, now)?))
}

/// Automatic backups as the learner sets them.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AutoInput {
    /// The passphrase they are encrypted to (kept in the encrypted wallet);
    /// `None`: a new recovery code, shown once (only its public half is kept).
    pub passphrase: Option<String>,
    /// How many to keep in the folder.
    pub keep: u32,
}

/// Automatic backups turned on, with the first one made.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AutoSet {
    pub auto: AutoStatus,
    pub made: Made,
    pub recovery_code: Option<String>,
}

/// Turns automatic backups on: the folder is chosen in Rust's folder dialog;
/// a first backup is made there at once. `None` when the learner cancelled.
#[tauri::command(async)]
pub fn backup_auto_set<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, input: AutoInput) -> Result<Option<AutoSet>, IpcError> {
    state.with_unlocked(|_| Ok(()))?;
    if input.keep == 0 {
        return Err(satchel_core::Error::from(backup::Error::Refused("keep at least one automatic backup".into())).into());
    }
    let (passphrase, code) = key_of(input.passphrase)?;
    let Some(folder) = state.dialogs.pick_folder(&app, "Choose a folder for automatic backups") else { return Ok(None) };
    let key = match (passphrase, &code) {
        (Some(p), _) => AutoKey::Passphrase(p),
        (None, Some(c)) => AutoKey::Recipient(c.recipient()),
        (None, None) => unreachable!("key_of gives one of the two"),
    };
    let now = state.env.clock.now();
    state.with_unlocked(|w| {
        auto::configure(w, &folder, input.keep as usize, key)?;
        let made = auto::run_now(w, now)?;
        Ok(Some(AutoSet { auto: auto::status(w)?, made, recovery_code: code.map(|c| c.reveal().to_string()) }))
    })
}

/// Turns automatic backups off; the backups already made stay.
#[tauri::command(async)]
pub fn backup_auto_off(state: State<'_, AppState>) -> Result<AutoStatus, IpcError> {
    state.with_unlocked(|w| Ok(auto::disable(w)?))
}

/// "Later" on the gallery's reminder: it comes back after as many days again.
#[tauri::command(async)]
pub fn backup_reminder_snooze(state: State<'_, AppState>) -> Result<(), IpcError> {
    let now = state.env.clock.now();
    state.with_unlocked(|w| Ok(auto::snooze_reminder(w, now)?))
}

/// A backup to restore as a new wallet (first run).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RestoreNewInput {
    /// The batch of `files_choose({purpose: "backup"})`: its one file.
    pub batch: u32,
    /// The backup's passphrase or recovery code.
    pub secret: String,
    /// The new wallet's own passphrase; `None`: the OS keyring.
    pub passphrase: Option<String>,
}

/// The restored wallet, open, and what the restore did.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RestoredWallet {
    pub status: Status,
    pub restored: Restored,
}

/// Restores a backup as this computer's new wallet, protected as the learner
/// chose, and opens it. Every credential is verified again. Nothing is left
/// behind when it fails.
///
/// # Errors
/// `wallet_exists`; `backup_wrong_secret`, `not_a_backup`, `backup_damaged`,
/// `backup_too_new`; `weak_passphrase`; `not_found` (choose the file again).
#[tauri::command(async)]
pub fn backup_restore_new(state: State<'_, AppState>, input: RestoreNewInput) -> Result<RestoredWallet, IpcError> {
    let path = state.chosen_file(input.batch, 0)?;
    let passphrase = input.passphrase.map(Passphrase::new);
    if let Some(p) = &passphrase {
        p.check_strength().map_err(satchel_core::Error::from)?;
    }
    let protect = passphrase.as_ref().map_or(Secret::Keyring, Secret::Passphrase);
    let secret = BackupSecret::from_text(&input.secret);
    let options = RestoreOptions { settings: true, verify: true, now: state.env.clock.now() };
    let (opened, restored) = backup::restore_new(&state.wallet, protect, &state.env, &path, &secret, &options)?;
    let status = opened.status()?;
    state.set_unlocked(opened);
    Ok(RestoredWallet { status, restored })
}

/// A backup to merge into the open wallet.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RestoreInput {
    /// The batch of `files_choose({purpose: "backup"})`: its one file.
    pub batch: u32,
    /// The backup's passphrase or recovery code.
    pub secret: String,
    /// Take the backup's settings too.
    pub settings: bool,
}

/// Merges a backup into the open wallet: a credential already there is kept
/// once, an authentic copy is never replaced by one that does not verify,
/// holder keys are added. All or nothing.
#[tauri::command(async)]
pub fn backup_restore(state: State<'_, AppState>, input: RestoreInput) -> Result<Restored, IpcError> {
    let path = state.chosen_file(input.batch, 0)?;
    let secret = BackupSecret::from_text(&input.secret);
    let options = RestoreOptions { settings: input.settings, verify: true, now: state.env.clock.now() };
    state.with_unlocked(|w| Ok(backup::restore(w, &path, &secret, &options)?))
}
