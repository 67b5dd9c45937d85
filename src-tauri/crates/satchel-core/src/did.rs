//! Keys behind verification methods: `did:key` and `did:jwk` (derived from
//! the key itself), `did:web` and `https:` controller documents (fetched over
//! https through the caller's fetcher), and the keys an `https:` issuer
//! publishes for JWTs that name no resolvable key ([`issuer_keys`]).
//!
//! See: <https://w3c-ccg.github.io/did-key-spec/>,
//! <https://w3c-ccg.github.io/did-method-web/#read-resolve>,
//! <https://www.w3.org/TR/controller-document/#retrieve-verification-method>,
//! <https://github.com/quartzjer/did-jwk/blob/main/spec.md>,
//! <https://datatracker.ietf.org/doc/html/draft-ietf-oauth-sd-jwt-vc#name-jwt-vc-issuer-metadata>

use serde_json::Value;

use crate::fetch::Fetcher;

/// Largest controller document fetched.
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

/// A public key that can check signatures: the same type JWS uses, so a
/// key resolved from a document serves Data Integrity proofs and JWTs alike.
pub use crate::jws::JwsKey as PublicKey;

/// A verification method: its id, who controls it, its key, and the
/// verification relationships its controller's document lists it under.
///
/// `controller` is never taken from the method's own `controller` claim: it
/// is the id of the document that lists the method (the document the
/// method's id resolves to), or the party the claim names when that party's
/// own document lists the method too. A key's own document cannot make it
/// someone else's.
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
    /// The issuer's servers answered, but publish no keys where issuers
    /// publish them: nothing proves the credential false, nothing proves it true.
    #[error("`{issuer}` publishes no keys ({reason})")]
    NotPublished { issuer: String, reason: String },
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
    if let Some(encoded) = base.strip_prefix("did:jwk:") {
        return did_jwk(vm, base, encoded, fragment);
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
    let (doc, origin) = fetch_json(fetcher, &url, vm)?;
    if doc.get("id").and_then(Value::as_str) != Some(base) {
        return Err(DidError::NotFound { vm: vm.to_string(), reason: format!("the document at `{url}` is not the document of `{base}`") });
    }
    let (mut method, claimed) = from_document(vm, base, &doc)?;
    method.origin = origin;
    if let Some(claimed) = claimed {
        confirm_claimed_controller(&mut method, &claimed, fetcher);
    }
    Ok(method)
}

/// A method whose own document says another party controls it belongs to
/// that party only when the party's own document lists the method (by its
/// id, with the same key) under a verification relationship; the
/// relationships are then the ones that party's document gives it. Any
/// other answer (no such document, not listed, a different key, offline)
/// leaves the method with the document it was found in.
///
/// See: <https://www.w3.org/TR/cid-1.0/#retrieve-verification-method>
fn confirm_claimed_controller(method: &mut VerificationMethod, claimed: &str, fetcher: &dyn Fetcher) {
    let url = if let Some(rest) = claimed.strip_prefix("did:web:") {
        did_web_url(rest)
    } else if claimed.starts_with("https://") {
        Some(claimed.split('#').next().unwrap_or(claimed).to_string())
    } else {
        // did:key and did:jwk documents list only their own key.
        None
    };
    let Some(url) = url else { return };
    let Ok((doc, _)) = fetch_json(fetcher, &url, claimed) else { return };
    if doc.get("id").and_then(Value::as_str) != Some(claimed) {
        return;
    }
    let (assertion, authentication) = relationships_of(&doc, claimed, &method.id, &method.key);
    if assertion || authentication {
        method.controller = claimed.to_string();
        method.assertion_method = assertion;
        method.authentication = authentication;
    }
}

/// Whether controller document `doc` (id `base`) lists method `vm` with
/// `key` for assertions and for authentication: by reference (the method's
/// id) or embedded with the same key.
fn relationships_of(doc: &Value, base: &str, vm: &str, key: &PublicKey) -> (bool, bool) {
    let absolute = |id: &str| if id.starts_with('#') { format!("{base}{id}") } else { id.to_string() };
    let embedded_key = method_key;
    let lists = |relationship: &str| {
        let items = match doc.get(relationship) {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(v @ (Value::String(_) | Value::Object(_))) => vec![v],
            _ => vec![],
        };
        items.iter().any(|v| match v {
            Value::String(s) => absolute(s) == vm,
            Value::Object(o) => {
                o.get("id").and_then(Value::as_str).is_some_and(|id| absolute(id) == vm) && embedded_key(o).as_ref() == Some(key)
            }
            _ => false,
        })
    };
    (lists("assertionMethod"), lists("authentication"))
}

/// Fetches and parses a JSON document; `what` names it in errors. A server
/// that answers without the document gives `NotFound`; no answer at all
/// gives `Unreachable` (whether it exists is unknown).
fn fetch_json(fetcher: &dyn Fetcher, url: &str, what: &str) -> Result<(Value, String), DidError> {
    let fetched = fetcher.get(url, MAX_DOCUMENT_BYTES).map_err(|e| match e {
        crate::fetch::Error::Status { .. } => DidError::NotFound { vm: what.to_string(), reason: e.to_string() },
        _ => DidError::Unreachable { vm: what.to_string(), reason: e.to_string() },
    })?;
    let doc = serde_json::from_slice(&fetched.body)
        .map_err(|_| DidError::NotFound { vm: what.to_string(), reason: format!("`{url}` is not JSON") })?;
    Ok((doc, fetched.origin.note()))
}

/// The keys an issuer publishes that may have signed a JWT naming `kid` (a
/// bare key id or thumbprint) or no key at all, for an issuer that is an
/// `https:` URL or a DID:
/// - a DID issuer: the method `issuer#kid` in its DID document;
/// - an `https:` issuer: first its own controller document (at the issuer
///   URL, as VC-JOSE-COSE issuers publish one), then its JWT VC Issuer
///   Metadata (`/.well-known/jwt-vc-issuer`, as SD-JWT VC issuers do).
///
/// A key matches by id (`issuer#kid`), by the JWK's own `kid`, or by its RFC
/// 7638 thumbprint; with no `kid`, every key the issuer lists for
/// assertions is a candidate. Every candidate's controller is the issuer.
pub fn issuer_keys(issuer: &str, kid: Option<&str>, fetcher: Option<&dyn Fetcher>) -> Result<Vec<VerificationMethod>, DidError> {
    if issuer.starts_with("did:") {
        // No key named, none can be found: unverifiable, not wrong.
        let kid =
            kid.ok_or_else(|| DidError::NotPublished { issuer: issuer.to_string(), reason: "the JWT names none of its keys".into() })?;
        return resolve_verification_method(&format!("{issuer}#{}", kid.trim_start_matches('#')), fetcher).map(|m| vec![m]);
    }
    if !issuer.starts_with("https://") {
        return Err(DidError::NotPublished {
            issuer: issuer.to_string(),
            reason: "only DID and https issuers publish keys Satchel can find".into(),
        });
    }
    let fetcher = fetcher.ok_or_else(|| DidError::Offline(issuer.to_string()))?;
    let mut reasons = Vec::new();
    let mut unreachable = false;
    match fetch_json(fetcher, issuer, issuer) {
        Ok((doc, origin)) if doc.get("id").and_then(Value::as_str) == Some(issuer) => {
            let found = methods_for_kid(&doc, issuer, kid, &origin)?;
            if !found.is_empty() {
                return Ok(found);
            }
            reasons.push(format!("its controller document lists no key{}", kid.map(|k| format!(" `{k}`")).unwrap_or_default()));
        }
        Ok(_) => reasons.push(format!("`{issuer}` is not its controller document")),
        Err(DidError::Unreachable { reason, .. }) => {
            unreachable = true;
            reasons.push(reason);
        }
        Err(e) => reasons.push(e.to_string()),
    }
    let metadata_url = well_known(issuer, "jwt-vc-issuer").ok_or_else(|| DidError::Malformed(issuer.to_string()))?;
    match fetch_json(fetcher, &metadata_url, issuer) {
        Ok((doc, origin)) => {
            if doc.get("issuer").and_then(Value::as_str) != Some(issuer) {
                return Err(DidError::NotFound { vm: issuer.to_string(), reason: format!("`{metadata_url}` describes another issuer") });
            }
            let (jwks, origin) = match (doc.get("jwks"), doc.get("jwks_uri").and_then(Value::as_str)) {
                (Some(jwks), _) => (jwks.clone(), origin),
                (None, Some(uri)) if uri.starts_with("https://") => fetch_json(fetcher, uri, issuer)?,
                _ => return Err(DidError::NotFound { vm: issuer.to_string(), reason: format!("`{metadata_url}` has no `jwks`") }),
            };
            let keys = jwks.get("keys").and_then(Value::as_array).cloned().unwrap_or_default();
            let found: Vec<VerificationMethod> = keys
                .iter()
                .filter(|jwk| {
                    kid.is_none_or(|k| {
                        jwk.get("kid").and_then(Value::as_str) == Some(k) || crate::jws::jwk_thumbprint(jwk).as_deref() == Some(k)
                    })
                })
                .filter_map(|jwk| {
                    let key = crate::jws::key_from_jwk(jwk).ok()?;
                    let id = jwk.get("kid").and_then(Value::as_str).map(str::to_string).or_else(|| crate::jws::jwk_thumbprint(jwk))?;
                    Some(VerificationMethod {
                        id: format!("{metadata_url}#{id}"),
                        controller: issuer.to_string(),
                        key,
                        assertion_method: true,
                        authentication: false,
                        origin: origin.clone(),
                    })
                })
                .collect();
            if found.is_empty() {
                return Err(DidError::NotInDocument { vm: kid.unwrap_or("(any usable key)").to_string(), document: metadata_url });
            }
            Ok(found)
        }
        Err(DidError::Unreachable { reason, .. }) if unreachable || reasons.is_empty() => {
            Err(DidError::Unreachable { vm: issuer.to_string(), reason: format!("{}; {reason}", reasons.join("; ")) })
        }
        Err(e) => {
            reasons.push(e.to_string());
            Err(DidError::NotPublished { issuer: issuer.to_string(), reason: reasons.join("; ") })
        }
    }
}

/// `https://host/path` → `https://host/.well-known/{name}/path` (RFC 8615,
/// the form SD-JWT VC issuer metadata uses).
fn well_known(issuer: &str, name: &str) -> Option<String> {
    let rest = issuer.strip_prefix("https://")?;
    let (host, path) = rest.split_once('/').map_or((rest, ""), |(h, p)| (h, p));
    if host.is_empty() || host.contains('@') {
        return None;
    }
    let path = path.trim_end_matches('/');
    Some(if path.is_empty() { format!("https://{host}/.well-known/{name}") } else { format!("https://{host}/.well-known/{name}/{path}") })
}

/// The methods of controller document `doc` (id `base`) that match `kid`,
/// or, without one, every method listed for assertions.
fn methods_for_kid(doc: &Value, base: &str, kid: Option<&str>, origin: &str) -> Result<Vec<VerificationMethod>, DidError> {
    let absolute = |id: &str| if id.starts_with('#') { format!("{base}{id}") } else { id.to_string() };
    let mut ids: Vec<String> = ["verificationMethod", "assertionMethod"]
        .iter()
        .filter_map(|r| doc.get(*r))
        .flat_map(|v| match v {
            Value::Array(items) => items.clone(),
            other => vec![other.clone()],
        })
        .filter_map(|v| match v {
            Value::Object(o) => {
                let id = absolute(o.get("id")?.as_str()?);
                let jwk = o.get("publicKeyJwk");
                let matches = kid.is_none_or(|k| {
                    id == k
                        || id == format!("{base}#{}", k.trim_start_matches('#'))
                        || jwk.and_then(|j| j.get("kid")).and_then(Value::as_str) == Some(k)
                        || jwk.and_then(crate::jws::jwk_thumbprint).as_deref() == Some(k)
                });
                matches.then_some(id)
            }
            Value::String(id) => {
                let id = absolute(&id);
                kid.is_none_or(|k| id == k || id == format!("{base}#{}", k.trim_start_matches('#'))).then_some(id)
            }
            _ => None,
        })
        .collect();
    ids.sort();
    ids.dedup();
    let mut methods = Vec::new();
    for id in ids {
        // Found in the issuer's own document: the issuer vouches for it,
        // whatever the method's own `controller` claim says.
        let (mut method, _) = from_document(&id, base, doc)?;
        if kid.is_none() && !method.assertion_method {
            continue;
        }
        method.origin = origin.to_string();
        methods.push(method);
    }
    Ok(methods)
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

/// `did:jwk:<base64url JWK>`: the DID document is derived from the key; its
/// one method is `#0`.
fn did_jwk(vm: &str, did: &str, encoded: &str, fragment: &str) -> Result<VerificationMethod, DidError> {
    use base64::Engine as _;
    if !fragment.is_empty() && fragment != "0" {
        return Err(DidError::Malformed(vm.to_string()));
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(encoded).map_err(|_| DidError::Malformed(vm.to_string()))?;
    let jwk: Value = serde_json::from_slice(&bytes).map_err(|_| DidError::Malformed(vm.to_string()))?;
    if jwk.get("d").is_some() {
        return Err(DidError::Malformed(format!("{vm} (it carries a private key)")));
    }
    let key = crate::jws::key_from_jwk(&jwk).map_err(|_| DidError::UnsupportedKey(vm.to_string()))?;
    let signs = jwk.get("use").and_then(Value::as_str) != Some("enc");
    Ok(VerificationMethod {
        id: format!("{did}#0"),
        controller: did.to_string(),
        key,
        assertion_method: signs,
        authentication: signs,
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

/// The key of a verification method object: `publicKeyMultibase`
/// (Multikey, Ed25519VerificationKey2020), `publicKeyJwk` (JsonWebKey), or
/// `publicKeyBase58` (Ed25519VerificationKey2018: the raw 32-byte key).
fn method_key(method: &serde_json::Map<String, Value>) -> Option<PublicKey> {
    if let Some(mb) = method.get("publicKeyMultibase").and_then(Value::as_str) {
        return key_from_multibase(mb);
    }
    if let Some(jwk) = method.get("publicKeyJwk") {
        return crate::jws::key_from_jwk(jwk).ok();
    }
    let raw = bs58::decode(method.get("publicKeyBase58")?.as_str()?).into_vec().ok()?;
    (method.get("type").and_then(Value::as_str) == Some("Ed25519VerificationKey2018"))
        .then(|| ed25519_dalek::VerifyingKey::from_bytes(raw.as_slice().try_into().ok()?).ok().map(PublicKey::Ed25519))
        .flatten()
}

/// Finds `vm` in the controller document `doc` (whose id is `base`). Its
/// controller is `base`, the document that lists it; a `controller` claim
/// naming someone else is returned apart, for that party to confirm.
fn from_document(vm: &str, base: &str, doc: &Value) -> Result<(VerificationMethod, Option<String>), DidError> {
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
    let key = method_key(method);
    let key = key.ok_or_else(|| DidError::UnsupportedKey(vm.to_string()))?;
    let claimed = method.get("controller").and_then(Value::as_str).map(absolute).filter(|c| c != base);
    let method = VerificationMethod {
        id: vm.to_string(),
        controller: base.to_string(),
        key,
        assertion_method: mentions("assertionMethod"),
        authentication: mentions("authentication"),
        origin: String::new(),
    };
    Ok((method, claimed))
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
    fn did_jwk_is_its_own_document() {
        use base64::Engine as _;
        let jwk = r#"{"kty":"EC","crv":"P-256","x":"b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ","y":"Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8"}"#;
        let did = format!("did:jwk:{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(jwk));
        let m = resolve_verification_method(&format!("{did}#0"), None).unwrap();
        assert_eq!((m.controller.as_str(), m.assertion_method), (did.as_str(), true));
        assert!(matches!(m.key, PublicKey::P256(_)));
        assert_eq!(resolve_verification_method(&did, None).unwrap(), m, "the bare DID means its one key");
        assert!(matches!(resolve_verification_method(&format!("{did}#1"), None), Err(DidError::Malformed(_))));
        assert!(matches!(resolve_verification_method("did:jwk:!!!", None), Err(DidError::Malformed(_))));
    }

    #[test]
    fn well_known_metadata_urls() {
        assert_eq!(
            well_known("https://issuer.example.com", "jwt-vc-issuer").as_deref(),
            Some("https://issuer.example.com/.well-known/jwt-vc-issuer")
        );
        assert_eq!(
            well_known("https://example.com/tenant/1/", "jwt-vc-issuer").as_deref(),
            Some("https://example.com/.well-known/jwt-vc-issuer/tenant/1")
        );
        assert_eq!(well_known("http://example.com", "jwt-vc-issuer"), None);
    }

    #[test]
    fn issuer_documents_find_keys_by_kid_or_thumbprint() {
        let jwk = json!({"kty":"EC","crv":"P-256","kid":"k1","x":"b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ","y":"Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8"});
        let thumb = crate::jws::jwk_thumbprint(&jwk).unwrap();
        let doc = json!({
            "id": "https://u.example/issuer",
            "verificationMethod": [{"id": "https://u.example/issuer#key-1", "type": "JsonWebKey", "controller": "https://u.example/issuer", "publicKeyJwk": jwk}],
            "assertionMethod": ["#key-1"]
        });
        for kid in [Some("k1"), Some(thumb.as_str()), Some("key-1"), Some("https://u.example/issuer#key-1"), None] {
            let found = methods_for_kid(&doc, "https://u.example/issuer", kid, "").unwrap();
            assert_eq!(found.len(), 1, "{kid:?}");
            assert!(found[0].assertion_method);
        }
        assert!(methods_for_kid(&doc, "https://u.example/issuer", Some("other"), "").unwrap().is_empty());
    }

    /// Documents served from memory, by URL.
    #[derive(Debug)]
    struct Served(Vec<(String, Value)>);

    impl Fetcher for Served {
        fn get(&self, url: &str, _limit: usize) -> Result<crate::fetch::Fetched, crate::fetch::Error> {
            let doc = self.0.iter().find(|(u, _)| u == url).map(|(_, d)| d);
            doc.map(|d| crate::fetch::Fetched {
                url: url.to_string(),
                media_type: None,
                body: serde_json::to_vec(d).unwrap(),
                origin: crate::fetch::Origin::Network,
            })
            .ok_or_else(|| crate::fetch::Error::Status { url: url.to_string(), status: 404 })
        }
    }

    #[test]
    fn a_keys_own_document_cannot_give_it_to_someone_else() {
        let attacker = json!({
            "id": "did:web:attacker.example",
            "verificationMethod": [{"id": "did:web:attacker.example#key-1", "type": "Multikey",
                "controller": "did:web:harvard.edu", "publicKeyMultibase": KEY}],
            "assertionMethod": ["did:web:attacker.example#key-1"]
        });
        let harvard = json!({"id": "did:web:harvard.edu", "verificationMethod": [], "assertionMethod": []});
        let served = Served(vec![
            ("https://attacker.example/.well-known/did.json".into(), attacker.clone()),
            ("https://harvard.edu/.well-known/did.json".into(), harvard),
        ]);
        let m = resolve_verification_method("did:web:attacker.example#key-1", Some(&served)).unwrap();
        assert_eq!(m.controller, "did:web:attacker.example", "harvard's document does not list the key: it stays the attacker's");

        // The claimed controller's own document lists it: then it is theirs.
        let listing = json!({"id": "did:web:harvard.edu", "assertionMethod": ["did:web:attacker.example#key-1"]});
        let served = Served(vec![
            ("https://attacker.example/.well-known/did.json".into(), attacker.clone()),
            ("https://harvard.edu/.well-known/did.json".into(), listing),
        ]);
        let m = resolve_verification_method("did:web:attacker.example#key-1", Some(&served)).unwrap();
        assert_eq!((m.controller.as_str(), m.assertion_method), ("did:web:harvard.edu", true), "confirmed from the controller's side");

        // Listed by id but with another key embedded: not the same method.
        let other_key = json!({"id": "did:web:harvard.edu", "assertionMethod": [{"id": "did:web:attacker.example#key-1",
            "type": "Multikey", "publicKeyMultibase": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"}]});
        let served = Served(vec![
            ("https://attacker.example/.well-known/did.json".into(), attacker),
            ("https://harvard.edu/.well-known/did.json".into(), other_key),
        ]);
        let m = resolve_verification_method("did:web:attacker.example#key-1", Some(&served)).unwrap();
        assert_eq!(m.controller, "did:web:attacker.example", "an embedded method with a different key confirms nothing");
    }

    #[test]
    fn an_https_controller_document_is_held_to_the_same_rule() {
        let attacker = json!({
            "id": "https://attacker.example/keys",
            "verificationMethod": [{"id": "https://attacker.example/keys#k", "type": "Multikey",
                "controller": "https://registrar.university.example/issuer", "publicKeyMultibase": KEY}],
            "assertionMethod": ["https://attacker.example/keys#k"]
        });
        let issuer = json!({"id": "https://registrar.university.example/issuer", "assertionMethod": []});
        let served = Served(vec![
            ("https://attacker.example/keys".into(), attacker),
            ("https://registrar.university.example/issuer".into(), issuer),
        ]);
        let m = resolve_verification_method("https://attacker.example/keys#k", Some(&served)).unwrap();
        assert_eq!(m.controller, "https://attacker.example/keys", "the university's document does not list the key");
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
        let (m, claimed) = from_document("https://u.example/issuer#key-1", "https://u.example/issuer", &doc).unwrap();
        assert_eq!(claimed, None, "the method names its own document's id as controller");
        assert!(m.assertion_method && !m.authentication, "relative ids are resolved against the document");
        assert_eq!(m.controller, "https://u.example/issuer");
        assert!(matches!(
            from_document("https://u.example/issuer#key-2", "https://u.example/issuer", &doc),
            Err(DidError::NotInDocument { .. })
        ));
    }
}
