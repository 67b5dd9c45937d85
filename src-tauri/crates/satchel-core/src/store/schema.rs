//! The schema, as an append-only list of migrations. Never edit a shipped
//! entry: add a new one. `PRAGMA user_version` counts the ones applied.

use rusqlite::Connection;

use super::Result;

pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    r#"
    CREATE TABLE credentials (
        rowid          INTEGER PRIMARY KEY,
        hash           TEXT NOT NULL UNIQUE,      -- SHA-256 hex of `bytes`
        credential_id  TEXT,                      -- the credential's own id, when it has one
        bytes          BLOB NOT NULL,             -- exactly as received
        media_type     TEXT NOT NULL,
        format         TEXT NOT NULL,
        container      TEXT NOT NULL,             -- bare | png | svg
        title          TEXT,
        description    TEXT,
        issuer_name    TEXT,
        issuer_id      TEXT,
        subject        TEXT,
        issued_at      TEXT,
        valid_from     TEXT,
        valid_until    TEXT,
        image          TEXT,
        report         TEXT,                      -- latest verification report (JSON)
        verified_at    TEXT,
        verdict        TEXT,
        source_kind    TEXT NOT NULL,             -- file | url | paste | sample
        source         TEXT,
        added_at       TEXT NOT NULL,
        tags           TEXT NOT NULL DEFAULT '[]',
        note           TEXT NOT NULL DEFAULT ''
    ) STRICT;
    CREATE INDEX credentials_by_added ON credentials (added_at DESC, rowid DESC);
    CREATE INDEX credentials_by_id ON credentials (credential_id, issuer_id);

    CREATE TABLE share_log (
        rowid        INTEGER PRIMARY KEY,
        credentials  TEXT NOT NULL,               -- JSON array of credential hashes
        method       TEXT NOT NULL,               -- package | qr | link | linkedin
        recipient    TEXT,
        shared_at    TEXT NOT NULL,
        expires_at   TEXT,
        detail       TEXT NOT NULL DEFAULT '{}'
    ) STRICT;

    CREATE TABLE holder_keys (
        rowid        INTEGER PRIMARY KEY,
        label        TEXT NOT NULL,
        did          TEXT NOT NULL UNIQUE,
        algorithm    TEXT NOT NULL,
        public_key   BLOB NOT NULL,
        secret_key   BLOB NOT NULL,
        created_at   TEXT NOT NULL
    ) STRICT;

    CREATE TABLE cache (
        url          TEXT PRIMARY KEY,
        body         BLOB NOT NULL,
        media_type   TEXT,
        fetched_at   TEXT NOT NULL,
        expires_at   TEXT,
        manual       INTEGER NOT NULL DEFAULT 0   -- 1: added by hand (`satchel cache add`)
    ) STRICT;

    CREATE TABLE settings (
        key          TEXT PRIMARY KEY,
        value        TEXT NOT NULL
    ) STRICT;
    "#,
    // 2: words to search by that the summary does not hold (skills, learning
    // outcomes, achievement titles), filled on import.
    r#"
    ALTER TABLE credentials ADD COLUMN keywords TEXT NOT NULL DEFAULT '';
    CREATE INDEX credentials_by_verdict ON credentials (verdict);
    "#,
];

/// Applies the migrations not yet applied, each in its own transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let applied: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
