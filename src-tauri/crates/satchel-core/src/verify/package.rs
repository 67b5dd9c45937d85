//! The employer's side of sharing: a received package (a Verifiable
//! Presentation, a list of them, or the QR parts of one) checked whole:
//! the holder's proof for the verifier's challenge and domain, and each
//! credential it carries, as [`super::verify`] checks it alone. The holder's
//! side (building packages, the preview, the printable page) is
//! [`crate::share`]; the two meet only in the package format.

use std::collections::BTreeSet;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use chrono::DateTime;
use serde::Serialize;
use serde_json::{json, Value};

use super::{Check, CheckResult, Code, Finding, Report, Verdict, VerifyOptions};
use crate::credential::sd_jwt::{self, Claim};
use crate::credential::{self, Family};
use crate::error::Result;
use crate::verify;

/// What the verifier expects of a package: the challenge and domain it
/// gave. `None`: report the package's own.
#[derive(Debug, Clone, Default)]
pub struct Expectation {
    pub challenge: Option<String>,
    pub domain: Option<String>,
}

/// An employer's check of a package: the holder's proof and each credential.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PackageReport {
    pub format: String,
    pub verdict: Verdict,
    pub holder: Option<String>,
    pub challenge: Option<String>,
    pub domain: Option<String>,
    pub expires: Option<String>,
    /// The holder proof's checks (`format`, `signature`, `issuer` = the
    /// holder controls the key, `validity` = within `expires`).
    pub checks: Vec<CheckResult>,
    pub credentials: Vec<Report>,
    pub checked_at: String,
    /// What the employer reads of each credential, in the order of
    /// `credentials` (`about[i]` is `credentials[i]`): whom it is about and
    /// what it says. Additive (issue 15, the employer's report).
    pub about: Vec<About>,
}

/// One credential of a package as the employer reads it: whom it names,
/// what the learner achieved, and for an SD-JWT the claims disclosed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct About {
    /// The subjects it names (`credentialSubject.id`, else `sub`).
    pub subjects: Vec<String>,
    /// Whether one of them is the package's holder (the sender).
    pub names_sender: bool,
    /// Bound to a key (`cnf`) instead: its key binding says whose it is.
    pub key_bound: bool,
    /// The learning view (title, issuer, learner, achievements), when
    /// readable: filled in by [`crate::share::check`] (the learning view sits
    /// above the verifier, which does not read it).
    /// (A `LearningView` as JSON: the verifier names no type of the layer above it.)
    #[cfg_attr(feature = "ts", ts(type = "LearningView | null"))]
    pub view: Option<Value>,
    /// The credential's bytes as the package carried them (what `view` is read from).
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub carried: Vec<u8>,
    /// For an SD-JWT: every claim the employer was shown (signed in the
    /// clear, or disclosed); empty for other credentials.
    pub disclosed: Vec<Claim>,
}

impl About {
    fn of(bytes: &[u8], holder: Option<&str>) -> Self {
        let (subjects, key_bound) = subjects_of(bytes);
        let names_sender = holder.is_some_and(|h| subjects.iter().any(|s| s == h));
        Self { subjects, names_sender, key_bound, view: None, carried: bytes.to_vec(), disclosed: disclosed_claims(bytes) }
    }
}

/// The claims an SD-JWT shows: those signed in the clear (digests aside)
/// and each disclosure it carries.
fn disclosed_claims(bytes: &[u8]) -> Vec<Claim> {
    let Some(text) = std::str::from_utf8(bytes).ok().filter(|t| t.contains('~')) else { return vec![] };
    sd_jwt::claims_of(text).map(|(always, disclosed)| always.into_iter().chain(disclosed).collect()).unwrap_or_default()
}

/// What an employer was given, checked: a package, or a lone credential.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Checked {
    Package(PackageReport),
    Credential(Report),
}

impl Checked {
    pub fn verdict(&self) -> Verdict {
        match self {
            Checked::Package(p) => p.verdict,
            Checked::Credential(r) => r.verdict,
        }
    }
}

/// Checks what an employer received: a package ([`verify_package`], held
/// to `expect`) or a single credential (the normal checks).
///
/// # Errors
/// As [`verify_package`] and [`verify::verify`]: only when it cannot be read.
pub fn check(bytes: &[u8], expect: &Expectation, options: &VerifyOptions<'_>) -> Result<Checked> {
    // A presentation sealed by an institution (an EDC issued as a sealed
    // presentation) is a credential, not a holder's package.
    let is_package = credential::detect(bytes).is_ok_and(|d| {
        d.format.family == Family::Vp && !matches!(d.format.securing, credential::Securing::Jades | credential::Securing::Xades)
    }) || is_presentation_list(bytes);
    if is_package {
        return Ok(Checked::Package(verify_package(bytes, expect, options)?));
    }
    let mut report = verify::verify(bytes, options)?;
    // A credential on its own answers no challenge: anyone who has seen it
    // can pass it on. When the verifier asked for one, say so in the verdict.
    let asked: Vec<String> = [("challenge", &expect.challenge), ("domain", &expect.domain)]
        .into_iter()
        .filter_map(|(what, v)| v.as_ref().map(|v| format!("{what} `{v}`")))
        .collect();
    if !asked.is_empty() {
        report.checks.push(
            CheckResult::failed(
                Check::Signature,
                format!(
                    "a credential on its own, not a package signed by its holder: your {} was not answered, so nothing shows that whoever sent it holds it",
                    asked.join(" and ")
                ),
            )
            .with(Finding::Unconfirmed)
            .because(Code::SignatureNotAPackage),
        );
        report.verdict = Verdict::of(&report.checks);
    }
    Ok(Checked::Credential(report))
}

/// A package of several presentations: a JSON array whose first item is a
/// Verifiable Presentation (the rest are held to that in [`verify_package`]).
fn is_presentation_list(bytes: &[u8]) -> bool {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    if start.is_none_or(|i| bytes[i] != b'[') {
        return false;
    }
    let Ok(Value::Array(items)) = serde_json::from_slice::<Value>(bytes) else { return false };
    items.first().and_then(|d| d.get("type")).is_some_and(|t| match t {
        Value::Array(t) => t.iter().any(|t| t == "VerifiablePresentation"),
        t => t == "VerifiablePresentation",
    })
}

/// Puts together what an employer was handed in pieces: pictures of QR
/// codes (PNG or JPEG, a whole sequence in any order), the texts of scanned
/// codes (`SC1…`, a line each), or one package or credential as it is.
///
/// # Errors
/// `unsupported_format` for an image without a readable code, codes of
/// two packages or a sequence with parts missing, and for more than one
/// package or credential at once.
pub fn gather(parts: &[Vec<u8>]) -> Result<Vec<u8>> {
    let (mut texts, mut whole) = (Vec::new(), Vec::new());
    for part in parts {
        let is_image = part.starts_with(b"\x89PNG\r\n\x1a\n") || part.starts_with(&[0xFF, 0xD8, 0xFF]);
        let text = std::str::from_utf8(part).ok().map(str::trim).filter(|t| t.starts_with("SC1"));
        if is_image {
            texts.extend(crate::qr::read_image(part)?);
        } else if let Some(text) = text {
            texts.extend(text.lines().map(str::to_string).filter(|l| !l.trim().is_empty()));
        } else {
            whole.push(part);
        }
    }
    match (whole.as_slice(), texts.is_empty()) {
        ([], false) => crate::qr::decode_package(&texts),
        ([one], true) => Ok(one.to_vec()),
        ([], true) => Err(credential::FormatError { seen: "nothing to check".into() }.into()),
        _ => Err(credential::FormatError {
            seen: "more than one thing at once: check one package (or the pictures of one QR sequence) at a time".into(),
        }
        .into()),
    }
}

/// The bytes an embedded or enveloped credential stands for.
fn carried_bytes(vc: &Value) -> Option<Vec<u8>> {
    if vc.get("type").and_then(Value::as_str) == Some("EnvelopedVerifiableCredential")
        || vc.get("type").and_then(Value::as_array).is_some_and(|t| t.iter().any(|t| t == "EnvelopedVerifiableCredential"))
    {
        let url = vc.get("id").and_then(Value::as_str)?;
        let rest = url.strip_prefix("data:")?;
        let (meta, data) = rest.split_once(',')?;
        return if meta.ends_with(";base64") { STANDARD.decode(data).ok() } else { Some(data.as_bytes().to_vec()) };
    }
    serde_json::to_vec(vc).ok()
}

/// Verifies a package: the holder's proof (against `expect` when given)
/// and every credential in it with the normal checks. A package of
/// several presentations (one per data model, a JSON array) holds when
/// each does, all are signed by one key for one challenge and domain, and
/// none is missing, repeated or from another package.
pub fn verify_package(bytes: &[u8], expect: &Expectation, options: &VerifyOptions<'_>) -> Result<PackageReport> {
    let doc: Value =
        serde_json::from_slice(bytes).map_err(|e| credential::FormatError { seen: format!("JSON that does not parse ({e})") })?;
    let docs = match doc {
        Value::Array(docs) => docs,
        one if one.get("id").and_then(Value::as_str).and_then(parse_part_id).is_some() => vec![one],
        _ => return verify_presentation(bytes, expect, options),
    };
    if docs.is_empty() || docs.len() > MAX_PRESENTATIONS {
        return Err(credential::FormatError {
            seen: format!("a list of {} presentations (a package holds 1 to {MAX_PRESENTATIONS})", docs.len()),
        }
        .into());
    }
    let n = docs.len();
    let mut parts = Vec::new();
    for doc in &docs {
        let bytes = serde_json::to_vec(doc).expect("JSON serialises");
        parts.push(verify_presentation(&bytes, expect, options)?);
    }
    // What each presentation's (signed) proof and `id` say.
    let proof_of = |doc: &Value| match doc.get("proof") {
        Some(Value::Array(p)) => p.first().cloned().unwrap_or(Value::Null),
        Some(p) => p.clone(),
        None => Value::Null,
    };
    let said = |doc: &Value, k: &str| proof_of(doc).get(k).and_then(Value::as_str).map(str::to_string);
    let mut checks = Vec::new();
    for (i, part) in parts.iter_mut().enumerate() {
        for c in part.checks.drain(..) {
            let detail = match &c.detail {
                Some(d) => format!("presentation {} of {n}: {d}", i + 1),
                None => format!("presentation {} of {n}", i + 1),
            };
            checks.push(CheckResult { detail: Some(detail), ..c });
        }
    }
    let first = &docs[0];
    for (k, what) in [("challenge", "challenge"), ("domain", "domain"), ("verificationMethod", "key")] {
        if let Some(i) = docs.iter().position(|d| said(d, k) != said(first, k)) {
            let check = if k == "verificationMethod" { Check::Issuer } else { Check::Signature };
            checks.push(CheckResult::failed(
                check,
                format!(
                    "presentation {} is signed for {what} `{}`, presentation 1 for `{}`: they are not one package",
                    i + 1,
                    said(&docs[i], k).unwrap_or_else(|| "(none)".into()),
                    said(first, k).unwrap_or_else(|| "(none)".into())
                ),
            ));
        }
    }
    if parts.iter().any(|p| p.holder != parts[0].holder) {
        checks.push(CheckResult::failed(Check::Issuer, "the presentations name different holders: they are not one package"));
    }
    let ids: Vec<Option<(&str, usize, usize)>> = docs.iter().map(|d| d.get("id").and_then(Value::as_str).and_then(parse_part_id)).collect();
    let set = ids[0].map(|(set, _, _)| set);
    let told = ids[0].map(|(_, _, of)| of);
    let mut seen = BTreeSet::new();
    let mut parts_ok = true;
    for (i, id) in ids.iter().enumerate() {
        match id {
            Some((s, at, of)) if Some(*s) == set && Some(*of) == told && seen.insert(*at) => {}
            Some((s, at, _)) if Some(*s) == set && seen.contains(at) => {
                parts_ok = false;
                checks.push(CheckResult::failed(Check::Format, format!("presentation {} is part {at} again", i + 1)));
            }
            Some(_) => {
                parts_ok = false;
                checks.push(CheckResult::failed(Check::Format, format!("presentation {} belongs to another package", i + 1)));
            }
            None => {
                parts_ok = false;
                checks.push(CheckResult::failed(
                    Check::Format,
                    format!("presentation {} does not say which part of which package it is", i + 1),
                ));
            }
        }
    }
    let missing: Vec<String> = (1..=told.unwrap_or(n)).filter(|at| !seen.contains(at)).map(|at| at.to_string()).collect();
    if parts_ok && !missing.is_empty() {
        parts_ok = false;
        checks.push(CheckResult::failed(
            Check::Format,
            format!("part {} of {} is missing: the package was cut", missing.join(", "), told.unwrap_or(n)),
        ));
    }
    if parts_ok {
        checks.insert(
            0,
            CheckResult::passed(Check::Format, Some(format!("a package of {n} presentations, one per data model, all of them here")))
                .because(Code::FormatPackagePart)
                .param("n", n),
        );
    }
    let holder_verdict = Verdict::of(&checks);
    let credentials: Vec<Report> = parts.iter_mut().flat_map(|p| p.credentials.drain(..)).collect();
    let about: Vec<About> = parts.iter_mut().flat_map(|p| p.about.drain(..)).collect();
    let verdict = std::iter::once(holder_verdict)
        .chain(credentials.iter().map(|r| r.verdict))
        .chain(parts.iter().map(|p| p.verdict))
        .max_by_key(|v| v.rank())
        .unwrap_or(holder_verdict);
    let expires = parts.iter().filter_map(|p| p.expires.clone()).min();
    let first = parts.remove(0);
    Ok(PackageReport {
        format: first.format,
        verdict,
        holder: first.holder,
        challenge: first.challenge,
        domain: first.domain,
        expires,
        checks,
        credentials,
        checked_at: first.checked_at,
        about,
    })
}

/// Most presentations in one package file (one per data model is two).
pub const MAX_PRESENTATIONS: usize = 8;

/// Verifies one presentation: see [`verify_package`].
fn verify_presentation(bytes: &[u8], expect: &Expectation, options: &VerifyOptions<'_>) -> Result<PackageReport> {
    let doc: Value =
        serde_json::from_slice(bytes).map_err(|e| credential::FormatError { seen: format!("JSON that does not parse ({e})") })?;
    let now = options.clock.now();
    let proof = match doc.get("proof") {
        Some(Value::Array(p)) => p.first().cloned().unwrap_or(Value::Null),
        Some(p) => p.clone(),
        None => Value::Null,
    };
    let text = |k: &str| proof.get(k).and_then(Value::as_str).map(str::to_string);
    let holder = doc.get("holder").and_then(|h| h.as_str().or_else(|| h.get("id").and_then(Value::as_str))).map(str::to_string);
    let mut checks = vec![CheckResult::passed(Check::Format, Some("a Verifiable Presentation".into())).because(Code::FormatPackage)];
    match verify::data_integrity::verify_holder_proof(&doc, options.fetcher) {
        Ok((what, controller, authentication)) => {
            let mut signature =
                CheckResult::passed(Check::Signature, Some(format!("{what}, challenge `{}`", text("challenge").unwrap_or_default())))
                    .because(Code::SignatureHolder);
            for (name, wanted, got) in [("challenge", &expect.challenge, text("challenge")), ("domain", &expect.domain, text("domain"))] {
                if let Some(wanted) = wanted {
                    if got.as_deref() != Some(wanted.as_str()) {
                        signature = CheckResult::failed(
                            Check::Signature,
                            format!("the package was made for {name} `{}`, not `{wanted}`", got.unwrap_or_else(|| "(none)".into())),
                        )
                        .because(Code::SignatureChallenge);
                    }
                }
            }
            checks.push(signature);
            checks.push(match &holder {
                Some(h) if *h == controller && authentication => {
                    CheckResult::passed(Check::Issuer, Some(format!("signed by the holder `{h}`")))
                        .because(Code::IssuerHolder)
                        .param("holder", h)
                }
                Some(h) if *h == controller => {
                    CheckResult::failed(Check::Issuer, format!("`{h}` does not list the key for authentication"))
                }
                Some(h) => CheckResult::failed(Check::Issuer, format!("signed by `{controller}`, not by the holder `{h}`"))
                    .because(Code::IssuerHolderMismatch)
                    .param("holder", h),
                None => CheckResult::failed(Check::Issuer, "the package names no holder"),
            });
        }
        Err(why) => checks.push(CheckResult::failed(Check::Signature, why)),
    }
    // The holder's key, once its proof holds: a key-bound credential must be
    // bound to it.
    let holder_key = (Verdict::of(&checks) == Verdict::Valid)
        .then(|| text("verificationMethod"))
        .flatten()
        .and_then(|vm| crate::did::resolve_verification_method(&vm, options.fetcher).ok())
        .map(|m| m.key);
    let expires = text("expires");
    // The holder proof's own dates, read as signed (one string each; the
    // signature check refuses any other spelling): expired, or made in the
    // future, the package fails.
    let package_proof = json!({"proof": proof});
    checks.push(
        match (
            verify::data_integrity::proof_dates(&package_proof, "the package", now),
            expires.as_deref().and_then(|e| DateTime::parse_from_rfc3339(e).ok()),
        ) {
            (Some(bad), _) => bad,
            (None, Some(until)) => {
                CheckResult::passed(Check::Validity, Some(format!("valid until {}", until.format("%Y-%m-%d %H:%M UTC"))))
                    .because(Code::ValidityUntil)
                    .param("until", until.format("%Y-%m-%d"))
            }
            (None, None) => {
                CheckResult::warning(Check::Validity, "the package says nothing of when it expires").because(Code::ValidityPackageNoExpiry)
            }
        },
    );
    let carried = match doc.get("verifiableCredential") {
        Some(Value::Array(items)) => items.clone(),
        Some(one) => vec![one.clone()],
        None => vec![],
    };
    let mut credentials = Vec::new();
    let mut about = Vec::new();
    for vc in &carried {
        let Some(bytes) = carried_bytes(vc) else {
            checks.push(
                CheckResult::failed(Check::Format, "a credential in the package cannot be read").because(Code::FormatPackageUnreadable),
            );
            continue;
        };
        // Key binding and whose credential it is are decided on the
        // credential itself, whatever image it is baked into.
        // Read once: the checks, the key binding and the subjects use the same value.
        let parsed = match credential::Credential::parse(bytes) {
            Ok(parsed) => parsed,
            Err(e) => {
                checks.push(
                    CheckResult::failed(Check::Format, format!("a credential in the package: {}", crate::Error::from(e)))
                        .because(Code::FormatPackageUnreadable),
                );
                continue;
            }
        };
        let own = parsed.carried().unwrap_or(&parsed).bytes();
        match verify::verify_credential(&parsed, options) {
            Ok(mut report) => {
                key_binding_audience(own, &proof, holder_key.as_ref(), &mut report);
                if let Some(warning) = whose(own, holder.as_deref(), report.title.as_deref()) {
                    checks.push(warning);
                }
                credentials.push(report);
                about.push(About::of(own, holder.as_deref()));
            }
            Err(e) => checks.push(
                CheckResult::failed(Check::Format, format!("a credential in the package: {e}")).because(Code::FormatPackageUnreadable),
            ),
        }
    }
    if credentials.is_empty() {
        checks.push(CheckResult::failed(Check::Format, "the package carries no credential").because(Code::FormatPackageEmpty));
    }
    let holder_verdict = Verdict::of(&checks);
    let verdict =
        std::iter::once(holder_verdict).chain(credentials.iter().map(|r| r.verdict)).max_by_key(|v| v.rank()).unwrap_or(holder_verdict);
    Ok(PackageReport {
        format: "vp-di".into(),
        verdict,
        holder,
        challenge: text("challenge"),
        domain: text("domain"),
        expires,
        checks,
        credentials,
        checked_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        about,
    })
}

/// A credential bound to a key (`cnf`: an SD-JWT, however it is carried:
/// with or without `~`, baked into an image) must come with a key-binding
/// JWT made for this package (its challenge, and its domain when it names
/// one): otherwise anyone who once saw it could pass it on as theirs. And
/// the key it is bound to must be the package holder's, or the report says so.
fn key_binding_audience(bytes: &[u8], proof: &Value, holder_key: Option<&crate::jws::JwsKey>, report: &mut Report) {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let text = text.trim();
    let Ok(issuer_jwt) = crate::jws::parse(text.split('~').next().unwrap_or_default()) else { return };
    let Some(cnf) = issuer_jwt.payload.get("cnf") else { return };
    let kb = text
        .split_once('~')
        .and_then(|(_, rest)| rest.rsplit('~').next())
        .filter(|t| t.contains('.'))
        .and_then(|t| crate::jws::parse(t).ok());
    let problem = match kb {
        None => {
            Some("the credential is bound to its holder's key but comes without key binding: whoever sent it may not hold it".to_string())
        }
        Some(kb) => {
            let nonce = kb.payload.get("nonce").and_then(Value::as_str);
            let aud = kb.payload.get("aud").and_then(Value::as_str);
            if nonce != proof.get("challenge").and_then(Value::as_str) {
                Some("the key-binding JWT was made for another challenge than this package's".into())
            } else if let Some(domain) = proof.get("domain").and_then(Value::as_str) {
                (aud != Some(domain)).then(|| {
                    format!("the key-binding JWT was made for `{}`, not for this package's domain `{domain}`", aud.unwrap_or("no one"))
                })
            } else {
                None
            }
        }
    };
    if let Some(why) = problem {
        if let Some(sig) = report.checks.iter_mut().find(|c| c.check == Check::Signature) {
            *sig = CheckResult::failed(Check::Signature, why);
        }
        report.verdict = Verdict::of(&report.checks);
        return;
    }
    let bound = cnf.get("jwk").and_then(|jwk| crate::jws::key_from_jwk(jwk).ok());
    if let Some(holder_key) = holder_key {
        if bound.as_ref() != Some(holder_key) {
            report.checks.push(
                CheckResult::warning(
                    Check::Issuer,
                    "the credential is bound to a key that is not the package holder's: it was presented by someone else's key",
                )
                .with(Finding::Unconfirmed)
                .because(Code::IssuerOtherHolderKey),
            );
            report.verdict = Verdict::of(&report.checks);
        }
    }
}

/// A warning when a credential in a package is not shown to be about its
/// holder: about someone else, about several people not all the holder,
/// or about no one it names. Read from what the credential's checks read:
/// for JSON-LD the plain form its format check holds it to (a subject
/// whose id is spelt `@id` or in a value object is refused there, and
/// counts here as naming no one), for a JWT its signed claims.
fn whose(bytes: &[u8], holder: Option<&str>, title: Option<&str>) -> Option<CheckResult> {
    let title = title.unwrap_or("a credential");
    let (subjects, bound) = subjects_of(bytes);
    let holder = holder?;
    let others: Vec<&String> = subjects.iter().filter(|s| s.as_str() != holder).collect();
    let why = if subjects.is_empty() && bound {
        // Bound to a key rather than naming a subject: its key binding,
        // checked with the credential, says whose it is.
        return None;
    } else if subjects.is_empty() {
        format!("`{title}` does not say whom it is about, so nothing shows it belongs to the holder `{holder}`")
    } else if others.is_empty() {
        return None;
    } else {
        let named: Vec<String> = others.iter().map(|s| format!("`{s}`")).collect();
        format!(
            "`{title}` is about {}, not the holder `{holder}`: the package proves who sent it, not that it is theirs",
            named.join(" and ")
        )
    };
    Some(CheckResult::warning(Check::Issuer, why).because(Code::IssuerNotAboutHolder).param("title", title))
}

/// Whom a credential is about, as it says (`credentialSubject.id` of every
/// subject, else the JWT's `sub`, disclosed or not), and whether it is
/// bound to a key (`cnf`; key binding is judged on its own); a baked badge
/// by the credential it carries.
fn subjects_of(bytes: &[u8]) -> (Vec<String>, bool) {
    if let Ok(detected) = credential::detect(bytes) {
        if let Some(inner) = credential::unbake(bytes, detected.container) {
            return subjects_of(inner.as_bytes());
        }
    }
    let payload: Option<Value> = serde_json::from_slice(bytes).ok().or_else(|| {
        let text = std::str::from_utf8(bytes).ok()?.trim();
        let compact = crate::jws::parse(text.split('~').next()?).ok()?;
        Some(if text.contains('~') { credential::reveal_sd_jwt(text, &compact.payload) } else { compact.payload })
    });
    let Some(payload) = payload else { return (vec![], false) };
    let doc = payload.get("vc").filter(|v| v.is_object()).unwrap_or(&payload);
    let subjects: Vec<&Value> = match doc.get("credentialSubject") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => vec![],
    };
    let mut ids: Vec<String> = subjects.iter().filter_map(|s| s.get("id").and_then(Value::as_str).map(str::to_string)).collect();
    if ids.is_empty() {
        ids.extend(payload.get("sub").and_then(Value::as_str).map(str::to_string));
    }
    ids.sort();
    ids.dedup();
    (ids, payload.get("cnf").is_some())
}

/// The set, position and count an `id` made by `crate::share`'s `part_id` names.
pub(crate) fn parse_part_id(id: &str) -> Option<(&str, usize, usize)> {
    let (set, part) = id.strip_prefix("urn:uuid:")?.split_once("#presentation-")?;
    let (i, n) = part.split_once("-of-")?;
    let (i, n) = (i.parse().ok()?, n.parse().ok()?);
    (set.len() == 36 && (1..=n).contains(&i)).then_some((set, i, n))
}
