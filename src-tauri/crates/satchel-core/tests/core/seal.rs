//! EDC seals (JAdES): the public EC samples verify; any change to what the
//! seal covers fails the `signature` check.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use satchel_core::clock::FixedClock;
use satchel_core::verify::{verify, Check, Outcome, Report, VerifyOptions};
use serde_json::Value;

use crate::support::vectors;

fn check(bytes: &[u8]) -> Report {
    let clock = FixedClock(chrono::DateTime::parse_from_rfc3339("2026-11-27T12:00:00Z").unwrap().into());
    verify(bytes, &VerifyOptions { clock: &clock, fetcher: None, trust: None }).unwrap()
}

/// Checks offline, with the authority of `token` (a time-stamp, base64)
/// named in the trust configuration as a TSA.
fn check_with_tsa(bytes: &[u8], token: &Value) -> Report {
    use der::{Decode, Encode};
    let der = STANDARD.decode(token.as_str().expect("a base64 token")).unwrap();
    let info = cms::content_info::ContentInfo::from_der(&der).unwrap();
    let signed: cms::signed_data::SignedData = info.content.decode_as().unwrap();
    let mut anchors = satchel_core::trust::Anchors::new("https://lotl.invalid/", vec![]);
    anchors.tsas = signed
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            cms::cert::CertificateChoices::Certificate(cert) => cert.to_der().ok(),
            _ => None,
        })
        .collect();
    assert!(!anchors.tsas.is_empty(), "the token carries its authority's certificates");
    let clock = FixedClock(chrono::DateTime::parse_from_rfc3339("2026-11-27T12:00:00Z").unwrap().into());
    verify(bytes, &VerifyOptions { clock: &clock, fetcher: None, trust: Some(&anchors) }).unwrap()
}

fn signature(report: &Report) -> (Outcome, String) {
    let c = report.checks.iter().find(|c| c.check == Check::Signature).expect("a signature check");
    (c.outcome, c.detail.clone().unwrap_or_default())
}

fn header(doc: &Value) -> Value {
    let p = doc["signatures"][0]["protected"].as_str().unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(p).unwrap()).unwrap()
}

fn with_header(doc: &Value, header: &Value) -> Vec<u8> {
    let mut d = doc.clone();
    d["signatures"][0]["protected"] = Value::String(URL_SAFE_NO_PAD.encode(serde_json::to_vec(header).unwrap()));
    serde_json::to_vec(&d).unwrap()
}

#[test]
fn the_seal_covers_payload_header_signature_and_certificate() {
    let Some(dir) = vectors() else { return };
    let bytes = std::fs::read(dir.join("edc/Sample-CertOfPart-signed.jsonld")).unwrap();
    let doc: Value = serde_json::from_slice(&bytes).unwrap();
    // The seal holds; but its certificate expired in 2025 and its
    // time-stamps come from a test TSA no trusted list names: who made it is
    // judged today, and stays unconfirmed.
    let report = check(&bytes);
    let (outcome, detail) = signature(&report);
    assert_eq!(outcome, Outcome::Passed, "{detail}");
    assert!(detail.contains("RS256") && detail.contains("by `good-tsa`, which does not count"), "{detail}");
    assert!(detail.contains("no trusted time-stamp proves the seal was made before"), "{detail}");
    assert_eq!(report.verdict, satchel_core::verify::Verdict::Unverifiable);
    // With the test TSA named in the trust configuration, its time counts:
    // the seal holds, dated by the time-stamp rather than by `sigT`.
    let report = check_with_tsa(&bytes, &header(&doc)["adoTst"]["tstTokens"][0]["val"]);
    let (outcome, detail) = signature(&report);
    assert_eq!(outcome, Outcome::Passed, "{detail}");
    assert!(detail.contains("sealed no later than 2023-09-27 12:07 UTC") && detail.contains("trust configuration names"), "{detail}");

    // One character of the payload.
    let payload = doc["payload"].as_str().unwrap();
    let i = payload.find("ORGANIZACION").expect("the issuer's name is in the payload");
    let mut edited = doc.clone();
    edited["payload"] = Value::String(format!("{}0{}", &payload[..i], &payload[i + 1..]));
    let (outcome, detail) = signature(&check(&serde_json::to_vec(&edited).unwrap()));
    assert_eq!(outcome, Outcome::Failed, "a changed payload: {detail}");

    // The protected header (an added field, re-encoded).
    let mut h = header(&doc);
    h["sigT"] = Value::String("2023-09-28T12:07:01Z".into());
    let (outcome, detail) = signature(&check(&with_header(&doc, &h)));
    assert_eq!(outcome, Outcome::Failed, "a changed protected header: {detail}");

    // One character of the signature value.
    let sig = doc["signatures"][0]["signature"].as_str().unwrap();
    let mut edited = doc.clone();
    let flipped = if sig.as_bytes()[10] == b'A' { 'B' } else { 'A' };
    edited["signatures"][0]["signature"] = Value::String(format!("{}{flipped}{}", &sig[..10], &sig[11..]));
    let (outcome, detail) = signature(&check(&serde_json::to_vec(&edited).unwrap()));
    assert_eq!(outcome, Outcome::Failed, "a changed signature: {detail}");

    // Another certificate in x5c: with the old x5t#S256, and with a matching one.
    let other: Value = serde_json::from_slice(&std::fs::read(dir.join("edc/credential-signed.jsonld")).unwrap()).unwrap();
    let other_header = header(&other);
    let mut h = header(&doc);
    h["x5c"] = other_header["x5c"].clone();
    let (outcome, detail) = signature(&check(&with_header(&doc, &h)));
    assert_eq!(outcome, Outcome::Failed, "another certificate under the old thumbprint: {detail}");
    h["x5t#S256"] = other_header["x5t#S256"].clone();
    let (outcome, detail) = signature(&check(&with_header(&doc, &h)));
    assert_eq!(outcome, Outcome::Failed, "another certificate with its own thumbprint: {detail}");

    // A critical header Satchel does not understand.
    let mut h = header(&doc);
    h["crit"].as_array_mut().unwrap().push(Value::String("sigD".into()));
    h["sigD"] = Value::String("x".into());
    let (outcome, detail) = signature(&check(&with_header(&doc, &h)));
    assert_eq!(outcome, Outcome::Failed, "an unknown crit: {detail}");
    assert!(detail.contains("sigD"), "{detail}");
}

#[test]
fn sealed_samples_name_the_sealer_and_compare_it_with_the_issuer() {
    let Some(dir) = vectors() else { return };
    let report = check(&std::fs::read(dir.join("edc/Sample-MC-Annex1-signed.jsonld")).unwrap());
    let issuer = report.checks.iter().find(|c| c.check == Check::Issuer).unwrap();
    assert_eq!(issuer.outcome, Outcome::Passed, "{issuer:?}");
    let trust = report.checks.iter().find(|c| c.check == Check::Trust).unwrap();
    assert_eq!(trust.outcome, Outcome::Skipped, "offline, the trusted lists cannot be had: {trust:?}");
    assert_eq!(report.verdict, satchel_core::verify::Verdict::Unverifiable);
    let report = check(&std::fs::read(dir.join("edc/credential-signed.jsonld")).unwrap());
    let issuer = report.checks.iter().find(|c| c.check == Check::Issuer).unwrap();
    assert_eq!(issuer.outcome, Outcome::Failed, "the EC sample names an issuer its seal is not by: {issuer:?}");
}

#[test]
fn the_legacy_xml_seal_covers_the_document_and_its_signed_properties() {
    let Some(dir) = vectors() else { return };
    let bytes = std::fs::read(dir.join("edc/EDC_DiplomaSupplement_AA.xml")).unwrap();
    let report = check(&bytes);
    let (outcome, detail) = signature(&report);
    // The seal holds, but its certificate expired in 2023 and nothing but the
    // signer's own word dates the seal: authorship stays unconfirmed.
    assert_eq!(outcome, Outcome::Passed, "{detail}");
    assert!(detail.contains("XAdES seal by") && detail.contains("no trusted time-stamp proves"), "{detail}");
    assert_eq!(report.verdict, satchel_core::verify::Verdict::Unverifiable);
    // Its XAdES signature time-stamp is read (it covers the signature value)
    // and, offline, cannot be shown to come from a qualified service.
    assert!(
        detail.contains("time-stamped 2022-08-09 13:54:03 UTC by `ZetesConfidens EC Qualified TSU11`, which does not count"),
        "{detail}"
    );
    // Three roles, each as what it is; the seal confirms the presentation's
    // issuer, not the credential's issuer the view shows.
    let issuer = report.checks.iter().find(|c| c.check == Check::Issuer).unwrap();
    let said = issuer.detail.clone().unwrap_or_default();
    assert_eq!(issuer.outcome, Outcome::Failed, "{said}");
    assert!(said.contains("does not confirm the credential's issuer `JAMK University of Applied Sciences`"), "{said}");
    assert!(said.contains("the presentation's issuer is `Certificado TEST Sello Electronico` (the sealer)"), "{said}");
    assert!(said.contains("awarded by `Faculty of Civil Engineering`, `JAMK University of Applied Sciences`"), "{said}");
    let view = satchel_core::learning::view(&bytes, &["en"]).unwrap();
    assert_eq!(view.issuer.name.as_deref(), Some("JAMK University of Applied Sciences"), "the view's issuer is the one the check names");
    assert_eq!(view.sealed_by.as_deref(), Some("Certificado TEST Sello Electronico"), "and the sealer is shown as the sealer");
    // With the time-stamping authority named in the trust configuration,
    // the time-stamp proves the seal was made while the certificate was valid.
    let token = text_between(&bytes, "<xades:SignatureTimeStamp", "<xades:EncapsulatedTimeStamp", "</xades:EncapsulatedTimeStamp>");
    let (outcome, detail) = signature(&check_with_tsa(&bytes, &Value::String(token)));
    assert_eq!(outcome, Outcome::Passed, "{detail}");
    assert!(detail.contains("sealed no later than 2022-08-09 13:54 UTC"), "{detail}");
    let text = String::from_utf8(bytes).unwrap();
    for (from, to, what) in [
        ("Civil Engineering - Diploma Supplement", "Civil Engineerinx - Diploma Supplement", "the credential's title"),
        ("<xades:SigningTime>2022-08-09T13:53:56Z", "<xades:SigningTime>2022-08-10T13:53:56Z", "the signed signing time"),
    ] {
        assert!(text.contains(from), "{what} is in the sample");
        let (outcome, detail) = signature(&check(text.replacen(from, to, 1).as_bytes()));
        assert_eq!(outcome, Outcome::Failed, "{what} changed: {detail}");
        assert!(detail.contains("does not hold"), "{what} changed: {detail}");
    }

    // Signature wrapping: move the signature to just after the root's start
    // tag (the canonical bytes stay the same) and hide a forged expiry and a
    // forged credential inside it. What is read must be what was signed.
    let start = text.find("<ds:Signature ").unwrap();
    let end = text.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
    let signature_xml = &text[start..end];
    let forged = signature_xml.replacen(
        "</ds:Signature>",
        "<ds:Object><cred:validUntil xmlns:cred=\"http://data.europa.eu/europass/model/credentials/w3c#\">2000-01-01T00:00:00Z</cred:validUntil><europassCredential><title><text lang=\"en\">Forged Doctorate</text></title></europassCredential></ds:Object></ds:Signature>",
        1,
    );
    let without = format!("{}{}", &text[..start], &text[end..]);
    let root_end = without.find("<vp:type").unwrap();
    let moved = format!("{}{}{}", &without[..root_end], forged, &without[root_end..]);
    let report = check(moved.as_bytes());
    let validity = report.checks.iter().find(|c| c.check == Check::Validity).unwrap();
    assert_eq!(validity.outcome, Outcome::Passed, "the forged expiry inside the signature is not read: {validity:?}");
    let view = satchel_core::learning::view(moved.as_bytes(), &["en"]).unwrap();
    assert_ne!(view.title.as_deref(), Some("Forged Doctorate"), "the view reads signed content only");
    let twice = format!("{}{}{}", &text[..end], signature_xml.replace("id-69ffbdca", "id-69ffbdcb"), &text[end..]);
    let (outcome, detail) = signature(&check(twice.as_bytes()));
    assert_eq!(outcome, Outcome::Failed, "two signatures: {detail}");
}

/// The text of the element that starts with `open`, after `after` in `bytes`.
fn text_between(bytes: &[u8], after: &str, open: &str, close: &str) -> String {
    let text = std::str::from_utf8(bytes).unwrap();
    let from = text.find(after).expect("the marker is in the sample");
    let tag = text[from..].find(open).unwrap() + from;
    let start = text[tag..].find('>').unwrap() + tag + 1;
    let end = text[start..].find(close).unwrap() + start;
    text[start..end].to_string()
}

/// Every element text of `open` (up to its `>`) … `close` in `bytes`.
fn texts_between(bytes: &[u8], open: &str, close: &str) -> Vec<String> {
    let text = std::str::from_utf8(bytes).unwrap();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(tag) = text[from..].find(open).map(|i| i + from) {
        let start = text[tag..].find('>').unwrap() + tag + 1;
        let end = text[start..].find(close).unwrap() + start;
        out.push(text[start..end].split_whitespace().collect());
        from = end;
    }
    out
}

/// The attack review: an EDC in XML with its seal taken away, or moved to
/// another namespace, ended in "JSON that does not parse". It is checked as
/// what it is, a Europass credential that carries no seal: never valid.
#[test]
fn an_edc_in_xml_without_its_seal_says_it_carries_none() {
    let Some(dir) = vectors() else { return };
    let text = std::fs::read_to_string(dir.join("edc/EDC_DiplomaSupplement_AA.xml")).unwrap();
    let (start, end) = (text.find("<ds:Signature").unwrap(), text.rfind("</ds:Signature>").unwrap() + "</ds:Signature>".len());
    let unsealed = format!("{}{}", &text[..start], &text[end..]);
    let elsewhere = format!("{}<ds:Signature xmlns:ds=\"urn:not-xmldsig\"{}", &text[..start], &text[start + "<ds:Signature".len()..]);
    for (what, bytes) in [("no seal", unsealed), ("a Signature in another namespace", elsewhere)] {
        let report = check(bytes.as_bytes());
        let (outcome, detail) = signature(&report);
        assert_eq!(outcome, Outcome::Skipped, "{what}: {detail}");
        assert!(detail.contains("carries no seal"), "{what}: {detail}");
        assert_eq!(report.verdict, satchel_core::verify::Verdict::Unverifiable, "{what}");
        let format = report.checks.iter().find(|c| c.check == Check::Format).unwrap();
        assert_eq!(format.outcome, Outcome::Passed, "{what}: read as a Europass credential: {:?}", format.detail);
    }
}

#[test]
fn the_revocation_values_of_a_real_xades_seal_are_read() {
    let Some(dir) = vectors() else { return };
    use der::Decode;
    let bytes = std::fs::read(dir.join("edc/EDC_DiplomaSupplement_AA.xml")).unwrap();
    let cert = |b64: &str| x509_cert::Certificate::from_der(&STANDARD.decode(b64).unwrap()).unwrap();
    let leaf = cert(&texts_between(&bytes, "<ds:X509Certificate", "</ds:X509Certificate>")[0]);
    let pool: Vec<_> = texts_between(&bytes, "<xades:EncapsulatedX509Certificate", "</xades:EncapsulatedX509Certificate>")
        .iter()
        .map(|c| cert(c))
        .collect();
    let issuer = pool.iter().find(|c| satchel_core::pki::issued_by(&leaf, c)).expect("the seal carries its certificate's CA");
    let ocsp: Vec<Vec<u8>> = texts_between(&bytes, "<xades:EncapsulatedOCSPValue", "</xades:EncapsulatedOCSPValue>")
        .iter()
        .map(|v| STANDARD.decode(v).unwrap())
        .collect();
    let at = chrono::DateTime::parse_from_rfc3339("2022-08-09T13:54:03Z").unwrap().into();
    // ANF's delegated responder, a SHA-1 CertID, an independent implementation's answer.
    let answers: Vec<_> = ocsp.iter().filter_map(|o| satchel_core::pki::ocsp_status(o, &leaf, issuer, at).ok()).collect();
    assert_eq!(answers.len(), 1, "one of the two OCSP values is about the seal certificate, and it verifies");
    assert_eq!(answers[0].0, satchel_core::pki::Revocation::Good, "it was not revoked when sealed");
    assert_eq!(answers[0].1.format("%Y-%m-%d").to_string(), "2022-08-09");
    // The other answer is about the time-stamping CA: refused for this certificate.
    assert!(ocsp.iter().any(|o| satchel_core::pki::ocsp_status(o, &leaf, issuer, at).is_err()));
}

#[test]
fn the_revocation_values_of_the_jades_samples_are_read() {
    let Some(dir) = vectors() else { return };
    use der::Decode;
    use satchel_core::pki::{crl_status, issued_by, ocsp_status, Revocation};
    for (file, when) in [
        ("Sample-CertOfPart-signed.jsonld", "2023-09-27"),
        ("credential-signed.jsonld", "2022-12-21"),
        ("json_to_seal-signed-jades-baseline-lta.json", "2022-08-19"),
        ("json_sealed_advanced.json", "2022-07-25"),
    ] {
        let doc: Value = serde_json::from_slice(&std::fs::read(dir.join("edc").join(file)).unwrap()).unwrap();
        let jades = satchel_core::verify::seal::parse(&doc).unwrap();
        let der = |b64: &str| STANDARD.decode(b64).unwrap();
        let leaf = x509_cert::Certificate::from_der(&der(jades.header["x5c"][0].as_str().unwrap())).unwrap();
        let sig_t: chrono::DateTime<chrono::Utc> =
            chrono::DateTime::parse_from_rfc3339(jades.header["sigT"].as_str().unwrap()).unwrap().into();
        let values = |key: &str, field: &str| -> Vec<Vec<u8>> {
            jades
                .unsigned
                .iter()
                .filter_map(|u| u.get(key))
                .flat_map(|v| v.get(field).and_then(Value::as_array).cloned().unwrap_or_default())
                .filter_map(|v| {
                    let b64 = v.pointer("/x509Cert/val").or_else(|| v.get("val")).and_then(Value::as_str)?.to_string();
                    Some(der(&b64))
                })
                .collect()
        };
        let pool: Vec<x509_cert::Certificate> = jades
            .unsigned
            .iter()
            .filter_map(|u| u.get("xVals").and_then(Value::as_array))
            .flatten()
            .filter_map(|x| x.pointer("/x509Cert/val").and_then(Value::as_str))
            .chain(jades.header["x5c"].as_array().unwrap().iter().skip(1).filter_map(Value::as_str))
            .filter_map(|b| x509_cert::Certificate::from_der(&der(b)).ok())
            .collect();
        let issuer =
            pool.iter().find(|c| issued_by(&leaf, c)).unwrap_or_else(|| panic!("{file}: x5c or xVals carry the seal certificate's CA"));
        let answers: Vec<(Revocation, chrono::DateTime<chrono::Utc>)> = values("rVals", "ocspVals")
            .iter()
            .filter_map(|o| ocsp_status(o, &leaf, issuer, sig_t).ok())
            .chain(values("rVals", "crlVals").iter().filter_map(|c| crl_status(c, &leaf, issuer, sig_t).ok()))
            .collect();
        assert!(!answers.is_empty(), "{file}: a revocation value about the seal certificate verifies");
        assert!(answers.iter().all(|(r, _)| *r == Revocation::Good), "{file}: not revoked when sealed: {answers:?}");
        assert!(
            answers.iter().any(|(_, at)| at.format("%Y-%m-%d").to_string() == when),
            "{file}: answered on the day it was sealed: {answers:?}"
        );
    }
}
