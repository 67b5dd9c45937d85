//! The commands the UI calls, one file per domain: each a few lines over
//! `satchel_core`. Sync core calls run off the main thread (`async`
//! commands), and no lock is held across an `.await`.
//!
//! `list.rs` names every command once; registration (`lib.rs`), permissions
//! (`build.rs`, `capabilities/main.json`) and the UI's typed calls
//! (`ui/src/commands.ts`, see [`typescript`]) all come from it.

pub mod backup;
pub mod check;
pub mod credentials;
pub mod settings;
pub mod share;
#[cfg(test)]
mod typescript;
pub mod wallet;

use tauri::{AppHandle, Runtime};

use crate::error::IpcError;
use crate::state::AppState;

/// Asks the learner in a native dialog before opening `url` (https only) in
/// the system browser; whether it was opened.
fn open_confirmed<R: Runtime>(app: &AppHandle<R>, state: &AppState, url: &str) -> Result<bool, IpcError> {
    if !url.starts_with("https://") || url.contains(char::is_whitespace) {
        return Err(satchel_core::Error::from(satchel_core::fetch::Error::NotHttps(url.to_string())).into());
    }
    if !state.dialogs.confirm(app, "Open in your browser", &format!("Open this address in your browser?\n\n{url}"), "Open") {
        return Ok(false);
    }
    state.dialogs.open_url(app, url).map_err(|e| satchel_core::Error::io("the system browser", std::io::Error::other(e)))?;
    Ok(true)
}

fn blank_to_none(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// A file's bytes, refused above the input size limit.
fn read_capped(path: &std::path::Path) -> Result<Vec<u8>, IpcError> {
    let limit = satchel_core::credential::MAX_INPUT_BYTES as u64;
    let meta = std::fs::metadata(path).map_err(|e| satchel_core::Error::io(path, e))?;
    if meta.len() > limit {
        return Err(satchel_core::Error::InputTooLarge { limit: limit as usize }.into());
    }
    Ok(std::fs::read(path).map_err(|e| satchel_core::Error::io(path, e))?)
}
