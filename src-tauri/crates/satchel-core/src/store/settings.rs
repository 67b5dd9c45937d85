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
    /// Hosts Satchel may contact even at a non-public address (an issuer
    /// inside an organisation's network): `HOST[:PORT]`, separated by commas
    /// or spaces. Default: none (public addresses only).
    AllowedHosts,
}

impl Setting {
    pub const ALL: &'static [Setting] = &[Setting::LockAfterMinutes, Setting::AllowedHosts];

    /// The key stored in the table (and typed on the command line).
    pub fn key(self) -> &'static str {
        match self {
            Self::LockAfterMinutes => "lock_after_minutes",
            Self::AllowedHosts => "allowed_hosts",
        }
    }

    pub fn default_value(self) -> &'static str {
        match self {
            Self::LockAfterMinutes => "10",
            Self::AllowedHosts => "",
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
            Self::AllowedHosts => {
                let hosts = allowed_hosts(value).map_err(|e| format!("`allowed_hosts`: {e}"))?;
                Ok(hosts.iter().map(ToString::to_string).collect::<Vec<_>>().join(","))
            }
        }
    }
}

/// The hosts of an `allowed_hosts` value (`HOST[:PORT]`, separated by
/// commas or spaces).
///
/// # Errors
/// The first entry that is not `HOST` or `HOST:PORT`.
pub fn allowed_hosts(value: &str) -> Result<Vec<crate::fetch::AllowedHost>, String> {
    value.split([',', ' ', '\n', '\t']).filter(|h| !h.trim().is_empty()).map(str::parse).collect()
}

impl Store {
    /// The network policy of this wallet: public addresses, and the hosts
    /// of its `allowed_hosts` setting.
    pub fn network_policy(&self) -> Result<crate::fetch::NetworkPolicy> {
        let value = self.setting(Setting::AllowedHosts)?;
        Ok(allowed_hosts(&value).unwrap_or_default().into_iter().fold(crate::fetch::NetworkPolicy::public_only(), |p, h| p.allow(h)))
    }

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

    #[test]
    fn allowed_hosts_are_checked_and_make_the_policy() {
        assert_eq!(Setting::from_key("allowed-hosts"), Some(Setting::AllowedHosts));
        assert_eq!(
            Setting::AllowedHosts.parse(" Issuer.Intra:8443, 10.0.0.7 [fd00::1]:443").unwrap(),
            "issuer.intra:8443,10.0.0.7,[fd00::1]:443"
        );
        assert!(Setting::AllowedHosts.parse("https://issuer.intra/").is_err(), "a URL is not a host");
        assert!(Setting::AllowedHosts.parse("host:99999").is_err(), "ports end at 65535");
        let (_d, mut s) = store();
        let private: std::net::IpAddr = "10.0.0.7".parse().unwrap();
        assert!(!s.network_policy().unwrap().permits("10.0.0.7", 443, private), "by default a private address is refused");
        s.set_setting(Setting::AllowedHosts, &Setting::AllowedHosts.parse("10.0.0.7").unwrap()).unwrap();
        assert!(s.network_policy().unwrap().permits("10.0.0.7", 443, private), "the setting allows the named host");
    }
}
