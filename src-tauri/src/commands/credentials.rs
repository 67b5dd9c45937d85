//! The learner's credentials: the gallery, the detail screen, adding them
//! (files chosen in Rust's dialog, pasted text or pictures, links) and
//! managing them.

use satchel_core::files::{Overwrite, Privacy};
use satchel_core::store::credentials::{CredentialRecord, Facets, Found, Query};
use satchel_core::wallet::{Detail, ImportInput, ImportOutcome};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};

use super::open_confirmed;
use crate::dialogs::Filter;
use crate::error::IpcError;
use crate::state::{AppState, ChosenFiles};

/// The gallery's page.
#[tauri::command(async)]
pub fn credentials_search(state: State<'_, AppState>, query: Query) -> Result<Found, IpcError> {
    state.with_unlocked(|w| Ok(w.search(&query)?))
}

/// What the gallery's filters offer.
#[tauri::command(async)]
pub fn credentials_facets(state: State<'_, AppState>) -> Result<Facets, IpcError> {
    state.with_unlocked(|w| Ok(w.facets()?))
}

/// One credential for the detail screen, texts in `languages` (most wanted first).
#[tauri::command(async)]
pub fn credential_detail(state: State<'_, AppState>, id: String, languages: Vec<String>) -> Result<Detail, IpcError> {
    let languages: Vec<&str> = languages.iter().map(String::as_str).collect();
    state.with_unlocked(|w| Ok(w.detail(&id, &languages)?))
}

/// What files are chosen for.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Purpose {
    /// Credentials to add to the wallet.
    Import,
    /// What an employer received: packages, credentials, pictures of QR codes.
    Check,
    /// A backup to restore (`backup_restore_new`, `backup_restore`).
    Backup,
}

const CREDENTIAL_FILES: Filter =
    Filter { name: "Credentials", extensions: &["json", "jsonld", "jwt", "txt", "png", "svg", "xml", "jpg", "jpeg"] };

/// Opens the file dialog (in Rust) and keeps what the learner picks as a new
/// batch; the window gets the batch number and the names to show.
#[tauri::command(async)]
pub fn files_choose<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, purpose: Purpose) -> ChosenFiles {
    let (title, filter) = match purpose {
        Purpose::Import => ("Add credentials", CREDENTIAL_FILES),
        Purpose::Check => ("Check what you received", CREDENTIAL_FILES),
        Purpose::Backup => ("Choose a backup", super::backup::BACKUP_FILES),
    };
    let paths = state.dialogs.pick_files(&app, title, filter);
    state.choose(paths)
}

/// Imports file `index` of the chosen (or dropped) batch `batch`. The window
/// names no path: only what the learner chose can be read.
#[tauri::command(async)]
pub fn credential_import_file(state: State<'_, AppState>, batch: u32, index: u32) -> Result<ImportOutcome, IpcError> {
    let input = ImportInput::File(state.chosen_file(batch, index)?);
    state.with_unlocked(|w| Ok(w.import_from(input)?))
}

/// Imports pasted text (a credential, a JWT, an https link to one).
#[tauri::command(async)]
pub fn credential_import_text<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, text: String) -> Result<ImportOutcome, IpcError> {
    import_asking(&app, &state, ImportInput::Text(text))
}

/// Imports a pasted image: a baked badge, or a picture of a QR code that
/// holds a credential or a link to one.
#[tauri::command(async)]
pub fn credential_import_image<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    bytes: Vec<u8>,
) -> Result<ImportOutcome, IpcError> {
    import_asking(&app, &state, ImportInput::Image(bytes))
}

/// Fetches and imports the credential at an https address, once the learner
/// has said yes to that exact address in a native dialog: the window alone
/// cannot make Satchel contact a host (see `dialogs`).
///
/// # Errors
/// `cancelled` when the learner said no (nothing was fetched); `network`.
#[tauri::command(async)]
pub fn credential_import_url<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, url: String) -> Result<ImportOutcome, IpcError> {
    import_asking(&app, &state, ImportInput::Url(url))
}

/// The core's one import, after the learner said yes (outside the wallet's
/// lock) to any address it would fetch.
fn import_asking<R: Runtime>(app: &AppHandle<R>, state: &State<'_, AppState>, input: ImportInput) -> Result<ImportOutcome, IpcError> {
    let input = input.resolve()?;
    if let Some(url) = input.url().filter(|u| u.starts_with("https://")) {
        let message = format!("Fetch the credential at this address?\n\n{url}\n\nIts server will see that this computer asked for it.");
        if !state.dialogs.confirm(app, "Add a credential from a link", &message, "Fetch") {
            return Err(satchel_core::Error::Cancelled("you chose not to fetch it; nothing was contacted".into()).into());
        }
    }
    state.with_unlocked(|w| {
        if input.url().is_some() {
            // Public addresses, and the hosts the wallet's `allowed_hosts` setting names.
            w.apply_network_policy(&satchel_core::fetch::NetworkPolicy::public_only())?;
        }
        Ok(w.import_from(input)?)
    })
}

/// Opens an https address (a link in a credential) in the system browser,
/// after the learner said yes to it in a native dialog. Returns whether it
/// was opened.
#[tauri::command(async)]
pub fn link_open<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, url: String) -> Result<bool, IpcError> {
    open_confirmed(&app, &state, &url)
}

/// A credential verified again, with its new report.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Rechecked {
    pub record: CredentialRecord,
    pub report: satchel_core::verify::Report,
}

#[tauri::command(async)]
pub fn credential_reverify(state: State<'_, AppState>, id: String) -> Result<Rechecked, IpcError> {
    state.with_unlocked(|w| {
        let (record, report) = w.reverify(&id)?;
        Ok(Rechecked { record, report })
    })
}

#[tauri::command(async)]
pub fn credential_delete(state: State<'_, AppState>, id: String) -> Result<CredentialRecord, IpcError> {
    state.with_unlocked(|w| Ok(w.delete(&id)?))
}

#[tauri::command(async)]
pub fn credential_annotate(state: State<'_, AppState>, id: String, tags: Vec<String>, note: String) -> Result<CredentialRecord, IpcError> {
    state.with_unlocked(|w| Ok(w.annotate(&id, &tags, &note)?))
}

/// The original file as text, for "view raw" (binary files come as base64).
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Raw {
    pub media_type: String,
    pub text: Option<String>,
    pub base64: Option<String>,
}

#[tauri::command(async)]
pub fn credential_raw(state: State<'_, AppState>, id: String) -> Result<Raw, IpcError> {
    use base64::Engine as _;
    state.with_unlocked(|w| {
        let (record, bytes) = w.export(&id)?;
        Ok(match String::from_utf8(bytes) {
            Ok(text) => Raw { media_type: record.media_type, text: Some(text), base64: None },
            Err(e) => Raw {
                media_type: record.media_type,
                text: None,
                base64: Some(base64::engine::general_purpose::STANDARD.encode(e.as_bytes())),
            },
        })
    })
}

/// Saves the original bytes where the learner says in the save dialog
/// (opened here); returns where, or `None` when they cancelled. Mode 0600.
#[tauri::command(async)]
pub fn credential_save_copy<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, id: String) -> Result<Option<String>, IpcError> {
    let (record, bytes) = state.with_unlocked(|w| Ok(w.export(&id)?))?;
    let ext = if record.media_type.contains("xml") { "xml" } else { "json" };
    let filter = Filter { name: "Credential", extensions: if ext == "xml" { &["xml"] } else { &["json"] } };
    let Some(path) = state.dialogs.save_file(&app, "Save a copy", &format!("{}.{ext}", record.id), filter) else { return Ok(None) };
    // The dialog asked before replacing a file there.
    satchel_core::files::write_new(&path, &bytes, Overwrite::Replace, Privacy::Private)?;
    Ok(Some(path.display().to_string()))
}

/// How far long work has come (emitted as `work-progress` while it runs).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Progress {
    pub done: u32,
    pub total: u32,
    pub cancelled: bool,
}

/// Checks every credential again, one at a time: the wallet is free between
/// two (the window never waits on it), progress goes out as `work-progress`,
/// and `work_cancel` stops it before the next one.
#[tauri::command(async)]
pub fn credentials_reverify_all<R: tauri::Runtime>(app: tauri::AppHandle<R>, state: State<'_, AppState>) -> Result<Progress, IpcError> {
    use std::sync::atomic::Ordering;
    use tauri::Emitter;
    state.cancel.store(false, Ordering::SeqCst);
    let ids = state.with_unlocked(|w| {
        let mut ids = Vec::new();
        loop {
            let page = satchel_core::store::credentials::Page { offset: ids.len() as u32, limit: 500 };
            let found = w.search(&Query { page, ..Query::default() })?;
            if found.items.is_empty() {
                return Ok(ids);
            }
            ids.extend(found.items.into_iter().map(|r| r.id));
        }
    })?;
    let total = ids.len() as u32;
    for (i, id) in ids.iter().enumerate() {
        if state.cancel.load(Ordering::SeqCst) {
            return Ok(Progress { done: i as u32, total, cancelled: true });
        }
        // A credential deleted meanwhile is simply skipped.
        match state.with_unlocked(|w| Ok(w.reverify(id)?)) {
            Ok(_) => {}
            Err(e) if e.body.code == satchel_core::ErrorCode::NotFound => {}
            Err(e) => return Err(e),
        }
        let _ = app.emit("work-progress", Progress { done: i as u32 + 1, total, cancelled: false });
    }
    Ok(Progress { done: total, total, cancelled: false })
}

/// Stops long work before its next item.
#[tauri::command(async)]
pub fn work_cancel(state: State<'_, AppState>) {
    state.cancel.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// Adds the sample credentials (a demo issuer's, labelled as samples).
#[tauri::command(async)]
pub fn samples_add(state: State<'_, AppState>) -> Result<Vec<ImportOutcome>, IpcError> {
    state.with_unlocked(|w| Ok(w.add_samples()?))
}
