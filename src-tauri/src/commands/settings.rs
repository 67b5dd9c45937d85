//! The wallet's settings.

use serde::Serialize;
use tauri::State;

use crate::error::IpcError;
use crate::state::AppState;

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
