//! The `cache` table: documents fetched for verification (DID documents,
//! status lists) with when they were fetched and until when they may be used,
//! so checks can run offline and say how old their data is.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{Result, Store};

/// A cached document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CachedDocument {
    pub url: String,
    pub body: Vec<u8>,
    pub media_type: Option<String>,
    pub fetched_at: String,
    pub expires_at: Option<String>,
    /// Put there by hand rather than fetched.
    pub manual: bool,
}

impl Store {
    /// Stores or replaces the cached copy of `doc.url`.
    pub fn cache_put(&mut self, doc: &CachedDocument) -> Result<()> {
        self.conn().execute(
            "INSERT INTO cache (url, body, media_type, fetched_at, expires_at, manual) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (url) DO UPDATE SET body = excluded.body, media_type = excluded.media_type,
               fetched_at = excluded.fetched_at, expires_at = excluded.expires_at, manual = excluded.manual",
            params![doc.url, doc.body, doc.media_type, doc.fetched_at, doc.expires_at, doc.manual],
        )?;
        Ok(())
    }

    /// The cached copy of `url`, if any.
    pub fn cache_get(&self, url: &str) -> Result<Option<CachedDocument>> {
        Ok(self
            .conn()
            .query_row("SELECT url, body, media_type, fetched_at, expires_at, manual FROM cache WHERE url = ?1", [url], |r| {
                Ok(CachedDocument {
                    url: r.get(0)?,
                    body: r.get(1)?,
                    media_type: r.get(2)?,
                    fetched_at: r.get(3)?,
                    expires_at: r.get(4)?,
                    manual: r.get(5)?,
                })
            })
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::store;
    use super::*;

    #[test]
    fn put_get_replace() {
        let (_d, mut s) = store();
        let mut doc = CachedDocument {
            url: "https://example.edu/.well-known/did.json".into(),
            body: b"{}".to_vec(),
            media_type: Some("application/json".into()),
            fetched_at: "2026-01-01T00:00:00Z".into(),
            expires_at: None,
            manual: true,
        };
        s.cache_put(&doc).unwrap();
        doc.body = b"{\"id\":1}".to_vec();
        doc.manual = false;
        s.cache_put(&doc).unwrap();
        assert_eq!(s.cache_get(&doc.url).unwrap(), Some(doc), "the newer copy replaces the older");
        assert_eq!(s.cache_get("https://other").unwrap(), None);
    }
}
