//! Creating, opening, locking and protecting the wallet.

use satchel_core::vault::Passphrase;
use satchel_core::wallet::{KeyChange, Secret, Status};
use serde::Deserialize;
use tauri::State;

use crate::error::IpcError;
use crate::state::AppState;

/// How to create or unlock: the keyring, or a passphrase.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SecretInput {
    /// None: use the OS keyring.
    pub passphrase: Option<String>,
}

#[tauri::command(async)]
pub fn wallet_status(state: State<'_, AppState>) -> Result<Status, IpcError> {
    let guard = state.unlocked.lock().expect("wallet lock");
    match guard.as_ref() {
        Some(w) => Ok(w.status()?),
        None => Ok(state.wallet.status()?),
    }
}

#[tauri::command(async)]
pub fn wallet_create(state: State<'_, AppState>, input: SecretInput) -> Result<Status, IpcError> {
    let passphrase = input.passphrase.map(Passphrase::new);
    let secret = passphrase.as_ref().map_or(Secret::Keyring, Secret::Passphrase);
    let unlocked = state.wallet.create(secret, &state.env)?;
    let status = unlocked.status()?;
    state.set_unlocked(unlocked);
    Ok(status)
}

#[tauri::command(async)]
pub fn wallet_unlock(state: State<'_, AppState>, input: SecretInput) -> Result<Status, IpcError> {
    let passphrase = input.passphrase.map(Passphrase::new);
    let unlocked = state.wallet.unlock(passphrase.as_ref(), &state.env)?;
    let status = unlocked.status()?;
    state.set_unlocked(unlocked);
    Ok(status)
}

#[tauri::command(async)]
pub fn wallet_lock(state: State<'_, AppState>) -> Result<Status, IpcError> {
    state.lock();
    Ok(state.wallet.status()?)
}

/// The user did something: postpone the idle lock.
#[tauri::command(async)]
pub fn wallet_touch(state: State<'_, AppState>) {
    state.touch();
}

/// A change of protection: the current secret, the new one, and whether to re-key.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ProtectInput {
    /// The wallet's passphrase now; `None` for a keyring wallet (its entry is checked).
    pub current: Option<String>,
    /// The new passphrase; `None`: keep the key in the OS keyring.
    pub passphrase: Option<String>,
    /// Re-encrypt the database with a new key, or only re-wrap the key.
    pub change: KeyChange,
}

/// Changes how the wallet is protected. The current secret is part of the
/// command and checked: an open window alone cannot lock the learner out.
/// (The app asks for the new passphrase twice; the check of the two is the
/// window's, since only the window sees what was typed.)
#[tauri::command(async)]
pub fn wallet_protect(state: State<'_, AppState>, input: ProtectInput) -> Result<Status, IpcError> {
    let current = input.current.map(Passphrase::new);
    let new = input.passphrase.map(Passphrase::new);
    state.with_unlocked(|w| {
        w.change_protection(
            current.as_ref().map_or(Secret::Keyring, Secret::Passphrase),
            new.as_ref().map_or(Secret::Keyring, Secret::Passphrase),
            input.change,
        )?;
        Ok(w.status()?)
    })
}
