//! Compact JWS: parsing and signature checks for EdDSA (Ed25519), ES256,
//! ES384, ES512, RS256 and PS256. The signing input is the received
//! `header.payload` text exactly, never a re-serialisation.
//!
//! See: <https://www.rfc-editor.org/rfc/rfc7515#section-5.2>,
//! <https://www.rfc-editor.org/rfc/rfc7518#section-3.1>

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Why a JWS could not be read or does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JwsError {
    #[error("not a compact JWS: {0}")]
    Malformed(String),
    #[error("the algorithm `{0}` is not supported")]
    UnsupportedAlgorithm(String),
    #[error("the key is not one Satchel can use: {0}")]
    UnsupportedKey(String),
    #[error("the `{alg}` signature cannot be checked with a {key} key")]
    KeyMismatch { alg: String, key: &'static str },
    #[error("the `{0}` signature does not match")]
    BadSignature(String),
    /// RFC 7515 §4.1.11: the signer demands header parameters be understood
    /// that Satchel does not implement; the JWS must not be accepted.
    #[error("the JWS demands that Satchel understand the header parameter(s) {0} (`crit`), which it does not")]
    UnknownCritical(String),
    #[error("the JWS's `crit` header is malformed: {0}")]
    BadCritical(String),
}

/// Header parameters RFC 7515 and 7518 define: never allowed in `crit`.
const REGISTERED_HEADER_PARAMETERS: &[&str] = &[
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc", "zip", "epk", "apu", "apv", "iv", "tag",
    "p2s", "p2c",
];

/// A public key for JWS.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JwsKey {
    Ed25519(ed25519_dalek::VerifyingKey),
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    P521(Box<P521Key>),
    Rsa(rsa::RsaPublicKey),
}

/// A P-521 key, kept by its SEC1 encoding (the curve's key type has no
/// equality of its own).
#[derive(Clone)]
pub struct P521Key {
    key: p521::ecdsa::VerifyingKey,
    sec1: Vec<u8>,
}

impl std::fmt::Debug for P521Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "P521Key({})", hex::encode(&self.sec1))
    }
}

impl PartialEq for P521Key {
    fn eq(&self, other: &Self) -> bool {
        self.sec1 == other.sec1
    }
}

impl Eq for P521Key {}

impl P521Key {
    /// From an uncompressed or compressed SEC1 point.
    pub fn from_sec1(bytes: &[u8]) -> Result<Self, JwsError> {
        let key = p521::ecdsa::VerifyingKey::from_sec1_bytes(bytes).map_err(|e| JwsError::UnsupportedKey(e.to_string()))?;
        Ok(Self { key, sec1: bytes.to_vec() })
    }
}

impl JwsKey {
    fn kind(&self) -> &'static str {
        match self {
            Self::Ed25519(_) => "Ed25519",
            Self::P256(_) => "P-256",
            Self::P384(_) => "P-384",
            Self::P521(_) => "P-521",
            Self::Rsa(_) => "RSA",
        }
    }
}

/// A parsed compact JWS.
#[derive(Debug, Clone)]
pub struct Compact<'a> {
    pub header: Value,
    pub payload: Value,
    signing_input: &'a str,
    signature: Vec<u8>,
}

fn b64(part: &str, what: &str) -> Result<Vec<u8>, JwsError> {
    URL_SAFE_NO_PAD.decode(part).map_err(|_| JwsError::Malformed(format!("the {what} is not base64url")))
}

/// Parses `header.payload.signature` (JSON header and payload).
/// A base64url part holding JSON (a JWS header or payload, an SD-JWT
/// disclosure), leniently: `None` when it is not that.
pub fn json_part(part: &str) -> Option<Value> {
    let bytes = URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

pub fn parse(jws: &str) -> Result<Compact<'_>, JwsError> {
    let jws = jws.trim();
    let mut parts = jws.splitn(3, '.');
    let (Some(h), Some(p), Some(s)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(JwsError::Malformed("it does not have three parts".into()));
    };
    if s.contains('.') {
        return Err(JwsError::Malformed("it has more than three parts".into()));
    }
    let header: Value = serde_json::from_slice(&b64(h, "header")?).map_err(|_| JwsError::Malformed("the header is not JSON".into()))?;
    let payload: Value = serde_json::from_slice(&b64(p, "payload")?).map_err(|_| JwsError::Malformed("the payload is not JSON".into()))?;
    let signature = b64(s, "signature")?;
    Ok(Compact { header, payload, signing_input: &jws[..h.len() + 1 + p.len()], signature })
}

impl Compact<'_> {
    /// The `alg` header.
    pub fn alg(&self) -> &str {
        self.header.get("alg").and_then(Value::as_str).unwrap_or_default()
    }

    /// The `crit` header: absent, or a non-empty list of extension
    /// parameters present in the header. Satchel implements no extension, so
    /// any listed one is [`JwsError::UnknownCritical`].
    ///
    /// See: <https://www.rfc-editor.org/rfc/rfc7515#section-4.1.11>
    pub fn check_critical(&self) -> Result<(), JwsError> {
        let Some(crit) = self.header.get("crit") else { return Ok(()) };
        let names = crit
            .as_array()
            .filter(|a| !a.is_empty())
            .ok_or_else(|| JwsError::BadCritical("it is not a non-empty list".into()))?
            .iter()
            .map(|n| n.as_str().ok_or_else(|| JwsError::BadCritical("it lists something that is not a name".into())))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(registered) = names.iter().find(|n| REGISTERED_HEADER_PARAMETERS.contains(n)) {
            return Err(JwsError::BadCritical(format!("it lists `{registered}`, which the JWS specifications define")));
        }
        if let Some(absent) = names.iter().find(|n| self.header.get(**n).is_none()) {
            return Err(JwsError::BadCritical(format!("it lists `{absent}`, which the header does not carry")));
        }
        Err(JwsError::UnknownCritical(names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")))
    }

    /// Checks the signature with `key`; the key's type must fit `alg`. A
    /// JWS with critical header parameters is never accepted
    /// ([`check_critical`](Self::check_critical)).
    pub fn verify(&self, key: &JwsKey) -> Result<(), JwsError> {
        self.check_critical()?;
        verify_signature(self.alg(), key, self.signing_input.as_bytes(), &self.signature)
    }
}

/// Checks a JWS `signature` over `input` with `key` under `alg` (EdDSA,
/// ES256, ES384, RS256, PS256); the key must fit the algorithm.
pub fn verify_signature(alg: &str, key: &JwsKey, input: &[u8], signature: &[u8]) -> Result<(), JwsError> {
    let bad = || JwsError::BadSignature(alg.to_string());
    let mismatch = || JwsError::KeyMismatch { alg: alg.to_string(), key: key.kind() };
    match (alg, key) {
        ("EdDSA" | "Ed25519", JwsKey::Ed25519(k)) => {
            let sig = ed25519_dalek::Signature::from_slice(signature).map_err(|_| bad())?;
            k.verify_strict(input, &sig).map_err(|_| bad())
        }
        ("ES256", JwsKey::P256(k)) => {
            use p256::ecdsa::signature::Verifier;
            let sig = p256::ecdsa::Signature::from_slice(signature).map_err(|_| bad())?;
            k.verify(input, &sig).map_err(|_| bad())
        }
        ("ES384", JwsKey::P384(k)) => {
            use p384::ecdsa::signature::Verifier;
            let sig = p384::ecdsa::Signature::from_slice(signature).map_err(|_| bad())?;
            k.verify(input, &sig).map_err(|_| bad())
        }
        ("ES512", JwsKey::P521(k)) => {
            use p521::ecdsa::signature::Verifier;
            let sig = p521::ecdsa::Signature::from_slice(signature).map_err(|_| bad())?;
            k.key.verify(input, &sig).map_err(|_| bad())
        }
        ("RS256", JwsKey::Rsa(k)) => k.verify(rsa::Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(input), signature).map_err(|_| bad()),
        ("PS256", JwsKey::Rsa(k)) => k.verify(rsa::Pss::new::<Sha256>(), &Sha256::digest(input), signature).map_err(|_| bad()),
        ("EdDSA" | "Ed25519" | "ES256" | "ES384" | "ES512" | "RS256" | "PS256", _) => Err(mismatch()),
        (other, _) => Err(JwsError::UnsupportedAlgorithm(other.to_string())),
    }
}

/// A key from a DER SubjectPublicKeyInfo: RSA (2048 bits or more), or EC
/// P-256 / P-384.
pub fn key_from_spki(der: &[u8]) -> Result<JwsKey, JwsError> {
    use rsa::pkcs8::DecodePublicKey as _;
    if let Ok(key) = rsa::RsaPublicKey::from_public_key_der(der) {
        if rsa::traits::PublicKeyParts::size(&key) < 256 {
            return Err(JwsError::UnsupportedKey("RSA keys under 2048 bits are refused".into()));
        }
        return Ok(JwsKey::Rsa(key));
    }
    let spki = <x509_cert::spki::SubjectPublicKeyInfoRef<'_> as der::Decode>::from_der(der)
        .map_err(|e| JwsError::UnsupportedKey(format!("not a public key ({e})")))?;
    let curve = spki.algorithm.parameters.and_then(|p| p.decode_as::<der::asn1::ObjectIdentifier>().ok());
    let point = spki.subject_public_key.raw_bytes();
    match curve.map(|c| c.to_string()).as_deref() {
        Some("1.2.840.10045.3.1.7") => {
            p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map(JwsKey::P256).map_err(|e| JwsError::UnsupportedKey(e.to_string()))
        }
        Some("1.3.132.0.34") => {
            p384::ecdsa::VerifyingKey::from_sec1_bytes(point).map(JwsKey::P384).map_err(|e| JwsError::UnsupportedKey(e.to_string()))
        }
        Some("1.3.132.0.35") => P521Key::from_sec1(point).map(|k| JwsKey::P521(Box::new(k))),
        _ => Err(JwsError::UnsupportedKey(format!("the key algorithm {} is not supported", spki.algorithm.oid))),
    }
}

/// A key from a public JWK (OKP Ed25519, EC P-256/P-384, RSA).
pub fn key_from_jwk(jwk: &Value) -> Result<JwsKey, JwsError> {
    let field = |name: &str| -> Result<Vec<u8>, JwsError> {
        let v = jwk.get(name).and_then(Value::as_str).ok_or_else(|| JwsError::UnsupportedKey(format!("the JWK has no `{name}`")))?;
        b64(v, &format!("JWK `{name}`"))
    };
    let kty = jwk.get("kty").and_then(Value::as_str).unwrap_or_default();
    let crv = jwk.get("crv").and_then(Value::as_str).unwrap_or_default();
    match (kty, crv) {
        ("OKP", "Ed25519") => {
            let x: [u8; 32] = field("x")?.try_into().map_err(|_| JwsError::UnsupportedKey("an Ed25519 key is 32 bytes".into()))?;
            ed25519_dalek::VerifyingKey::from_bytes(&x).map(JwsKey::Ed25519).map_err(|e| JwsError::UnsupportedKey(e.to_string()))
        }
        ("EC", "P-256") => {
            let point = [vec![4u8], field("x")?, field("y")?].concat();
            p256::ecdsa::VerifyingKey::from_sec1_bytes(&point).map(JwsKey::P256).map_err(|e| JwsError::UnsupportedKey(e.to_string()))
        }
        ("EC", "P-384") => {
            let point = [vec![4u8], field("x")?, field("y")?].concat();
            p384::ecdsa::VerifyingKey::from_sec1_bytes(&point).map(JwsKey::P384).map_err(|e| JwsError::UnsupportedKey(e.to_string()))
        }
        ("EC", "P-521") => {
            let point = [vec![4u8], field("x")?, field("y")?].concat();
            P521Key::from_sec1(&point).map(|k| JwsKey::P521(Box::new(k)))
        }
        ("RSA", _) => {
            let n = rsa::BigUint::from_bytes_be(&field("n")?);
            let e = rsa::BigUint::from_bytes_be(&field("e")?);
            let key = rsa::RsaPublicKey::new(n, e).map_err(|e| JwsError::UnsupportedKey(e.to_string()))?;
            if rsa::traits::PublicKeyParts::size(&key) < 256 {
                return Err(JwsError::UnsupportedKey("RSA keys under 2048 bits are refused".into()));
            }
            Ok(JwsKey::Rsa(key))
        }
        _ => Err(JwsError::UnsupportedKey(format!("kty `{kty}`, crv `{crv}`"))),
    }
}

/// The RFC 7638 SHA-256 thumbprint of a public JWK, base64url: the `kid`
/// that issuers often give keys they publish without other ids.
///
/// See: <https://www.rfc-editor.org/rfc/rfc7638#section-3>
pub fn jwk_thumbprint(jwk: &Value) -> Option<String> {
    let members: &[&str] = match jwk.get("kty")?.as_str()? {
        "EC" => &["crv", "kty", "x", "y"],
        "OKP" => &["crv", "kty", "x"],
        "RSA" => &["e", "kty", "n"],
        _ => return None,
    };
    let mut canonical = serde_json::Map::new();
    for m in members {
        canonical.insert((*m).to_string(), Value::String(jwk.get(*m)?.as_str()?.to_string()));
    }
    // serde_json's map keeps keys sorted, and the members are plain strings:
    // this is the RFC's lexicographic, whitespace-free form.
    let text = serde_json::to_string(&canonical).ok()?;
    Some(URL_SAFE_NO_PAD.encode(Sha256::digest(text.as_bytes())))
}

/// An RSA key from a PEM SubjectPublicKeyInfo (`-----BEGIN PUBLIC KEY-----`),
/// as Open Badges 2.0 issuers publish them in a `CryptographicKey`.
pub fn key_from_pem(pem: &str) -> Result<JwsKey, JwsError> {
    use rsa::pkcs8::DecodePublicKey as _;
    let body = pem
        .trim()
        .strip_prefix("-----BEGIN PUBLIC KEY-----")
        .and_then(|rest| rest.trim_end().strip_suffix("-----END PUBLIC KEY-----"))
        .ok_or_else(|| JwsError::UnsupportedKey("the PEM is not a `PUBLIC KEY` block".into()))?;
    let der = base64::engine::general_purpose::STANDARD
        .decode(body.split_whitespace().collect::<String>())
        .map_err(|_| JwsError::UnsupportedKey("the PEM body is not base64".into()))?;
    let key = rsa::RsaPublicKey::from_public_key_der(&der).map_err(|e| JwsError::UnsupportedKey(format!("not an RSA public key ({e})")))?;
    if rsa::traits::PublicKeyParts::size(&key) < 256 {
        return Err(JwsError::UnsupportedKey("RSA keys under 2048 bits are refused".into()));
    }
    Ok(JwsKey::Rsa(key))
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::{Signer, SigningKey};

    use super::*;

    /// A test-only key: 32 fixed bytes.
    fn test_key() -> SigningKey {
        SigningKey::from_bytes(&[7u8; 32])
    }

    fn sign(header: &str, payload: &str) -> String {
        let input = format!("{}.{}", URL_SAFE_NO_PAD.encode(header), URL_SAFE_NO_PAD.encode(payload));
        let sig = test_key().sign(input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig.to_bytes()))
    }

    #[test]
    fn eddsa_round_trip_and_tamper() {
        let jws = sign(r#"{"alg":"EdDSA"}"#, r#"{"iss":"did:example:1"}"#);
        let key = JwsKey::Ed25519(test_key().verifying_key());
        parse(&jws).unwrap().verify(&key).unwrap();
        let mut tampered = jws.clone().into_bytes();
        let i = jws.find('.').unwrap() + 3;
        tampered[i] = if tampered[i] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert!(
            matches!(parse(&tampered).map(|c| c.verify(&key)), Ok(Err(JwsError::BadSignature(_))) | Err(_)),
            "a changed payload byte fails"
        );
    }

    #[test]
    fn es512_with_p521_keys() {
        use p521::ecdsa::signature::RandomizedSigner as _;
        let signing = p521::ecdsa::SigningKey::from_slice(&[1u8; 66]).unwrap();
        let point = p521::ecdsa::VerifyingKey::from(&signing).to_encoded_point(false);
        let (x, y) = (URL_SAFE_NO_PAD.encode(point.x().unwrap()), URL_SAFE_NO_PAD.encode(point.y().unwrap()));
        let key = key_from_jwk(&serde_json::json!({"kty": "EC", "crv": "P-521", "x": x, "y": y})).unwrap();
        let input = format!("{}.{}", URL_SAFE_NO_PAD.encode(r#"{"alg":"ES512"}"#), URL_SAFE_NO_PAD.encode("{}"));
        let sig: p521::ecdsa::Signature = signing.sign_with_rng(&mut rand::rngs::OsRng, input.as_bytes());
        let jws = format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig.to_bytes()));
        parse(&jws).unwrap().verify(&key).unwrap();
        let other = format!(
            "{}.{}.{}",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"ES512"}"#),
            URL_SAFE_NO_PAD.encode("{\"x\":1}"),
            URL_SAFE_NO_PAD.encode(sig.to_bytes())
        );
        assert!(matches!(parse(&other).unwrap().verify(&key), Err(JwsError::BadSignature(_))));
    }

    #[test]
    fn alg_must_fit_the_key() {
        let jws = sign(r#"{"alg":"ES256"}"#, "{}");
        let err = parse(&jws).unwrap().verify(&JwsKey::Ed25519(test_key().verifying_key())).unwrap_err();
        assert!(matches!(err, JwsError::KeyMismatch { .. }), "no algorithm confusion: {err}");
        let none = sign(r#"{"alg":"none"}"#, "{}");
        assert!(matches!(
            parse(&none).unwrap().verify(&JwsKey::Ed25519(test_key().verifying_key())),
            Err(JwsError::UnsupportedAlgorithm(_))
        ));
    }

    #[test]
    fn critical_header_parameters_are_refused() {
        let key = JwsKey::Ed25519(test_key().verifying_key());
        let unknown = sign(r#"{"alg":"EdDSA","crit":["exp-x"],"exp-x":1}"#, "{}");
        assert!(matches!(parse(&unknown).unwrap().verify(&key), Err(JwsError::UnknownCritical(_))), "RFC 7515: must reject");
        for bad in [r#"{"alg":"EdDSA","crit":[]}"#, r#"{"alg":"EdDSA","crit":["alg"]}"#, r#"{"alg":"EdDSA","crit":["b64"]}"#] {
            let jws = sign(bad, "{}");
            assert!(matches!(parse(&jws).unwrap().verify(&key), Err(JwsError::BadCritical(_))), "{bad}");
        }
        parse(&sign(r#"{"alg":"EdDSA"}"#, "{}")).unwrap().verify(&key).expect("no crit: checked as usual");
    }

    #[test]
    fn jwk_keys() {
        let x = URL_SAFE_NO_PAD.encode(test_key().verifying_key().as_bytes());
        assert!(matches!(key_from_jwk(&serde_json::json!({"kty": "OKP", "crv": "Ed25519", "x": x})), Ok(JwsKey::Ed25519(_))));
        let p256 = serde_json::json!({"kty":"EC","crv":"P-256","x":"b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ","y":"Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8"});
        assert!(matches!(key_from_jwk(&p256), Ok(JwsKey::P256(_))), "the IETF example issuer key");
        assert!(key_from_jwk(&serde_json::json!({"kty": "oct", "k": "AAAA"})).is_err());
        assert!(matches!(parse("a.b"), Err(JwsError::Malformed(_))));
    }

    #[test]
    fn thumbprints_follow_rfc_7638() {
        // RFC 7638 section 3.1, the worked example.
        let jwk = serde_json::json!({"kty": "RSA", "e": "AQAB", "alg": "RS256", "kid": "2011-04-29", "n": RFC7638_N});
        assert_eq!(jwk_thumbprint(&jwk).as_deref(), Some("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"));
        assert_eq!(jwk_thumbprint(&serde_json::json!({"kty": "oct", "k": "AAAA"})), None);
    }

    const RFC7638_N: &str = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
    #[test]
    fn pem_keys() {
        use rsa::pkcs8::EncodePublicKey as _;
        // The RFC 7638 example modulus: a real 2048-bit key, no keygen needed.
        let n = URL_SAFE_NO_PAD.decode(RFC7638_N).unwrap();
        let public = rsa::RsaPublicKey::new(rsa::BigUint::from_bytes_be(&n), rsa::BigUint::from(65537u32)).unwrap();
        let der = public.to_public_key_der().unwrap();
        let body = base64::engine::general_purpose::STANDARD.encode(der.as_bytes());
        let lines: Vec<&str> = body.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap()).collect();
        let pem = format!("-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n", lines.join("\n"));
        assert_eq!(key_from_pem(&pem).unwrap(), JwsKey::Rsa(public));
        assert!(key_from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----").is_err());
        assert!(key_from_pem("not pem").is_err());
    }
}
