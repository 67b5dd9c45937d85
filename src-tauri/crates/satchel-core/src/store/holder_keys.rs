//! The `holder_keys` table: the learner's own signing keys (profiles). The
//! secret half never leaves the encrypted store except into a signing key
//! that is zeroized when dropped.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use zeroize::Zeroizing;

use super::{Result, Store};

/// A profile: a key the learner signs presentations with, known by its DID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Profile {
    pub label: String,
    pub did: String,
    pub algorithm: String,
    pub created_at: String,
}

impl Store {
    /// Keeps a new key. `secret` is the raw private key.
    pub fn add_holder_key(&mut self, profile: &Profile, public_key: &[u8], secret: &[u8]) -> Result<()> {
        self.conn().execute(
            "INSERT INTO holder_keys (label, did, algorithm, public_key, secret_key, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![profile.label, profile.did, profile.algorithm, public_key, secret, profile.created_at],
        )?;
        Ok(())
    }

    /// Every profile, oldest first (the first is the default).
    pub fn profiles(&self) -> Result<Vec<Profile>> {
        let mut stmt = self.conn().prepare("SELECT label, did, algorithm, created_at FROM holder_keys ORDER BY rowid")?;
        let rows = stmt.query_map([], |r| Ok(Profile { label: r.get(0)?, did: r.get(1)?, algorithm: r.get(2)?, created_at: r.get(3)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The private key of the profile `did`, in memory that is wiped when dropped.
    pub fn holder_secret(&self, did: &str) -> Result<Option<Zeroizing<Vec<u8>>>> {
        Ok(self
            .conn()
            .query_row("SELECT secret_key FROM holder_keys WHERE did = ?1", params![did], |r| r.get::<_, Vec<u8>>(0))
            .optional()?
            .map(Zeroizing::new))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::store;
    use super::*;

    #[test]
    fn keys_are_kept_and_listed_without_their_secret() {
        let (_d, mut s) = store();
        let p = Profile {
            label: "Me".into(),
            did: "did:key:z6Mk1".into(),
            algorithm: "Ed25519".into(),
            created_at: "2026-01-01T00:00:00Z".into(),
        };
        s.add_holder_key(&p, &[1; 32], &[2; 32]).unwrap();
        assert_eq!(s.profiles().unwrap(), vec![p.clone()]);
        assert_eq!(s.holder_secret(&p.did).unwrap().as_deref().map(Vec::as_slice), Some(&[2u8; 32][..]));
        assert!(s.holder_secret("did:key:other").unwrap().is_none());
        assert!(s.add_holder_key(&p, &[1; 32], &[2; 32]).is_err(), "one row per DID");
    }
}
