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

use crate::error_code::ErrorCode;
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
        // Made empty and 0600 first: SQLite then opens it as a new database,
        // and gives its -wal and -shm files the same mode.
        crate::files::new_private(path).map_err(|e| Error::Corrupt(format!("`{}` cannot be created: {e}", path.display())))?;
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

    /// Re-encrypts every page with `new` (`PRAGMA rekey`). The WAL is
    /// checkpointed and the journal switched to DELETE around it, so the
    /// rewrite runs under a rollback journal in the main file, with no frame
    /// under the old key left in a WAL; then WAL is switched back on.
    ///
    /// See: <https://www.zetetic.net/sqlcipher/sqlcipher-api/#rekey>
    pub fn rekey(&mut self, new: &DatabaseKey) -> Result<()> {
        self.checkpoint()?;
        let mode: String = self.conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(Error::Corrupt(format!("the journal could not leave WAL mode for re-keying (it is `{mode}`)")));
        }
        let value = new.sqlcipher_pragma_value();
        let rekeyed = self.conn.execute_batch(&format!("PRAGMA rekey = \"{}\";", value.as_str()));
        let back: rusqlite::Result<String> = self.conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0));
        rekeyed?;
        back?;
        let problems = self.quick_check()?;
        if let Some(first) = problems.first() {
            return Err(Error::Corrupt(format!("after re-keying: {first}")));
        }
        Ok(())
    }

    /// Checkpoints the WAL so the main file is complete.
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
    fn rekey_changes_the_key_and_keeps_the_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        let (old, new) = (DatabaseKey::random(), DatabaseKey::random());
        let mut s = Store::create(&path, &old).unwrap();
        s.conn().execute("INSERT INTO settings (key, value) VALUES ('k', 'v')", []).unwrap();
        s.rekey(&new).unwrap();
        drop(s);
        assert!(matches!(Store::open(&path, &old), Err(Error::Corrupt(_))), "the old key no longer opens it");
        let s = Store::open(&path, &new).unwrap();
        let v: String = s.conn().query_row("SELECT value FROM settings WHERE key = 'k'", [], |r| r.get(0)).unwrap();
        assert_eq!(v, "v", "every row survives the re-key");
        let mode: String = s.conn().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal", "WAL is back on");
    }

    #[test]
    #[cfg(unix)]
    fn new_database_files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        let s = Store::create(&path, &DatabaseKey::random()).unwrap();
        for name in [DATABASE_FILE.to_string(), format!("{DATABASE_FILE}-wal")] {
            let p = dir.path().join(&name);
            if p.exists() {
                assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600, "{name} is the owner's only");
            }
        }
        drop(s);
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
