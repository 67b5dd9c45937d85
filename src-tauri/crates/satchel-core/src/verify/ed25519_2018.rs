//! `Ed25519Signature2018`: the Linked Data Signature suite that wallets of
//! 2019-2023 hold (JFF plugfests, early DCC credentials). Its hash data are
//! those of `Ed25519Signature2020` (RDFC-1.0 / URDNA2015 of the proof options
//! with the document's `@context`, and of the document; SHA-256 each); the
//! signature is a detached JWS in `jws`: header `{"alg":"EdDSA","b64":false,
//! "crit":["b64"]}`, empty payload, Ed25519 over `base64url(header) + "."`
//! followed by the hash data (RFC 7797 unencoded payload).
//!
//! This module reads the JWS; [`super::data_integrity`] canonicalises and
//! finds the key as for every other suite.
//!
//! See: <https://w3c-ccg.github.io/lds-ed25519-2018/>,
//! <https://www.rfc-editor.org/rfc/rfc7797>

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::Value;

/// The proof type this module reads.
pub const PROOF_TYPE: &str = "Ed25519Signature2018";

/// A detached JWS, read from a proof's `jws`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetachedJws {
    encoded_header: String,
    pub signature: Vec<u8>,
}

impl DetachedJws {
    /// Reads `proof.jws`. Only the form the suite defines is accepted:
    /// EdDSA over an unencoded payload (`b64: false`, marked critical).
    pub fn of(proof: &Value) -> Result<Self, String> {
        let jws = proof.get("jws").and_then(Value::as_str).ok_or("the proof has no `jws`")?;
        let (encoded_header, rest) = jws.split_once('.').ok_or("the `jws` is not a detached JWS")?;
        let signature = rest.strip_prefix('.').ok_or("the `jws` carries a payload; the suite's JWS is detached")?;
        let header: Value = URL_SAFE_NO_PAD
            .decode(encoded_header)
            .ok()
            .and_then(|h| serde_json::from_slice(&h).ok())
            .ok_or("the `jws` header is not base64url JSON")?;
        if header.get("alg").and_then(Value::as_str) != Some("EdDSA") {
            return Err("the `jws` is not an EdDSA signature".into());
        }
        if header.get("b64") != Some(&Value::Bool(false)) || header.get("crit") != Some(&serde_json::json!(["b64"])) {
            return Err("the `jws` header is not `b64: false` marked critical, as the suite requires".into());
        }
        if let Some(other) = header.as_object().and_then(|h| h.keys().find(|k| !["alg", "b64", "crit"].contains(&k.as_str()))) {
            return Err(format!("the `jws` header carries `{other}`, which the suite does not define"));
        }
        let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| "the `jws` signature is not base64url".to_string())?;
        Ok(Self { encoded_header: encoded_header.to_string(), signature })
    }

    /// What was signed: the encoded header, a dot, then `hash_data`.
    pub fn signing_input(&self, hash_data: &[u8]) -> Vec<u8> {
        [self.encoded_header.as_bytes(), b".", hash_data].concat()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const HEADER: &str = "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19";

    #[test]
    fn reads_only_the_suites_detached_form() {
        let sig = URL_SAFE_NO_PAD.encode([7u8; 64]);
        let d = DetachedJws::of(&json!({"jws": format!("{HEADER}..{sig}")})).unwrap();
        assert_eq!(d.signature, vec![7u8; 64]);
        assert_eq!(d.signing_input(b"xy"), format!("{HEADER}.xy").into_bytes());
        let encoded = |h: Value| URL_SAFE_NO_PAD.encode(h.to_string());
        for bad in [
            format!("{HEADER}.e30.{sig}"),
            format!("{}..{sig}", encoded(json!({"alg": "EdDSA"}))),
            format!("{}..{sig}", encoded(json!({"alg": "ES256", "b64": false, "crit": ["b64"]}))),
            format!("{}..{sig}", encoded(json!({"alg": "EdDSA", "b64": false, "crit": ["b64"], "kid": "x"}))),
        ] {
            assert!(DetachedJws::of(&json!({"jws": bad})).is_err(), "{bad}");
        }
        assert!(DetachedJws::of(&json!({"proofValue": "z1"})).is_err());
    }
}
