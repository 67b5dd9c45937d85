//! The encrypted wallet database: SQLite with SQLCipher, keyed with a raw
//! 256-bit [`DatabaseKey`](crate::vault::DatabaseKey).
//!
//! A [`Store`] is an open, keyed, migrated connection. Opening never creates or
//! changes anything before the key and the file have been checked, so a wrong
//! key or a damaged file leaves the folder as it was. The schema grows only by
//! appending to [`schema::MIGRATIONS`]; `PRAGMA user_version` records how many
//! ran.
//!
//! Each table has its own module, read and written through the [`Store`]:
//! [`credentials`], [`share_log`], [`cache`], [`settings`] (and `holder_keys`,
//! created here, filled by the sharing work).

pub mod backup;
pub mod cache;
pub mod credentials;
pub mod holder_keys;
mod schema;
pub mod settings;
pub mod share_log;

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::ErrorCode;
use crate::vault::DatabaseKey;

/// File name of the database inside a wallet folder.
pub const DATABASE_FILE: &str = "wallet.db";

/// Errors of the database.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("the wallet database `{0}` is missing")]
    Missing(String),
    #[error("the wallet database is damaged or does not belong to this wallet: {0}")]
    Corrupt(String),
    #[error("the wallet was made by a newer Satchel (schema {found}, this one knows {known}); update Satchel")]
    TooNew { found: i64, known: i64 },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Missing(_) => ErrorCode::DatabaseMissing,
            Self::Corrupt(_) => ErrorCode::DatabaseCorrupt,
            Self::TooNew { .. } | Self::Sqlite(_) => ErrorCode::Storage,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An open, keyed, migrated wallet database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Creates a new database at `path`; fails if a file is already there.
    pub fn create(path: &Path, key: &DatabaseKey) -> Result<Self> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if path.exists() {
            return Err(Error::Corrupt(format!("`{}` already exists", path.display())));
        }
        let conn = Connection::open_with_flags(path, flags)?;
        apply_key(&conn, key)?;
        // WAL is persistent in the file header: set once, here.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        let mut store = Self { conn };
        store.configure()?;
        schema::migrate(&mut store.conn)?;
        Ok(store)
    }

    /// Opens the database at `path` with `key`, checks it and brings its schema
    /// up to date.
    ///
    /// # Errors
    /// [`Error::Missing`] when there is no file, [`Error::Corrupt`] when the key
    /// does not decrypt it or its pages fail the integrity check (nothing is
    /// written in either case), [`Error::TooNew`] for a newer schema.
    pub fn open(path: &Path, key: &DatabaseKey) -> Result<Self> {
        if !path.is_file() {
            return Err(Error::Missing(path.display().to_string()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        apply_key(&conn, key)?;
        let mut store = Self { conn };
        store.check()?;
        store.configure()?;
        schema::migrate(&mut store.conn)?;
        Ok(store)
    }

    /// Reads before anything can write: the key must decrypt page 1, the schema
    /// must be Satchel's, and `integrity_check` must pass over every page and
    /// index (137 ms for 10,000 credentials; see the `store` benchmark).
    fn check(&self) -> Result<()> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| Error::Corrupt(format!("it cannot be decrypted with the wallet's key ({e})")))?;
        if version == 0 {
            return Err(Error::Corrupt("it holds no Satchel schema (empty or truncated file)".into()));
        }
        if version > schema::MIGRATIONS.len() as i64 {
            return Err(Error::TooNew { found: version, known: schema::MIGRATIONS.len() as i64 });
        }
        let problems = self.integrity_check().map_err(|e| Error::Corrupt(e.to_string()))?;
        if let Some(first) = problems.first() {
            return Err(Error::Corrupt(format!("integrity check failed: {first}")));
        }
        Ok(())
    }

    fn configure(&self) -> Result<()> {
        // FULL: a committed import survives power loss, not just a killed process.
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        // Temporary tables and sort spills stay in memory, never in a clear-text file.
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(())
    }

    /// `PRAGMA quick_check`: every page read and decrypted, b-tree structure
    /// checked. Returns the problems found (none when healthy).
    pub fn quick_check(&self) -> Result<Vec<String>> {
        pragma_rows(&self.conn, "PRAGMA quick_check")
    }

    /// The full `PRAGMA integrity_check` (indexes against tables too).
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        pragma_rows(&self.conn, "PRAGMA integrity_check")
    }

    /// The schema version (number of migrations applied).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Re-keying is never needed: the key is wrapped, not derived from the
    /// passphrase. This only checkpoints the WAL so the main file is complete.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

fn apply_key(conn: &Connection, key: &DatabaseKey) -> Result<()> {
    // SQLCipher reports a failed page decryption on stderr by itself; the
    // caller turns it into an error with a code, so keep its log quiet.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    let value = key.sqlcipher_pragma_value();
    // The value is a hex blob literal; it cannot be bound as a parameter.
    conn.execute_batch(&format!("PRAGMA key = \"{}\";", value.as_str()))?;
    Ok(())
}

fn pragma_rows(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for row in rows {
        let row = row?;
        if row != "ok" {
            out.push(row);
        }
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    /// A fresh store in a temporary folder (SQLCipher needs a file for WAL).
    pub fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(&dir.path().join(DATABASE_FILE), &DatabaseKey::random()).unwrap();
        (dir, store)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reopen_with_same_key_and_refuse_other_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        let key = DatabaseKey::random();
        drop(Store::create(&path, &key).unwrap());
        let s = Store::open(&path, &key).unwrap();
        assert_eq!(s.schema_version().unwrap(), schema::MIGRATIONS.len() as i64);
        drop(s);
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path, &DatabaseKey::random()).unwrap_err();
        assert!(matches!(err, Error::Corrupt(_)), "another key cannot decrypt page 1: {err}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "a failed open writes nothing");
    }

    #[test]
    fn missing_file_is_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        assert!(matches!(Store::open(&path, &DatabaseKey::random()), Err(Error::Missing(_))));
        assert!(!path.exists(), "open must never create a database");
    }

    #[test]
    fn empty_file_is_corrupt_not_a_new_wallet() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        std::fs::write(&path, b"").unwrap();
        assert!(matches!(Store::open(&path, &DatabaseKey::random()), Err(Error::Corrupt(_))));
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 0, "still empty");
    }
}
