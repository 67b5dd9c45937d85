//! Signing material the attack and envelope tests build for themselves:
//! fresh did:key issuers, compact JWS tokens and SD-JWT disclosures. The
//! digests are computed here with `sha2`, never by the code under test.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{json, Value};
use sha2::{Digest as _, Sha256};

/// A fresh test-only Ed25519 key.
pub fn fresh_key() -> SigningKey {
    SigningKey::from_bytes(&rand::random::<[u8; 32]>())
}

pub fn did_key(key: &SigningKey) -> String {
    let mut raw = vec![0xed, 0x01];
    raw.extend_from_slice(key.verifying_key().as_bytes());
    format!("did:key:z{}", bs58::encode(raw).into_string())
}

/// The verification method id of a did:key (the DID, `#`, its key part).
pub fn kid(key: &SigningKey) -> String {
    let did = did_key(key);
    format!("{did}#{}", &did["did:key:".len()..])
}

/// A compact JWS over `header` and `payload`, signed with `key`.
pub fn jwt(header: Value, payload: Value, key: &SigningKey) -> String {
    let input = format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(payload.to_string()));
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(key.sign(input.as_bytes()).to_bytes()))
}

/// An SD-JWT disclosure `[salt, name, value]` with a fresh salt.
pub fn disclosure(name: &str, value: Value) -> String {
    URL_SAFE_NO_PAD.encode(json!([URL_SAFE_NO_PAD.encode(rand::random::<[u8; 16]>()), name, value]).to_string())
}

/// The SD-JWT digest (SHA-256, base64url) of a disclosure as written.
pub fn digest(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(text.as_bytes()))
}

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}
