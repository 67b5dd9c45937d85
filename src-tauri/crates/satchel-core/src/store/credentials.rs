//! The `credentials` table: every credential's exact bytes with the summary
//! used for listing, its latest verification report, provenance, tags and note.
//!
//! Rows are addressed by the SHA-256 of their bytes; users see a short prefix
//! of it ([`SHORT_ID_LEN`] hex digits), and any unique prefix of four or more
//! digits finds a row.

use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::{Result, Store};
use crate::credential::Summary;

/// Hex digits of the hash shown as a credential's id.
pub const SHORT_ID_LEN: usize = 12;
/// The shortest prefix accepted when looking a credential up.
pub const MIN_PREFIX_LEN: usize = 4;

/// What an import stores.
#[derive(Debug, Clone)]
pub struct NewCredential<'a> {
    pub bytes: &'a [u8],
    pub hash: String,
    pub credential_id: Option<String>,
    pub media_type: String,
    pub format: String,
    pub container: String,
    pub summary: Summary,
    pub source_kind: String,
    pub source: Option<String>,
    pub added_at: String,
    /// The verification report made on import, if verification ran.
    pub report: Option<StoredReport>,
    /// Extra words to search by (skills, outcomes), lower case.
    pub keywords: String,
}

/// A verification report as stored: its verdict (for listing and filtering),
/// the whole report as JSON, and when it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReport {
    pub verdict: String,
    pub json: String,
    pub verified_at: String,
}

/// A stored credential as listed: everything but its bytes and report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CredentialRecord {
    /// Short, stable id: the first digits of `hash`.
    pub id: String,
    pub hash: String,
    pub credential_id: Option<String>,
    pub media_type: String,
    pub format: String,
    pub container: String,
    #[serde(flatten)]
    pub summary: Summary,
    pub verdict: Option<String>,
    pub verified_at: Option<String>,
    pub source_kind: String,
    pub source: Option<String>,
    pub added_at: String,
    pub tags: Vec<String>,
    pub note: String,
}

/// Why an import did not add a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DuplicateOf {
    /// The same bytes are already stored.
    SameContent,
    /// A credential with the same `id` from the same issuer is already stored
    /// (re-issued or re-signed). Ids are only unique per issuer: public
    /// examples reuse `http://example.edu/credentials/3732` across issuers.
    SameId,
}

/// The result of [`Store::insert_credential`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inserted {
    Added(CredentialRecord),
    /// Stored although a credential with the same `id` and issuer is there:
    /// this copy's signature checked out and none of the stored ones did
    /// (`invalid`, `unverifiable` or not verified: a tampered or forged twin
    /// can be made uncheckable as easily as wrong; it is kept for the learner
    /// to see and delete).
    AddedBeside {
        added: CredentialRecord,
        twin: Box<CredentialRecord>,
    },
    Duplicate {
        existing: CredentialRecord,
        of: DuplicateOf,
    },
}

/// True for a verdict reached after the signature or seal checked out:
/// whatever else is wrong (dates, status), the issuer made it.
fn authentic(verdict: Option<&str>) -> bool {
    matches!(verdict, Some("valid" | "expired" | "not_yet_valid" | "revoked" | "suspended"))
}

/// One page of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Page {
    pub offset: u32,
    pub limit: u32,
}

/// How a listing is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Sort {
    /// Newest in the wallet first.
    #[default]
    Added,
    /// Most recently issued first.
    Issued,
    /// By title, A to Z.
    Title,
}

/// What the gallery asks for: words to find, filters, an order, a page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Query {
    /// Words that must all appear in the title, issuer, description, tags,
    /// skills or learning outcomes (case-insensitive).
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub verdict: Option<String>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub issuer: Option<String>,
    /// The issuer by identity (its DID or key id), whatever name it claims.
    #[serde(default)]
    pub issuer_id: Option<String>,
    #[serde(default)]
    pub sort: Sort,
    #[serde(default)]
    pub page: Page,
}

/// One page of results and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Found {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: u64,
    pub items: Vec<CredentialRecord>,
}

/// The values the gallery's filters offer, with how many credentials have each.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Facets {
    #[cfg_attr(feature = "ts", ts(type = "Array<[string, number]>"))]
    pub verdicts: Vec<(String, u64)>,
    #[cfg_attr(feature = "ts", ts(type = "Array<[string, number]>"))]
    pub formats: Vec<(String, u64)>,
    #[cfg_attr(feature = "ts", ts(type = "Array<[string, number]>"))]
    pub issuers: Vec<(String, u64)>,
    /// Issuers by identity (id, a name it claims, count): unrelated keys
    /// that claim one name stay apart, and the name is only a claim.
    #[cfg_attr(feature = "ts", ts(type = "Array<[string, string, number]>"))]
    pub issuer_ids: Vec<(String, String, u64)>,
}

impl Default for Page {
    fn default() -> Self {
        Self { offset: 0, limit: 50 }
    }
}

const RECORD_COLUMNS: &str = "hash, credential_id, media_type, format, container, title, description, issuer_name, issuer_id, subject, issued_at, valid_from, valid_until, image, verdict, verified_at, source_kind, source, added_at, tags, note";

fn record(row: &Row<'_>) -> rusqlite::Result<CredentialRecord> {
    let hash: String = row.get(0)?;
    let tags: String = row.get(19)?;
    Ok(CredentialRecord {
        id: hash[..SHORT_ID_LEN].to_string(),
        credential_id: row.get(1)?,
        media_type: row.get(2)?,
        format: row.get(3)?,
        container: row.get(4)?,
        summary: Summary {
            title: row.get(5)?,
            description: row.get(6)?,
            issuer_name: row.get(7)?,
            issuer_id: row.get(8)?,
            subject: row.get(9)?,
            issued_at: row.get(10)?,
            valid_from: row.get(11)?,
            valid_until: row.get(12)?,
            image: row.get(13)?,
            text_warnings: Vec::new(),
        }
        .flag_deceptive_text(),
        verdict: row.get(14)?,
        verified_at: row.get(15)?,
        source_kind: row.get(16)?,
        source: row.get(17)?,
        added_at: row.get(18)?,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        note: row.get(20)?,
        hash,
    })
}

/// The outcome of resolving a user-typed id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Found(Box<CredentialRecord>),
    NotFound,
    Ambiguous,
}

impl Store {
    /// Stores a credential in one transaction, unless the same bytes, or the
    /// same credential `id` from the same issuer, are already there.
    pub fn insert_credential(&mut self, new: &NewCredential<'_>) -> Result<Inserted> {
        let tx = self.conn_mut().transaction()?;
        let by_hash = tx.query_row(&format!("SELECT {RECORD_COLUMNS} FROM credentials WHERE hash = ?1"), [&new.hash], record).optional()?;
        if let Some(existing) = by_hash {
            return Ok(Inserted::Duplicate { existing, of: DuplicateOf::SameContent });
        }
        // Same id and issuer: decided on what was verified, never on which
        // file came first. A copy whose signature checked out is stored unless
        // an authentic twin is already there; one that did not never
        // displaces anything.
        let mut twin = None;
        if let Some(cid) = &new.credential_id {
            let twins: Vec<CredentialRecord> = {
                let mut stmt = tx.prepare(&format!(
                    "SELECT {RECORD_COLUMNS} FROM credentials WHERE credential_id = ?1 AND issuer_id IS ?2 ORDER BY rowid LIMIT 50"
                ))?;
                let rows = stmt.query_map(params![cid, new.summary.issuer_id], record)?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            let new_authentic = authentic(new.report.as_ref().map(|r| r.verdict.as_str()));
            if let Some(existing) = twins.iter().find(|t| authentic(t.verdict.as_deref())).or(twins.first()) {
                if !new_authentic || authentic(existing.verdict.as_deref()) {
                    return Ok(Inserted::Duplicate { existing: existing.clone(), of: DuplicateOf::SameId });
                }
                twin = Some(existing.clone());
            }
        }
        let s = &new.summary;
        tx.execute(
            "INSERT INTO credentials (hash, credential_id, bytes, media_type, format, container, title, description, issuer_name, issuer_id, subject, issued_at, valid_from, valid_until, image, source_kind, source, added_at, verdict, report, verified_at, keywords)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
            params![
                new.hash, new.credential_id, new.bytes, new.media_type, new.format, new.container, s.title, s.description, s.issuer_name, s.issuer_id, s.subject, s.issued_at, s.valid_from, s.valid_until, s.image,
                new.source_kind, new.source, new.added_at,
                new.report.as_ref().map(|r| &r.verdict),
                new.report.as_ref().map(|r| &r.json),
                new.report.as_ref().map(|r| &r.verified_at),
                new.keywords
            ],
        )?;
        let added = tx.query_row(&format!("SELECT {RECORD_COLUMNS} FROM credentials WHERE hash = ?1"), [&new.hash], record)?;
        tx.commit()?;
        Ok(match twin {
            Some(twin) => Inserted::AddedBeside { added, twin: Box::new(twin) },
            None => Inserted::Added(added),
        })
    }

    /// How many credentials the wallet holds.
    pub fn count_credentials(&self) -> Result<u64> {
        Ok(self.conn().query_row("SELECT count(*) FROM credentials", [], |r| r.get(0))?)
    }

    /// One page of credentials, newest first.
    pub fn list_credentials(&self, page: Page) -> Result<Vec<CredentialRecord>> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("SELECT {RECORD_COLUMNS} FROM credentials ORDER BY added_at DESC, rowid DESC LIMIT ?1 OFFSET ?2"))?;
        let rows = stmt.query_map(params![page.limit, page.offset], record)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Finds the credential whose hash starts with `prefix` (lowercase hex, at
    /// least [`MIN_PREFIX_LEN`] digits).
    /// The credentials matching `q`, one page of them, and how many match.
    pub fn search_credentials(&self, q: &Query) -> Result<Found> {
        let mut clauses: Vec<String> = Vec::new();
        let mut args: Vec<String> = Vec::new();
        for word in q.text.as_deref().unwrap_or("").split_whitespace().take(8) {
            let escaped = word.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            args.push(format!("%{escaped}%"));
            let n = args.len();
            clauses.push(format!(
                "(lower(coalesce(title,'')) LIKE ?{n} ESCAPE '\\' OR lower(coalesce(issuer_name,'')) LIKE ?{n} ESCAPE '\\' OR lower(coalesce(description,'')) LIKE ?{n} ESCAPE '\\' OR lower(tags) LIKE ?{n} ESCAPE '\\' OR keywords LIKE ?{n} ESCAPE '\\')"
            ));
        }
        for (column, value) in [("verdict", &q.verdict), ("format", &q.format), ("issuer_name", &q.issuer), ("issuer_id", &q.issuer_id)] {
            if let Some(v) = value {
                args.push(v.clone());
                clauses.push(format!("{column} = ?{}", args.len()));
            }
        }
        let filter = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
        let order = match q.sort {
            Sort::Added => "added_at DESC, rowid DESC",
            Sort::Issued => "coalesce(issued_at, valid_from, added_at) DESC, rowid DESC",
            Sort::Title => "lower(coalesce(title, '')) ASC, rowid DESC",
        };
        let total: u64 =
            self.conn()
                .query_row(&format!("SELECT count(*) FROM credentials {filter}"), rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
        let limit = q.page.limit.min(500);
        let sql = format!("SELECT {RECORD_COLUMNS} FROM credentials {filter} ORDER BY {order} LIMIT {limit} OFFSET {}", q.page.offset);
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let items = stmt.query_map(rusqlite::params_from_iter(args.iter()), record)?.collect::<rusqlite::Result<_>>()?;
        Ok(Found { total, items })
    }

    /// The values the filters offer.
    pub fn credential_facets(&self) -> Result<Facets> {
        let group = |column: &str| -> Result<Vec<(String, u64)>> {
            let mut stmt = self.conn().prepare_cached(&format!(
                "SELECT coalesce({column}, ''), count(*) FROM credentials GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 200"
            ))?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let mut stmt = self.conn().prepare_cached(
            "SELECT issuer_id, coalesce(max(issuer_name), ''), count(*) FROM credentials WHERE issuer_id IS NOT NULL GROUP BY 1 ORDER BY 3 DESC, 2, 1 LIMIT 200",
        )?;
        let issuer_ids = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(Facets { verdicts: group("verdict")?, formats: group("format")?, issuers: group("issuer_name")?, issuer_ids })
    }

    pub fn find_credential(&self, prefix: &str) -> Result<Lookup> {
        let prefix = prefix.trim().to_ascii_lowercase();
        if prefix.len() < MIN_PREFIX_LEN || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(Lookup::NotFound);
        }
        // Hex digits sort below 'g', so [prefix, prefix+'g') is exactly the prefix range.
        let upper = format!("{prefix}g");
        let mut stmt =
            self.conn().prepare_cached(&format!("SELECT {RECORD_COLUMNS} FROM credentials WHERE hash >= ?1 AND hash < ?2 LIMIT 2"))?;
        let mut found: Vec<CredentialRecord> = stmt.query_map(params![prefix, upper], record)?.collect::<rusqlite::Result<_>>()?;
        Ok(match found.len() {
            0 => Lookup::NotFound,
            1 => Lookup::Found(Box::new(found.remove(0))),
            _ => Lookup::Ambiguous,
        })
    }

    /// The exact bytes stored for `hash`.
    pub fn credential_bytes(&self, hash: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.conn().query_row("SELECT bytes FROM credentials WHERE hash = ?1", [hash], |r| r.get(0)).optional()?)
    }

    /// The latest verification report (JSON) for `hash`, if any.
    pub fn credential_report(&self, hash: &str) -> Result<Option<String>> {
        Ok(self.conn().query_row("SELECT report FROM credentials WHERE hash = ?1", [hash], |r| r.get(0)).optional()?.flatten())
    }

    /// Records a verification report.
    pub fn set_report(&mut self, hash: &str, verdict: &str, report_json: &str, verified_at: &str) -> Result<bool> {
        let n = self.conn().execute(
            "UPDATE credentials SET verdict = ?2, report = ?3, verified_at = ?4 WHERE hash = ?1",
            params![hash, verdict, report_json, verified_at],
        )?;
        Ok(n == 1)
    }

    /// Replaces what a credential's row says of it (its summary and search
    /// words), read again from its bytes: a newer Satchel may read more.
    pub fn set_summary(&mut self, hash: &str, s: &Summary, keywords: &str) -> Result<bool> {
        let n = self.conn().execute(
            "UPDATE credentials SET title = ?2, description = ?3, issuer_name = ?4, issuer_id = ?5, subject = ?6, issued_at = ?7,
             valid_from = ?8, valid_until = ?9, image = ?10, keywords = ?11 WHERE hash = ?1",
            params![
                hash,
                s.title,
                s.description,
                s.issuer_name,
                s.issuer_id,
                s.subject,
                s.issued_at,
                s.valid_from,
                s.valid_until,
                s.image,
                keywords
            ],
        )?;
        Ok(n == 1)
    }

    /// Replaces the tags and note of a credential.
    pub fn set_tags_and_note(&mut self, hash: &str, tags: &[String], note: &str) -> Result<bool> {
        let tags = serde_json::to_string(tags).expect("strings serialise");
        let n = self.conn().execute("UPDATE credentials SET tags = ?2, note = ?3 WHERE hash = ?1", params![hash, tags, note])?;
        Ok(n == 1)
    }

    /// Deletes a credential; true when a row went.
    pub fn delete_credential(&mut self, hash: &str) -> Result<bool> {
        Ok(self.conn().execute("DELETE FROM credentials WHERE hash = ?1", [hash])? == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::store;
    use super::*;

    fn new(bytes: &[u8], id: Option<&str>, at: &str) -> NewCredential<'static> {
        let bytes: &'static [u8] = Box::leak(bytes.to_vec().into_boxed_slice());
        NewCredential {
            bytes,
            hash: crate::credential::content_hash(bytes),
            credential_id: id.map(str::to_string),
            media_type: "application/json".into(),
            format: "vc-vc2-none".into(),
            container: "bare".into(),
            summary: Summary { title: Some(format!("title {at}")), ..Summary::default() },
            source_kind: "file".into(),
            source: Some("a.json".into()),
            added_at: at.into(),
            report: None,
            keywords: String::new(),
        }
    }

    #[test]
    fn issuers_are_told_apart_by_identity_not_by_the_name_they_claim() {
        let (_d, mut s) = store();
        for (n, key) in ["did:key:zA", "did:key:zB", "did:key:zA"].iter().enumerate() {
            let mut c = new(format!("{{\"c\":{n}}}").as_bytes(), None, "2026-01-01T00:00:00Z");
            c.summary = Summary { issuer_name: Some("University".into()), issuer_id: Some(key.to_string()), ..Summary::default() };
            s.insert_credential(&c).unwrap();
        }
        let facets = s.credential_facets().unwrap();
        assert_eq!(facets.issuers, vec![("University".to_string(), 3)], "by name, unrelated keys merge");
        assert_eq!(
            facets.issuer_ids,
            vec![("did:key:zA".to_string(), "University".to_string(), 2), ("did:key:zB".to_string(), "University".to_string(), 1)],
            "by identity they stay apart, each with the name it claims"
        );
        let found = s.search_credentials(&Query { issuer_id: Some("did:key:zB".into()), ..Query::default() }).unwrap();
        assert_eq!(found.total, 1, "the filter picks one issuer's credentials");
    }

    #[test]
    fn search_filters_sorts_and_pages() {
        let (_d, mut s) = store();
        let mut a = new(b"{\"a\":1}", None, "2026-01-01T00:00:00Z");
        a.summary = Summary { title: Some("Welding 100%_safe".into()), issuer_name: Some("Trade School".into()), ..Summary::default() };
        a.keywords = "teamwork \u{1f} arc welding".into();
        a.report = Some(StoredReport { verdict: "valid".into(), json: "{}".into(), verified_at: "2026-01-01T00:00:00Z".into() });
        let mut b = new(b"{\"b\":1}", None, "2026-01-02T00:00:00Z");
        b.summary = Summary {
            title: Some("Algebra".into()),
            issuer_name: Some("University".into()),
            issued_at: Some("2020-01-01".into()),
            ..Summary::default()
        };
        b.format = "ob3-vc2-di".into();
        s.insert_credential(&a).unwrap();
        s.insert_credential(&b).unwrap();
        let find = |q: Query| s.search_credentials(&q).unwrap();
        let titles = |f: Found| f.items.into_iter().map(|r| r.summary.title.unwrap_or_default()).collect::<Vec<_>>();
        assert_eq!(
            titles(find(Query { text: Some("WELD team".into()), ..Query::default() })),
            vec!["Welding 100%_safe"],
            "every word, any field, any case"
        );
        assert_eq!(find(Query { text: Some("arc".into()), ..Query::default() }).total, 1, "skills are searched");
        assert_eq!(find(Query { text: Some("100%_".into()), ..Query::default() }).total, 1, "% and _ are literal");
        assert_eq!(find(Query { text: Some("1%0".into()), ..Query::default() }).total, 0);
        assert_eq!(titles(find(Query { verdict: Some("valid".into()), ..Query::default() })), vec!["Welding 100%_safe"]);
        assert_eq!(titles(find(Query { format: Some("ob3-vc2-di".into()), ..Query::default() })), vec!["Algebra"]);
        assert_eq!(titles(find(Query { issuer: Some("University".into()), ..Query::default() })), vec!["Algebra"]);

        assert_eq!(titles(find(Query { sort: Sort::Title, ..Query::default() })), vec!["Algebra", "Welding 100%_safe"]);
        assert_eq!(titles(find(Query { sort: Sort::Added, ..Query::default() })), vec!["Algebra", "Welding 100%_safe"], "newest first");
        assert_eq!(
            titles(find(Query { sort: Sort::Issued, ..Query::default() })),
            vec!["Welding 100%_safe", "Algebra"],
            "issued 2020 is older"
        );
        let paged = find(Query { page: Page { offset: 1, limit: 1 }, ..Query::default() });
        assert_eq!((paged.total, paged.items.len()), (2, 1));
        let facets = s.credential_facets().unwrap();
        assert!(facets.verdicts.contains(&("valid".to_string(), 1)) && facets.verdicts.contains(&(String::new(), 1)));
        assert_eq!(facets.issuers.len(), 2);
    }

    #[test]
    fn insert_find_list_delete() {
        let (_d, mut s) = store();
        let Inserted::Added(a) = s.insert_credential(&new(b"{\"a\":1}", Some("urn:a"), "2026-01-01T00:00:00Z")).unwrap() else {
            panic!("first insert adds")
        };
        s.insert_credential(&new(b"{\"b\":1}", None, "2026-01-02T00:00:00Z")).unwrap();
        assert_eq!(s.count_credentials().unwrap(), 2);
        let page = s.list_credentials(Page { offset: 0, limit: 10 }).unwrap();
        assert_eq!(page.len(), 2);
        assert_eq!(page[0].summary.title.as_deref(), Some("title 2026-01-02T00:00:00Z"), "newest first");
        assert_eq!(s.find_credential(&a.id[..6]).unwrap(), Lookup::Found(Box::new(a.clone())), "a unique prefix finds the row");
        assert_eq!(s.find_credential("zzzz").unwrap(), Lookup::NotFound, "non-hex never matches");
        assert_eq!(s.find_credential("abc").unwrap(), Lookup::NotFound, "too short a prefix is refused");
        assert_eq!(s.credential_bytes(&a.hash).unwrap().unwrap(), b"{\"a\":1}");
        assert!(s.delete_credential(&a.hash).unwrap());
        assert!(!s.delete_credential(&a.hash).unwrap(), "deleting twice removes nothing more");
        assert_eq!(s.count_credentials().unwrap(), 1);
    }

    #[test]
    fn duplicates_by_content_and_by_id() {
        let (_d, mut s) = store();
        s.insert_credential(&new(b"one", Some("urn:x"), "t1")).unwrap();
        let again = s.insert_credential(&new(b"one", Some("urn:x"), "t2")).unwrap();
        assert!(matches!(again, Inserted::Duplicate { of: DuplicateOf::SameContent, .. }));
        let same_id = s.insert_credential(&new(b"two", Some("urn:x"), "t3")).unwrap();
        assert!(matches!(same_id, Inserted::Duplicate { of: DuplicateOf::SameId, .. }), "same id and issuer, other bytes");
        assert_eq!(s.count_credentials().unwrap(), 1, "no second row either way");
        let mut other_issuer = new(b"three", Some("urn:x"), "t4");
        other_issuer.summary.issuer_id = Some("did:example:other".into());
        assert!(matches!(s.insert_credential(&other_issuer).unwrap(), Inserted::Added(_)), "another issuer's urn:x is another credential");
    }

    #[test]
    fn a_forged_twin_never_shadows_the_authentic_copy() {
        let verified = |bytes: &[u8], at: &str, verdict: &str| {
            let mut n = new(bytes, Some("urn:twin"), at);
            n.report = Some(StoredReport { verdict: verdict.into(), json: "{}".into(), verified_at: at.into() });
            n
        };
        let (_d, mut s) = store();
        // The tampered file comes first (it sorts first in a folder).
        assert!(matches!(s.insert_credential(&verified(b"forged", "t1", "invalid")).unwrap(), Inserted::Added(_)));
        let genuine = s.insert_credential(&verified(b"genuine", "t2", "valid")).unwrap();
        let Inserted::AddedBeside { added, twin } = genuine else { panic!("the authentic copy is stored, not refused: {genuine:?}") };
        assert_eq!(
            (added.verdict.as_deref(), twin.verdict.as_deref()),
            (Some("valid"), Some("invalid")),
            "and the learner is told which twin is invalid"
        );
        // Now neither another forgery nor another authentic copy changes anything.
        let forged_again = s.insert_credential(&verified(b"forged 2", "t3", "invalid")).unwrap();
        let Inserted::Duplicate { existing, of: DuplicateOf::SameId } = forged_again else { panic!("{forged_again:?}") };
        assert_eq!(
            existing.verdict.as_deref(),
            Some("valid"),
            "an invalid copy is reported against the authentic one, never stored over it"
        );
        let expired_copy = s.insert_credential(&verified(b"genuine, re-signed", "t4", "expired")).unwrap();
        assert!(matches!(expired_copy, Inserted::Duplicate { .. }), "an authentic twin is already there");
        assert_eq!(s.count_credentials().unwrap(), 2);

        // The other order: the authentic copy first; the forgery is refused.
        let (_d, mut s) = store();
        s.insert_credential(&verified(b"genuine", "t1", "valid")).unwrap();
        assert!(matches!(s.insert_credential(&verified(b"forged", "t2", "invalid")).unwrap(), Inserted::Duplicate { .. }));
        assert_eq!(s.count_credentials().unwrap(), 1, "an invalid copy never replaces a valid one");

        // A forgery made uncheckable (an unknown proof type) does not shadow the genuine copy either.
        let (_d, mut s) = store();
        s.insert_credential(&verified(b"uncheckable", "t1", "unverifiable")).unwrap();
        assert!(matches!(s.insert_credential(&verified(b"genuine", "t2", "valid")).unwrap(), Inserted::AddedBeside { .. }));
    }

    #[test]
    fn ambiguous_prefix() {
        let (_d, mut s) = store();
        // Insert until two hashes share a 4-digit prefix: birthday bound says a few hundred.
        let mut seen = std::collections::HashMap::new();
        for i in 0..5000u32 {
            let n = new(format!("c{i}").as_bytes(), None, "t");
            let p = n.hash[..4].to_string();
            s.insert_credential(&n).unwrap();
            if seen.insert(p.clone(), i).is_some() {
                assert_eq!(s.find_credential(&p).unwrap(), Lookup::Ambiguous);
                return;
            }
        }
        panic!("no shared 4-digit prefix in 5000 hashes");
    }

    #[test]
    fn report_tags_and_note() {
        let (_d, mut s) = store();
        let Inserted::Added(a) = s.insert_credential(&new(b"r", None, "t")).unwrap() else { panic!() };
        assert!(s.set_report(&a.hash, "valid", "{\"verdict\":\"valid\"}", "2026-01-01T00:00:00Z").unwrap());
        assert!(s.set_tags_and_note(&a.hash, &["work".into()], "from my course").unwrap());
        let Lookup::Found(r) = s.find_credential(&a.id).unwrap() else { panic!() };
        assert_eq!(r.verdict.as_deref(), Some("valid"));
        assert_eq!(r.tags, vec!["work".to_string()]);
        assert_eq!(r.note, "from my course");
        assert_eq!(s.credential_report(&a.hash).unwrap().as_deref(), Some("{\"verdict\":\"valid\"}"));
    }
}
