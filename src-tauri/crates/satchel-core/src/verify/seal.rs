//! European Digital Credentials: the JAdES seal (and the legacy XAdES one).
//!
//! An EDC arrives as a JAdES *enveloping* JWS in JSON serialization
//! (`{"payload", "signatures": [{"protected", "header": {"etsiU"}, "signature"}]}`)
//! with an unencoded payload (`b64: false`): the signing input is
//! `ASCII(protected) || "." || payload` exactly as received, never a
//! re-serialisation. The seal holds when the JWS verifies with the `x5c`
//! leaf certificate, `x5t#S256` names that certificate, every `crit` header
//! is one Satchel understands, the claimed signing time `sigT` is not still
//! to come and falls within the certificate's validity, and each time-stamp
//! (`sigTst` over the signature, `adoTst` over the content; RFC 3161)
//! verifies and covers what it should.
//!
//! A time-stamp *proves* a time only when its authority is trusted (a
//! qualified time-stamping service on a verified trusted list, or a TSA the
//! trust configuration names: see [`crate::trust::Lists::tsa_standing`]);
//! the others are shown and said not to count. The certificate, the trust
//! service and revocation are then judged at the proved time, or today when
//! nothing proves one: a seal made with an expired key is never confirmed
//! by its own word.
//!
//! Who sealed it is a separate question: a self-made certificate can claim
//! any university's name. The `issuer` check compares every name a screen
//! can show for the credential's issuer with the certificate's organisation
//! (and its organizationIdentifier with the eIDAS identifier); only the EU
//! Trusted Lists (the `trust` check) can confirm the certificate is a
//! qualified seal of a real trust service. What is shown of a sealed payload
//! is what these checks read: [`shown_credential`], [`xml_roles`].
//!
//! See: ETSI TS 119 182-1 (JAdES), ETSI EN 319 132-1 (XAdES), RFC 7797
//! (unencoded payload), RFC 3161, ETSI EN 319 412-5 (QC statements).

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use der::{Decode, Encode};
use serde_json::Value;
use sha2::{Digest, Sha256, Sha384, Sha512};
use x509_cert::Certificate;

use super::report::{Check, CheckResult, Code, Finding};
use super::{parse_time, VerifyOptions};
use crate::credential::credentials_of;
use crate::jws;
use crate::pki::{self, certificate_time, name_attr, OID_COMMON_NAME, OID_ORGANIZATION, OID_ORGANIZATION_IDENTIFIER};
use crate::trust::{Lists, RevocationValues, TsaStanding};

/// Protected headers whose meaning Satchel knows (RFC 7515 `crit`).
const UNDERSTOOD_CRIT: &[&str] = &["b64", "sigT", "adoTst"];

/// How far ahead of the verifier's clock a stated time may be (clocks differ).
const CLOCK_SKEW: chrono::Duration = chrono::Duration::minutes(5);

/// A parsed JAdES JWS (JSON serialization, first signature).
#[derive(Debug)]
pub struct Jades<'a> {
    /// The payload as the credential's JSON text (decoded when `b64` is true).
    pub payload: String,
    /// The payload as it stands in the JWS: what the signature covers.
    payload_received: &'a str,
    protected_b64: &'a str,
    /// The decoded protected header.
    pub header: Value,
    /// The unprotected header's `etsiU` entries, decoded.
    pub unsigned: Vec<Value>,
    signature_b64: &'a str,
    signature: Vec<u8>,
}

/// Parses the JAdES JSON serialization in `doc`.
pub fn parse(doc: &Value) -> Result<Jades<'_>, String> {
    let payload = doc.get("payload").and_then(Value::as_str).ok_or("the seal has no `payload` string")?;
    let received = payload;
    let sig = match doc.get("signatures") {
        Some(Value::Array(s)) => s.first().ok_or("the seal's `signatures` is empty")?,
        _ => doc,
    };
    let protected_b64 = sig.get("protected").and_then(Value::as_str).ok_or("the seal has no protected header")?;
    let header: Value = URL_SAFE_NO_PAD
        .decode(protected_b64)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or("the protected header is not base64url JSON")?;
    let signature_b64 = sig.get("signature").and_then(Value::as_str).ok_or("the seal has no signature value")?;
    let signature = URL_SAFE_NO_PAD.decode(signature_b64).map_err(|_| "the signature value is not base64url")?;
    let unsigned = sig
        .pointer("/header/etsiU")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|i| match i {
                    Value::String(s) => URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')).ok().and_then(|b| serde_json::from_slice(&b).ok()),
                    Value::Object(_) => Some(i.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    // b64: false keeps the payload as it stands; otherwise it is base64url.
    let payload = if header.get("b64") == Some(&Value::Bool(false)) {
        payload.to_string()
    } else {
        String::from_utf8(URL_SAFE_NO_PAD.decode(payload).map_err(|_| "the payload is not base64url")?)
            .map_err(|_| "the payload is not text")?
    };
    Ok(Jades { payload, payload_received: received, protected_b64, header, unsigned, signature_b64, signature })
}

/// "sealed on D with a certificate valid only from F to U".
fn outside_validity(what: &str, at: DateTime<Utc>, from: DateTime<Utc>, until: DateTime<Utc>) -> String {
    format!(
        "{what} on {} with a certificate valid only from {} to {}",
        at.format("%Y-%m-%d"),
        from.format("%Y-%m-%d"),
        until.format("%Y-%m-%d")
    )
}

/// Who sealed it (the certificate's organisation) and when (`sigT`), as
/// the seal claims them; [`check`] says whether they hold.
pub fn sealer(jades: &Jades<'_>) -> (Option<String>, Option<String>) {
    let leaf = jades
        .header
        .pointer("/x5c/0")
        .and_then(Value::as_str)
        .and_then(|c| STANDARD.decode(c).ok())
        .and_then(|der| Certificate::from_der(&der).ok());
    let by = leaf.and_then(|l| name_attr(&l, OID_ORGANIZATION).or_else(|| name_attr(&l, OID_COMMON_NAME)));
    (by, jades.header.get("sigT").and_then(Value::as_str).map(str::to_string))
}

/// The checks of a JAdES-sealed EDC.
pub fn check(doc: &Value, options: &VerifyOptions<'_>) -> Vec<CheckResult> {
    let jades = match parse(doc) {
        Ok(j) => j,
        Err(why) => return vec![CheckResult::failed(Check::Format, why)],
    };
    let credential: Value = match serde_json::from_str(&jades.payload) {
        Ok(c) => c,
        Err(e) => return vec![CheckResult::failed(Check::Format, format!("the sealed payload is not JSON ({e})"))],
    };
    let mut checks = vec![format_check(&credential)];
    if checks[0].outcome == super::Outcome::Failed {
        return checks;
    }
    let now = options.clock.now();
    let anchors = options.trust.unwrap_or_else(|| crate::trust::Anchors::eu());
    let lists = Lists::new(anchors, options.fetcher, now);
    let (leaf, proved_at) = match seal_check(&jades, now, &lists) {
        Ok((result, leaf, proved_at)) => {
            checks.push(proven_in_time(result, &leaf, proved_at, now));
            (leaf, proved_at)
        }
        Err(result) => {
            checks.push(result);
            return checks;
        }
    };
    checks.push(issuer_check(&credential, &leaf));
    // The seal's time is what a trusted time-stamp proves, not what the seal claims.
    checks.push(trust_check(lists.check_seal(&leaf, &intermediates(&jades), proved_at, &revocation_values(&jades))));
    checks.push(validity(&credential, options.clock.now()));
    checks.push(status(&credential, options));
    checks
}

/// The revocation values (`rVals`) a JAdES seal carries.
fn revocation_values(jades: &Jades<'_>) -> RevocationValues {
    let mut values = RevocationValues::default();
    for r in jades.unsigned.iter().filter_map(|u| u.get("rVals")) {
        let vals = |key: &str| -> Vec<Vec<u8>> {
            r.get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|v| v.get("val").and_then(Value::as_str))
                .filter_map(|b64| STANDARD.decode(b64).ok())
                .collect()
        };
        values.crls.extend(vals("crlVals"));
        values.ocsp.extend(vals("ocspVals"));
    }
    values
}

/// Time-stamps judged by the rules of trust: those whose authority counts
/// prove a time; the others are named, with why they do not count. A
/// time-stamp claiming a time still to come is refused outright.
struct Stamps {
    /// The earliest time a counted signature time-stamp proves.
    proved_at: Option<DateTime<Utc>>,
    /// Words for the report.
    words: Vec<String>,
}

fn judge_stamps(
    tokens: &[Vec<u8>],
    stamped: &[u8],
    what: &str,
    leaf: &Certificate,
    now: DateTime<Utc>,
    lists: &Lists<'_>,
) -> Result<Stamps, String> {
    let (from, until) = pki::validity(leaf);
    let mut out = Stamps { proved_at: None, words: vec![] };
    for der in tokens {
        let stamp = pki::timestamp(der, stamped).map_err(|why| format!("the {what}: {why}"))?;
        let at = stamp.gen_time;
        let shown = at.format("%Y-%m-%d %H:%M:%S UTC");
        if at > now + CLOCK_SKEW {
            return Err(format!("the {what} claims a time still to come ({shown}), which no authority can give"));
        }
        let by = match lists.tsa_standing(&stamp) {
            TsaStanding::Untrusted(why) => {
                out.words.push(format!("{what}: time-stamped {shown} by `{}`, which does not count: {why}", stamp.authority()));
                continue;
            }
            TsaStanding::Qualified(by) | TsaStanding::Configured(by) => by,
        };
        // Content is stamped before sealing, so a content time-stamp may
        // predate the certificate; none may come after it expired.
        let content = what.starts_with("content");
        if (!content && at < from) || at > until {
            return Err(outside_validity("time-stamped", at, from, until));
        }
        out.words.push(format!("{what}: time-stamped {shown} by `{}`, {by}", stamp.authority()));
        out.proved_at = Some(out.proved_at.map_or(at, |t: DateTime<Utc>| t.min(at)));
    }
    Ok(out)
}

/// The checks of a legacy Europass credential (ELM 2 XML) sealed with an
/// enveloped XAdES signature: the XML signature over the document and the
/// signed properties, the signing certificate bound by its digest, its
/// validity at the signing time, then issuer, trust and dates as for JAdES.
pub fn check_xml(bytes: &[u8], options: &VerifyOptions<'_>) -> Vec<CheckResult> {
    use crate::trust::{dsig, xml};
    let doc = match xml::parse(bytes) {
        Ok(d) => d,
        Err(e) => return vec![CheckResult::failed(Check::Format, e.to_string())],
    };
    let root = doc.root.local_name().to_string();
    if !["verifiablePresentation", "europassCredential"].contains(&root.as_str()) {
        return vec![CheckResult::failed(Check::Format, format!("XML whose root is `{root}`, not a Europass credential"))];
    }
    let mut checks = vec![CheckResult::passed(Check::Format, Some("a Europass credential in XML (ELM 2)".into())).because(Code::FormatEdc)];
    let fail = |why: String| CheckResult::failed(Check::Signature, why);
    let verified = match dsig::verify_enveloped(&doc) {
        Ok(v) => v,
        Err(e) if e.0 == "the document is not signed" => {
            checks.push(
                CheckResult::skipped(Check::Signature, "the credential carries no seal: nothing vouches for it")
                    .because(Code::SignatureMissing),
            );
            return checks;
        }
        Err(e) => {
            checks.push(fail(format!("the XAdES seal does not hold: {e}")));
            return checks;
        }
    };
    let signer_der = verified.signer.clone();
    let Ok(leaf) = Certificate::from_der(&signer_der) else {
        checks.push(fail("the seal's certificate cannot be read".into()));
        return checks;
    };
    let scope = xml::Scope::new();
    // Signed data only: the signed properties the signature's reference
    // covers, and the document without its signature.
    let Some(properties) = verified.signed_properties.as_ref() else {
        checks.push(fail("the seal has no signed properties (XAdES), so nothing binds its certificate".into()));
        return checks;
    };
    let signed_props = properties.find(&scope, &|e, _| e.local_name() == "SignedSignatureProperties").map(|(e, _, _)| e);
    let signing_time = signed_props.and_then(|p| p.child("SigningTime")).and_then(|t| parse_time(t.text().trim()));
    // XAdES binds the certificate by its digest inside the signed properties.
    let bound = signed_props
        .and_then(|p| p.child("SigningCertificateV2").or_else(|| p.child("SigningCertificate")))
        .map(|sc| {
            sc.children_named("Cert").any(|cert| {
                let Some(digest) = cert.child("CertDigest") else { return false };
                let method = digest.child("DigestMethod").and_then(|m| m.attribute("Algorithm")).unwrap_or_default();
                let value: String = digest.child("DigestValue").map(|v| v.text()).unwrap_or_default().split_whitespace().collect();
                let ours = match method {
                    "http://www.w3.org/2001/04/xmlenc#sha256" => Sha256::digest(&signer_der).to_vec(),
                    "http://www.w3.org/2001/04/xmldsig-more#sha384" => Sha384::digest(&signer_der).to_vec(),
                    "http://www.w3.org/2001/04/xmlenc#sha512" => Sha512::digest(&signer_der).to_vec(),
                    _ => return false,
                };
                STANDARD.decode(value).is_ok_and(|v| v == ours)
            })
        })
        .unwrap_or(false);
    if !bound {
        checks.push(fail("the signed properties do not name the certificate that signed (XAdES SigningCertificate)".into()));
        return checks;
    }
    let (from, until) = pki::validity(&leaf);
    let now = options.clock.now();
    if let Some(at) = signing_time {
        if at > now + CLOCK_SKEW {
            checks.push(fail(format!("the seal claims to be made on {}, a time still to come", at.format("%Y-%m-%d %H:%M UTC"))));
            return checks;
        }
        if at < from || at > until {
            checks.push(fail(outside_validity("signed", at, from, until)));
            return checks;
        }
    }
    let original = &doc;
    let anchors = options.trust.unwrap_or_else(|| crate::trust::Anchors::eu());
    let lists = Lists::new(anchors, options.fetcher, now);
    // XAdES signature time-stamps cover the canonical ds:SignatureValue
    // element; they are judged by the same rules as JAdES ones.
    let unsigned = original.root.find(&scope, &|e, _| e.local_name() == "UnsignedSignatureProperties").map(|(e, _, _)| e);
    let signature_value = original.root.find(&scope, &|e, s| e.local_name() == "SignatureValue" && e.namespace(s) == dsig::DSIG);
    let mut stamps = Stamps { proved_at: None, words: vec![] };
    if let (Some(unsigned), Some((value, above, _))) = (unsigned, signature_value) {
        for stamp in unsigned.children_named("SignatureTimeStamp") {
            let method = stamp
                .child("CanonicalizationMethod")
                .and_then(|m| m.attribute("Algorithm"))
                .map_or(Some(xml::Method::Inclusive { comments: false }), xml::Method::from_uri);
            let Some(method) = method else {
                stamps.words.push("a signature time-stamp uses a canonicalisation Satchel does not know, so it does not count".into());
                continue;
            };
            let covered = xml::element(value, &above, method, None);
            let tokens: Vec<Vec<u8>> = stamp
                .children_named("EncapsulatedTimeStamp")
                .filter_map(|t| STANDARD.decode(t.text().split_whitespace().collect::<String>()).ok())
                .collect();
            match judge_stamps(&tokens, covered.as_bytes(), "signature time-stamp", &leaf, now, &lists) {
                Ok(judged) => {
                    stamps.words.extend(judged.words);
                    if let Some(at) = judged.proved_at {
                        stamps.proved_at = Some(stamps.proved_at.map_or(at, |t: DateTime<Utc>| t.min(at)));
                    }
                }
                Err(why) => {
                    checks.push(fail(why));
                    return checks;
                }
            }
        }
    }
    let sealer = pki::display_name(&leaf).unwrap_or_default();
    let mut detail = format!("XAdES seal by `{sealer}`");
    match (stamps.proved_at, signing_time) {
        (Some(at), _) => {
            detail.push_str(&format!(", sealed no later than {} as a trusted time-stamp proves", at.format("%Y-%m-%d %H:%M UTC")))
        }
        (None, Some(at)) => detail.push_str(&format!(", which says it was signed on {} (the sealer's own word)", at.format("%Y-%m-%d"))),
        (None, None) => {}
    }
    for words in &stamps.words {
        detail.push_str(&format!("; {words}"));
    }
    checks.push(proven_in_time(
        CheckResult::passed(Check::Signature, Some(detail)).because(Code::SignatureSealed).param("sealer", &sealer),
        &leaf,
        stamps.proved_at,
        now,
    ));

    let doc = &verified.signed;
    checks.push(xml_issuer_check(doc, &leaf));
    // Certificates may come from the unsigned KeyInfo and CertificateValues:
    // each one is checked cryptographically when the path is built.
    let encapsulated = |outer: &str, inner: &str| -> Vec<Vec<u8>> {
        original
            .root
            .find(&scope, &|e, _| e.local_name() == outer)
            .map(|(k, _, _)| {
                let mut out = Vec::new();
                collect_texts(k, inner, &mut out, 0);
                out.into_iter().filter_map(|t| STANDARD.decode(t.split_whitespace().collect::<String>()).ok()).collect()
            })
            .unwrap_or_default()
    };
    let intermediates: Vec<Certificate> = encapsulated("KeyInfo", "X509Certificate")
        .into_iter()
        .chain(encapsulated("CertificateValues", "EncapsulatedX509Certificate"))
        .filter(|der| *der != signer_der)
        .filter_map(|der| Certificate::from_der(&der).ok())
        .collect();
    let revocation = RevocationValues {
        crls: encapsulated("RevocationValues", "EncapsulatedCRLValue"),
        ocsp: encapsulated("RevocationValues", "EncapsulatedOCSPValue"),
    };
    // A signing time is the signer's word: trust is judged at the time a
    // trusted time-stamp proves, else now.
    checks.push(trust_check(lists.check_seal(&leaf, &intermediates, stamps.proved_at, &revocation)));
    // ELM 2 dates: cred:validFrom, cred:validUntil / cred:expirationDate.
    let date = |name: &str| doc.root.find(&scope, &|e, _| e.local_name() == name).map(|(e, _, _)| e.text().trim().to_string());
    let dates = serde_json::json!({"validFrom": date("validFrom"), "validUntil": date("validUntil").or_else(|| date("expirationDate"))});
    checks.push(super::validity(&dates, options.clock.now()));
    checks.push(CheckResult::not_applicable(Check::Status, "the credential has no status entry"));
    checks
}

/// The text of every element named `local` under `e`.
fn collect_texts(e: &crate::trust::xml::Element, local: &str, out: &mut Vec<String>, depth: usize) {
    for c in e.elements() {
        if c.local_name() == local {
            out.push(c.text());
        } else if depth < 8 {
            collect_texts(c, local, out, depth + 1);
        }
    }
}

pub use crate::credential::edci::{xml_roles, XmlRoles};

/// An organisation's names in an ELM 2 document (prefLabel, legalName, every language).
fn xml_labels(org: &crate::trust::xml::Element) -> Vec<String> {
    org.children_named("prefLabel")
        .chain(org.children_named("legalName"))
        .flat_map(|l| {
            let texts: Vec<String> = l.children_named("text").map(|t| t.text().trim().to_string()).collect();
            if texts.is_empty() {
                vec![l.text().trim().to_string()]
            } else {
                texts
            }
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// The `issuer` check of a legacy XML: the credential's issuer (the one the
/// view shows) must be the sealer; the presentation's issuer and the
/// awarding bodies are named as what they are.
fn xml_issuer_check(doc: &crate::trust::xml::Document, leaf: &Certificate) -> CheckResult {
    let roles = xml_roles(doc);
    let organisation = name_attr(leaf, OID_ORGANIZATION);
    let org_id = name_attr(leaf, OID_ORGANIZATION_IDENTIFIER);
    let sealer = organisation.clone().unwrap_or_else(|| "an unnamed organisation".into());
    let sealer_id = org_id.clone().unwrap_or_else(|| "no identifier".into());
    let is_sealer = |org: &crate::trust::xml::Element| {
        let labels = xml_labels(org);
        let names_ok = !labels.is_empty() && organisation.as_deref().is_some_and(|o| labels.iter().all(|l| normalise(l) == normalise(o)));
        let registration = org.child("registration").map(|r| r.text().trim().to_string());
        let id_ok = match (org_id.as_deref(), registration.as_deref()) {
            (Some(o), Some(r)) => normalise(o) == normalise(r),
            (Some(_), None) => false,
            (None, r) => r.is_none(),
        };
        names_ok && id_ok
    };
    // In words, an organisation goes by its English label when it has one.
    let name = |org: &crate::trust::xml::Element| {
        org.children_named("prefLabel")
            .chain(org.children_named("legalName"))
            .flat_map(|l| l.children_named("text"))
            .find(|t| t.attribute("lang") == Some("en"))
            .map(|t| t.text().trim().to_string())
            .or_else(|| xml_labels(org).first().cloned())
            .unwrap_or_else(|| "an unnamed organisation".into())
    };
    let mut roles_text = Vec::new();
    if let Some(p) = roles.presentation_issuer {
        roles_text.push(format!("the presentation's issuer is `{}`{}", name(p), if is_sealer(p) { " (the sealer)" } else { "" }));
    }
    if !roles.awarding_bodies.is_empty() {
        let mut bodies: Vec<String> = Vec::new();
        for body in roles.awarding_bodies.iter().map(|b| format!("`{}`", name(b))) {
            if !bodies.contains(&body) {
                bodies.push(body);
            }
        }
        roles_text.push(format!("awarded by {}", bodies.join(", ")));
    }
    let roles_text = if roles_text.is_empty() { String::new() } else { format!("; {}", roles_text.join("; ")) };
    match roles.credential_issuer {
        Some(issuer) if is_sealer(issuer) => CheckResult::passed(
            Check::Issuer,
            Some(format!("the seal confirms the credential's issuer: `{sealer}` ({sealer_id}) sealed it{roles_text}")),
        )
        .because(Code::IssuerSealer)
        .param("sealer", &sealer),
        Some(issuer) => CheckResult::failed(
            Check::Issuer,
            format!("the seal is by `{sealer}` ({sealer_id}) and does not confirm the credential's issuer `{}`{roles_text}", name(issuer)),
        )
        .with(Finding::Unconfirmed)
        .because(Code::IssuerSealerMismatch)
        .param("sealer", &sealer)
        .param("issuer", name(issuer)),
        None => CheckResult::failed(Check::Issuer, format!("the seal is by `{sealer}` ({sealer_id}), but the credential names no issuer"))
            .with(Finding::Unconfirmed)
            .because(Code::IssuerMissing),
    }
}

/// The organisation of the certificate that made a legacy XML seal, when
/// the seal holds (for the view's "sealed by").
pub fn xml_sealer(bytes: &[u8]) -> Option<String> {
    let doc = crate::trust::xml::parse(bytes).ok()?;
    let verified = crate::trust::dsig::verify_enveloped(&doc).ok()?;
    pki::display_name(&Certificate::from_der(&verified.signer).ok()?)
}

/// A seal whose certificate has expired proves nothing of who made it
/// unless a trusted time-stamp shows it was made while the certificate was
/// valid (a claimed signing time is the signer's word). The seal itself
/// still holds; the report says so here, and the `trust` check, judging the
/// certificate today, leaves authorship unconfirmed.
fn proven_in_time(result: CheckResult, leaf: &Certificate, stamped_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> CheckResult {
    let until = certificate_time(leaf.tbs_certificate.validity.not_after);
    if result.outcome != super::Outcome::Passed || stamped_at.is_some() || now <= until {
        return result;
    }
    CheckResult {
        detail: Some(format!(
            "{}; but its certificate expired on {} and no trusted time-stamp proves the seal was made before, so who made it is judged today",
            result.detail.clone().unwrap_or_default(),
            until.format("%Y-%m-%d")
        )),
        ..result
    }
}

/// The checks of an EDC that came without a seal: readable, but nothing
/// vouches for it.
pub fn check_unsealed(credential: &Value, options: &VerifyOptions<'_>) -> Vec<CheckResult> {
    let mut checks = vec![format_check(credential)];
    if checks[0].outcome == super::Outcome::Failed {
        return checks;
    }
    checks.push(
        CheckResult::skipped(Check::Signature, "the credential carries no seal: nothing vouches for it").because(Code::SignatureMissing),
    );
    checks.push(validity(credential, options.clock.now()));
    checks
}

fn is_presentation(payload: &Value) -> bool {
    payload.get("verifiableCredential").is_some()
}

/// Mandatory EDC fields.
fn format_check(payload: &Value) -> CheckResult {
    if !payload.is_object() {
        return CheckResult::failed(Check::Format, "the sealed payload is not a JSON object");
    }
    let presentation = is_presentation(payload);
    let credentials = credentials_of(payload);
    let mut missing_issued = false;
    for credential in &credentials {
        let mut required = vec!["issuer", "credentialSubject", "validFrom"];
        if !presentation {
            required.extend(["credentialProfiles", "displayParameter"]);
        }
        if let Some(field) = required.into_iter().find(|f| credential.get(*f).is_none()) {
            return CheckResult::failed(Check::Format, format!("the European Digital Credential has no `{field}`"))
                .because(Code::FormatMissingField)
                .param("field", field);
        }
        missing_issued |= credential.get("issued").is_none() && credential.get("issuanceDate").is_none();
    }
    if presentation && credentials.is_empty() {
        return CheckResult::warning(Check::Format, "a sealed presentation that holds no readable credential");
    }
    let what = if presentation {
        format!("a sealed presentation of {} credential(s)", credentials.len())
    } else {
        "a European Digital Credential (ELM 3)".to_string()
    };
    if missing_issued {
        CheckResult::warning(Check::Format, format!("{what}, but it says nothing of when it was issued (`issued`)"))
            .because(Code::FormatEdcNoIssueDate)
    } else {
        CheckResult::passed(Check::Format, Some(what)).because(Code::FormatEdc)
    }
}

/// The seal itself (`signature`): JWS, certificate binding, `crit`, the
/// certificate's validity at `sigT`, and the time-stamps (`sigTst` over the
/// signature, `adoTst` over the content), judged by [`judge_stamps`].
/// Returns the time a counted signature time-stamp proves.
fn seal_check(
    jades: &Jades<'_>,
    now: DateTime<Utc>,
    lists: &Lists<'_>,
) -> Result<(CheckResult, Certificate, Option<DateTime<Utc>>), CheckResult> {
    let fail = |why: String| CheckResult::failed(Check::Signature, why);
    let header = &jades.header;
    let alg = header.get("alg").and_then(Value::as_str).unwrap_or_default();
    if let Some(crit) = header.get("crit") {
        let names = crit.as_array().ok_or_else(|| fail("`crit` is not a list".into()))?;
        for name in names {
            let name = name.as_str().unwrap_or_default();
            if !UNDERSTOOD_CRIT.contains(&name) {
                return Err(fail(format!("the seal requires understanding `{name}`, which Satchel does not")));
            }
            if header.get(name).is_none() {
                return Err(fail(format!("`crit` names `{name}`, which the header does not carry")));
            }
        }
    }
    let chain = header.get("x5c").and_then(Value::as_array).ok_or_else(|| fail("the seal carries no certificate (`x5c`)".into()))?;
    let leaf_der = chain
        .first()
        .and_then(Value::as_str)
        .and_then(|c| STANDARD.decode(c).ok())
        .ok_or_else(|| fail("the seal's certificate is not base64".into()))?;
    let leaf = Certificate::from_der(&leaf_der).map_err(|e| fail(format!("the seal's certificate cannot be read ({e})")))?;
    match header.get("x5t#S256").and_then(Value::as_str) {
        Some(t) if t != URL_SAFE_NO_PAD.encode(Sha256::digest(&leaf_der)) => {
            return Err(fail("the certificate in `x5c` is not the one `x5t#S256` names".into()));
        }
        _ => {}
    }
    let spki = leaf.tbs_certificate.subject_public_key_info.to_der().map_err(|e| fail(e.to_string()))?;
    let key = jws::key_from_spki(&spki).map_err(|e| fail(format!("the seal's certificate: {e}")))?;
    let input = [jades.protected_b64.as_bytes(), b".", jades.payload_received.as_bytes()].concat();
    jws::verify_signature(alg, &key, &input, &jades.signature).map_err(|e| fail(format!("the seal does not match the credential: {e}")))?;

    let sealer = pki::display_name(&leaf).unwrap_or_else(|| "an unnamed holder".into());
    let mut detail = format!("{alg} seal by `{sealer}`");
    let sealed =
        |detail: String| CheckResult::passed(Check::Signature, Some(detail)).because(Code::SignatureSealed).param("sealer", &sealer);
    let (from, until) = pki::validity(&leaf);
    let mut claimed = None;
    if let Some(sig_t) = header.get("sigT").and_then(Value::as_str) {
        let at = parse_time(sig_t).ok_or_else(|| fail(format!("the signing time `{sig_t}` is not a time")))?;
        if at > now + CLOCK_SKEW {
            return Err(fail(format!("the seal claims to be made on {}, a time still to come", at.format("%Y-%m-%d %H:%M UTC"))));
        }
        if at < from || at > until {
            return Err(fail(outside_validity("sealed", at, from, until)));
        }
        claimed = Some(at);
    }
    let tokens = |v: Option<&Value>, what: &str| -> Result<Vec<Vec<u8>>, CheckResult> {
        v.and_then(|t| t.get("tstTokens"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|t| {
                t.get("val")
                    .and_then(Value::as_str)
                    .and_then(|v| STANDARD.decode(v).ok())
                    .ok_or_else(|| fail(format!("a {what} is not base64")))
            })
            .collect()
    };
    let mut signature_tokens = Vec::new();
    for token in jades.unsigned.iter().filter_map(|u| u.get("sigTst")) {
        signature_tokens.extend(tokens(Some(token), "signature time-stamp")?);
    }
    let signature_stamps =
        judge_stamps(&signature_tokens, jades.signature_b64.as_bytes(), "signature time-stamp", &leaf, now, lists).map_err(fail)?;
    // adoTst: time-stamps over the payload itself, taken before sealing:
    // they prove the content existed then, not when the seal was made.
    let content_tokens = tokens(header.get("adoTst"), "content time-stamp")?;
    let content_stamps =
        judge_stamps(&content_tokens, jades.payload.as_bytes(), "content time-stamp (`adoTst`)", &leaf, now, lists).map_err(fail)?;
    let proved_at = signature_stamps.proved_at;
    match (proved_at, claimed) {
        (Some(at), _) => {
            detail.push_str(&format!(", sealed no later than {} as a trusted time-stamp proves", at.format("%Y-%m-%d %H:%M UTC")))
        }
        (None, Some(at)) => detail.push_str(&format!(", which says it was sealed on {} (the sealer's own word)", at.format("%Y-%m-%d"))),
        (None, None) => {}
    }
    for words in signature_stamps.words.iter().chain(&content_stamps.words) {
        detail.push_str(&format!("; {words}"));
    }
    Ok((sealed(detail), leaf, proved_at))
}

/// A language map's values (`{"en": "X"}` or `{"en": ["X"]}`), or a string.
fn texts(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Object(m)) => m
            .values()
            .flat_map(|x| match x {
                Value::String(s) => vec![s.clone()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).map(str::to_string).collect(),
                _ => vec![],
            })
            .collect(),
        Some(Value::Array(a)) => a.iter().flat_map(|x| texts(Some(x))).collect(),
        _ => vec![],
    }
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_uppercase()
}

/// Every name a screen can show for an issuer, with where it stands
/// (`legalName` in each language, `name`, `prefLabel`): the check compares
/// each, so no screen can show a name the seal does not confirm.
pub fn shown_issuer_names(issuer: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for key in ["legalName", "name", "prefLabel"] {
        match issuer.get(key) {
            Some(Value::Object(map)) => {
                for (lang, v) in map {
                    out.extend(texts(Some(v)).into_iter().map(|t| (format!("{key} ({lang})"), t)));
                }
            }
            v => out.extend(texts(v).into_iter().map(|t| (key.to_string(), t))),
        }
    }
    out
}

pub use crate::credential::shown_credential;

/// The report's `trust` check from what the trusted lists said: not known
/// is `skipped` (could not check); refused or revoked is `failed`.
fn trust_check(standing: crate::trust::Standing) -> CheckResult {
    use crate::trust::Grant;
    let detail = standing.detail.unwrap_or_default();
    match standing.grant {
        Grant::Qualified => CheckResult::passed(Check::Trust, Some(detail)),
        Grant::Unknown => {
            // When a list could not be had (offline, or its server did not
            // answer: the words `trust::Lists` uses), the learner is told
            // the network is the cause.
            let network = detail.starts_with("offline") || detail.contains("could not be had");
            let skipped = CheckResult::skipped(Check::Trust, detail);
            if network {
                skipped.because(Code::TrustOffline)
            } else {
                skipped
            }
        }
        Grant::Refused => CheckResult::failed(Check::Trust, detail).with(Finding::Unconfirmed),
        Grant::Revoked { on } => CheckResult::failed(Check::Trust, detail)
            .with(Finding::Revoked)
            .because(Code::TrustCertificateRevoked)
            .param("date", on.format("%Y-%m-%d")),
    }
}

/// The credential's issuer against the seal certificate's organisation:
/// every name shown for the issuer must be the certificate's organisation,
/// and where the certificate carries an organizationIdentifier the issuer's
/// eIDAS identifier must be it.
fn issuer_check(payload: &Value, leaf: &Certificate) -> CheckResult {
    let organisation = name_attr(leaf, OID_ORGANIZATION);
    let org_id = name_attr(leaf, OID_ORGANIZATION_IDENTIFIER);
    let issuers: Vec<&Value> = credentials_of(payload).into_iter().filter_map(|c| c.get("issuer")).collect();
    if issuers.is_empty() {
        // A sealed presentation of credentials whose issuers are DIDs: the
        // seal is the presenter's; each credential names its own issuer.
        return CheckResult::skipped(
            Check::Issuer,
            format!("the seal is by `{}`; the sealed credentials name no issuer to compare", organisation.unwrap_or_default()),
        );
    }
    let sealer = organisation.as_deref().unwrap_or("an unnamed organisation");
    let sealer_id = org_id.as_deref().unwrap_or("no identifier");
    let refuse = |why: String| CheckResult::failed(Check::Issuer, why).with(Finding::Unconfirmed);
    for issuer in &issuers {
        let names = shown_issuer_names(issuer);
        let ids: Vec<String> = match issuer.get("eIDASIdentifier") {
            Some(Value::Array(items)) => {
                items.iter().filter_map(|i| i.get("notation").and_then(Value::as_str)).map(str::to_string).collect()
            }
            Some(v) => v.get("notation").and_then(Value::as_str).map(str::to_string).into_iter().collect(),
            None => vec![],
        };
        if names.is_empty() {
            return refuse(format!("the seal is by `{sealer}` ({sealer_id}), but the credential gives its issuer no name to compare"));
        }
        if let Some((place, name)) = names.iter().find(|(_, n)| organisation.as_deref().is_none_or(|o| normalise(n) != normalise(o))) {
            return refuse(format!(
                "the seal is by `{sealer}` ({sealer_id}), but the credential names its issuer `{name}` (in `{place}`), and nothing shows the sealer may seal for it"
            ));
        }
        let id_ok = match org_id.as_deref() {
            Some(o) => ids.iter().any(|i| normalise(i) == normalise(o)),
            None => ids.is_empty(),
        };
        if !id_ok {
            return refuse(format!(
                "the seal is by `{sealer}` ({sealer_id}), but the credential's issuer has {}",
                if ids.is_empty() {
                    "no eIDAS identifier to match it".to_string()
                } else {
                    format!("the eIDAS identifier `{}`", ids.join("`, `"))
                }
            ));
        }
    }
    CheckResult::passed(
        Check::Issuer,
        Some(format!(
            "the seal certificate's organisation `{sealer}` ({sealer_id}) is the issuer, under every name the credential gives it"
        )),
    )
    .because(Code::IssuerSealer)
    .param("sealer", sealer)
}

/// The certificates a seal carries besides its leaf: the rest of `x5c`
/// and the `xVals` of its unsigned properties.
fn intermediates(jades: &Jades<'_>) -> Vec<Certificate> {
    let from_x5c = jades.header.get("x5c").and_then(Value::as_array).into_iter().flatten().skip(1).filter_map(Value::as_str);
    let from_xvals = jades
        .unsigned
        .iter()
        .filter_map(|u| u.get("xVals").and_then(Value::as_array))
        .flatten()
        .filter_map(|x| x.pointer("/x509Cert/val").and_then(Value::as_str));
    from_x5c.chain(from_xvals).filter_map(|b64| STANDARD.decode(b64).ok()).filter_map(|der| Certificate::from_der(&der).ok()).collect()
}

/// `validFrom` / `validUntil` / `expirationDate` of every sealed credential.
fn validity(payload: &Value, now: DateTime<Utc>) -> CheckResult {
    let credentials = credentials_of(payload);
    let mut last = None;
    for credential in &credentials {
        let result = super::validity(credential, now);
        if result.outcome != super::Outcome::Passed {
            return result;
        }
        last = Some(result);
    }
    // One credential: its dates are the ones the learner reads.
    match (credentials.len(), last) {
        (1, Some(result)) => result,
        _ => CheckResult::passed(Check::Validity, None),
    }
}

/// A `credentialStatus` the verifier knows; EDCs rarely carry one.
fn status(payload: &Value, options: &VerifyOptions<'_>) -> CheckResult {
    let credentials = credentials_of(payload);
    match credentials.iter().find(|c| c.get("credentialStatus").is_some()) {
        Some(c) => {
            let issuer = c.get("issuer").and_then(|i| i.as_str().or_else(|| i.get("id").and_then(Value::as_str)));
            super::status::check(c, issuer, options)
        }
        None => CheckResult::not_applicable(Check::Status, "the credential has no status entry"),
    }
}
