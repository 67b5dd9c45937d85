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

/// What a cached document is, for how long a copy of it may stand in for
/// the network. Whoever can block a connection decides when the wallet falls
/// back to its copies, so an old copy must not outlive what it vouches for:
/// a status list changes when a credential is revoked, a key document when a
/// key is rotated or withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// A status list (Bitstring, StatusList2021, Token Status List, the
    /// 1EdTech and Open Badges 2.0 revocation lists).
    StatusList,
    /// Keys: DID documents, controller documents, JWKS, issuer metadata.
    Keys,
    /// An ETSI trusted list (signed, with its own next-update date).
    TrustedList,
    /// Anything else (badge classes, issuer profiles, hosted assertions).
    Other,
}

impl DocumentKind {
    /// Told from the document itself, so every caller of the fetcher gets
    /// the limit without naming a kind.
    pub fn of(doc: &CachedDocument) -> Self {
        let media = doc.media_type.as_deref().unwrap_or_default();
        if media.contains("statuslist") {
            return Self::StatusList;
        }
        let head = &doc.body[..doc.body.len().min(4096)];
        let text = String::from_utf8_lossy(head);
        if text.contains("TrustServiceStatusList") {
            return Self::TrustedList;
        }
        let whole = String::from_utf8_lossy(&doc.body);
        if ["StatusList2021", "BitstringStatusList", "RevocationList", "\"revokedAssertions\"", "\"status_list\""]
            .iter()
            .any(|marker| whole.contains(marker))
        {
            return Self::StatusList;
        }
        if ["\"verificationMethod\"", "\"publicKey\"", "\"keys\"", "\"jwks", "\"publicKeyMultibase\"", "\"publicKeyPem\""]
            .iter()
            .any(|marker| whole.contains(marker))
        {
            return Self::Keys;
        }
        Self::Other
    }

    /// The oldest a fetched copy may be to stand in for the network.
    pub fn max_age(self) -> chrono::Duration {
        match self {
            Self::StatusList => chrono::Duration::days(1),
            Self::Keys => chrono::Duration::days(30),
            Self::TrustedList => chrono::Duration::days(7),
            Self::Other => chrono::Duration::days(30),
        }
    }

    /// Words for a report.
    pub fn noun(self) -> &'static str {
        match self {
            Self::StatusList => "a status list",
            Self::Keys => "a key document",
            Self::TrustedList => "a trusted list",
            Self::Other => "a document of this kind",
        }
    }
}

impl CachedFetcher<'_> {
    /// Why `doc` may no longer stand in for the network, if it may not. A
    /// copy added by hand is the user's own choice, kept as long as it is
    /// there (the report says it is a hand-added copy, and its date).
    fn too_old(&self, doc: &CachedDocument) -> Option<String> {
        if doc.manual {
            return None;
        }
        let kind = DocumentKind::of(doc);
        let fetched = chrono::DateTime::parse_from_rfc3339(&doc.fetched_at).ok()?.with_timezone(&chrono::Utc);
        let age = self.clock.now() - fetched;
        (age > kind.max_age()).then(|| {
            let days = kind.max_age().num_hours() as f64 / 24.0;
            format!(
                "the cached copy fetched {} is older than the {} day{} allowed for {}, so it was not used",
                &doc.fetched_at[..doc.fetched_at.len().min(10)],
                days,
                if days == 1.0 { "" } else { "s" },
                kind.noun()
            )
        })
    }
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
            Ok(Some(doc)) if doc.body.len() <= limit => {
                if let Some(too_old) = self.too_old(&doc) {
                    return Err(match network_error {
                        fetch::Error::Transport { url, reason } => fetch::Error::Transport { url, reason: format!("{reason}; {too_old}") },
                        other => other,
                    });
                }
                Ok(Fetched {
                    url: doc.url,
                    media_type: doc.media_type,
                    body: doc.body,
                    origin: Origin::Cache { fetched_at: doc.fetched_at, manual: doc.manual },
                })
            }
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
    fn cached_copies_stand_in_only_within_the_age_of_their_kind() {
        let (_d, s) = store();
        let at = |t: &str| crate::clock::FixedClock(chrono::DateTime::parse_from_rfc3339(t).unwrap().into());
        let list = "https://u.example/status/3";
        let did = "https://u.example/.well-known/did.json";
        let online_list = Answer(Ok(br#"{"type":["VerifiableCredential","BitstringStatusListCredential"]}"#));
        let online_did = Answer(Ok(br#"{"id":"did:web:u.example","verificationMethod":[]}"#));
        let monday = at("2026-11-02T09:00:00Z");
        CachedFetcher { store: &s, network: Some(&online_list), clock: &monday }.get(list, 1000).unwrap();
        CachedFetcher { store: &s, network: Some(&online_did), clock: &monday }.get(did, 1000).unwrap();
        let down = Answer(Err(fetch::Error::Transport { url: list.into(), reason: "connection refused".into() }));
        let tuesday_morning = at("2026-11-03T08:00:00Z");
        let f = CachedFetcher { store: &s, network: Some(&down), clock: &tuesday_morning };
        assert!(matches!(f.get(list, 1000).unwrap().origin, Origin::Cache { .. }), "a status list a day old stands in");
        let friday = at("2026-11-06T09:00:00Z");
        let f = CachedFetcher { store: &s, network: Some(&down), clock: &friday };
        let err = f.get(list, 1000).unwrap_err().to_string();
        assert!(
            err.contains("connection refused") && err.contains("older than the 1 day allowed for a status list"),
            "a blocked connection cannot make the wallet use a four-day-old status list, and the report says why: {err}"
        );
        assert!(matches!(f.get(did, 1000).unwrap().origin, Origin::Cache { .. }), "a key document four days old still stands in");
        let next_month = at("2026-12-10T09:00:00Z");
        let f = CachedFetcher { store: &s, network: Some(&down), clock: &next_month };
        assert!(
            f.get(did, 1000).unwrap_err().to_string().contains("older than the 30 days allowed for a key document"),
            "keys are not trusted from a copy older than 30 days"
        );
        s.cache_put(&CachedDocument {
            url: list.into(),
            body: br#"{"type":"BitstringStatusListCredential"}"#.to_vec(),
            media_type: None,
            fetched_at: "2026-11-02T09:00:00Z".into(),
            expires_at: None,
            manual: true,
        })
        .unwrap();
        assert!(f.get(list, 1000).is_ok(), "a copy the user added by hand is the user's choice and is kept");
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
