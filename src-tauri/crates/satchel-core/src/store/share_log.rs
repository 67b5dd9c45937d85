//! The `share_log` table: what the learner shared, how, with whom, when and
//! until when. Written by the sharing features; listed by `satchel shares`.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::{Result, Store};

/// How something was shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ShareMethod {
    /// A signed package (a file, or shown as QR codes).
    Package,
    /// A QR code of the credential's public link.
    Link,
    /// The fields to copy into LinkedIn.
    Linkedin,
    /// Shown as QR codes (rows written by earlier versions).
    Qr,
}

impl ShareMethod {
    /// The word kept in the `method` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Package => "package",
            Self::Link => "link",
            Self::Linkedin => "linkedin",
            Self::Qr => "qr",
        }
    }

    fn from_column(word: &str) -> Option<Self> {
        [Self::Package, Self::Link, Self::Linkedin, Self::Qr].into_iter().find(|m| m.as_str() == word)
    }
}

/// One share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareEntry {
    /// Hashes of the credentials shared.
    pub credentials: Vec<String>,
    pub method: ShareMethod,
    pub recipient: Option<String>,
    pub shared_at: String,
    pub expires_at: Option<String>,
}

impl Store {
    /// Records a share.
    pub fn log_share(&mut self, entry: &ShareEntry) -> Result<()> {
        self.conn().execute(
            "INSERT INTO share_log (credentials, method, recipient, shared_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                serde_json::to_string(&entry.credentials).expect("strings serialise"),
                entry.method.as_str(),
                entry.recipient,
                entry.shared_at,
                entry.expires_at
            ],
        )?;
        Ok(())
    }

    /// Every share, newest first.
    pub fn shares(&self) -> Result<Vec<ShareEntry>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT credentials, method, recipient, shared_at, expires_at FROM share_log ORDER BY shared_at DESC, rowid DESC")?;
        let rows = stmt.query_map([], |r| {
            let creds: String = r.get(0)?;
            let word: String = r.get(1)?;
            let method = ShareMethod::from_column(&word).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    1,
                    rusqlite::types::Type::Text,
                    format!("an unknown share method `{word}`").into(),
                )
            })?;
            Ok(ShareEntry {
                credentials: serde_json::from_str(&creds).unwrap_or_default(),
                method,
                recipient: r.get(2)?,
                shared_at: r.get(3)?,
                expires_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::store;
    use super::*;

    #[test]
    fn log_and_list() {
        let (_d, mut s) = store();
        let e = ShareEntry {
            credentials: vec!["ab".into()],
            method: ShareMethod::Package,
            recipient: Some("ACME & Co".into()),
            shared_at: "2026-01-02T00:00:00Z".into(),
            expires_at: Some("2026-02-01T00:00:00Z".into()),
        };
        s.log_share(&e).unwrap();
        assert_eq!(s.shares().unwrap(), vec![e]);
        let words: Vec<String> =
            s.conn().prepare("SELECT method FROM share_log").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        assert_eq!(words, ["package"], "the column keeps the word, as rows written before the enum did");
    }

    #[test]
    fn an_unknown_method_is_an_error_not_a_guess() {
        let (_d, s) = store();
        s.conn()
            .execute(
                "INSERT INTO share_log (credentials, method, recipient, shared_at) VALUES ('[]', 'pigeon', NULL, '2026-01-02T00:00:00Z')",
                [],
            )
            .unwrap();
        let err = s.shares().unwrap_err().to_string();
        assert!(err.contains("unknown share method `pigeon`"), "{err}");
    }
}
