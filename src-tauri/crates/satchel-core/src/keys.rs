//! The learner's own keys: an Ed25519 key pair per profile, made when the
//! wallet is created, kept only inside the encrypted store; its identity is
//! a `did:key`. Presentations the learner shares are signed with it.

use ed25519_dalek::{SigningKey, VerifyingKey};

use crate::error::{Error, Result};
use crate::store::holder_keys::Profile;
use crate::store::Store;

/// Multicodec `ed25519-pub` as a varint.
const ED25519_PUB: [u8; 2] = [0xed, 0x01];

/// The `did:key` of an Ed25519 public key.
pub fn did_key(key: &VerifyingKey) -> String {
    let mut raw = ED25519_PUB.to_vec();
    raw.extend_from_slice(key.as_bytes());
    format!("did:key:z{}", bs58::encode(raw).into_string())
}

/// The verification method of a profile's key: `did:key:z…#z…`.
pub fn verification_method(did: &str) -> String {
    format!("{did}#{}", did.trim_start_matches("did:key:"))
}

/// Makes a new profile key and keeps it in `store`.
pub fn create_profile(store: &mut Store, label: &str, now: chrono::DateTime<chrono::Utc>) -> Result<Profile> {
    let mut seed = zeroize::Zeroizing::new([0u8; 32]);
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, seed.as_mut());
    let signing = SigningKey::from_bytes(&seed);
    let verifying = signing.verifying_key();
    let profile = Profile {
        label: label.to_string(),
        did: did_key(&verifying),
        algorithm: "Ed25519".into(),
        created_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    };
    store.add_holder_key(&profile, verifying.as_bytes(), signing.as_bytes())?;
    Ok(profile)
}

/// The signing key of profile `did` (zeroized when dropped).
pub fn signing_key(store: &Store, did: &str) -> Result<SigningKey> {
    let secret = store.holder_secret(did)?.ok_or_else(|| Error::CannotShare(format!("this wallet holds no key for `{did}`")))?;
    let bytes: &[u8; 32] = secret.as_slice().try_into().map_err(|_| Error::CannotShare(format!("the key of `{did}` is damaged")))?;
    Ok(SigningKey::from_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_keys_resolve_back_to_the_key() {
        let signing = SigningKey::from_bytes(&[5u8; 32]);
        let did = did_key(&signing.verifying_key());
        assert!(did.starts_with("did:key:z6Mk"), "{did}");
        let vm = crate::did::resolve_verification_method(&verification_method(&did), None).unwrap();
        assert_eq!(vm.key, crate::jws::JwsKey::Ed25519(signing.verifying_key()));
        assert!(vm.authentication);
    }
}
