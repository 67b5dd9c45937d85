//! What a backup reads from the store, and what a restore writes to it.
//!
//! Reading is a snapshot of every table a backup carries (rows, not files):
//! each credential's provenance, tags, note and latest report, the holder
//! keys with their secret halves, the share log, the settings and the cached
//! documents. Writing is one [`RestorePlan`] applied in one transaction, so a
//! restore killed at any point leaves the wallet as it was.

use rusqlite::{params, OptionalExtension};
use zeroize::Zeroizing;

use super::credentials::NewCredential;
use super::share_log::ShareEntry;
use super::{Result, Store};

/// A credential row as a backup keeps it: what the learner or Satchel added to
/// the bytes (the summary is re-read from the bytes on restore).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialRow {
    pub hash: String,
    pub size: u64,
    pub media_type: String,
    pub source_kind: String,
    pub source: Option<String>,
    pub added_at: String,
    pub tags: Vec<String>,
    pub note: String,
    pub verdict: Option<String>,
    pub report: Option<String>,
    pub verified_at: Option<String>,
}

/// A holder key with its secret half (wiped when dropped).
#[derive(Debug, Clone)]
pub struct HolderKey {
    pub label: String,
    pub did: String,
    pub algorithm: String,
    pub public_key: Vec<u8>,
    pub secret_key: Zeroizing<Vec<u8>>,
    pub created_at: String,
}

/// A credential to add, with its tags and note.
#[derive(Debug, Clone)]
pub struct RestoredCredential<'a> {
    pub new: NewCredential<'a>,
    pub tags: Vec<String>,
    pub note: String,
}

/// Everything a restore changes, applied at once by [`Store::apply_restore`].
#[derive(Debug, Default)]
pub struct RestorePlan<'a> {
    /// Rows deleted first (by hash): copies an authentic one replaces.
    pub remove_credentials: Vec<String>,
    pub add_credentials: Vec<RestoredCredential<'a>>,
    /// (hash, tags, note) of credentials already there.
    pub annotate: Vec<(String, Vec<String>, String)>,
    /// Holder keys deleted first (by DID): the unused key a new wallet made.
    pub remove_holder_keys: Vec<String>,
    pub add_holder_keys: Vec<HolderKey>,
    pub add_shares: Vec<ShareEntry>,
    pub settings: Vec<(String, String)>,
    pub cache: Vec<super::cache::CachedDocument>,
}

impl Store {
    /// Every credential, oldest first, without its bytes.
    pub fn backup_credentials(&self) -> Result<Vec<CredentialRow>> {
        let mut stmt = self.conn().prepare(
            "SELECT hash, length(bytes), media_type, source_kind, source, added_at, tags, note, verdict, report, verified_at FROM credentials ORDER BY rowid",
        )?;
        let rows = stmt.query_map([], |r| {
            let tags: String = r.get(6)?;
            Ok(CredentialRow {
                hash: r.get(0)?,
                size: r.get::<_, i64>(1)? as u64,
                media_type: r.get(2)?,
                source_kind: r.get(3)?,
                source: r.get(4)?,
                added_at: r.get(5)?,
                tags: serde_json::from_str(&tags).unwrap_or_default(),
                note: r.get(7)?,
                verdict: r.get(8)?,
                report: r.get(9)?,
                verified_at: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The hash of the stored credential with this `id` from this issuer.
    pub fn credential_with_id(&self, credential_id: &str, issuer_id: Option<&str>) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT hash FROM credentials WHERE credential_id = ?1 AND issuer_id IS ?2",
                params![credential_id, issuer_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Every holder key with its secret, oldest (the default) first.
    pub fn backup_holder_keys(&self) -> Result<Vec<HolderKey>> {
        let mut stmt =
            self.conn().prepare("SELECT label, did, algorithm, public_key, secret_key, created_at FROM holder_keys ORDER BY rowid")?;
        let rows = stmt.query_map([], |r| {
            Ok(HolderKey {
                label: r.get(0)?,
                did: r.get(1)?,
                algorithm: r.get(2)?,
                public_key: r.get(3)?,
                secret_key: Zeroizing::new(r.get(4)?),
                created_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every row of the settings table, by key.
    pub fn backup_settings(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn().prepare("SELECT key, value FROM settings ORDER BY key")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many credentials the wallet holds, and when the first of them was
    /// added (for the reminder to back up).
    pub fn credentials_since(&self) -> Result<(u64, Option<String>)> {
        Ok(self.conn().query_row("SELECT COUNT(*), MIN(added_at) FROM credentials", [], |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)))?)
    }

    /// A raw setting row (`None` when unset).
    pub fn raw_setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn().query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    /// Sets (or with `None` removes) a raw setting row.
    pub fn set_raw_setting(&self, key: &str, value: Option<&str>) -> Result<()> {
        match value {
            Some(v) => self.conn().execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, v],
            )?,
            None => self.conn().execute("DELETE FROM settings WHERE key = ?1", [key])?,
        };
        Ok(())
    }

    /// Every cached document with its body.
    pub fn backup_cache(&self) -> Result<Vec<super::cache::CachedDocument>> {
        let mut stmt = self.conn().prepare("SELECT url, body, media_type, fetched_at, expires_at, manual FROM cache ORDER BY url")?;
        let rows = stmt.query_map([], |r| {
            Ok(super::cache::CachedDocument {
                url: r.get(0)?,
                body: r.get(1)?,
                media_type: r.get(2)?,
                fetched_at: r.get(3)?,
                expires_at: r.get(4)?,
                manual: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Applies `plan` in one transaction: all of it, or (on any error, or a
    /// process killed before the commit) none of it.
    pub fn apply_restore(&mut self, plan: &RestorePlan<'_>) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        for hash in &plan.remove_credentials {
            tx.execute("DELETE FROM credentials WHERE hash = ?1", [hash])?;
        }
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO credentials (hash, credential_id, bytes, media_type, format, container, title, description, issuer_name, issuer_id, subject, issued_at, valid_from, valid_until, image, source_kind, source, added_at, verdict, report, verified_at, keywords, tags, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
            )?;
            for c in &plan.add_credentials {
                let (n, s) = (&c.new, &c.new.summary);
                insert.execute(params![
                    n.hash,
                    n.credential_id,
                    n.bytes,
                    n.media_type,
                    n.format,
                    n.container,
                    s.title,
                    s.description,
                    s.issuer_name,
                    s.issuer_id,
                    s.subject,
                    s.issued_at,
                    s.valid_from,
                    s.valid_until,
                    s.image,
                    n.source_kind,
                    n.source,
                    n.added_at,
                    n.report.as_ref().map(|r| &r.verdict),
                    n.report.as_ref().map(|r| &r.json),
                    n.report.as_ref().map(|r| &r.verified_at),
                    n.keywords,
                    serde_json::to_string(&c.tags).expect("strings serialise"),
                    c.note,
                ])?;
            }
        }
        for (hash, tags, note) in &plan.annotate {
            let tags = serde_json::to_string(tags).expect("strings serialise");
            tx.execute("UPDATE credentials SET tags = ?2, note = ?3 WHERE hash = ?1", params![hash, tags, note])?;
        }
        for did in &plan.remove_holder_keys {
            tx.execute("DELETE FROM holder_keys WHERE did = ?1", [did])?;
        }
        for k in &plan.add_holder_keys {
            tx.execute(
                "INSERT INTO holder_keys (label, did, algorithm, public_key, secret_key, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![k.label, k.did, k.algorithm, k.public_key, k.secret_key.as_slice(), k.created_at],
            )?;
        }
        for e in &plan.add_shares {
            tx.execute(
                "INSERT INTO share_log (credentials, method, recipient, shared_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    serde_json::to_string(&e.credentials).expect("strings serialise"),
                    e.method.as_str(),
                    e.recipient,
                    e.shared_at,
                    e.expires_at
                ],
            )?;
        }
        for (key, value) in &plan.settings {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
        }
        for d in &plan.cache {
            tx.execute(
                "INSERT INTO cache (url, body, media_type, fetched_at, expires_at, manual) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (url) DO UPDATE SET body = excluded.body, media_type = excluded.media_type,
                   fetched_at = excluded.fetched_at, expires_at = excluded.expires_at, manual = excluded.manual",
                params![d.url, d.body, d.media_type, d.fetched_at, d.expires_at, d.manual],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::store;
    use super::*;

    #[test]
    fn a_failing_plan_changes_nothing() {
        let (_d, mut s) = store();
        s.set_raw_setting("lock_after_minutes", Some("5")).unwrap();
        let key = HolderKey {
            label: "Me".into(),
            did: "did:key:z6Mk1".into(),
            algorithm: "Ed25519".into(),
            public_key: vec![1; 32],
            secret_key: Zeroizing::new(vec![2; 32]),
            created_at: "2026-01-01T00:00:00Z".into(),
        };
        // The same DID twice: the second insert breaks the UNIQUE constraint after the first was written.
        let plan = RestorePlan {
            settings: vec![("lock_after_minutes".into(), "30".into())],
            add_holder_keys: vec![key.clone(), key],
            ..RestorePlan::default()
        };
        assert!(s.apply_restore(&plan).is_err(), "a duplicate DID fails the plan");
        assert_eq!(s.raw_setting("lock_after_minutes").unwrap().as_deref(), Some("5"), "the earlier write was rolled back");
        assert!(s.backup_holder_keys().unwrap().is_empty(), "the first key, written before the failure, was rolled back");
    }
}
