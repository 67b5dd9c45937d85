//! The `settings` table: small named values (JSON text), such as the idle
//! lock timeout.

use rusqlite::{params, OptionalExtension};

use super::{Result, Store};

impl Store {
    /// The stored value of `key`, if set.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn().query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    /// Sets `key` to `value`, replacing any earlier value.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::store;

    #[test]
    fn set_get_replace() {
        let (_d, mut s) = store();
        assert_eq!(s.setting("lock_after_minutes").unwrap(), None);
        s.set_setting("lock_after_minutes", "10").unwrap();
        s.set_setting("lock_after_minutes", "5").unwrap();
        assert_eq!(s.setting("lock_after_minutes").unwrap().as_deref(), Some("5"), "the later value wins");
    }
}
