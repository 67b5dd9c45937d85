//! JOSE key resolution and issuer binding, shared by every JWT-shaped
//! check (VC-JWT and VC-JOSE, SD-JWT VCs, status list tokens and JWT-secured
//! status list credentials, Open Badges 2.0 signed assertions).
//!
//! Keys: a `did:` or `https:` key id is resolved and bound to the issuer
//! like a Data Integrity verification method; a bare `kid` (or none) is
//! looked up among the keys the issuer publishes (its controller document
//! or JWT VC issuer metadata); a key carried only in the JWS header (`jwk`)
//! proves the bytes are intact, not who signed them (`issuer` unconfirmed).
//!
//! It knows keys and checks, not credentials: the modules that read a
//! token (`jwt`, `sd_jwt`, `status`, `ob2`) call it, never the other way.

use serde_json::Value;

use super::report::{Check, CheckResult, Code, Finding};
use super::VerifyOptions;
use crate::did;
use crate::jws;

/// A JWS with a `crit` header: refused before any key is looked for. An
/// extension Satchel does not implement leaves it unable to check
/// (`skipped`); a malformed `crit` is a broken token (`failed`).
pub(super) fn critical(compact: &jws::Compact<'_>) -> Option<CheckResult> {
    match compact.check_critical() {
        Ok(()) => None,
        Err(e @ jws::JwsError::UnknownCritical(_)) => {
            Some(CheckResult::skipped(Check::Signature, e.to_string()).because(Code::SignatureUnsupported))
        }
        Err(e) => Some(CheckResult::failed(Check::Signature, e.to_string())),
    }
}

/// The issuer of a JWT-secured credential: the JWT's `iss` and the
/// credential's own `issuer` (VCDM: a string or an object's `id`), which
/// must agree when both are there. Either alone names it (RFC 9901 A.4 and
/// VCDM 2.0 `vc+sd-jwt` payloads carry only `issuer`).
pub(super) fn issuer_of(claims: &Value, credential: &Value) -> Result<Option<String>, CheckResult> {
    let vcdm = match credential.get("issuer") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Object(o)) => o.get("id").and_then(Value::as_str).map(str::to_string),
        _ => None,
    };
    let iss = claims.get("iss").and_then(Value::as_str).map(str::to_string);
    match (iss, vcdm) {
        (Some(iss), Some(issuer)) if iss != issuer => Err(CheckResult::failed(
            Check::Issuer,
            format!("the JWT is issued by `{iss}` but the credential names `{issuer}` as its issuer"),
        )
        .because(Code::IssuerOtherKey)
        .param("issuer", &issuer)
        .param("controller", &iss)),
        (iss, vcdm) => Ok(iss.or(vcdm)),
    }
}

/// Where a JWS key came from.
#[derive(Debug, Clone)]
pub(super) enum KeySource {
    /// Only from the JWS header (`jwk`): integrity, not authorship.
    HeaderOnly,
    /// A resolved key: its controller and whether it may assert.
    Resolved { controller: String, assertion: bool, kid: String, origin: String },
}

/// The keys that may have signed a JWS: a `did:` or `https:` key id
/// (resolved, to be bound to the issuer); a header `jwk` (integrity only);
/// otherwise the keys the issuer `iss` publishes ([`did::issuer_keys`]),
/// matched by the header's `kid` if it has one. Keys that cannot be had
/// give a skipped `signature` check; a key id that points nowhere fails it.
pub(super) fn resolve_key(
    header: &Value,
    iss: Option<&str>,
    options: &VerifyOptions<'_>,
) -> Result<Vec<(jws::JwsKey, KeySource)>, CheckResult> {
    if let Some(jwk) = header.get("jwk") {
        return jws::key_from_jwk(jwk).map(|k| vec![(k, KeySource::HeaderOnly)]).map_err(|e| unverified(&e, "the header's `jwk`: "));
    }
    let kid = header.get("kid").and_then(Value::as_str);
    let found = match (kid, iss) {
        (Some(kid), _) if kid.starts_with("did:") || kid.starts_with("https://") => {
            did::resolve_verification_method(kid, options.fetcher).map(|m| vec![m])
        }
        (kid, Some(iss)) => did::issuer_keys(iss, kid, options.fetcher),
        (kid, None) => {
            return Err(CheckResult::failed(
                Check::Signature,
                format!(
                    "the JWS names {} and no issuer whose published keys could be searched",
                    kid.map_or("no key".into(), |k| format!("the key `{k}`"))
                ),
            ))
        }
    };
    match found {
        Ok(methods) => Ok(methods
            .into_iter()
            .map(|m| (m.key, KeySource::Resolved { controller: m.controller, assertion: m.assertion_method, kid: m.id, origin: m.origin }))
            .collect()),
        Err(e @ (did::DidError::NotFound { .. } | did::DidError::NotInDocument { .. } | did::DidError::Malformed(_))) => {
            Err(CheckResult::failed(Check::Signature, e.to_string()))
        }
        Err(e @ (did::DidError::Offline(_) | did::DidError::Unreachable { .. })) => {
            Err(CheckResult::skipped(Check::Signature, e.to_string()).because(Code::SignatureKeyUnreachable))
        }
        Err(e) => Err(CheckResult::skipped(Check::Signature, e.to_string()).because(Code::SignatureUnsupported)),
    }
}

/// Checks the JWS with each candidate key; the first that verifies is the
/// signer. None verifying fails the `signature` check.
pub(super) fn verify_with(compact: &jws::Compact<'_>, candidates: Vec<(jws::JwsKey, KeySource)>) -> Result<KeySource, jws::JwsError> {
    let mut last = jws::JwsError::UnsupportedKey("no usable key".into());
    for (key, source) in candidates {
        match compact.verify(&key) {
            Ok(()) => return Ok(source),
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// The `signature` check of a JWS that did not verify: `skipped` when
/// Satchel could not check it (an algorithm, key type or critical extension
/// it does not implement), `failed` when it checked and the JWS is wrong.
pub(super) fn unverified(e: &jws::JwsError, context: &str) -> CheckResult {
    match e {
        jws::JwsError::UnsupportedAlgorithm(_) | jws::JwsError::UnsupportedKey(_) | jws::JwsError::UnknownCritical(_) => {
            CheckResult::skipped(Check::Signature, format!("{context}{e}: Satchel cannot check it")).because(Code::SignatureUnsupported)
        }
        jws::JwsError::BadSignature(_) => CheckResult::failed(Check::Signature, format!("{context}{e}")).because(Code::SignatureMismatch),
        _ => CheckResult::failed(Check::Signature, format!("{context}{e}")),
    }
}

/// Binds a JWS key to the issuer: a resolved key's controller must be the
/// issuer and list it for assertions; a header-only key confirms nothing.
pub(super) fn issuer_check(source: &KeySource, issuer: Option<&str>) -> CheckResult {
    match (source, issuer) {
        (_, None) => CheckResult::failed(Check::Issuer, "the credential names no issuer").because(Code::IssuerMissing),
        (KeySource::HeaderOnly, Some(iss)) => CheckResult::failed(
            Check::Issuer,
            format!("the key comes only from the JWS's own header: the credential is intact, but nothing ties the key to `{iss}`"),
        )
        .with(Finding::Unconfirmed)
        .because(Code::IssuerUnpublishedKey)
        .param("issuer", iss),
        (KeySource::Resolved { controller, assertion, kid, .. }, Some(iss)) => {
            if controller != iss {
                CheckResult::failed(
                    Check::Issuer,
                    format!("the signing key `{kid}` is `{controller}`'s: the issuer `{iss}` does not list it in its own document"),
                )
                .because(Code::IssuerOtherKey)
                .param("issuer", iss)
                .param("controller", controller)
            } else if !assertion {
                CheckResult::failed(Check::Issuer, format!("`{iss}` does not list `{kid}` for assertions"))
                    .because(Code::IssuerKeyNotListed)
                    .param("issuer", iss)
            } else {
                CheckResult::passed(Check::Issuer, Some(format!("the issuer `{iss}` lists the key for assertions in its own document")))
                    .param("issuer", iss)
            }
        }
    }
}
