//! Verification: what Satchel concludes about a credential, check by check.
//!
//! [`verify`] detects the format, then runs each check and returns a
//! [`Report`]; it errs only when the input is no credential at all. Time comes
//! from the caller's [`Clock`], the network from its [`Fetcher`] (none:
//! offline). Checks that cannot run say why and are `skipped`, which keeps
//! the verdict from ever being `valid` on an unchecked credential.
//!
//! Implemented so far: Data Integrity proofs `eddsa-rdfc-2022` (and its legacy
//! name `eddsa-2022`), `eddsa-jcs-2022`, `Ed25519Signature2020` and
//! `Ed25519Signature2018` (detached JWS), proof sets,
//! `did:key` (Ed25519) keys, issuer binding, the 1EdTech fragment-key
//! convention (integrity only), `did:web` and `https:` controller documents,
//! safe-mode JSON-LD, validity dates, BitstringStatusList/StatusList2021
//! status, baked PNG/SVG badges, and VC-JWT / VC-JOSE signed with EdDSA,
//! ES256, ES384, RS256 or PS256 (keys from `did:` key ids, or from the
//! header's `jwk`, which proves integrity only), SD-JWT and SD-JWT VC with
//! key binding, keys found through the issuer's controller document or
//! JWT VC issuer metadata, `did:jwk`, ECDSA Data Integrity suites, Open
//! Badges 2.0 (signed and hosted, with RevocationLists), the 1EdTech
//! Revocation List, and the document cache. Not yet: EDC seals.

pub mod data_integrity;
pub mod ed25519_2018;
mod jose;
pub mod jwt;
pub mod ob2;
pub mod package;
pub mod report;
pub mod sd_jwt;
pub mod seal;
pub mod status;

use chrono::{DateTime, Utc};
use serde_json::Value;

pub use report::{Check, CheckResult, Code, Finding, IssuerRef, Outcome, Report, Verdict};

use crate::clock::Clock;
use crate::credential::{self, Credential, Family, Securing};
use crate::error::Result;
use crate::fetch::Fetcher;

/// What verification may use from the outside world.
#[derive(Debug, Clone, Copy)]
pub struct VerifyOptions<'a> {
    pub clock: &'a dyn Clock,
    /// The network, for status lists; `None` is offline.
    pub fetcher: Option<&'a dyn Fetcher>,
    /// Where trust in EDC seals starts; `None`: the EU's ([`crate::trust::Anchors::eu`]).
    pub trust: Option<&'a crate::trust::Anchors>,
}

/// Verifies the credential in `bytes`.
///
/// # Errors
/// `unsupported_format` when the input is no credential; every other problem
/// is a failed or skipped check in the report.
pub fn verify(bytes: &[u8], options: &VerifyOptions<'_>) -> Result<Report> {
    verify_credential(&Credential::parse(bytes)?, options)
}

/// Verifies a credential already read (see [`Credential`]): what import
/// uses, so the bytes are recognised once for every step.
///
/// # Errors
/// `unsupported_format` when a JSON form named by the format does not parse;
/// every other problem is a failed or skipped check in the report.
pub fn verify_credential(credential: &Credential, options: &VerifyOptions<'_>) -> Result<Report> {
    // Every fetch goes through a recorder, so the report can name each host
    // contacted for it.
    let recording = options.fetcher.map(crate::fetch::Recording::new);
    let recorded = VerifyOptions { fetcher: recording.as_ref().map(|r| r as &dyn Fetcher), ..*options };
    let mut report = verify_recorded(credential, &recorded)?;
    if let Some(r) = &recording {
        for host in r.hosts() {
            if !report.contacted.contains(&host) {
                report.contacted.push(host);
            }
        }
    }
    Ok(report)
}

/// The JSON document of a bare JSON credential, as read once on import
/// (parsed here only for bytes that are not plain JSON text, such as JSON
/// after a byte-order mark, which is refused as before).
fn json_of(credential: &Credential) -> Result<std::borrow::Cow<'_, Value>> {
    match credential.json() {
        Some(doc) => Ok(std::borrow::Cow::Borrowed(doc)),
        None => serde_json::from_slice(credential.bytes())
            .map(std::borrow::Cow::Owned)
            .map_err(|e| credential::FormatError { seen: format!("JSON that does not parse ({e})") }.into()),
    }
}

/// The options for a status check that follows `checks`: the network only
/// when the signature passed. A credential whose signature failed, or that
/// carries none, names nothing worth a connection, and each fetch would tell
/// its issuer (or whoever forged it) when and from where it was looked at.
pub(crate) fn status_options<'a>(checks: &[CheckResult], options: &VerifyOptions<'a>) -> (VerifyOptions<'a>, Option<&'static str>) {
    let signature = checks.iter().find(|c| c.check == Check::Signature).map(|c| c.outcome);
    let why = match signature {
        Some(Outcome::Passed) => return (*options, None),
        _ if options.fetcher.is_none() => return (*options, None),
        Some(Outcome::Failed) => "not fetched: the signature failed, so nothing the credential names was contacted",
        _ => "not fetched: no signature was confirmed, so nothing the credential names was contacted",
    };
    (VerifyOptions { fetcher: None, ..*options }, Some(why))
}

/// A status check run with [`status_options`]: when the network was held
/// back, a status left undecided says why instead of "offline".
pub(crate) fn gated_status(
    checks: &[CheckResult],
    options: &VerifyOptions<'_>,
    run: impl FnOnce(&VerifyOptions<'_>) -> CheckResult,
) -> CheckResult {
    let (gated, why) = status_options(checks, options);
    let mut result = run(&gated);
    if let (Some(why), Outcome::Skipped) = (why, result.outcome) {
        result.detail = Some(why.to_string());
        result.code = Code::StatusHeldBack;
        result.params.clear();
    }
    result
}

fn verify_recorded(credential: &Credential, options: &VerifyOptions<'_>) -> Result<Report> {
    let (bytes, detected) = (credential.bytes(), credential.detected().clone());
    if let Some(inner) = credential.carried() {
        // A baked badge is checked as what it carries; the image is only its envelope.
        let mut report = verify_credential(inner, options)?;
        if let Some(format) = report.checks.iter_mut().find(|c| c.check == Check::Format) {
            let (carried, image) = match detected.container {
                credential::Container::Svg => ("baked into an SVG image", "SVG"),
                _ => ("baked into a PNG image", "PNG"),
            };
            format.detail = Some(format.detail.take().map_or(carried.to_string(), |d| format!("{carried}; {d}")));
            if format.outcome == Outcome::Passed {
                format.code = Code::FormatBaked;
                format.params.insert("image".into(), image.into());
            }
        }
        return Ok(report);
    }
    let now = options.clock.now();
    let mut checks = Vec::new();
    let json_ld = matches!(detected.format.family, Family::Vc | Family::Ob3 | Family::Clr);
    match detected.format.securing {
        Securing::SdJwt => {
            let text = std::str::from_utf8(bytes).map_err(|_| credential::FormatError { seen: "an SD-JWT that is not text".into() })?;
            checks.extend(sd_jwt::check(text, options));
        }
        Securing::Jwt if json_ld => {
            let text = std::str::from_utf8(bytes).map_err(|_| credential::FormatError { seen: "a JWT that is not text".into() })?;
            checks.extend(jwt::check(text, options));
        }
        Securing::Jwt | Securing::Hosted if detected.format.family == Family::Ob2 => {
            let signed = detected.format.securing == Securing::Jwt;
            let (assertion, jws_text) = if signed {
                let text = std::str::from_utf8(bytes).map_err(|_| credential::FormatError { seen: "a JWS that is not text".into() })?;
                let payload = crate::jws::parse(text).map(|c| c.payload).map_err(|e| credential::FormatError { seen: e.to_string() })?;
                (payload, Some(text))
            } else {
                let doc = serde_json::from_slice(bytes)
                    .map_err(|e| credential::FormatError { seen: format!("JSON that does not parse ({e})") })?;
                (doc, None)
            };
            checks.extend(ob2::check(&assertion, jws_text, options));
        }
        Securing::Jades => {
            let doc = json_of(credential)?;
            checks.extend(seal::check(&doc, options));
        }
        Securing::Xades => checks.extend(seal::check_xml(bytes, options)),
        // EDC XML with no XML-DSig signature: the XML check says it carries no seal.
        Securing::None if detected.format.family == Family::Edc && detected.media_type == "application/xml" => {
            checks.extend(seal::check_xml(bytes, options))
        }
        Securing::None if detected.format.family == Family::Edc => {
            let doc = json_of(credential)?;
            checks.extend(seal::check_unsealed(&doc, options));
        }
        Securing::Di | Securing::None if json_ld => {
            let doc = json_of(credential)?;
            checks.extend(data_integrity::check_document(&doc, options.fetcher));
            checks.push(signed_validity(&doc, now));
            let issuer = detected.summary.issuer_id.clone();
            checks.push(gated_status(&checks, options, |o| status::check(&doc, issuer.as_deref(), o)));
        }
        _ => {
            checks.push(
                CheckResult::passed(Check::Format, Some(format!("recognised as {}", detected.format.id())))
                    .because(Code::FormatRecognised)
                    .param("format", detected.format.id()),
            );
            checks.push(
                CheckResult::skipped(Check::Signature, format!("verifying {} credentials is not supported yet", detected.format.id()))
                    .because(Code::SignatureUnsupported),
            );
        }
    }
    let summary = detected.summary;
    Ok(Report {
        format: detected.format.id(),
        verdict: Verdict::of(&checks),
        checks,
        issuer: IssuerRef { id: summary.issuer_id, name: summary.issuer_name },
        subject: summary.subject,
        title: summary.title,
        checked_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        contacted: Vec::new(),
    })
}

pub(crate) use crate::clock::parse_time;

/// `validFrom`/`validUntil` (VCDM 2.0) or `issuanceDate`/`expirationDate`
/// (VCDM 1.1) against `now`. A date given as anything but one string (a
/// list, a value object) fails: read as absent, it would hide an expiry.
pub fn validity(doc: &Value, now: DateTime<Utc>) -> CheckResult {
    for key in ["validFrom", "issuanceDate", "validUntil", "expirationDate"] {
        if let Some(v) = doc.get(key).filter(|v| !v.is_string() && !v.is_null()) {
            return CheckResult::failed(Check::Validity, format!("`{key}` is given as `{v}`, not as one date"))
                .because(Code::ValidityBadDate);
        }
    }
    let get = |k: &str| doc.get(k).and_then(Value::as_str);
    for (name, value) in [
        ("valid from", get("validFrom")),
        ("valid from", get("issuanceDate")),
        ("valid until", get("validUntil")),
        ("valid until", get("expirationDate")),
    ] {
        if let Some(v) = value {
            if parse_time(v).is_none() {
                return CheckResult::failed(Check::Validity, format!("the {name} date `{v}` is not a date")).because(Code::ValidityBadDate);
            }
        }
    }
    // VCDM 1.1's context defines both names of each date: a credential that
    // gives both is valid only where both say so (the later start, the
    // earlier end), not only where the one read first does.
    let from = [get("validFrom"), get("issuanceDate")].into_iter().flatten().max_by_key(|v| parse_time(v));
    let until = [get("validUntil"), get("expirationDate")].into_iter().flatten().min_by_key(|v| parse_time(v));
    if let Some(until) = until.and_then(parse_time) {
        if now > until {
            return expired(until);
        }
    }
    if let Some(from) = from.and_then(parse_time) {
        if now < from {
            return not_yet_valid(from);
        }
    }
    in_force(from.and_then(parse_time), until.and_then(parse_time), until.map(|u| format!("valid until {u}")))
}

/// A day, as the messages show it (`2026-11-30`).
pub(crate) fn day(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}

/// A validity check that passed, with the dates it checked as parameters:
/// "Dates: passed" without the dates would say nothing.
pub(crate) fn in_force(from: Option<DateTime<Utc>>, until: Option<DateTime<Utc>>, detail: Option<String>) -> CheckResult {
    let result = CheckResult::passed(Check::Validity, detail);
    match (from, until) {
        (Some(from), Some(until)) => result.because(Code::ValidityBetween).param("from", day(from)).param("until", day(until)),
        (Some(from), None) => result.because(Code::ValidityFrom).param("from", day(from)),
        (None, Some(until)) => result.because(Code::ValidityUntil).param("until", day(until)),
        (None, None) => result.because(Code::ValidityNoDates),
    }
}

/// The validity check of a credential that expired on `until`.
pub(crate) fn expired(until: DateTime<Utc>) -> CheckResult {
    CheckResult::failed(Check::Validity, format!("expired on {}", day(until)))
        .with(Finding::Expired)
        .because(Code::ValidityExpired)
        .param("date", day(until))
}

/// The validity check of a credential not valid before `from`.
pub(crate) fn not_yet_valid(from: DateTime<Utc>) -> CheckResult {
    CheckResult::failed(Check::Validity, format!("not valid until {}", day(from)))
        .with(Finding::NotYetValid)
        .because(Code::ValidityNotYet)
        .param("date", day(from))
}

/// [`validity`] of a Data Integrity document, then its proofs' own
/// `created` and `expires` ([`data_integrity::proof_dates`]).
pub fn signed_validity(doc: &Value, now: DateTime<Utc>) -> CheckResult {
    let own = validity(doc, now);
    if own.outcome != Outcome::Passed {
        return own;
    }
    data_integrity::proof_dates(doc, "the issuer's proof", now).unwrap_or(own)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        parse_time(s).unwrap()
    }

    #[test]
    fn validity_dates() {
        let doc = json!({"validFrom": "2026-01-01T00:00:00Z", "validUntil": "2027-01-01T00:00:00Z"});
        assert_eq!(validity(&doc, at("2026-06-01T00:00:00Z")).outcome, Outcome::Passed);
        assert_eq!(validity(&doc, at("2027-06-01T00:00:00Z")).finding, Some(Finding::Expired));
        assert_eq!(validity(&doc, at("2025-06-01T00:00:00Z")).finding, Some(Finding::NotYetValid));
        let v1 = json!({"issuanceDate": "2010-01-01T00:00:00Z", "expirationDate": "2011-01-01"});
        assert_eq!(validity(&v1, at("2026-01-01T00:00:00Z")).finding, Some(Finding::Expired), "VCDM 1.1 names and a bare date");
        let bad = json!({"validUntil": "soon"});
        assert_eq!(validity(&bad, at("2026-01-01T00:00:00Z")).outcome, Outcome::Failed);
        let checked = validity(&doc, at("2026-06-01T00:00:00Z"));
        assert_eq!(checked.code, Code::ValidityBetween, "\"Dates: passed\" says the dates it checked");
        assert_eq!((checked.params["from"].as_str(), checked.params["until"].as_str()), ("2026-01-01", "2027-01-01"));
        let open = validity(&json!({"validFrom": "2026-01-01T00:00:00Z"}), at("2026-06-01T00:00:00Z"));
        assert_eq!((open.code, open.params.get("until")), (Code::ValidityFrom, None), "no end date is said as such");
        assert_eq!(validity(&json!({}), at("2026-06-01T00:00:00Z")).code, Code::ValidityNoDates);
        let expired = validity(&doc, at("2027-06-01T00:00:00Z"));
        assert_eq!((expired.code, expired.params["date"].as_str()), (Code::ValidityExpired, "2027-01-01"));
    }
}
