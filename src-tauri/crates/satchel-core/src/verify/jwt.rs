//! JWS-secured credentials: VC-JWT (VCDM 1.1, credential in the `vc` claim)
//! and VC-JOSE / OB 3.0 JWTs (the credential is the payload).
//!
//! Keys: a `did:` or `https:` key id is resolved and bound to the issuer
//! like a Data Integrity verification method; a bare `kid` (or none) is
//! looked up among the keys the issuer publishes (its controller document
//! or JWT VC issuer metadata); a key carried only in the JWS header (`jwk`)
//! proves the bytes are intact, not who signed them (`issuer` unconfirmed).

use serde_json::Value;

use super::jose::{critical, issuer_check, issuer_of, resolve_key, unverified, verify_with, KeySource};
use super::report::{Check, CheckResult, Code};
use super::{status, validity, VerifyOptions};
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

use crate::clock::numeric_date;

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
