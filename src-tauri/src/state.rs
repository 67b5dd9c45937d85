//! The app's state: which wallet, whether it is unlocked, and when the user
//! last did something (for the idle lock).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use satchel_core::wallet::Env;
use satchel_core::{UnlockedWallet, Wallet};
use tauri::{Emitter, Manager, Runtime};

use crate::error::IpcError;

/// Idle minutes before the wallet locks, unless the wallet's settings say otherwise.
pub const DEFAULT_LOCK_AFTER_MINUTES: u64 = 10;
/// The settings key holding the idle timeout in minutes (0: never).
pub const LOCK_AFTER_SETTING: &str = "lock_after_minutes";

#[derive(Debug)]
pub struct AppState {
    pub wallet: Wallet,
    pub env: Env,
    pub unlocked: Mutex<Option<UnlockedWallet>>,
    last_activity: Mutex<Instant>,
    lock_after: Mutex<Duration>,
}

impl AppState {
    pub fn new(wallet: Wallet, env: Env) -> Self {
        Self {
            wallet,
            env,
            unlocked: Mutex::new(None),
            last_activity: Mutex::new(Instant::now()),
            lock_after: Mutex::new(Duration::from_secs(DEFAULT_LOCK_AFTER_MINUTES * 60)),
        }
    }

    /// The wallet in `SATCHEL_WALLET`, else the platform's data folder.
    pub fn from_environment() -> Self {
        let dir = std::env::var_os("SATCHEL_WALLET")
            .map(std::path::PathBuf::from)
            .or_else(Wallet::default_dir)
            .unwrap_or_else(|| std::path::PathBuf::from("satchel-wallet"));
        Self::new(Wallet::at(dir), Env::system())
    }

    /// Marks the user as active now.
    pub fn touch(&self) {
        *self.last_activity.lock().expect("activity lock") = Instant::now();
    }

    /// Keeps `unlocked` as the open wallet and reads its idle timeout.
    pub fn set_unlocked(&self, unlocked: UnlockedWallet) {
        let minutes = unlocked
            .store()
            .setting(LOCK_AFTER_SETTING)
            .ok()
            .flatten()
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(DEFAULT_LOCK_AFTER_MINUTES);
        *self.lock_after.lock().expect("lock_after lock") = Duration::from_secs(minutes * 60);
        *self.unlocked.lock().expect("wallet lock") = Some(unlocked);
        self.touch();
    }

    /// Drops the open wallet: the connection closes, the key is zeroized.
    pub fn lock(&self) -> bool {
        self.unlocked.lock().expect("wallet lock").take().is_some()
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

    /// True when the idle timeout has passed (a zero timeout never locks).
    fn idle_expired(&self) -> bool {
        let after = *self.lock_after.lock().expect("lock_after lock");
        !after.is_zero() && self.last_activity.lock().expect("activity lock").elapsed() >= after
    }
}

/// Locks the wallet once the user has been idle for the configured time, and
/// tells the window (`wallet-locked`).
pub fn spawn_idle_lock<R: Runtime>(app: tauri::AppHandle<R>) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(5));
        let state = app.state::<AppState>();
        if state.idle_expired() && state.lock() {
            let _ = app.emit("wallet-locked", "idle");
        }
    });
}
