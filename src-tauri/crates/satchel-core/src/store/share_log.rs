//! The `share_log` table: what the learner shared, how, with whom, when and
//! until when. Written by the sharing features; listed by `satchel shares`.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::{Result, Store};

/// One share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareEntry {
    /// Hashes of the credentials shared.
    pub credentials: Vec<String>,
    /// `package`, `qr`, `link` or `linkedin`.
    pub method: String,
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
                entry.method,
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
            Ok(ShareEntry {
                credentials: serde_json::from_str(&creds).unwrap_or_default(),
                method: r.get(1)?,
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
            method: "package".into(),
            recipient: Some("ACME & Co".into()),
            shared_at: "2026-01-02T00:00:00Z".into(),
            expires_at: Some("2026-02-01T00:00:00Z".into()),
        };
        s.log_share(&e).unwrap();
        assert_eq!(s.shares().unwrap(), vec![e]);
    }
}
