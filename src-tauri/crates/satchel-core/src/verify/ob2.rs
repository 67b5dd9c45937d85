//! Open Badges 2.0 assertions: signed (a compact JWS whose key the issuer
//! publishes as a `CryptographicKey`) and hosted (the issuer's own copy at
//! the assertion's id is what vouches for it), with the issuer's
//! `RevocationList`.
//!
//! OB 2.0 documents often name `http:` addresses. Satchel fetches only over
//! https, so such an address is asked for at its `https:` twin (the same
//! host and path) and the report says so; an issuer that serves nothing
//! there leaves the credential unverifiable, never valid.
//!
//! See: <https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#SignedBadge>,
//! <https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#HostedBadge>,
//! <https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#RevocationList>

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::report::{Check, CheckResult, Code, Finding};
use super::VerifyOptions;
use crate::fetch::{Error as FetchError, Fetcher};
use crate::jws;

/// Largest OB 2.0 document (key, badge class, profile, list, hosted copy) fetched.
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

/// A fetched OB 2.0 document and a note on how it was had.
struct Got {
    doc: Value,
    note: String,
    /// The address that finally answered, after redirects (empty for an
    /// embedded object).
    url: String,
}

/// Why a linked document could not be used.
enum Miss {
    /// Offline, unreachable or refused: whether it exists is unknown.
    Unknown(String),
    /// The server answered that it is not there (with the HTTP status).
    Gone(String, u16),
    /// Offline, or the server did not answer: the learner hears it first.
    Unreachable(String),
}

impl Miss {
    fn text(&self) -> &str {
        match self {
            Self::Unknown(s) | Self::Gone(s, _) | Self::Unreachable(s) => s,
        }
    }

    /// A check that could not run for this miss, with `code` when the
    /// network was the cause.
    fn skipped(&self, check: Check, why: String, code: Code) -> CheckResult {
        let skipped = CheckResult::skipped(check, why);
        match self {
            Self::Unreachable(_) => skipped.because(code),
            _ => skipped,
        }
    }
}

/// Fetches `url` (an `http:` one at its `https:` twin) as JSON; `what`
/// names it in messages.
fn get(url: &str, what: &str, fetcher: Option<&dyn Fetcher>) -> Result<Got, Miss> {
    let (target, upgraded) = match url.strip_prefix("http://") {
        Some(rest) => (format!("https://{rest}"), true),
        None => (url.to_string(), false),
    };
    if !target.starts_with("https://") {
        return Err(Miss::Unknown(format!("the {what} `{url}` is not a web address")));
    }
    let Some(fetcher) = fetcher else { return Err(Miss::Unreachable(format!("offline: the {what} `{url}` was not fetched"))) };
    let fetched = fetcher.get(&target, MAX_DOCUMENT_BYTES).map_err(|e| match e {
        FetchError::Status { status, .. } => Miss::Gone(format!("the {what} `{target}` is not there ({e})"), status),
        _ => Miss::Unreachable(format!("the {what} could not be fetched: {e}")),
    })?;
    let doc = serde_json::from_slice(&fetched.body).map_err(|_| Miss::Unknown(format!("the {what} `{target}` is not JSON")))?;
    let mut note = fetched.origin.note();
    if upgraded {
        note.push_str(&format!(" (asked for over https: the badge names `{url}`)"));
    }
    Ok(Got { doc, note, url: fetched.url })
}

/// An embedded object, or the document a URL points to.
fn linked(value: Option<&Value>, what: &str, fetcher: Option<&dyn Fetcher>) -> Result<Got, Miss> {
    match value {
        Some(Value::String(url)) => get(url, what, fetcher),
        Some(v @ Value::Object(_)) => Ok(Got { doc: v.clone(), note: String::new(), url: String::new() }),
        _ => Err(Miss::Unknown(format!("the assertion has no {what}"))),
    }
}

/// The issuer's profile, always as the issuer publishes it at its id: a
/// copy embedded in the badge could say anything (its keys, its origins,
/// its revocation list), so it is never believed.
fn issuer_profile(issuer: Option<&Value>, fetcher: Option<&dyn Fetcher>) -> Result<Got, Miss> {
    let id = issuer.and_then(id_of).ok_or_else(|| Miss::Unknown("the badge class names no issuer".into()))?;
    if !(id.starts_with("https://") || id.starts_with("http://")) {
        return Err(Miss::Unknown(format!("the issuer `{id}` has no address where its profile can be checked")));
    }
    let got = get(id, "issuer profile", fetcher)?;
    if got.doc.get("id").and_then(Value::as_str) != Some(id) {
        return Err(Miss::Gone(format!("the document at `{id}` is not the profile of `{id}`"), 200));
    }
    Ok(got)
}

fn id_of(v: &Value) -> Option<&str> {
    v.as_str().or_else(|| v.get("id").and_then(Value::as_str))
}

/// The checks of an OB 2.0 assertion: `assertion` is the JSON (the JWS
/// payload when signed), `jws_text` the compact JWS when it came signed.
pub fn check(assertion: &Value, jws_text: Option<&str>, options: &VerifyOptions<'_>) -> Vec<CheckResult> {
    let mut checks = Vec::new();
    let kind = assertion.pointer("/verification/type").and_then(Value::as_str).unwrap_or_default().to_ascii_lowercase();
    let Some(assertion_id) = assertion.get("id").and_then(Value::as_str) else {
        return vec![CheckResult::failed(Check::Format, "the Open Badges 2.0 assertion has no `id`")
            .because(Code::FormatMissingField)
            .param("field", "id")];
    };
    let signed = matches!(kind.as_str(), "signed" | "signedbadge");
    let hosted = matches!(kind.as_str(), "hosted" | "hostedbadge");
    match (signed, jws_text.is_some()) {
        (true, false) => {
            return vec![CheckResult::failed(Check::Format, "the assertion says it is signed, but it came without its signature")]
        }
        (false, true) => return vec![CheckResult::failed(Check::Format, "a signed assertion must say `verification.type: signed`")],
        _ if !signed && !hosted => {
            return vec![CheckResult::failed(Check::Format, format!("the verification type `{kind}` is not one Open Badges 2.0 defines"))];
        }
        _ => {}
    }
    checks.push(
        CheckResult::passed(Check::Format, Some(format!("Open Badges 2.0 {} assertion", if signed { "signed" } else { "hosted" })))
            .because(Code::FormatOb2),
    );

    // The badge class names the issuer; the issuer's profile names its keys
    // and its revocation list.
    let profile = linked(assertion.get("badge"), "badge class", options.fetcher)
        .and_then(|badge| issuer_profile(badge.doc.get("issuer"), options.fetcher));

    if signed {
        let text = jws_text.unwrap_or_default();
        match signed_checks(assertion, text, profile.as_ref().ok(), options) {
            Ok((signature, issuer)) => checks.extend([signature, issuer]),
            Err(result) => {
                checks.push(result);
                return checks;
            }
        }
    } else {
        match hosted_checks(assertion, assertion_id, profile.as_ref().ok(), options) {
            Ok((signature, issuer)) => checks.extend([signature, issuer]),
            Err(results) => {
                checks.extend(results);
                return checks;
            }
        }
    }
    checks.push(validity(assertion, options.clock.now()));
    checks.push(match &profile {
        Ok(p) => revocation(assertion, assertion_id, &p.doc, options),
        Err(miss) => {
            miss.skipped(Check::Status, format!("the issuer's revocation list is unknown: {}", miss.text()), Code::StatusUnreachable)
        }
    });
    checks
}

/// Signature and issuer checks of a signed assertion.
fn signed_checks(
    assertion: &Value,
    text: &str,
    profile: Option<&Got>,
    options: &VerifyOptions<'_>,
) -> Result<(CheckResult, CheckResult), CheckResult> {
    let compact = jws::parse(text).map_err(|e| CheckResult::failed(Check::Signature, e.to_string()))?;
    let creator = assertion
        .pointer("/verification/creator")
        .and_then(Value::as_str)
        .ok_or_else(|| CheckResult::failed(Check::Signature, "the signed assertion names no key (`verification.creator`)"))?;
    let key_doc = match get(creator, "signing key", options.fetcher) {
        Ok(k) => k,
        Err(Miss::Gone(why, _)) => return Err(CheckResult::failed(Check::Signature, why)),
        Err(miss) => return Err(miss.skipped(Check::Signature, miss.text().to_string(), Code::SignatureKeyUnreachable)),
    };
    if key_doc.doc.get("id").and_then(Value::as_str) != Some(creator) {
        return Err(CheckResult::failed(Check::Signature, format!("the document at `{creator}` is not that key")));
    }
    let pem = key_doc.doc.get("publicKeyPem").and_then(Value::as_str).unwrap_or_default();
    // A key or algorithm Satchel does not implement leaves it unchecked, not wrong.
    let key = jws::key_from_pem(pem).map_err(|e| super::jose::unverified(&e, &format!("the key `{creator}`: ")))?;
    compact.verify(&key).map_err(|e| super::jose::unverified(&e, ""))?;
    let signature = CheckResult::passed(Check::Signature, Some(format!("{} JWS by {creator}{}", compact.alg(), key_doc.note)))
        .param("suite", compact.alg())
        .param("key", creator);

    let Some(profile) = profile else {
        return Ok((
            signature,
            CheckResult::skipped(Check::Issuer, "the issuer's profile could not be had, so the key's owner is unconfirmed")
                .because(Code::IssuerProfileUnreachable),
        ));
    };
    let issuer_id = profile.doc.get("id").and_then(Value::as_str).unwrap_or_default();
    let owner = key_doc.doc.get("owner").and_then(Value::as_str).unwrap_or_default();
    let listed = match profile.doc.get("publicKey") {
        Some(Value::Array(keys)) => keys.iter().any(|k| id_of(k) == Some(creator)),
        Some(k) => id_of(k) == Some(creator),
        None => false,
    };
    let issuer = if owner != issuer_id {
        CheckResult::failed(Check::Issuer, format!("the key `{creator}` belongs to `{owner}`, not to the issuer `{issuer_id}`"))
            .because(Code::IssuerOtherKey)
            .param("issuer", issuer_id)
            .param("controller", owner)
    } else if !listed {
        CheckResult::failed(Check::Issuer, format!("the issuer `{issuer_id}` does not list the key `{creator}` in its profile"))
            .because(Code::IssuerKeyNotListed)
            .param("issuer", issuer_id)
    } else {
        CheckResult::passed(Check::Issuer, Some(format!("the issuer `{issuer_id}` owns the key and lists it{}", profile.note)))
            .param("issuer", issuer_id)
    };
    Ok((signature, issuer))
}

/// Signature (the issuer's copy matches) and issuer (the copy lives where
/// the issuer says its assertions live) checks of a hosted assertion.
fn hosted_checks(
    assertion: &Value,
    assertion_id: &str,
    profile: Option<&Got>,
    options: &VerifyOptions<'_>,
) -> Result<(CheckResult, CheckResult), Vec<CheckResult>> {
    let copy = match get(assertion_id, "hosted assertion", options.fetcher) {
        Ok(c) => c,
        // 410 Gone is how an OB 2.0 host says an assertion is revoked.
        Err(Miss::Gone(why, 410)) => {
            return Err(vec![
                CheckResult::passed(Check::Signature, Some("the issuer withdrew its copy (HTTP 410 Gone)".into()))
                    .because(Code::SignatureWithdrawn),
                CheckResult::failed(Check::Status, format!("revoked: {why}")).with(Finding::Revoked).because(Code::StatusRevoked),
            ])
        }
        Err(Miss::Gone(why, _)) => return Err(vec![CheckResult::failed(Check::Signature, why)]),
        Err(miss) => return Err(vec![miss.skipped(Check::Signature, miss.text().to_string(), Code::SignatureKeyUnreachable)]),
    };
    if copy.doc.get("revoked").and_then(Value::as_bool) == Some(true) {
        let why = copy.doc.get("revocationReason").and_then(Value::as_str).map(|r| format!(": {r}")).unwrap_or_default();
        return Err(vec![
            CheckResult::passed(Check::Signature, Some(format!("the issuer's copy at `{assertion_id}`{}", copy.note)))
                .because(Code::SignatureIssuerCopy),
            CheckResult::failed(Check::Status, format!("the issuer marks it revoked{why}"))
                .with(Finding::Revoked)
                .because(Code::StatusRevoked),
        ]);
    }
    if !same_assertion(assertion, &copy.doc) {
        return Err(vec![CheckResult::failed(Check::Signature, format!("it differs from the issuer's copy at `{assertion_id}`"))
            .because(Code::SignatureDiffersFromCopy)]);
    }
    let signature = CheckResult::passed(Check::Signature, Some(format!("matches the issuer's copy at `{assertion_id}`{}", copy.note)))
        .because(Code::SignatureIssuerCopy);
    let Some(profile) = profile else {
        return Ok((
            signature,
            CheckResult::skipped(Check::Issuer, "the issuer's profile could not be had").because(Code::IssuerProfileUnreachable),
        ));
    };
    let issuer_id = profile.doc.get("id").and_then(Value::as_str).unwrap_or_default();
    // Judged on the address named and on the one that finally answered: a
    // redirect cannot carry the assertion onto the issuer's ground.
    let places: Vec<&str> = std::iter::once(assertion_id).chain((!copy.url.is_empty()).then_some(copy.url.as_str())).collect();
    let issuer = match places.iter().find_map(|url| hosting_problem(url, &profile.doc, issuer_id)) {
        Some(problem) => CheckResult::failed(Check::Issuer, problem),
        None => CheckResult::passed(
            Check::Issuer,
            Some(format!("hosted at `{}`, where the issuer `{issuer_id}` hosts its badges", host_of(assertion_id).unwrap_or_default())),
        )
        .param("issuer", issuer_id),
    };
    Ok((signature, issuer))
}

/// A string or a list of strings.
fn strings(v: Option<&Value>) -> Option<Vec<String>> {
    match v? {
        Value::Array(items) => Some(items.iter().filter_map(Value::as_str).map(str::to_string).collect()),
        Value::String(s) => Some(vec![s.clone()]),
        _ => None,
    }
}

/// Why `url` is not where the issuer (profile `profile`, id `issuer_id`)
/// hosts its assertions: outside its `verification.allowedOrigins` (by
/// default the host of its id), or not under one of its
/// `verification.startsWith` prefixes when it names any. An `http:` prefix
/// also admits its `https:` twin, which is how Satchel fetches it.
///
/// See: <https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html#VerificationObject>
fn hosting_problem(url: &str, profile: &Value, issuer_id: &str) -> Option<String> {
    let allowed = strings(profile.pointer("/verification/allowedOrigins")).unwrap_or_else(|| host_of(issuer_id).into_iter().collect());
    let host = host_of(url).unwrap_or_default();
    if !allowed.iter().any(|a| a.eq_ignore_ascii_case(&host)) {
        return Some(format!("hosted at `{host}`, which the issuer `{issuer_id}` does not name as its own"));
    }
    if let Some(prefixes) = strings(profile.pointer("/verification/startsWith")) {
        let https_twin = |p: &str| p.strip_prefix("http://").map(|rest| format!("https://{rest}"));
        let under = prefixes.iter().any(|p| url.starts_with(p.as_str()) || https_twin(p).is_some_and(|t| url.starts_with(&t)));
        if !under {
            return Some(format!(
                "hosted at `{url}`, outside the places the issuer `{issuer_id}` hosts its assertions ({})",
                prefixes.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    None
}

/// The host of an http(s) URL, lower-cased.
fn host_of(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Whether the received assertion says what the issuer's copy says (key
/// order and whitespace aside).
fn same_assertion(received: &Value, copy: &Value) -> bool {
    received == copy
}

/// `expires` against `now`.
fn validity(assertion: &Value, now: DateTime<Utc>) -> CheckResult {
    let issued = assertion.get("issuedOn").and_then(Value::as_str).and_then(super::parse_time);
    match assertion.get("expires").and_then(Value::as_str) {
        None => super::in_force(issued, None, None),
        Some(text) => match super::parse_time(text) {
            None => CheckResult::failed(Check::Validity, format!("the expiry date `{text}` is not a date")).because(Code::ValidityBadDate),
            Some(until) if now > until => super::expired(until),
            Some(until) => super::in_force(issued, Some(until), Some(format!("valid until {until}"))),
        },
    }
}

/// The issuer's RevocationList, if its profile names one. Entries name an
/// assertion by its `id` or by its `uid` (a bare string is either).
fn revocation(assertion: &Value, assertion_id: &str, profile: &Value, options: &VerifyOptions<'_>) -> CheckResult {
    let Some(list_ref) = profile.get("revocationList") else {
        return CheckResult::not_applicable(Check::Status, "the issuer publishes no revocation list").because(Code::StatusNoList);
    };
    let list = match linked(Some(list_ref), "revocation list", options.fetcher) {
        Ok(l) => l,
        Err(miss) => return miss.skipped(Check::Status, miss.text().to_string(), Code::StatusUnreachable),
    };
    let Some(revoked) = list.doc.get("revokedAssertions").and_then(Value::as_array) else {
        return CheckResult::skipped(Check::Status, "the issuer's revocation list has no `revokedAssertions`");
    };
    let uid = assertion.get("uid").and_then(Value::as_str);
    let names_it = |r: &Value| match r {
        Value::String(s) => s == assertion_id || Some(s.as_str()) == uid,
        other => {
            other.get("id").and_then(Value::as_str) == Some(assertion_id)
                || (uid.is_some() && other.get("uid").and_then(Value::as_str) == uid)
        }
    };
    match revoked.iter().find(|r| names_it(r)) {
        Some(r) => {
            let why = r.get("revocationReason").and_then(Value::as_str).map(|r| format!(": {r}")).unwrap_or_default();
            CheckResult::failed(Check::Status, format!("revoked in the issuer's revocation list{why}{}", list.note))
                .with(Finding::Revoked)
                .because(Code::StatusRevoked)
        }
        None => CheckResult::passed(Check::Status, Some(format!("not in the issuer's revocation list{}", list.note))),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn hosts_and_ids() {
        assert_eq!(host_of("https://Example.org/a.json").as_deref(), Some("example.org"));
        assert_eq!(host_of("http://example.org"), Some("example.org".into()));
        assert_eq!(host_of("urn:uuid:1"), None);
        assert_eq!(id_of(&json!("https://k")), Some("https://k"));
        assert_eq!(id_of(&json!({"id": "https://k"})), Some("https://k"));
    }

    #[test]
    fn offline_assertions_are_unverifiable_not_valid() {
        let clock = crate::clock::FixedClock(Utc::now());
        let options = VerifyOptions { clock: &clock, fetcher: None, trust: None };
        let hosted = json!({"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "https://example.org/a.json",
            "recipient": {"type": "email", "identity": "a@example.org"}, "badge": "https://example.org/b.json",
            "verification": {"type": "hosted"}, "issuedOn": "2020-01-01T00:00:00Z"});
        let checks = check(&hosted, None, &options);
        assert_eq!(super::super::Verdict::of(&checks), super::super::Verdict::Unverifiable, "{checks:?}");
        let mut signed = hosted.clone();
        signed["verification"] = json!({"type": "signed", "creator": "http://example.org/key.json"});
        let checks = check(&signed, None, &options);
        assert_eq!(super::super::Verdict::of(&checks), super::super::Verdict::Invalid, "signed but no signature: {checks:?}");
    }

    #[test]
    fn expiry() {
        let now = Utc::now();
        assert_eq!(validity(&json!({"expires": "2000-01-01T00:00:00Z"}), now).finding, Some(Finding::Expired));
        assert_eq!(validity(&json!({}), now).outcome, super::super::Outcome::Passed);
    }
}
