//! Keys behind verification methods. For now `did:key` with Ed25519, whose
//! document is derived from the key itself, so nothing is fetched.
//!
//! See: <https://w3c-ccg.github.io/did-key-spec/>

/// A public key that can check signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublicKey {
    Ed25519(ed25519_dalek::VerifyingKey),
}

/// A verification method: its id, who controls it, its key, and the
/// verification relationships its controller's document lists it under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationMethod {
    pub id: String,
    pub controller: String,
    pub key: PublicKey,
    pub assertion_method: bool,
    pub authentication: bool,
}

/// Why a verification method could not be had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DidError {
    #[error("`{0}` is not a did:key Satchel can read")]
    Malformed(String),
    #[error("the key type of `{0}` is not supported yet")]
    UnsupportedKey(String),
    #[error("resolving `{0}` needs the network or a cached document, which is not available yet")]
    NotResolvable(String),
}

const ED25519_PUB: [u8; 2] = [0xed, 0x01];

/// Decodes a multibase base58btc (`z…`) Ed25519 public key with its multicodec prefix.
pub fn ed25519_from_multibase(multibase: &str) -> Option<ed25519_dalek::VerifyingKey> {
    let raw = bs58::decode(multibase.strip_prefix('z')?).into_vec().ok()?;
    let key: [u8; 32] = raw.strip_prefix(&ED25519_PUB)?.try_into().ok()?;
    ed25519_dalek::VerifyingKey::from_bytes(&key).ok()
}

/// Resolves a verification method id (`did:key:z…#z…`, or the bare DID).
pub fn resolve_verification_method(vm: &str) -> Result<VerificationMethod, DidError> {
    let (did, fragment) = vm.split_once('#').unwrap_or((vm, ""));
    let Some(multibase) = did.strip_prefix("did:key:") else {
        return Err(DidError::NotResolvable(vm.to_string()));
    };
    if !fragment.is_empty() && fragment != multibase {
        return Err(DidError::Malformed(vm.to_string()));
    }
    if !multibase.starts_with("z6Mk") {
        return Err(DidError::UnsupportedKey(vm.to_string()));
    }
    let key = ed25519_from_multibase(multibase).ok_or_else(|| DidError::Malformed(vm.to_string()))?;
    Ok(VerificationMethod {
        id: format!("{did}#{multibase}"),
        controller: did.to_string(),
        key: PublicKey::Ed25519(key),
        assertion_method: true,
        authentication: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DID: &str = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";

    #[test]
    fn did_key_with_and_without_fragment() {
        let with = resolve_verification_method(&format!("{DID}#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")).unwrap();
        let bare = resolve_verification_method(DID).unwrap();
        assert_eq!(with, bare, "a did:key's only method is its own key");
        assert_eq!(with.controller, DID);
    }

    #[test]
    fn refuses_mismatched_fragment_and_garbage() {
        assert!(matches!(resolve_verification_method(&format!("{DID}#z6MkOther")), Err(DidError::Malformed(_))));
        assert!(matches!(resolve_verification_method("did:key:z6Mk111"), Err(DidError::Malformed(_))));
        assert!(matches!(resolve_verification_method("did:web:example.edu"), Err(DidError::NotResolvable(_))));
    }
}
