//! JWS-secured credentials: VC-JWT (VCDM 1.1, credential in the `vc` claim)
//! and VC-JOSE / OB 3.0 JWTs (the credential is the payload).
//!
//! Keys: a `did:` or `https:` key id is resolved and bound to the issuer
//! like a Data Integrity verification method; a bare `kid` (or none) is
//! looked up among the keys the issuer publishes (its controller document
//! or JWT VC issuer metadata); a key carried only in the JWS header (`jwk`)
//! proves the bytes are intact, not who signed them (`issuer` unconfirmed).

use serde_json::Value;

use super::report::{Check, CheckResult, Code, Finding};
use super::{status, validity, VerifyOptions};
use crate::did;
use crate::jws;

/// The format, signature, issuer, validity and status checks of a VC-JWT or
/// VC-JOSE credential in `text`.
pub fn check(text: &str, options: &VerifyOptions<'_>) -> Vec<CheckResult> {
    let mut checks = Vec::new();
    if text.trim().contains('~') {
        // Only the issuer decides that a token is an SD-JWT (its `typ`, its
        // `_sd_alg`, its digests): what follows a signed JWT cannot turn it
        // into one, nor move its status and dates out of reach.
        return vec![CheckResult::failed(
            Check::Format,
            "a JWT followed by SD-JWT parts (`~`) although it does not declare itself an SD-JWT (no `…+sd-jwt` type, no `_sd_alg`, no digests)",
        )];
    }
    let compact = match jws::parse(text) {
        Ok(c) => c,
        Err(e) => return vec![CheckResult::failed(Check::Format, e.to_string())],
    };
    if let Some(refused) = critical(&compact) {
        return vec![CheckResult::passed(Check::Format, None), refused];
    }
    let (credential, form) = match compact.payload.get("vc") {
        Some(vc @ Value::Object(_)) => (vc.clone(), "VC-JWT (`vc` claim)"),
        _ => (compact.payload.clone(), "VC-JOSE (the credential is the payload)"),
    };
    checks.push(CheckResult::passed(Check::Format, Some(form.into())));
    let issuer = match issuer_of(&compact.payload, &credential) {
        Ok(issuer) => issuer,
        Err(refused) => {
            checks.push(refused);
            return checks;
        }
    };
    let iss = issuer.as_deref();
    let candidates = match resolve_key(&compact.header, iss, options) {
        Ok(k) => k,
        Err(result) => {
            checks.push(result);
            return checks;
        }
    };
    let source = match verify_with(&compact, candidates) {
        Ok(source) => source,
        Err(e) => {
            checks.push(unverified(&e, ""));
            return checks;
        }
    };
    let by = match &source {
        KeySource::Resolved { kid, origin, .. } => format!(" by {kid}{origin}"),
        KeySource::HeaderOnly => " by the key in its header".into(),
    };
    let key = match &source {
        KeySource::Resolved { kid, .. } => kid.clone(),
        KeySource::HeaderOnly => "jwk".into(),
    };
    checks.push(
        CheckResult::passed(Check::Signature, Some(format!("{} JWS{by}", compact.alg()))).param("suite", compact.alg()).param("key", key),
    );
    checks.push(issuer_check(&source, issuer.as_deref()));
    checks.push(jwt_validity(&compact.payload, &credential, options));
    checks.push(status::check(&credential, issuer.as_deref(), options));
    checks
}

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

pub(crate) use crate::clock::numeric_date;

/// JWT `nbf`/`exp` first, then the credential's own dates.
pub(super) fn jwt_validity(claims: &Value, credential: &Value, options: &VerifyOptions<'_>) -> CheckResult {
    let now = options.clock.now();
    for key in ["exp", "nbf"] {
        if let Some(v) = claims.get(key).filter(|v| numeric_date(v).is_none()) {
            return CheckResult::failed(Check::Validity, format!("`{key}` is given as `{v}`, not as a date (RFC 7519 NumericDate)"))
                .because(Code::ValidityBadDate);
        }
    }
    let time = |k: &str| claims.get(k).and_then(numeric_date);
    if let Some(exp) = time("exp") {
        if now > exp {
            return super::expired(exp);
        }
    }
    if let Some(nbf) = time("nbf") {
        if now < nbf {
            return super::not_yet_valid(nbf);
        }
    }
    let own = validity(credential, now);
    if own.outcome != super::Outcome::Passed {
        return own;
    }
    // The dates the learner reads: the credential's own, else the JWT's.
    let param = |k: &str| own.params.get(k).and_then(|d| super::parse_time(d));
    let from = param("from").or_else(|| time("nbf")).or_else(|| time("iat"));
    let until = match (param("until"), time("exp")) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let detail = match (own.detail.clone(), time("exp")) {
        (None, Some(exp)) => Some(format!("valid until {exp}")),
        (detail, _) => detail,
    };
    super::in_force(from, until, detail)
}
