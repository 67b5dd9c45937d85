//! SD-JWT and SD-JWT VC (`vc+sd-jwt`, `dc+sd-jwt`): the issuer-signed JWT,
//! its disclosures, and an optional key-binding JWT.
//!
//! Every disclosure must be one the issuer signed: its SHA-256 digest must
//! stand exactly once in the payload (an `_sd` array or a `{"...": digest}`
//! array element); a disclosure that matches nothing, or comes twice, makes
//! the SD-JWT invalid. A key-binding JWT must be signed with the `cnf` key
//! and carry the `sd_hash` of what precedes it.
//!
//! See: <https://www.rfc-editor.org/rfc/rfc9901#name-verification-of-the-sd-jwt>

use std::collections::HashSet;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::Value;

use super::report::{Check, CheckResult, Code};
use super::{jose, jwt, status, VerifyOptions};
use crate::credential::sd_jwt::{committed_digests, digest, registered_disclosed, split, Parts};
pub use crate::credential::sd_jwt::{ALWAYS_DISCLOSED, VCDM_ALWAYS_DISCLOSED};
use crate::jws;

/// Checks that every disclosure is one the issuer committed to, once, and
/// that disclosed values commit to their own nested disclosures too; and
/// that none discloses a top-level claim of [`ALWAYS_DISCLOSED`].
fn check_disclosures(payload: &Value, disclosures: &[&str]) -> Result<usize, String> {
    if let Some(name) = registered_disclosed(payload, disclosures).first() {
        return Err(format!("the issuer made `{name}` selectively disclosable, which SD-JWT VC forbids: a holder could withhold it"));
    }
    let mut committed = Vec::new();
    committed_digests(payload, &mut committed, 0);
    for d in disclosures {
        let bytes = URL_SAFE_NO_PAD.decode(d).map_err(|_| "a disclosure is not base64url".to_string())?;
        let Ok(Value::Array(items)) = serde_json::from_slice::<Value>(&bytes) else {
            return Err("a disclosure is not a JSON array".into());
        };
        match items.as_slice() {
            [Value::String(_), Value::String(name), value] => {
                if name == "_sd" || name == "..." {
                    return Err(format!("a disclosure names the reserved claim `{name}`"));
                }
                committed_digests(value, &mut committed, 0);
            }
            [Value::String(_), value] => committed_digests(value, &mut committed, 0),
            _ => return Err("a disclosure is not [salt, name, value] or [salt, value]".into()),
        }
    }
    let mut seen = HashSet::new();
    for d in disclosures {
        let h = digest(d);
        if !seen.insert(h.clone()) {
            return Err("the same disclosure is presented twice".into());
        }
        match committed.iter().filter(|c| **c == h).count() {
            0 => return Err("a disclosure matches no digest the issuer signed".into()),
            1 => {}
            _ => return Err("a digest stands more than once in the signed payload".into()),
        }
    }
    Ok(disclosures.len())
}

/// The checks of the SD-JWT in `text`.
pub fn check(text: &str, options: &VerifyOptions<'_>) -> Vec<CheckResult> {
    let mut checks = Vec::new();
    let parts = split(text);
    let compact = match jws::parse(parts.issuer_jwt) {
        Ok(c) => c,
        Err(e) => return vec![CheckResult::failed(Check::Format, format!("the issuer-signed JWT: {e}"))],
    };
    if let Some(refused) = jose::critical(&compact) {
        return vec![CheckResult::passed(Check::Format, None), refused];
    }
    let sd_alg = compact.payload.get("_sd_alg").and_then(Value::as_str).unwrap_or("sha-256");
    if sd_alg != "sha-256" {
        return vec![CheckResult::failed(Check::Format, format!("the digest algorithm `{sd_alg}` is not supported"))];
    }
    let disclosed = match check_disclosures(&compact.payload, &parts.disclosures) {
        Ok(n) => n,
        Err(why) => {
            checks.push(CheckResult::passed(Check::Format, None));
            checks.push(CheckResult::failed(Check::Signature, why));
            return checks;
        }
    };
    checks.push(
        CheckResult::passed(Check::Format, Some(format!("SD-JWT with {disclosed} disclosure(s)")))
            .because(Code::FormatSdJwt)
            .param("n", disclosed),
    );
    let claims = crate::credential::reveal_sd_jwt(text, &compact.payload);
    // A W3C credential secured as an SD-JWT is checked as one: its own
    // dates, status and `issuer`, whether it is the payload or its `vc` claim.
    let credential = crate::credential::credential_in(&claims).clone();
    let issuer = match jose::issuer_of(&claims, &credential) {
        Ok(issuer) => issuer,
        Err(refused) => {
            checks.push(refused);
            return checks;
        }
    };

    let candidates = match jose::resolve_key(&compact.header, issuer.as_deref(), options) {
        Ok(k) => k,
        Err(result) => {
            checks.push(result);
            return checks;
        }
    };
    let source = match jose::verify_with(&compact, candidates) {
        Ok(source) => source,
        Err(e) => {
            checks.push(jose::unverified(&e, "the issuer's signature: "));
            return checks;
        }
    };
    let mut detail = format!("{} issuer signature; {disclosed} disclosure(s) signed by the issuer", compact.alg());
    let mut bound = false;
    match key_binding(&parts, &compact.payload) {
        Ok(Some(kb)) => {
            detail.push_str(&format!("; {kb}"));
            bound = true;
        }
        Ok(None) => {}
        Err(KeyBindingError::Jws(e)) => {
            checks.push(jose::unverified(&e, "key binding: "));
            return checks;
        }
        Err(KeyBindingError::Wrong(why)) => {
            checks.push(CheckResult::failed(Check::Signature, format!("key binding: {why}")).because(Code::SignatureKeyBindingFailed));
            return checks;
        }
    }
    let signature = CheckResult::passed(Check::Signature, Some(detail)).param("suite", compact.alg()).param("n", disclosed);
    checks.push(if bound { signature.because(Code::SignatureKeyBinding) } else { signature });
    checks.push(jose::issuer_check(&source, issuer.as_deref()));
    checks.push(jwt::jwt_validity(&claims, &credential, options));
    checks.push(if claims.pointer("/status/status_list").is_some() {
        status::token_status(&claims, issuer.as_deref(), options)
    } else if credential.get("credentialStatus").is_some() {
        status::check(&credential, issuer.as_deref(), options)
    } else if claims.get("status").is_some() {
        CheckResult::skipped(Check::Status, "the `status` claim names a status mechanism other than a token status list")
            .because(Code::StatusUnsupported)
    } else {
        CheckResult::not_applicable(Check::Status, "the credential has no status entry")
    });
    checks
}

/// Verifies the key-binding JWT, if any: signed with `cnf.jwk`, `typ`
/// `kb+jwt`, and `sd_hash` over exactly what the holder presented.
fn key_binding(parts: &Parts<'_>, payload: &Value) -> Result<Option<String>, KeyBindingError> {
    let Some(kb) = parts.key_binding else { return Ok(None) };
    let wrong = |s: &str| KeyBindingError::Wrong(s.to_string());
    let compact = jws::parse(kb).map_err(KeyBindingError::Jws)?;
    if compact.header.get("typ").and_then(Value::as_str) != Some("kb+jwt") {
        return Err(wrong("its `typ` is not `kb+jwt`"));
    }
    let cnf = payload.pointer("/cnf/jwk").ok_or_else(|| wrong("the credential has no `cnf.jwk` to bind to"))?;
    let key = jws::key_from_jwk(cnf).map_err(KeyBindingError::Jws)?;
    compact.verify(&key).map_err(KeyBindingError::Jws)?;
    let expected = digest(parts.presented);
    if compact.payload.get("sd_hash").and_then(Value::as_str) != Some(expected.as_str()) {
        return Err(wrong("its `sd_hash` does not match the presented SD-JWT"));
    }
    let aud = compact.payload.get("aud").and_then(Value::as_str).unwrap_or("nobody named");
    let nonce = compact.payload.get("nonce").and_then(Value::as_str).unwrap_or("none");
    Ok(Some(format!("key binding verified (audience `{aud}`, nonce `{nonce}`)")))
}

/// Why a key-binding JWT does not hold: its JWS (which may be one Satchel
/// cannot check), or what it says.
enum KeyBindingError {
    Jws(jws::JwsError),
    Wrong(String),
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::{Signer, SigningKey};
    use serde_json::json;

    use super::*;
    use crate::clock::FixedClock;

    /// Test-only keys: fixed bytes.
    fn issuer_key() -> SigningKey {
        SigningKey::from_bytes(&[11u8; 32])
    }
    fn holder_key() -> SigningKey {
        SigningKey::from_bytes(&[22u8; 32])
    }

    fn did_key(k: &SigningKey) -> String {
        let mut raw = vec![0xed, 0x01];
        raw.extend_from_slice(k.verifying_key().as_bytes());
        format!("did:key:z{}", bs58::encode(raw).into_string())
    }

    fn jwt(header: Value, payload: Value, key: &SigningKey) -> String {
        let input = format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(payload.to_string()));
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(key.sign(input.as_bytes()).to_bytes()))
    }

    fn disclosure(name: &str, value: Value) -> String {
        URL_SAFE_NO_PAD.encode(json!(["test-salt", name, value]).to_string())
    }

    /// An SD-JWT VC from a did:key issuer, bound to the holder key, with two
    /// selectively disclosable claims.
    fn issue() -> (String, Vec<String>) {
        let did = did_key(&issuer_key());
        let d = vec![disclosure("given_name", json!("Ana")), disclosure("grade", json!("A"))];
        let x = URL_SAFE_NO_PAD.encode(holder_key().verifying_key().as_bytes());
        let payload = json!({
            "iss": did, "vct": "https://credentials.example/degree", "iat": 1_764_000_000, "exp": 1_900_000_000,
            "_sd": [digest(&d[0]), digest(&d[1])], "_sd_alg": "sha-256",
            "cnf": {"jwk": {"kty": "OKP", "crv": "Ed25519", "x": x}}
        });
        let kid = format!("{did}#{}", &did["did:key:".len()..]);
        (jwt(json!({"alg": "EdDSA", "typ": "dc+sd-jwt", "kid": kid}), payload, &issuer_key()), d)
    }

    fn present(issuer_jwt: &str, disclosures: &[&str], kb: bool) -> String {
        let presented = format!("{issuer_jwt}~{}~", disclosures.join("~")).replace("~~", "~");
        if !kb {
            return presented;
        }
        let kb_jwt = jwt(
            json!({"alg": "EdDSA", "typ": "kb+jwt"}),
            json!({"aud": "https://employer.example", "nonce": "n-1", "iat": 1_764_000_100, "sd_hash": digest(&presented)}),
            &holder_key(),
        );
        format!("{presented}{kb_jwt}")
    }

    fn run(text: &str) -> Vec<CheckResult> {
        let clock = FixedClock(chrono::DateTime::parse_from_rfc3339("2026-11-27T00:00:00Z").unwrap().into());
        check(text, &VerifyOptions { clock: &clock, fetcher: None, trust: None })
    }

    fn outcome(checks: &[CheckResult], c: Check) -> super::super::Outcome {
        checks.iter().find(|r| r.check == c).map(|r| r.outcome).unwrap_or(super::super::Outcome::Skipped)
    }

    #[test]
    fn valid_with_some_disclosures_and_key_binding() {
        let (jwt, d) = issue();
        let checks = run(&present(&jwt, &[&d[0]], true));
        assert_eq!(super::super::Verdict::of(&checks), super::super::Verdict::Valid, "{checks:?}");
        let sig = checks.iter().find(|c| c.check == Check::Signature).unwrap();
        assert!(sig.detail.as_deref().unwrap().contains("key binding verified (audience `https://employer.example`"), "{sig:?}");
        let none = run(&present(&jwt, &[], false));
        assert_eq!(super::super::Verdict::of(&none), super::super::Verdict::Valid, "no disclosure at all is still the issuer's SD-JWT");
    }

    #[test]
    fn forged_disclosure_and_bad_key_binding_fail() {
        let (jwt, d) = issue();
        let forged = disclosure("grade", json!("A+"));
        assert_eq!(
            outcome(&run(&present(&jwt, &[&forged], false)), Check::Signature),
            super::super::Outcome::Failed,
            "a disclosure the issuer never signed"
        );
        assert_eq!(
            outcome(&run(&present(&jwt, &[&d[0], &d[0]], false)), Check::Signature),
            super::super::Outcome::Failed,
            "the same disclosure twice"
        );
        // A key-binding JWT made for other disclosures does not fit these.
        let kb_for_one = present(&jwt, &[&d[0]], true);
        let kb = kb_for_one.rsplit('~').next().unwrap();
        let swapped = format!("{}{kb}", present(&jwt, &[&d[1]], false));
        assert_eq!(outcome(&run(&swapped), Check::Signature), super::super::Outcome::Failed, "sd_hash binds the disclosures presented");
        let mut tampered = jwt.clone().into_bytes();
        let i = jwt.find('.').unwrap() + 5;
        tampered[i] = if tampered[i] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert_ne!(super::super::Verdict::of(&run(&present(&tampered, &[&d[0]], false))), super::super::Verdict::Valid);
    }

    #[test]
    fn header_key_only_is_unconfirmed() {
        let (_, d) = issue();
        let x = URL_SAFE_NO_PAD.encode(issuer_key().verifying_key().as_bytes());
        let payload = json!({"iss": "https://u.example", "_sd": [digest(&d[0])]});
        let jwt = jwt(json!({"alg": "EdDSA", "jwk": {"kty": "OKP", "crv": "Ed25519", "x": x}}), payload, &issuer_key());
        let checks = run(&present(&jwt, &[&d[0]], false));
        assert_eq!(super::super::Verdict::of(&checks), super::super::Verdict::Unverifiable, "{checks:?}");
    }
}
