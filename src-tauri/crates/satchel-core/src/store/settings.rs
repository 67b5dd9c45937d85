//! The `settings` table: the wallet's own preferences, kept encrypted with
//! it. Only the keys of [`Setting`] are read or written, each with its own
//! validation, so a typo never becomes a silent preference.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{Result, Store};

/// A setting the wallet knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Setting {
    /// Idle minutes before the app locks the wallet; 0 never locks. Default 10.
    LockAfterMinutes,
}

impl Setting {
    pub const ALL: &'static [Setting] = &[Setting::LockAfterMinutes];

    /// The key stored in the table (and typed on the command line).
    pub fn key(self) -> &'static str {
        match self {
            Self::LockAfterMinutes => "lock_after_minutes",
        }
    }

    pub fn default_value(self) -> &'static str {
        match self {
            Self::LockAfterMinutes => "10",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.key() == key.replace('-', "_"))
    }

    /// Checks and normalises a value typed by a user.
    ///
    /// # Errors
    /// A sentence saying what values are allowed.
    pub fn parse(self, value: &str) -> Result<String, String> {
        match self {
            Self::LockAfterMinutes => match value.trim().parse::<u32>() {
                Ok(m) if m <= 24 * 60 => Ok(m.to_string()),
                _ => Err("`lock_after_minutes` takes whole minutes from 0 (never) to 1440".into()),
            },
        }
    }
}

impl Store {
    /// The value of `setting`, or its default.
    pub fn setting(&self, setting: Setting) -> Result<String> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM settings WHERE key = ?1", [setting.key()], |r| r.get(0))
            .optional()?
            .unwrap_or_else(|| setting.default_value().to_string()))
    }

    /// Sets `setting` to an already validated `value` (see [`Setting::parse`]).
    pub fn set_setting(&mut self, setting: Setting, value: &str) -> Result<()> {
        self.conn().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![setting.key(), value],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::store;
    use super::*;

    #[test]
    fn default_set_replace() {
        let (_d, mut s) = store();
        assert_eq!(s.setting(Setting::LockAfterMinutes).unwrap(), "10", "unset: the default");
        s.set_setting(Setting::LockAfterMinutes, "10").unwrap();
        s.set_setting(Setting::LockAfterMinutes, "5").unwrap();
        assert_eq!(s.setting(Setting::LockAfterMinutes).unwrap(), "5", "the later value wins");
    }

    #[test]
    fn parsing_and_keys() {
        assert_eq!(Setting::from_key("lock-after-minutes"), Some(Setting::LockAfterMinutes), "dashes work on the command line");
        assert_eq!(Setting::from_key("lock_after"), None);
        assert_eq!(Setting::LockAfterMinutes.parse(" 15 ").unwrap(), "15");
        assert!(Setting::LockAfterMinutes.parse("-1").is_err());
        assert!(Setting::LockAfterMinutes.parse("ten").is_err());
        assert!(Setting::LockAfterMinutes.parse("100000").is_err());
    }
}
