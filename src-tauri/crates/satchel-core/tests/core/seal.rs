//! EDC seals (JAdES): the public EC samples verify; any change to what the
//! seal covers fails the `signature` check.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use satchel_core::clock::FixedClock;
use satchel_core::verify::{verify, Check, Outcome, Report, VerifyOptions};
use serde_json::Value;

use crate::support::vectors;

fn check(bytes: &[u8]) -> Report {
    let clock = FixedClock(chrono::DateTime::parse_from_rfc3339("2026-11-27T12:00:00Z").unwrap().into());
    verify(bytes, &VerifyOptions { clock: &clock, fetcher: None, trust: None }).unwrap()
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
    let (outcome, detail) = signature(&check(&bytes));
    assert_eq!(outcome, Outcome::Passed, "{detail}");
    assert!(detail.contains("RS256") && detail.contains("time-stamped"), "{detail}");

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
    assert_eq!(outcome, Outcome::Failed, "{detail}");
    assert!(detail.contains("XAdES seal by") && detail.contains("no time-stamp proves"), "{detail}");
    assert_eq!(report.verdict, satchel_core::verify::Verdict::Unverifiable);
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
