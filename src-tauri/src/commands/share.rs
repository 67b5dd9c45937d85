//! The holder's side of sharing: packages, their QR codes and printable
//! summaries, public links and LinkedIn, and the share log.

use std::collections::BTreeMap;

use satchel_core::files::{Overwrite, Privacy};
use satchel_core::linkedin::Certification;
use satchel_core::share::{Audience, Package, Preview};
use satchel_core::store::holder_keys::Profile;
use satchel_core::wallet::{LoggedShare, ShareMethod};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};

use super::{blank_to_none, open_confirmed};
use crate::dialogs::Filter;
use crate::error::IpcError;
use crate::state::{AppState, Prepared};

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
        state.with_unlocked(|w| Ok(w.record_share(&[id], ShareMethod::Link, None)?))?;
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
        let certification = w.linkedin(&id, link.as_deref())?;
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
    state.with_unlocked(|w| Ok(w.record_share(&[&id], ShareMethod::Linkedin, Some("LinkedIn"))?))?;
    Ok(true)
}
