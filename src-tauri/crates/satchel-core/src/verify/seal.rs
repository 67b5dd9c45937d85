//! European Digital Credentials: the JAdES seal, checked locally.
//!
//! An EDC arrives as a JAdES *enveloping* JWS in JSON serialization
//! (`{"payload", "signatures": [{"protected", "header": {"etsiU"}, "signature"}]}`)
//! with an unencoded payload (`b64: false`): the signing input is
//! `ASCII(protected) || "." || payload` exactly as received, never a
//! re-serialisation. The seal holds when the JWS verifies with the `x5c`
//! leaf certificate, `x5t#S256` names that certificate, every `crit` header
//! is one Satchel understands, the certificate was within its validity at
//! the claimed signing time `sigT`, and each signature time-stamp (`sigTst`,
//! RFC 3161) verifies with its TSA's certificate and covers the signature.
//!
//! Who sealed it is a separate question: a self-made certificate can claim
//! any university's name. The `issuer` check compares the credential's
//! issuer with the certificate's organisation; only the EU Trusted Lists
//! (the `trust` check) can confirm the certificate is a qualified seal of a
//! real trust service.
//!
//! See: ETSI TS 119 182-1 (JAdES), RFC 7797 (unencoded payload), RFC 3161,
//! ETSI EN 319 412-5 (QC statements).

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use der::asn1::{ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use serde_json::Value;
use sha2::{Digest, Sha256, Sha384, Sha512};
use x509_cert::Certificate;

use super::report::{Check, CheckResult, Finding};
use super::{parse_time, VerifyOptions};
use crate::jws::{self, JwsKey};

/// Protected headers whose meaning Satchel knows (RFC 7515 `crit`).
const UNDERSTOOD_CRIT: &[&str] = &["b64", "sigT", "adoTst"];

const OID_ORGANIZATION: &str = "2.5.4.10";
const OID_ORGANIZATION_IDENTIFIER: &str = "2.5.4.97";
const OID_COMMON_NAME: &str = "2.5.4.3";
const OID_QC_STATEMENTS: &str = "1.3.6.1.5.5.7.1.3";
const OID_QC_COMPLIANCE: &str = "0.4.0.1862.1.1";
const OID_QC_SSCD: &str = "0.4.0.1862.1.4";
const OID_QC_TYPE: &str = "0.4.0.1862.1.6";
const OID_QC_TYPE_ESEAL: &str = "0.4.0.1862.1.6.2";
const OID_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
const OID_TST_INFO: &str = "1.2.840.113549.1.9.16.1.4";
const OID_MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";

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
    let (leaf, stamped_at) = match seal_check(&jades) {
        Ok((result, leaf, stamped_at)) => {
            checks.push(proven_in_time(result, &leaf, stamped_at, now));
            (leaf, stamped_at)
        }
        Err(result) => {
            checks.push(result);
            return checks;
        }
    };
    checks.push(issuer_check(&credential, &leaf));
    // The seal's time is what a time-stamp proves, not what the seal claims.
    let anchors = options.trust.unwrap_or_else(|| crate::trust::Anchors::eu());
    checks.push(crate::trust::check(&leaf, &intermediates(&jades), stamped_at, now, anchors, options.fetcher));
    checks.push(validity(&credential, options.clock.now()));
    checks.push(status(&credential, options));
    checks
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
    let mut checks = vec![CheckResult::passed(Check::Format, Some("a Europass credential in XML (ELM 2)".into()))];
    let fail = |why: String| CheckResult::failed(Check::Signature, why);
    let verified = match dsig::verify_enveloped(&doc) {
        Ok(v) => v,
        Err(e) if e.0 == "the document is not signed" => {
            checks.push(CheckResult::skipped(Check::Signature, "the credential carries no seal: nothing vouches for it"));
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
    let (from, until) =
        (certificate_time(leaf.tbs_certificate.validity.not_before), certificate_time(leaf.tbs_certificate.validity.not_after));
    if let Some(at) = signing_time {
        if at < from || at > until {
            checks.push(fail(outside_validity("signed", at, from, until)));
            return checks;
        }
    }
    let sealer = name_attr(&leaf, OID_ORGANIZATION).or_else(|| name_attr(&leaf, OID_COMMON_NAME)).unwrap_or_default();
    let when = signing_time.map(|t| format!(", signed on {}", t.format("%Y-%m-%d"))).unwrap_or_default();
    let now = options.clock.now();
    checks.push(proven_in_time(CheckResult::passed(Check::Signature, Some(format!("XAdES seal by `{sealer}`{when}"))), &leaf, None, now));

    let original = &doc;
    let doc = &verified.signed;
    // The issuer as the XML names it: the presentation's, else the credential's.
    let issuer = doc
        .root
        .child("issuer")
        .or_else(|| doc.root.find(&scope, &|e, _| e.local_name() == "issuer" && e.elements().next().is_some()).map(|(e, _, _)| e));
    let labels: Vec<String> = issuer
        .map(|i| {
            i.children_named("prefLabel")
                .chain(i.children_named("legalName"))
                .flat_map(|l| l.children_named("text").map(|t| t.text()))
                .collect()
        })
        .unwrap_or_default();
    let registration = issuer.and_then(|i| i.child("registration")).map(|r| r.text().trim().to_string());
    let organisation = name_attr(&leaf, OID_ORGANIZATION);
    let org_id = name_attr(&leaf, OID_ORGANIZATION_IDENTIFIER);
    let name_ok = organisation.as_deref().is_some_and(|o| labels.iter().any(|l| normalise(l) == normalise(o)));
    let id_ok = registration.as_deref().is_none_or(|r| org_id.as_deref().is_some_and(|o| normalise(o) == normalise(r)));
    checks.push(if name_ok && id_ok {
        CheckResult::passed(
            Check::Issuer,
            Some(format!("the seal certificate's organisation `{}` is the issuer", organisation.unwrap_or_default())),
        )
    } else {
        CheckResult::failed(
            Check::Issuer,
            format!(
                "the seal is by `{}`, but the credential names `{}` as its issuer",
                organisation.unwrap_or_default(),
                labels.first().cloned().unwrap_or_default()
            ),
        )
        .with(Finding::Unconfirmed)
    });
    // Certificates may come from the unsigned KeyInfo: each one is checked
    // cryptographically when the path is built.
    let intermediates: Vec<Certificate> = original
        .root
        .find(&scope, &|e, _| e.local_name() == "KeyInfo")
        .map(|(k, _, _)| {
            k.elements()
                .flat_map(|d| d.children_named("X509Certificate"))
                .filter_map(|c| STANDARD.decode(c.text().split_whitespace().collect::<String>()).ok())
                .filter(|der: &Vec<u8>| *der != signer_der)
                .filter_map(|der| Certificate::from_der(&der).ok())
                .collect()
        })
        .unwrap_or_default();
    let anchors = options.trust.unwrap_or_else(|| crate::trust::Anchors::eu());
    // Its signing time is the signer's word: trust is judged now.
    checks.push(crate::trust::check(&leaf, &intermediates, None, now, anchors, options.fetcher));
    // ELM 2 dates: cred:validFrom, cred:validUntil / cred:expirationDate.
    let date = |name: &str| doc.root.find(&scope, &|e, _| e.local_name() == name).map(|(e, _, _)| e.text().trim().to_string());
    let dates = serde_json::json!({"validFrom": date("validFrom"), "validUntil": date("validUntil").or_else(|| date("expirationDate"))});
    checks.push(super::validity(&dates, options.clock.now()));
    checks.push(CheckResult::passed(Check::Status, Some("the credential has no status entry".into())));
    checks
}

/// A seal whose certificate has expired proves nothing unless a time-stamp
/// shows it was made while the certificate was valid (a claimed signing
/// time is the signer's word): then authorship is unconfirmed.
fn proven_in_time(result: CheckResult, leaf: &Certificate, stamped_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> CheckResult {
    let until = certificate_time(leaf.tbs_certificate.validity.not_after);
    if result.outcome != super::Outcome::Passed || stamped_at.is_some() || now <= until {
        return result;
    }
    CheckResult::failed(
        Check::Signature,
        format!(
            "{}; but its certificate expired on {} and no time-stamp proves the seal was made before",
            result.detail.unwrap_or_default(),
            until.format("%Y-%m-%d")
        ),
    )
    .with(Finding::Unconfirmed)
}

/// The checks of an EDC that came without a seal: readable, but nothing
/// vouches for it.
pub fn check_unsealed(credential: &Value, options: &VerifyOptions<'_>) -> Vec<CheckResult> {
    let mut checks = vec![format_check(credential)];
    if checks[0].outcome == super::Outcome::Failed {
        return checks;
    }
    checks.push(CheckResult::skipped(Check::Signature, "the credential carries no seal: nothing vouches for it"));
    checks.push(validity(credential, options.clock.now()));
    checks
}

fn is_presentation(payload: &Value) -> bool {
    payload.get("verifiableCredential").is_some()
}

/// The credentials inside a sealed payload: the payload itself, or those of
/// a sealed presentation (the EBSI variant) that are JSON objects.
fn credentials_of(payload: &Value) -> Vec<&Value> {
    match payload.get("verifiableCredential") {
        Some(Value::Array(items)) => items.iter().filter(|i| i.is_object()).collect(),
        Some(one @ Value::Object(_)) => vec![one],
        Some(_) => vec![],
        None => vec![payload],
    }
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
            return CheckResult::failed(Check::Format, format!("the European Digital Credential has no `{field}`"));
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
    } else {
        CheckResult::passed(Check::Format, Some(what))
    }
}

fn hash_named(name: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    Some(match name {
        "2.16.840.1.101.3.4.2.1" => Sha256::digest(bytes).to_vec(),
        "2.16.840.1.101.3.4.2.2" => Sha384::digest(bytes).to_vec(),
        "2.16.840.1.101.3.4.2.3" => Sha512::digest(bytes).to_vec(),
        _ => return None,
    })
}

fn certificate_time(t: x509_cert::time::Time) -> DateTime<Utc> {
    DateTime::from_timestamp(t.to_unix_duration().as_secs() as i64, 0).unwrap_or_default()
}

/// The seal itself (`signature`): JWS, certificate binding, `crit`, the
/// certificate's validity at `sigT`, and the signature time-stamps.
fn seal_check(jades: &Jades<'_>) -> Result<(CheckResult, Certificate, Option<DateTime<Utc>>), CheckResult> {
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

    let sealer =
        name_attr(&leaf, OID_ORGANIZATION).or_else(|| name_attr(&leaf, OID_COMMON_NAME)).unwrap_or_else(|| "an unnamed holder".into());
    let mut detail = format!("{alg} seal by `{sealer}`");
    let validity = &leaf.tbs_certificate.validity;
    let (from, until) = (certificate_time(validity.not_before), certificate_time(validity.not_after));
    if let Some(sig_t) = header.get("sigT").and_then(Value::as_str) {
        let at = parse_time(sig_t).ok_or_else(|| fail(format!("the signing time `{sig_t}` is not a time")))?;
        if at < from || at > until {
            return Err(fail(outside_validity("sealed", at, from, until)));
        }
        detail.push_str(&format!(", sealed on {}", at.format("%Y-%m-%d")));
    }
    let mut stamped = Vec::new();
    let mut stamped_at: Option<DateTime<Utc>> = None;
    for token in jades.unsigned.iter().filter_map(|u| u.get("sigTst")) {
        for t in token.get("tstTokens").and_then(Value::as_array).into_iter().flatten() {
            let der = t
                .get("val")
                .and_then(Value::as_str)
                .and_then(|v| STANDARD.decode(v).ok())
                .ok_or_else(|| fail("a signature time-stamp is not base64".into()))?;
            let (at, stamp) =
                timestamp(&der, jades.signature_b64.as_bytes()).map_err(|why| fail(format!("the signature time-stamp: {why}")))?;
            if at < from || at > until {
                return Err(fail(outside_validity("time-stamped", at, from, until)));
            }
            stamped_at = Some(stamped_at.map_or(at, |t: DateTime<Utc>| t.min(at)));
            stamped.push(stamp);
        }
    }
    if !stamped.is_empty() {
        detail.push_str(&format!("; time-stamped {}", stamped.join(", ")));
    }
    // adoTst: time-stamps over the payload itself, taken before sealing.
    for t in header.pointer("/adoTst/tstTokens").and_then(Value::as_array).into_iter().flatten() {
        let der = t
            .get("val")
            .and_then(Value::as_str)
            .and_then(|v| STANDARD.decode(v).ok())
            .ok_or_else(|| fail("a content time-stamp is not base64".into()))?;
        let (_, stamp) =
            timestamp(&der, jades.payload.as_bytes()).map_err(|why| fail(format!("the content time-stamp (`adoTst`): {why}")))?;
        detail.push_str(&format!("; content time-stamped {stamp}"));
    }
    Ok((CheckResult::passed(Check::Signature, Some(detail)), leaf, stamped_at))
}

/// An attribute of the certificate's subject, as text.
fn name_attr(cert: &Certificate, oid: &str) -> Option<String> {
    cert.tbs_certificate
        .subject
        .0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|a| a.oid.to_string() == oid)
        .and_then(|a| directory_string(&a.value))
}

/// A DirectoryString as text: UTF8String, PrintableString, IA5String,
/// TeletexString (read as Latin-1) or BMPString (UTF-16BE).
pub(crate) fn directory_string(any: &der::Any) -> Option<String> {
    let bytes = any.value();
    match der::Tagged::tag(any) {
        der::Tag::Utf8String | der::Tag::PrintableString | der::Tag::Ia5String => std::str::from_utf8(bytes).ok().map(str::to_string),
        der::Tag::TeletexString => Some(bytes.iter().map(|b| char::from(*b)).collect()),
        der::Tag::BmpString => {
            let units: Vec<u16> = bytes.chunks(2).filter(|c| c.len() == 2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            String::from_utf16(&units).ok()
        }
        _ => None,
    }
}

/// Verifies an RFC 3161 time-stamp token over `stamped` and returns "at TIME
/// by TSA".
fn timestamp(token: &[u8], stamped: &[u8]) -> Result<(DateTime<Utc>, String), String> {
    use cms::content_info::ContentInfo;
    use cms::signed_data::{SignedData, SignerIdentifier};
    let info = ContentInfo::from_der(token).map_err(|e| format!("not a CMS structure ({e})"))?;
    if info.content_type.to_string() != OID_SIGNED_DATA {
        return Err("not CMS signed data".into());
    }
    let signed: SignedData = info.content.decode_as().map_err(|e| format!("unreadable signed data ({e})"))?;
    if signed.encap_content_info.econtent_type.to_string() != OID_TST_INFO {
        return Err("it is not a time-stamp (TSTInfo)".into());
    }
    let content = signed.encap_content_info.econtent.as_ref().ok_or("the time-stamp has no content")?;
    let tst_der = OctetString::from_der(&content.to_der().map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    let tst_der = tst_der.as_bytes();
    let fields: Vec<der::Any> = Vec::from_der(tst_der).map_err(|e| format!("unreadable TSTInfo ({e})"))?;
    let imprint = fields.get(2).ok_or("the TSTInfo has no message imprint")?;
    let (imprint_alg, imprint_value): (x509_cert::spki::AlgorithmIdentifierOwned, OctetString) = imprint
        .decode_as::<ImprintFields>()
        .map(|f| (f.hash_algorithm, f.hashed_message))
        .map_err(|e| format!("unreadable imprint ({e})"))?;
    let expected = hash_named(&imprint_alg.oid.to_string(), stamped).ok_or("the imprint's hash algorithm is not supported")?;
    if imprint_value.as_bytes() != expected.as_slice() {
        return Err("it does not cover this seal's signature value".into());
    }
    let gen_time = fields
        .get(4)
        .and_then(|t| std::str::from_utf8(t.value()).ok())
        .and_then(|t| chrono::NaiveDateTime::parse_from_str(t.trim_end_matches('Z'), "%Y%m%d%H%M%S%.f").ok())
        .map(|t| t.and_utc())
        .ok_or("the time-stamp has no readable time")?;

    let signer = signed.signer_infos.0.iter().next().ok_or("the time-stamp has no signer")?;
    let certificates: Vec<&Certificate> = signed
        .certificates
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    cms::cert::CertificateChoices::Certificate(cert) => Some(cert),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let tsa = certificates
        .into_iter()
        .find(|c| match &signer.sid {
            SignerIdentifier::IssuerAndSerialNumber(i) => {
                c.tbs_certificate.serial_number == i.serial_number && c.tbs_certificate.issuer == i.issuer
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => c
                .tbs_certificate
                .extensions
                .iter()
                .flatten()
                .any(|e| e.extn_id.to_string() == "2.5.29.14" && e.extn_value.as_bytes().ends_with(ski.0.as_bytes())),
        })
        .ok_or("the time-stamp does not carry its authority's certificate")?;
    let digest_oid = signer.digest_alg.oid.to_string();
    let attrs = signer.signed_attrs.as_ref().ok_or("the time-stamp has no signed attributes")?;
    let digest = attrs
        .iter()
        .find(|a| a.oid.to_string() == OID_MESSAGE_DIGEST)
        .and_then(|a| a.values.iter().next())
        .and_then(|v| v.decode_as::<OctetString>().ok())
        .ok_or("the time-stamp's signed attributes have no message digest")?;
    if Some(digest.as_bytes().to_vec()) != hash_named(&digest_oid, tst_der) {
        return Err("its signed digest does not match its content".into());
    }
    let signed_attrs = attrs.to_der().map_err(|e| e.to_string())?;
    let tsa_spki = tsa.tbs_certificate.subject_public_key_info.to_der().map_err(|e| e.to_string())?;
    let tsa_key = jws::key_from_spki(&tsa_spki).map_err(|e| format!("the authority's key: {e}"))?;
    verify_cms_signature(&tsa_key, &digest_oid, &signer.signature_algorithm.oid.to_string(), &signed_attrs, signer.signature.as_bytes())?;
    let (from, until) =
        (certificate_time(tsa.tbs_certificate.validity.not_before), certificate_time(tsa.tbs_certificate.validity.not_after));
    if gen_time < from || gen_time > until {
        return Err("the authority's certificate was not valid at the time it gives".into());
    }
    let authority =
        name_attr(tsa, OID_COMMON_NAME).or_else(|| name_attr(tsa, OID_ORGANIZATION)).unwrap_or_else(|| "an unnamed authority".into());
    Ok((
        gen_time,
        format!("{} by `{authority}` (an authority the Trusted Lists were not asked about)", gen_time.format("%Y-%m-%d %H:%M:%S UTC")),
    ))
}

#[derive(der::Sequence)]
struct ImprintFields {
    hash_algorithm: x509_cert::spki::AlgorithmIdentifierOwned,
    hashed_message: OctetString,
}

/// A CMS signer's signature over its DER signed attributes.
pub(crate) fn verify_cms_signature(
    key: &JwsKey,
    digest_oid: &str,
    signature_oid: &str,
    signed: &[u8],
    signature: &[u8],
) -> Result<(), String> {
    let bad = || "its signature does not verify with its authority's certificate".to_string();
    let digest = hash_named(digest_oid, signed).ok_or("its digest algorithm is not supported")?;
    match (key, signature_oid) {
        (JwsKey::Rsa(k), "1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.11" | "1.2.840.113549.1.1.12" | "1.2.840.113549.1.1.13") => {
            let scheme = match digest_oid {
                "2.16.840.1.101.3.4.2.1" => rsa::Pkcs1v15Sign::new::<Sha256>(),
                "2.16.840.1.101.3.4.2.2" => rsa::Pkcs1v15Sign::new::<Sha384>(),
                _ => rsa::Pkcs1v15Sign::new::<Sha512>(),
            };
            k.verify(scheme, &digest, signature).map_err(|_| bad())
        }
        (JwsKey::P256(k), "1.2.840.10045.4.3.2") => {
            use p256::ecdsa::signature::hazmat::PrehashVerifier;
            let sig = p256::ecdsa::Signature::from_der(signature).map_err(|_| bad())?;
            k.verify_prehash(&digest, &sig).map_err(|_| bad())
        }
        (JwsKey::P384(k), "1.2.840.10045.4.3.3") => {
            use p384::ecdsa::signature::hazmat::PrehashVerifier;
            let sig = p384::ecdsa::Signature::from_der(signature).map_err(|_| bad())?;
            k.verify_prehash(&digest, &sig).map_err(|_| bad())
        }
        (_, other) => Err(format!("its signature algorithm {other} is not supported")),
    }
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

/// The credential's issuer against the seal certificate's organisation.
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
    for issuer in issuers {
        let names = texts(issuer.get("legalName"));
        let ids: Vec<String> = match issuer.get("eIDASIdentifier") {
            Some(Value::Array(items)) => {
                items.iter().filter_map(|i| i.get("notation").and_then(Value::as_str)).map(str::to_string).collect()
            }
            Some(v) => v.get("notation").and_then(Value::as_str).map(str::to_string).into_iter().collect(),
            None => vec![],
        };
        let name_ok = organisation.as_deref().is_some_and(|o| names.iter().any(|n| normalise(n) == normalise(o)));
        let id_ok = ids.is_empty() || org_id.as_deref().is_some_and(|o| ids.iter().any(|i| normalise(i) == normalise(o)));
        if !(name_ok && id_ok) {
            return CheckResult::failed(
                Check::Issuer,
                format!(
                    "the seal is by `{}` ({}), but the credential names `{}` ({}) as its issuer, and nothing shows the sealer may seal for it",
                    organisation.as_deref().unwrap_or("an unnamed organisation"),
                    org_id.as_deref().unwrap_or("no identifier"),
                    names.first().map(String::as_str).unwrap_or("no legal name"),
                    ids.first().map(String::as_str).unwrap_or("no eIDAS identifier"),
                ),
            )
            .with(Finding::Unconfirmed);
        }
    }
    CheckResult::passed(
        Check::Issuer,
        Some(format!("the seal certificate's organisation `{}` is the issuer", organisation.unwrap_or_default())),
    )
}

/// The certificate's QC statements: (QcCompliance, QcType eseal, QcSSCD).
pub fn qc_statements(cert: &Certificate) -> (bool, bool, bool) {
    let Some(ext) = cert.tbs_certificate.extensions.iter().flatten().find(|e| e.extn_id.to_string() == OID_QC_STATEMENTS) else {
        return (false, false, false);
    };
    let Ok(statements) = Vec::<der::Any>::from_der(ext.extn_value.as_bytes()) else { return (false, false, false) };
    let (mut compliance, mut eseal, mut sscd) = (false, false, false);
    for statement in statements {
        let Ok(parts) = statement.decode_as::<Vec<der::Any>>() else { continue };
        let Some(id) = parts.first().and_then(|p| p.decode_as::<ObjectIdentifier>().ok()) else { continue };
        match id.to_string().as_str() {
            OID_QC_COMPLIANCE => compliance = true,
            OID_QC_SSCD => sscd = true,
            OID_QC_TYPE => {
                let types = parts.get(1).and_then(|p| p.decode_as::<Vec<ObjectIdentifier>>().ok()).unwrap_or_default();
                eseal |= types.iter().any(|t| t.to_string() == OID_QC_TYPE_ESEAL);
            }
            _ => {}
        }
    }
    (compliance, eseal, sscd)
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
    for credential in credentials_of(payload) {
        let result = super::validity(credential, now);
        if result.outcome != super::Outcome::Passed {
            return result;
        }
    }
    CheckResult::passed(Check::Validity, None)
}

/// A `credentialStatus` the verifier knows; EDCs rarely carry one.
fn status(payload: &Value, options: &VerifyOptions<'_>) -> CheckResult {
    let credentials = credentials_of(payload);
    match credentials.iter().find(|c| c.get("credentialStatus").is_some()) {
        Some(c) => {
            let issuer = c.get("issuer").and_then(|i| i.as_str().or_else(|| i.get("id").and_then(Value::as_str)));
            super::status::check(c, issuer, options)
        }
        None => CheckResult::passed(Check::Status, Some("the credential has no status entry".into())),
    }
}
