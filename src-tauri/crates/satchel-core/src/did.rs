//! Keys behind verification methods: `did:key` (derived from the key itself),
//! `did:web` and `https:` controller documents (fetched over https through
//! the caller's fetcher).
//!
//! See: <https://w3c-ccg.github.io/did-key-spec/>,
//! <https://w3c-ccg.github.io/did-method-web/#read-resolve>,
//! <https://www.w3.org/TR/controller-document/#retrieve-verification-method>

use serde_json::Value;

use crate::fetch::Fetcher;

/// Largest controller document fetched.
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

/// A public key that can check signatures: the same type JWS uses, so a
/// key resolved from a document serves Data Integrity proofs and JWTs alike.
pub use crate::jws::JwsKey as PublicKey;

/// A verification method: its id, who controls it, its key, and the
/// verification relationships its controller's document lists it under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationMethod {
    pub id: String,
    pub controller: String,
    pub key: PublicKey,
    pub assertion_method: bool,
    pub authentication: bool,
    /// Where its document came from, in words for a report (empty: derived
    /// from the key itself, or fetched just now).
    pub origin: String,
}

/// Why a verification method could not be had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DidError {
    #[error("`{0}` is not a verification method Satchel can read")]
    Malformed(String),
    #[error("the key type of `{0}` is not supported yet")]
    UnsupportedKey(String),
    #[error("the DID method of `{0}` is not supported yet")]
    UnsupportedMethod(String),
    #[error("offline: the document of `{0}` was not fetched")]
    Offline(String),
    #[error("the document of `{vm}` does not exist: {reason}")]
    NotFound { vm: String, reason: String },
    #[error("the document of `{vm}` could not be reached: {reason}")]
    Unreachable { vm: String, reason: String },
    #[error("the document `{document}` does not contain the method `{vm}`")]
    NotInDocument { vm: String, document: String },
}

const ED25519_PUB: [u8; 2] = [0xed, 0x01];
/// Multicodec `p256-pub` (0x1200) and `p384-pub` (0x1201) as varints.
const P256_PUB: [u8; 2] = [0x80, 0x24];
const P384_PUB: [u8; 2] = [0x81, 0x24];

/// Any supported key from a multibase base58btc Multikey value: Ed25519,
/// P-256 or P-384 (compressed or not).
pub fn key_from_multibase(multibase: &str) -> Option<PublicKey> {
    let raw = bs58::decode(multibase.strip_prefix('z')?).into_vec().ok()?;
    if let Some(k) = raw.strip_prefix(&ED25519_PUB) {
        return ed25519_dalek::VerifyingKey::from_bytes(k.try_into().ok()?).ok().map(PublicKey::Ed25519);
    }
    if let Some(point) = raw.strip_prefix(&P256_PUB) {
        return p256::ecdsa::VerifyingKey::from_sec1_bytes(point).ok().map(PublicKey::P256);
    }
    if let Some(point) = raw.strip_prefix(&P384_PUB) {
        return p384::ecdsa::VerifyingKey::from_sec1_bytes(point).ok().map(PublicKey::P384);
    }
    None
}

/// Resolves a verification method id: `did:key:z…#z…` (or the bare DID),
/// `did:web:…#…`, or an `https:` URL into a controller document.
pub fn resolve_verification_method(vm: &str, fetcher: Option<&dyn Fetcher>) -> Result<VerificationMethod, DidError> {
    let (base, fragment) = vm.split_once('#').unwrap_or((vm, ""));
    if let Some(multibase) = base.strip_prefix("did:key:") {
        return did_key(vm, base, multibase, fragment);
    }
    let url = if let Some(rest) = base.strip_prefix("did:web:") {
        did_web_url(rest).ok_or_else(|| DidError::Malformed(vm.to_string()))?
    } else if base.starts_with("https://") {
        base.to_string()
    } else if base.starts_with("did:") {
        return Err(DidError::UnsupportedMethod(vm.to_string()));
    } else {
        return Err(DidError::Malformed(vm.to_string()));
    };
    let fetcher = fetcher.ok_or_else(|| DidError::Offline(vm.to_string()))?;
    let fetched = fetcher.get(&url, MAX_DOCUMENT_BYTES).map_err(|e| match e {
        // The server answered: the document is not there.
        crate::fetch::Error::Status { .. } => DidError::NotFound { vm: vm.to_string(), reason: e.to_string() },
        // Nothing answered: whether it exists is unknown.
        _ => DidError::Unreachable { vm: vm.to_string(), reason: e.to_string() },
    })?;
    let doc: Value = serde_json::from_slice(&fetched.body)
        .map_err(|_| DidError::NotFound { vm: vm.to_string(), reason: format!("`{url}` is not JSON") })?;
    if doc.get("id").and_then(Value::as_str) != Some(base) {
        return Err(DidError::NotFound { vm: vm.to_string(), reason: format!("the document at `{url}` is not the document of `{base}`") });
    }
    let mut method = from_document(vm, base, &doc)?;
    method.origin = fetched.origin.note();
    Ok(method)
}

fn did_key(vm: &str, did: &str, multibase: &str, fragment: &str) -> Result<VerificationMethod, DidError> {
    if !fragment.is_empty() && fragment != multibase {
        return Err(DidError::Malformed(vm.to_string()));
    }
    if !["z6Mk", "zDn", "z82"].iter().any(|p| multibase.starts_with(p)) {
        return Err(DidError::UnsupportedKey(vm.to_string()));
    }
    let key = key_from_multibase(multibase).ok_or_else(|| DidError::Malformed(vm.to_string()))?;
    Ok(VerificationMethod {
        id: format!("{did}#{multibase}"),
        controller: did.to_string(),
        key,
        assertion_method: true,
        authentication: true,
        origin: String::new(),
    })
}

/// `did:web:example.edu:issuers:1` → `https://example.edu/issuers/1/did.json`;
/// without a path → `https://HOST/.well-known/did.json`. `%3A` in the host
/// is a port.
pub fn did_web_url(method_specific_id: &str) -> Option<String> {
    let mut parts = method_specific_id.split(':');
    let host = parts.next().filter(|h| !h.is_empty())?.replace("%3A", ":").replace("%3a", ":");
    if host.contains('/') || host.contains('@') {
        return None;
    }
    let path: Vec<&str> = parts.collect();
    if path.iter().any(|p| p.is_empty() || *p == ".." || p.contains('/')) {
        return None;
    }
    Some(if path.is_empty() {
        format!("https://{host}/.well-known/did.json")
    } else {
        format!("https://{host}/{}/did.json", path.join("/"))
    })
}

/// Finds `vm` in the controller document `doc` (whose id is `base`).
fn from_document(vm: &str, base: &str, doc: &Value) -> Result<VerificationMethod, DidError> {
    let absolute = |id: &str| if id.starts_with('#') { format!("{base}{id}") } else { id.to_string() };
    let listed = |relationship: &str| -> Vec<&Value> {
        match doc.get(relationship) {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(v @ (Value::String(_) | Value::Object(_))) => vec![v],
            _ => vec![],
        }
    };
    let mentions = |relationship: &str| {
        listed(relationship).iter().any(|v| match v {
            Value::String(s) => absolute(s) == vm,
            Value::Object(o) => o.get("id").and_then(Value::as_str).is_some_and(|id| absolute(id) == vm),
            _ => false,
        })
    };
    let method = ["verificationMethod", "assertionMethod", "authentication"]
        .iter()
        .flat_map(|r| listed(r))
        .filter_map(Value::as_object)
        .find(|o| o.get("id").and_then(Value::as_str).is_some_and(|id| absolute(id) == vm))
        .ok_or_else(|| DidError::NotInDocument { vm: vm.to_string(), document: base.to_string() })?;
    let key = if let Some(mb) = method.get("publicKeyMultibase").and_then(Value::as_str) {
        key_from_multibase(mb)
    } else if let Some(jwk) = method.get("publicKeyJwk") {
        crate::jws::key_from_jwk(jwk).ok()
    } else {
        None
    };
    let key = key.ok_or_else(|| DidError::UnsupportedKey(vm.to_string()))?;
    let controller = method.get("controller").and_then(Value::as_str).map(absolute).unwrap_or_else(|| base.to_string());
    Ok(VerificationMethod {
        id: vm.to_string(),
        controller,
        key,
        assertion_method: mentions("assertionMethod"),
        authentication: mentions("authentication"),
        origin: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const DID: &str = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    const KEY: &str = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";

    #[test]
    fn did_key_with_and_without_fragment() {
        let with = resolve_verification_method(&format!("{DID}#{KEY}"), None).unwrap();
        let bare = resolve_verification_method(DID, None).unwrap();
        assert_eq!(with, bare, "a did:key's only method is its own key");
        assert_eq!(with.controller, DID);
    }

    #[test]
    fn refuses_mismatched_fragment_garbage_and_unknown_methods() {
        assert!(matches!(resolve_verification_method(&format!("{DID}#z6MkOther"), None), Err(DidError::Malformed(_))));
        assert!(matches!(resolve_verification_method("did:key:z6Mk111", None), Err(DidError::Malformed(_))));
        assert!(matches!(resolve_verification_method("did:web:example.edu#k", None), Err(DidError::Offline(_))), "no fetcher: offline");
        assert!(matches!(resolve_verification_method("did:ion:abc#k", None), Err(DidError::UnsupportedMethod(_))));
    }

    #[test]
    fn did_web_urls() {
        assert_eq!(did_web_url("example.edu").as_deref(), Some("https://example.edu/.well-known/did.json"));
        assert_eq!(did_web_url("example.edu%3A8443:issuers:1").as_deref(), Some("https://example.edu:8443/issuers/1/did.json"));
        assert_eq!(did_web_url("example.edu:..:x"), None, "no path traversal");
        assert_eq!(did_web_url("user@evil.example"), None);
    }

    #[test]
    fn methods_in_documents() {
        let doc = json!({
            "id": "https://u.example/issuer",
            "verificationMethod": [{"id": "#key-1", "type": "Multikey", "controller": "https://u.example/issuer", "publicKeyMultibase": KEY}],
            "assertionMethod": ["#key-1"]
        });
        let m = from_document("https://u.example/issuer#key-1", "https://u.example/issuer", &doc).unwrap();
        assert!(m.assertion_method && !m.authentication, "relative ids are resolved against the document");
        assert_eq!(m.controller, "https://u.example/issuer");
        assert!(matches!(
            from_document("https://u.example/issuer#key-2", "https://u.example/issuer", &doc),
            Err(DidError::NotInDocument { .. })
        ));
    }
}
