//! The app's state: which wallet, whether it is unlocked, and when the user
//! last did something (for the idle lock).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use satchel_core::store::settings::Setting;
use satchel_core::wallet::Env;
use satchel_core::{UnlockedWallet, Wallet};
use tauri::{Emitter, Manager, Runtime};

use crate::error::IpcError;

#[derive(Debug)]
pub struct AppState {
    pub wallet: Wallet,
    pub env: Env,
    pub unlocked: Mutex<Option<UnlockedWallet>>,
    last_activity: Mutex<Instant>,
    lock_after: Mutex<Duration>,
    /// Set to stop long work (re-checking everything) between two items.
    pub cancel: std::sync::atomic::AtomicBool,
    /// What the share screens made last (a package, or a link's QR code),
    /// kept here so that "save" writes what Rust made, never bytes the
    /// window sends. Dropped when the wallet locks.
    pub prepared: Mutex<Option<Prepared>>,
    /// How the learner is asked for files, names and yes/no (see `dialogs`).
    pub dialogs: crate::dialogs::Dialogs,
    /// The files the learner chose last (in a dialog, or by dropping them):
    /// commands name them by batch and index, never by path.
    chosen: Mutex<Chosen>,
}

/// One batch of files the learner chose.
#[derive(Debug, Default)]
struct Chosen {
    batch: u32,
    paths: Vec<std::path::PathBuf>,
}

/// Files the learner chose, as the window sees them: a batch number to name
/// them by, and their names to show.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ChosenFiles {
    pub batch: u32,
    pub names: Vec<String>,
}

/// A package or a link made for sharing, ready to be saved.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub package: Option<satchel_core::share::Package>,
    /// The texts of its QR codes.
    pub codes: Vec<String>,
    /// For a link: the credential it is of.
    pub link_of: Option<String>,
}

impl AppState {
    pub fn new(wallet: Wallet, env: Env) -> Self {
        Self {
            wallet,
            env,
            unlocked: Mutex::new(None),
            last_activity: Mutex::new(Instant::now()),
            lock_after: Mutex::new(Duration::ZERO),
            cancel: std::sync::atomic::AtomicBool::new(false),
            prepared: Mutex::new(None),
            dialogs: crate::dialogs::Dialogs::Native,
            chosen: Mutex::new(Chosen::default()),
        }
    }

    /// The same state, asking the learner through `dialogs` (tests script them).
    pub fn with_dialogs(mut self, dialogs: crate::dialogs::Dialogs) -> Self {
        self.dialogs = dialogs;
        self
    }

    /// Keeps `paths` (from a dialog or a drop the window system reported) as
    /// the new batch of chosen files.
    pub fn choose(&self, paths: Vec<std::path::PathBuf>) -> ChosenFiles {
        let mut chosen = self.chosen.lock().expect("chosen lock");
        chosen.batch = chosen.batch.wrapping_add(1);
        chosen.paths = paths;
        let names = chosen
            .paths
            .iter()
            .map(|p| p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned()))
            .collect();
        ChosenFiles { batch: chosen.batch, names }
    }

    /// The chosen file `index` of `batch`.
    ///
    /// # Errors
    /// `not_found` when the batch is not the latest (another choice or drop
    /// came since) or the index is out of range.
    pub fn chosen_file(&self, batch: u32, index: u32) -> Result<std::path::PathBuf, IpcError> {
        let chosen = self.chosen.lock().expect("chosen lock");
        let gone = || satchel_core::Error::NotFound(format!("file {index} of batch {batch} (choose the files again)"));
        if chosen.batch != batch {
            return Err(gone().into());
        }
        chosen.paths.get(index as usize).cloned().ok_or_else(|| gone().into())
    }

    /// Every file of `batch`.
    pub fn chosen_files(&self, batch: u32) -> Result<Vec<std::path::PathBuf>, IpcError> {
        let chosen = self.chosen.lock().expect("chosen lock");
        if chosen.batch != batch {
            return Err(satchel_core::Error::NotFound(format!("batch {batch} of chosen files (choose the files again)")).into());
        }
        Ok(chosen.paths.clone())
    }

    /// The wallet in `SATCHEL_WALLET`, else the platform's data folder.
    pub fn from_environment() -> Self {
        let dir = std::env::var_os("SATCHEL_WALLET")
            .map(std::path::PathBuf::from)
            .or_else(Wallet::default_dir)
            .unwrap_or_else(|| std::path::PathBuf::from("satchel-wallet"));
        Self::new(Wallet::at(dir), Env::system())
    }

    /// Sets the idle timeout; zero never locks.
    pub fn set_lock_after(&self, after: Duration) {
        *self.lock_after.lock().expect("lock_after lock") = after;
    }

    /// Marks the user as active now.
    pub fn touch(&self) {
        *self.last_activity.lock().expect("activity lock") = Instant::now();
    }

    /// Keeps `unlocked` as the open wallet and reads its idle timeout
    /// (`lock_after_minutes`, kept in the wallet's own settings).
    pub fn set_unlocked(&self, unlocked: UnlockedWallet) {
        let setting = Setting::LockAfterMinutes;
        let minutes = unlocked
            .setting(setting)
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
            .or_else(|| setting.default_value().parse().ok())
            .unwrap_or(10);
        self.set_lock_after(Duration::from_secs(minutes * 60));
        *self.unlocked.lock().expect("wallet lock") = Some(unlocked);
        self.touch();
    }

    /// Drops the open wallet: the connection closes, the key is zeroized.
    pub fn lock(&self) -> bool {
        // The wallet lock first, then `prepared` (the order every command
        // takes them in): what was made goes with the wallet, at once.
        let mut wallet = self.unlocked.lock().expect("wallet lock");
        self.prepared.lock().expect("prepared lock").take();
        wallet.take().is_some()
    }

    /// Keeps what the share screens made; call it holding the wallet
    /// (inside [`Self::with_unlocked`]).
    pub fn set_prepared(&self, prepared: Prepared) {
        *self.prepared.lock().expect("prepared lock") = Some(prepared);
    }

    /// What the share screens made last, if the wallet has not locked since.
    pub fn prepared(&self) -> Option<Prepared> {
        self.prepared.lock().expect("prepared lock").clone()
    }

    /// Runs `f` on the unlocked wallet, or fails with `locked`.
    pub fn with_unlocked<T>(&self, f: impl FnOnce(&mut UnlockedWallet) -> Result<T, IpcError>) -> Result<T, IpcError> {
        self.touch();
        let mut guard = self.unlocked.lock().expect("wallet lock");
        match guard.as_mut() {
            Some(w) => f(w),
            None => Err(IpcError::locked()),
        }
    }

    /// Opens a keyring-protected wallet without asking anything; does nothing
    /// for passphrase wallets or when the keyring says no.
    pub fn try_unlock_with_keyring(&self) {
        let Ok(header) = self.wallet.header() else { return };
        if header.kind() != satchel_core::vault::ProtectionKind::Keyring {
            return;
        }
        if let Ok(u) = self.wallet.unlock(None, &self.env) {
            self.set_unlocked(u);
        }
    }

    /// Makes an automatic backup when one is due (the learner chose a folder,
    /// the wallet changed, the last one is a day old), without counting as
    /// the learner's activity. `None` when the wallet is locked.
    pub fn backup_if_due(&self) -> Option<Result<Option<satchel_core::backup::Made>, satchel_core::Error>> {
        let now = self.env.clock.now();
        let mut guard = self.unlocked.lock().expect("wallet lock");
        guard.as_mut().map(|w| satchel_core::backup::auto::run_if_due(w, now))
    }

    /// True when the idle timeout has passed (a zero timeout never locks).
    pub fn idle_expired(&self) -> bool {
        let after = *self.lock_after.lock().expect("lock_after lock");
        !after.is_zero() && self.last_activity.lock().expect("activity lock").elapsed() >= after
    }
}

/// How often the app looks whether an automatic backup is due (the check is
/// cheap: it reads the last backup's time first).
const BACKUP_CHECK_EVERY: u32 = 60; // ticks of 5 s: five minutes

/// Locks the wallet once the user has been idle for the configured time, and
/// tells the window (`wallet-locked`); makes automatic backups when due,
/// before the wallet locks and every few minutes while it is open.
pub fn spawn_idle_lock<R: Runtime>(app: tauri::AppHandle<R>) {
    std::thread::spawn(move || {
        let mut ticks = 0u32;
        loop {
            std::thread::sleep(Duration::from_secs(5));
            ticks = ticks.wrapping_add(1);
            let state = app.state::<AppState>();
            let expired = state.idle_expired();
            if expired || ticks % BACKUP_CHECK_EVERY == 0 {
                // A failed automatic backup is told to the window, never fatal.
                if let Some(Err(e)) = state.backup_if_due() {
                    let _ = app.emit("backup-failed", crate::error::IpcError::from(e));
                }
            }
            if expired && state.lock() {
                let _ = app.emit("wallet-locked", "idle");
            }
        }
    });
}

#[cfg(test)]
mod tests {

    use satchel_core::wallet::Secret;

    use super::*;

    fn state_with_open_wallet() -> (tempfile::TempDir, AppState) {
        let dir = tempfile::tempdir().unwrap();
        let env = Env::throwaway();
        let wallet = Wallet::at(dir.path().join("w"));
        let open = wallet.create(Secret::Keyring, &env).unwrap();
        let state = AppState::new(wallet, env);
        state.set_unlocked(open);
        (dir, state)
    }

    #[test]
    fn default_timeout_comes_from_the_wallet_settings() {
        let (_d, state) = state_with_open_wallet();
        assert_eq!(*state.lock_after.lock().unwrap(), Duration::from_secs(600), "10 minutes unless the wallet says otherwise");
        assert!(!state.idle_expired(), "just unlocked: not idle");
    }

    #[test]
    fn idle_lock_drops_the_wallet_and_activity_postpones_it() {
        let (_d, state) = state_with_open_wallet();
        state.set_lock_after(Duration::from_millis(50));
        std::thread::sleep(Duration::from_millis(80));
        state.touch();
        assert!(!state.idle_expired(), "activity restarts the idle clock");
        std::thread::sleep(Duration::from_millis(80));
        assert!(state.idle_expired());
        assert!(state.lock(), "an open wallet is locked");
        assert!(state.unlocked.lock().unwrap().is_none(), "locking drops the connection and the key");
        let err = state.with_unlocked(|w| Ok(w.status())).unwrap_err();
        assert_eq!(err.body.code, satchel_core::ErrorCode::Locked);
    }

    #[test]
    fn an_automatic_backup_is_made_when_due_and_not_again() {
        let (dir, state) = state_with_open_wallet();
        assert!(matches!(state.backup_if_due(), Some(Ok(None))), "no folder chosen: nothing to do");
        let folder = dir.path().join("backups");
        state
            .with_unlocked(|w| {
                w.add_samples()?;
                let key = satchel_core::backup::auto::AutoKey::Recipient(satchel_core::backup::RecoveryCode::generate().recipient());
                satchel_core::backup::auto::configure(w, &folder, 3, key)?;
                Ok(())
            })
            .unwrap();
        let made = state.backup_if_due().expect("open").expect("made").expect("due: never backed up");
        assert!(std::path::Path::new(&made.path).starts_with(std::fs::canonicalize(&folder).unwrap()), "{}", made.path);
        assert!(matches!(state.backup_if_due(), Some(Ok(None))), "at most one a day");
        state.lock();
        assert!(state.backup_if_due().is_none(), "a locked wallet is not touched");
    }

    #[test]
    fn zero_never_locks() {
        let (_d, state) = state_with_open_wallet();
        state.set_lock_after(Duration::ZERO);
        std::thread::sleep(Duration::from_millis(20));
        assert!(!state.idle_expired());
    }
}
