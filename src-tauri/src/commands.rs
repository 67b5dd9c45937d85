//! The commands the UI calls: each a few lines over `satchel_core`. Sync core
//! calls run off the main thread (`async` commands), and no lock is held
//! across an `.await`.

use satchel_core::vault::Passphrase;
use satchel_core::wallet::{Secret, Status};
use serde::Deserialize;
use tauri::State;

use crate::error::IpcError;
use crate::state::AppState;

/// How to create or unlock: the keyring, or a passphrase.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
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
