//! The commands the UI calls: each a few lines over `satchel_core`. Sync core
//! calls run off the main thread (`async` commands), and no lock is held
//! across an `.await`.

use std::collections::BTreeMap;

use satchel_core::files::{Overwrite, Privacy};
use satchel_core::linkedin::Certification;
use satchel_core::share::{Audience, Checked, Expectation, Package, Preview};
use satchel_core::store::credentials::{CredentialRecord, Facets, Found, Query};
use satchel_core::store::holder_keys::Profile;
use satchel_core::vault::Passphrase;
use satchel_core::wallet::{Detail, ImportOutcome, ImportSource, KeyChange, LoggedShare, Secret, Status};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};

use crate::dialogs::Filter;
use crate::error::IpcError;
use crate::state::{AppState, ChosenFiles, Prepared};

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
}

const CREDENTIAL_FILES: Filter =
    Filter { name: "Credentials", extensions: &["json", "jsonld", "jwt", "txt", "png", "svg", "xml", "jpg", "jpeg"] };

/// Opens the file dialog (in Rust) and keeps what the learner picks as a new
/// batch; the window gets the batch number and the names to show.
#[tauri::command(async)]
pub fn files_choose<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, purpose: Purpose) -> ChosenFiles {
    let title = match purpose {
        Purpose::Import => "Add credentials",
        Purpose::Check => "Check what you received",
    };
    let paths = state.dialogs.pick_files(&app, title, CREDENTIAL_FILES);
    state.choose(paths)
}

/// Imports file `index` of the chosen (or dropped) batch `batch`. The window
/// names no path: only what the learner chose can be read.
#[tauri::command(async)]
pub fn credential_import_file(state: State<'_, AppState>, batch: u32, index: u32) -> Result<ImportOutcome, IpcError> {
    let p = state.chosen_file(batch, index)?;
    let bytes = read_capped(&p)?;
    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string());
    state.with_unlocked(|w| Ok(w.import(&bytes, ImportSource::File(name))?))
}

/// Imports pasted text (a credential, a JWT, an https link to one).
#[tauri::command(async)]
pub fn credential_import_text<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, text: String) -> Result<ImportOutcome, IpcError> {
    let trimmed = text.trim();
    if trimmed.starts_with("https://") && !trimmed.contains(char::is_whitespace) {
        return credential_import_url(app, state, trimmed.to_string());
    }
    state.with_unlocked(|w| Ok(w.import(text.as_bytes(), ImportSource::Paste)?))
}

/// Imports a pasted image: a baked badge, or a picture of a QR code that
/// holds a credential or a link to one.
#[tauri::command(async)]
pub fn credential_import_image<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    bytes: Vec<u8>,
) -> Result<ImportOutcome, IpcError> {
    if satchel_core::credential::detect(&bytes).is_ok() {
        return state.with_unlocked(|w| Ok(w.import(&bytes, ImportSource::Paste)?));
    }
    let texts = satchel_core::qr::read_image(&bytes)?;
    credential_import_text(app, state, texts.join("\n"))
}

/// Fetches and imports the credential at an https address, once the learner
/// has said yes to that exact address in a native dialog: the window alone
/// cannot make Satchel contact a host (see `dialogs`).
///
/// # Errors
/// `cancelled` when the learner said no (nothing was fetched); `network`.
#[tauri::command(async)]
pub fn credential_import_url<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, url: String) -> Result<ImportOutcome, IpcError> {
    if !url.starts_with("https://") {
        return Err(satchel_core::Error::from(satchel_core::fetch::Error::NotHttps(url)).into());
    }
    let message = format!("Fetch the credential at this address?\n\n{url}\n\nIts server will see that this computer asked for it.");
    if !state.dialogs.confirm(&app, "Add a credential from a link", &message, "Fetch") {
        return Err(satchel_core::Error::Cancelled("you chose not to fetch it; nothing was contacted".into()).into());
    }
    state.with_unlocked(|w| {
        // Public addresses, and the hosts the wallet's `allowed_hosts` setting names.
        let fetcher = satchel_core::fetch::HttpsFetcher::with_policy(w.store().network_policy().map_err(satchel_core::Error::from)?);
        Ok(w.import_url(&url, &fetcher)?)
    })
}

/// Opens an https address (a link in a credential) in the system browser,
/// after the learner said yes to it in a native dialog. Returns whether it
/// was opened.
#[tauri::command(async)]
pub fn link_open<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, url: String) -> Result<bool, IpcError> {
    open_confirmed(&app, &state, &url)
}

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

/// One setting and its value.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SettingValue {
    pub key: String,
    pub value: String,
}

#[tauri::command(async)]
pub fn settings_get(state: State<'_, AppState>) -> Result<Vec<SettingValue>, IpcError> {
    state.with_unlocked(|w| Ok(w.settings()?.into_iter().map(|(k, v)| SettingValue { key: k.key().to_string(), value: v }).collect()))
}

#[tauri::command(async)]
pub fn settings_set(state: State<'_, AppState>, key: String, value: String) -> Result<SettingValue, IpcError> {
    let (setting, value) = state.with_unlocked(|w| Ok(w.set_setting(&key, &value)?))?;
    if setting == satchel_core::store::settings::Setting::LockAfterMinutes {
        state.set_lock_after(std::time::Duration::from_secs(value.parse::<u64>().unwrap_or(10) * 60));
    }
    Ok(SettingValue { key: setting.key().to_string(), value })
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

/// What sharing the credential `id` shows, and which SD-JWT claims can be held back.
#[tauri::command(async)]
pub fn share_preview(state: State<'_, AppState>, id: String) -> Result<Preview, IpcError> {
    state.with_unlocked(|w| Ok(w.share_preview(&id)?))
}

/// The learner's profiles (signing keys); the first is the default.
#[tauri::command(async)]
pub fn profiles_list(state: State<'_, AppState>) -> Result<Vec<Profile>, IpcError> {
    state.with_unlocked(|w| Ok(w.profiles()?))
}

/// A package to make: which credentials, which SD-JWT claims, for whom.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ShareRequest {
    pub ids: Vec<String>,
    /// Per SD-JWT credential id: the claims to disclose (others: all).
    pub disclose: BTreeMap<String, Vec<String>>,
    pub recipient: Option<String>,
    pub domain: Option<String>,
    pub challenge: Option<String>,
    pub valid_days: u32,
    /// A profile's DID or label; none: the default profile.
    pub profile: Option<String>,
}

/// A signed package and its QR codes (SVG), ready to show and save.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Shared {
    pub package: Package,
    pub codes: Vec<String>,
}

fn blank_to_none(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn svgs(texts: &[String]) -> Result<Vec<String>, IpcError> {
    Ok(texts.iter().map(|t| Ok(satchel_core::qr::svg(&satchel_core::qr::code(t)?))).collect::<Result<_, satchel_core::Error>>()?)
}

/// The longest a package may stay valid (ten years).
pub const MAX_VALID_DAYS: u32 = 3650;

/// Builds, signs and logs a package; keeps it for `share_save`.
#[tauri::command(async)]
pub fn share_create(state: State<'_, AppState>, request: ShareRequest) -> Result<Shared, IpcError> {
    let disclose = request.disclose.into_iter().map(|(id, claims)| (id, claims.into_iter().collect())).collect();
    let audience = Audience {
        recipient: blank_to_none(&request.recipient),
        domain: blank_to_none(&request.domain),
        challenge: blank_to_none(&request.challenge),
    };
    if !(1..=MAX_VALID_DAYS).contains(&request.valid_days) {
        return Err(satchel_core::Error::CannotShare(format!("a package stays valid for 1 to {MAX_VALID_DAYS} days")).into());
    }
    let valid_for = chrono::Duration::days(i64::from(request.valid_days));
    let profile = blank_to_none(&request.profile);
    // Kept for saving while the wallet is held, so a lock cannot come in between.
    let (package, texts) = state.with_unlocked(|w| {
        let package = w.share(&request.ids, &disclose, &audience, valid_for, profile.as_deref())?;
        let texts = satchel_core::qr::encode_package(&package.bytes);
        state.set_prepared(Prepared { package: Some(package.clone()), codes: texts.clone(), link_of: None });
        Ok((package, texts))
    })?;
    Ok(Shared { package, codes: svgs(&texts)? })
}

/// What to save of the last package or link.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum SaveKind {
    /// The package file (`.json`).
    Package,
    /// The printable one-page summary (`.html`) with the QR code(s).
    Summary,
    /// The QR code(s): PNG, or SVG when the path ends in `.svg`.
    Qr,
}

/// Saves the last package or link made (never bytes from the window) where
/// the learner says in the save dialog (opened here). Returns the files
/// written (none when they cancelled).
#[tauri::command(async)]
pub fn share_save<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, what: SaveKind) -> Result<Vec<String>, IpcError> {
    let prepared = state.with_unlocked(|_| Ok(state.prepared()))?;
    let prepared = prepared.ok_or_else(|| satchel_core::Error::CannotShare("make a package or a link first".into()))?;
    let codes = prepared.codes.iter().map(|t| satchel_core::qr::code(t)).collect::<Result<Vec<_>, _>>()?;
    if matches!(what, SaveKind::Qr) && codes.is_empty() {
        return Err(satchel_core::Error::CannotShare("there is no public link to make a QR code of: give one first".into()).into());
    }
    if !matches!(what, SaveKind::Qr) && prepared.package.is_none() {
        return Err(satchel_core::Error::CannotShare("a link has no package or summary: make a package first".into()).into());
    }
    let (title, suggested, filter) = match what {
        SaveKind::Package => ("Save the package", "package.json", Filter { name: "Package", extensions: &["json"] }),
        SaveKind::Summary => ("Save the summary", "summary.html", Filter { name: "Web page", extensions: &["html"] }),
        SaveKind::Qr => ("Save the QR code", "qr-code.png", Filter { name: "Picture", extensions: &["png", "svg"] }),
    };
    let Some(path) = state.dialogs.save_file(&app, title, suggested, filter) else { return Ok(Vec::new()) };
    let files = match (what, &prepared.package) {
        (SaveKind::Package, Some(p)) => vec![(path, p.bytes.clone())],
        (SaveKind::Summary, Some(p)) => vec![(path, satchel_core::share::summary_html(p, &codes).into_bytes())],
        (SaveKind::Qr, _) => satchel_core::qr::files(&path, &codes),
        (_, None) => unreachable!("checked above"),
    };
    // A link's QR code holds only a public address; anything of a package is private.
    let privacy = if prepared.package.is_none() { Privacy::Public } else { Privacy::Private };
    for (target, bytes) in &files {
        // The dialog asked before replacing the chosen name; numbered siblings of a sequence are never replaced.
        let overwrite = if *target == files[0].0 && files.len() == 1 { Overwrite::Replace } else { Overwrite::Refuse };
        satchel_core::files::write_new(target, bytes, overwrite, privacy)?;
    }
    if let (SaveKind::Qr, Some(id)) = (what, &prepared.link_of) {
        state.with_unlocked(|w| Ok(w.record_share(&[id], "link", None)?))?;
    }
    Ok(files.into_iter().map(|(p, _)| p.display().to_string()).collect())
}

/// The share log, newest first.
#[tauri::command(async)]
pub fn shares_list(state: State<'_, AppState>) -> Result<Vec<LoggedShare>, IpcError> {
    state.with_unlocked(|w| Ok(w.shares()?))
}

/// A credential's public link, its QR code (SVG) and LinkedIn's fields.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Links {
    pub certification: Certification,
    /// The QR code of the public link, when there is one.
    pub qr: Option<String>,
}

/// LinkedIn's fields and the link QR for `id`; `link` is a public page the
/// learner gives when the credential names none.
#[tauri::command(async)]
pub fn credential_link(state: State<'_, AppState>, id: String, link: Option<String>) -> Result<Links, IpcError> {
    let link = blank_to_none(&link);
    let (certification, texts) = state.with_unlocked(|w| {
        let certification = satchel_core::linkedin::certification(&w.export(&id)?.1, link.as_deref())?;
        let texts: Vec<String> = certification.cert_url.iter().cloned().collect();
        state.set_prepared(Prepared { package: None, codes: texts.clone(), link_of: Some(id.clone()) });
        Ok((certification, texts))
    })?;
    Ok(Links { certification, qr: svgs(&texts)?.pop() })
}

/// Opens LinkedIn ("Add to profile", or with `post` "Share as post") in the
/// system browser once the learner said yes in a native dialog, and logs
/// the share. Returns whether it was opened.
#[tauri::command(async)]
pub fn linkedin_share<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    link: Option<String>,
    post: bool,
) -> Result<bool, IpcError> {
    let link = blank_to_none(&link);
    let url = state.with_unlocked(|w| {
        let certification = satchel_core::linkedin::certification(&w.export(&id)?.1, link.as_deref())?;
        Ok(if post {
            certification.share_post.ok_or_else(|| {
                satchel_core::Error::CannotShare("a post needs a public https page of the credential: give one first".into())
            })?
        } else {
            certification.add_to_profile
        })
    })?;
    // No lock is held while the dialog waits for the learner.
    if !open_confirmed(&app, &state, &url)? {
        return Ok(false);
    }
    state.with_unlocked(|w| Ok(w.record_share(&[&id], "linkedin", Some("LinkedIn"))?))?;
    Ok(true)
}

/// What an employer hands in: files (a package, a credential, pictures of
/// QR codes), pasted text, or a pasted picture; and what they expect.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CheckInput {
    /// A batch of files the employer chose or dropped (see `files_choose`); never paths.
    pub batch: Option<u32>,
    pub text: Option<String>,
    pub image: Option<Vec<u8>>,
    pub challenge: Option<String>,
    pub domain: Option<String>,
}

/// Employer mode: checks a package (or a lone credential). Needs no wallet.
#[tauri::command(async)]
pub fn package_check(state: State<'_, AppState>, input: CheckInput) -> Result<Checked, IpcError> {
    let mut parts = Vec::new();
    for path in input.batch.map(|b| state.chosen_files(b)).transpose()?.unwrap_or_default() {
        parts.push(read_capped(&path)?);
    }
    parts.extend(blank_to_none(&input.text).map(String::into_bytes));
    parts.extend(input.image);
    let limit = satchel_core::credential::MAX_INPUT_BYTES;
    if parts.iter().any(|p| p.len() > limit) {
        return Err(satchel_core::Error::InputTooLarge { limit }.into());
    }
    let bytes = satchel_core::share::gather(&parts)?;
    let expect = Expectation { challenge: blank_to_none(&input.challenge), domain: blank_to_none(&input.domain) };
    let fetcher = state.env.fetcher.as_deref().map(|f| f as &dyn satchel_core::fetch::Fetcher);
    let options = satchel_core::verify::VerifyOptions { clock: state.env.clock.as_ref(), fetcher, trust: None };
    Ok(satchel_core::share::check(&bytes, &expect, &options)?)
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

/// The TypeScript declarations of everything the UI sends and receives,
/// generated from these Rust types (`ui/src/bindings.ts`).
#[cfg(test)]
pub fn typescript_bindings() -> String {
    use satchel_core::error::{ErrorBody, ErrorCode};
    use satchel_core::learning::{Achievement, Credit, Image, LearningView, Party};
    use satchel_core::share::{Claim, PackageReport, Shown};
    use satchel_core::store::credentials::{DuplicateOf, Page, Sort};
    use satchel_core::vault::ProtectionKind;
    use satchel_core::verify::{Check, CheckResult, Finding, IssuerRef, Outcome, Report, Verdict};
    use ts_rs::TS;
    let decls = [
        ErrorCode::decl(),
        ErrorBody::decl(),
        crate::error::FetchFailure::decl(),
        ProtectionKind::decl(),
        Status::decl(),
        SecretInput::decl(),
        KeyChange::decl(),
        ProtectInput::decl(),
        Purpose::decl(),
        crate::state::ChosenFiles::decl(),
        satchel_core::credential::Summary::decl(),
        CredentialRecord::decl(),
        DuplicateOf::decl(),
        ImportSource::decl(),
        ImportOutcome::decl(),
        Page::decl(),
        Sort::decl(),
        Query::decl(),
        Found::decl(),
        Facets::decl(),
        Check::decl(),
        Outcome::decl(),
        Finding::decl(),
        Verdict::decl(),
        CheckResult::decl(),
        IssuerRef::decl(),
        Report::decl(),
        Image::decl(),
        Party::decl(),
        Credit::decl(),
        Achievement::decl(),
        LearningView::decl(),
        Detail::decl(),
        Rechecked::decl(),
        Raw::decl(),
        SettingValue::decl(),
        Progress::decl(),
        Profile::decl(),
        Claim::decl(),
        Preview::decl(),
        ShareRequest::decl(),
        Shown::decl(),
        Package::decl(),
        Shared::decl(),
        SaveKind::decl(),
        LoggedShare::decl(),
        Certification::decl(),
        Links::decl(),
        CheckInput::decl(),
        PackageReport::decl(),
        satchel_core::share::About::decl(),
        Checked::decl(),
    ];
    let mut out = String::from("// Generated from the Rust types by `cargo test -p satchel-app` (see src-tauri/src/commands.rs).\n// Do not edit: run `UPDATE_BINDINGS=1 cargo test -p satchel-app bindings` after changing them.\n\n");
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.trim_end().to_string() + "\n"
}

#[cfg(test)]
mod tests {
    #[test]
    fn bindings_are_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
        let generated = super::typescript_bindings();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).expect("write ui/src/bindings.ts");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "ui/src/bindings.ts is not what the Rust types generate: run `UPDATE_BINDINGS=1 cargo test -p satchel-app bindings` and commit it"
        );
    }
}
