//! The `cache` table: documents fetched for verification (DID documents,
//! status lists) with when they were fetched and until when they may be used,
//! so checks can run offline and say how old their data is.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{Result, Store};
use crate::clock::Clock;
use crate::fetch::{self, Fetched, Fetcher, Origin};

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
    pub fn cache_put(&self, doc: &CachedDocument) -> Result<()> {
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

    /// Every cached document, without bodies: (url, fetched_at, manual, size).
    pub fn cache_entries(&self) -> Result<Vec<(String, String, bool, usize)>> {
        let mut stmt = self.conn().prepare("SELECT url, fetched_at, manual, length(body) FROM cache ORDER BY url")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, i64>(3)? as usize)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// A fetcher that keeps what the network answers, and answers from those
/// copies (and hand-added ones) when the network cannot: offline, or the
/// host unreachable. A definitive answer from the server (an HTTP error
/// status) is never overridden by an old copy.
#[derive(Debug)]
pub struct CachedFetcher<'a> {
    pub store: &'a Store,
    pub network: Option<&'a dyn Fetcher>,
    pub clock: &'a dyn Clock,
}

impl Fetcher for CachedFetcher<'_> {
    fn get(&self, url: &str, limit: usize) -> Result<Fetched, fetch::Error> {
        let network_error = match self.network.map(|n| n.get(url, limit)) {
            Some(Ok(fetched)) => {
                // Best effort: a copy that cannot be kept still served this check.
                let _ = self.store.cache_put(&CachedDocument {
                    url: url.to_string(),
                    body: fetched.body.clone(),
                    media_type: fetched.media_type.clone(),
                    fetched_at: self.clock.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    expires_at: None,
                    manual: false,
                });
                return Ok(fetched);
            }
            Some(Err(e @ fetch::Error::Status { .. })) => return Err(e),
            Some(Err(e)) => e,
            None => fetch::Error::Transport { url: url.to_string(), reason: "offline".into() },
        };
        match self.store.cache_get(url) {
            Ok(Some(doc)) if doc.body.len() <= limit => Ok(Fetched {
                url: doc.url,
                media_type: doc.media_type,
                body: doc.body,
                origin: Origin::Cache { fetched_at: doc.fetched_at, manual: doc.manual },
            }),
            _ => Err(network_error),
        }
    }

    fn get_recent(&self, url: &str, limit: usize, max_age: chrono::Duration) -> Result<Fetched, fetch::Error> {
        if let Ok(Some(doc)) = self.store.cache_get(url) {
            let fresh = chrono::DateTime::parse_from_rfc3339(&doc.fetched_at)
                .is_ok_and(|at| self.clock.now() - at.with_timezone(&chrono::Utc) <= max_age);
            if fresh && doc.body.len() <= limit {
                return Ok(Fetched {
                    url: doc.url,
                    media_type: doc.media_type,
                    body: doc.body,
                    origin: Origin::Cache { fetched_at: doc.fetched_at, manual: doc.manual },
                });
            }
        }
        self.get(url, limit)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::store;
    use super::*;

    #[derive(Debug)]
    struct Answer(Result<&'static [u8], fetch::Error>);
    impl Fetcher for Answer {
        fn get(&self, url: &str, _limit: usize) -> Result<Fetched, fetch::Error> {
            self.0.clone().map(|b| Fetched { url: url.into(), media_type: None, body: b.to_vec(), origin: Origin::Network })
        }
    }

    #[test]
    fn cached_fetcher_keeps_copies_and_falls_back_only_when_nothing_answers() {
        let (_d, s) = store();
        let clock = crate::clock::FixedClock(chrono::DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z").unwrap().into());
        let url = "https://u.example/status/1";
        let online = Answer(Ok(b"fresh"));
        let f = CachedFetcher { store: &s, network: Some(&online), clock: &clock };
        assert_eq!(f.get(url, 100).unwrap().origin, Origin::Network);
        let down = Answer(Err(fetch::Error::Transport { url: url.into(), reason: "refused".into() }));
        let f = CachedFetcher { store: &s, network: Some(&down), clock: &clock };
        let got = f.get(url, 100).unwrap();
        assert_eq!(
            (got.body.as_slice(), got.origin.clone()),
            (&b"fresh"[..], Origin::Cache { fetched_at: "2026-11-27T10:00:00Z".into(), manual: false })
        );
        assert!(got.origin.note().contains("cached copy fetched 2026-11-27"), "the report says how old it is");
        let gone = Answer(Err(fetch::Error::Status { url: url.into(), status: 404 }));
        let f = CachedFetcher { store: &s, network: Some(&gone), clock: &clock };
        assert!(matches!(f.get(url, 100), Err(fetch::Error::Status { .. })), "a 404 is not overridden by an old copy");
        let offline = CachedFetcher { store: &s, network: None, clock: &clock };
        assert_eq!(offline.get(url, 100).unwrap().body, b"fresh", "offline: the copy");
        assert!(offline.get("https://u.example/other", 100).is_err(), "offline and nothing cached");
    }

    #[test]
    fn recent_copies_spare_the_network() {
        let (_d, s) = store();
        let url = "https://lists.example/eu-lotl.xml";
        let at = |t: &str| crate::clock::FixedClock(chrono::DateTime::parse_from_rfc3339(t).unwrap().into());
        let first = Answer(Ok(b"v1"));
        let morning = at("2026-11-27T08:00:00Z");
        let f = CachedFetcher { store: &s, network: Some(&first), clock: &morning };
        assert_eq!(f.get_recent(url, 100, chrono::Duration::hours(12)).unwrap().origin, Origin::Network, "nothing kept yet");
        let second = Answer(Ok(b"v2"));
        let noon = at("2026-11-27T12:00:00Z");
        let f = CachedFetcher { store: &s, network: Some(&second), clock: &noon };
        let got = f.get_recent(url, 100, chrono::Duration::hours(12)).unwrap();
        assert_eq!((got.body.as_slice(), matches!(got.origin, Origin::Cache { .. })), (&b"v1"[..], true), "four hours old: kept copy");
        let tomorrow = at("2026-11-28T12:00:00Z");
        let f = CachedFetcher { store: &s, network: Some(&second), clock: &tomorrow };
        assert_eq!(f.get_recent(url, 100, chrono::Duration::hours(12)).unwrap().body, b"v2", "a day old: fetched again");
    }

    #[test]
    fn put_get_replace() {
        let (_d, s) = store();
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
