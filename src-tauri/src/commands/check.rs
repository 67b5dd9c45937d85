//! Employer mode: checking what a learner handed over. Needs no wallet.

use satchel_core::share::{Checked, Expectation};
use serde::Deserialize;
use tauri::State;

use super::{blank_to_none, read_capped};
use crate::error::IpcError;
use crate::state::AppState;

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
