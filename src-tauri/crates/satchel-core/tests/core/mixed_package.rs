//! A package of credentials of both data models (VCDM 1.1 and 2.0): one
//! presentation per model in one file, checked as one package, and broken
//! in the ways such a file can be broken (a part answering another
//! challenge, a part signed by another key, a part taken out or repeated).

use std::collections::BTreeMap;

use ed25519_dalek::SigningKey;
use satchel_core::clock::FixedClock;
use satchel_core::share::{verify_package, Audience, Checked, Expectation, PackageReport};
use satchel_core::verify::data_integrity::sign_eddsa_rdfc_2022;
use satchel_core::verify::{Verdict, VerifyOptions};
use satchel_core::wallet::ImportSource;
use satchel_core::{keys, UnlockedWallet};
use serde_json::{json, Value};

use crate::support::wallet;

/// The wallet's clock (see `support::env`): credentials are signed before it.
fn clock() -> FixedClock {
    FixedClock(chrono::DateTime::parse_from_rfc3339("2026-11-27T13:00:00Z").unwrap().into())
}

fn check(bytes: &[u8], expect: &Expectation) -> PackageReport {
    verify_package(bytes, expect, &VerifyOptions { clock: &clock(), fetcher: None, trust: None }).unwrap()
}

fn fresh_key(seed: u8) -> (SigningKey, String) {
    let mut bytes = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    bytes[0] ^= seed;
    let key = SigningKey::from_bytes(&bytes);
    let did = keys::did_key(&key.verifying_key());
    (key, did)
}

fn proof_options(did: &str, purpose: &str, created: &str) -> Value {
    json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "created": created,
        "verificationMethod": keys::verification_method(did), "proofPurpose": purpose})
}

/// A VCDM 1.1 and a 2.0 credential about `holder`, signed now by a fresh issuer.
fn credentials_for(holder: &str) -> [Vec<u8>; 2] {
    let (issuer, did) = fresh_key(1);
    let v1 = json!({
        "@context": ["https://www.w3.org/2018/credentials/v1", "https://w3id.org/security/data-integrity/v2"],
        "type": ["VerifiableCredential"], "issuer": did, "issuanceDate": "2026-11-01T00:00:00Z",
        "credentialSubject": {"id": holder}});
    let v2 = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"], "issuer": did, "validFrom": "2026-11-01T00:00:00Z",
        "credentialSubject": {"id": holder}});
    [v1, v2].map(|mut vc| {
        let proof = sign_eddsa_rdfc_2022(&vc, proof_options(&did, "assertionMethod", "2026-11-01T00:00:00Z"), &issuer).unwrap();
        vc["proof"] = proof;
        serde_json::to_vec(&vc).unwrap()
    })
}

/// A wallet holding both credentials, and a package of both for ACME.
fn shared() -> (tempfile::TempDir, UnlockedWallet, Vec<Value>) {
    let (d, mut w) = wallet();
    let holder = w.profiles().unwrap()[0].did.clone();
    let ids: Vec<String> =
        credentials_for(&holder).iter().map(|bytes| w.import(bytes, ImportSource::Paste).unwrap().credential().id.clone()).collect();
    let audience = Audience { recipient: Some("ACME".into()), domain: Some("acme.example".into()), challenge: Some("c-77".into()) };
    let package = w.share(&ids, &BTreeMap::new(), &audience, chrono::Duration::days(7), None).unwrap();
    assert_eq!(package.contents.len(), 2, "both credentials are in the package");
    let file: Value = serde_json::from_slice(&package.bytes).unwrap();
    let parts = file.as_array().expect("a package of two data models is a list of presentations").clone();
    (d, w, parts)
}

/// Presentation `part` signed again, after `change`, by `key` as `did`.
fn resigned(part: &Value, key: &SigningKey, did: &str, change: impl FnOnce(&mut Value, &mut Value)) -> Value {
    let mut doc = part.clone();
    let mut options = doc.as_object_mut().unwrap().remove("proof").unwrap();
    options.as_object_mut().unwrap().remove("proofValue");
    options["verificationMethod"] = json!(keys::verification_method(did));
    doc["holder"] = json!(did);
    change(&mut doc, &mut options);
    let proof = sign_eddsa_rdfc_2022(&doc, options, key).unwrap();
    doc["proof"] = proof;
    doc
}

/// No check of presentation 2 on its own failed (the package-wide checks
/// aside; a stranger's part is warned about as not about its holder).
fn each_part_holds(report: &PackageReport) -> bool {
    let own: Vec<_> = report.checks.iter().filter(|c| c.detail.as_deref().is_some_and(|d| d.starts_with("presentation 2 of 2"))).collect();
    !own.is_empty() && own.iter().all(|c| c.outcome != satchel_core::verify::Outcome::Failed)
}

fn bytes(parts: &[Value]) -> Vec<u8> {
    serde_json::to_vec(&Value::Array(parts.to_vec())).unwrap()
}

#[test]
fn credentials_of_both_data_models_travel_in_one_package() {
    let (_d, _w, parts) = shared();
    assert_eq!(parts.len(), 2, "one presentation per data model");
    assert_eq!(parts[0]["@context"][0], "https://www.w3.org/2018/credentials/v1", "the 1.1 credential in a 1.1 presentation");
    assert_eq!(parts[1]["@context"][0], "https://www.w3.org/ns/credentials/v2", "the 2.0 credential in a 2.0 presentation");
    for p in &parts {
        assert_eq!(p["proof"]["challenge"], "c-77", "every presentation answers the challenge");
        assert_eq!(p["proof"]["domain"], "acme.example", "and the domain");
    }
    let expect = Expectation { challenge: Some("c-77".into()), domain: Some("acme.example".into()) };
    let report = check(&bytes(&parts), &expect);
    assert_eq!(report.verdict, Verdict::Valid, "{:#?}", report);
    assert_eq!(report.credentials.len(), 2, "the report covers the credentials of every presentation");
    assert_eq!(report.challenge.as_deref(), Some("c-77"));
    let other = check(&bytes(&parts), &Expectation { challenge: Some("c-78".into()), domain: None });
    assert_eq!(other.verdict, Verdict::Invalid, "another challenge than the employer's fails");

    // What the employer is handed goes through `check` and the QR trip whole.
    let file = bytes(&parts);
    let texts = satchel_core::qr::encode_package(&file);
    let gathered = satchel_core::share::gather(&[texts.join("\n").into_bytes()]).unwrap();
    assert_eq!(gathered, file, "the QR sequence carries the whole file");
    let checked = satchel_core::share::check(&gathered, &expect, &VerifyOptions { clock: &clock(), fetcher: None, trust: None });
    match checked.unwrap() {
        Checked::Package(p) => assert_eq!(p.verdict, Verdict::Valid, "checked as a package: {:?}", p.checks),
        Checked::Credential(r) => panic!("a list of presentations was read as a credential: {:?}", r.checks),
    }
}

#[test]
fn a_presentation_for_another_challenge_does_not_pass_in_the_package() {
    let (_d, mut w, mut parts) = shared();
    let holder = w.profiles().unwrap()[0].did.clone();
    let key = w.holder_signing_key(&holder).unwrap();
    parts[1] = resigned(&parts[1], &key, &holder, |_, o| o["challenge"] = json!("c-other"));
    let report = check(&bytes(&parts), &Expectation::default());
    assert!(each_part_holds(&report), "the re-signed part holds on its own, so the package check is what catches it: {:?}", report.checks);
    assert_eq!(report.verdict, Verdict::Invalid, "two challenges in one package: {:?}", report.checks);
    assert!(report.checks.iter().any(|c| c.detail.as_deref().is_some_and(|d| d.contains("challenge `c-other`"))), "{:?}", report.checks);
}

#[test]
fn a_presentation_signed_by_another_key_does_not_pass_in_the_package() {
    let (_d, _w, mut parts) = shared();
    let (stranger, did) = fresh_key(2);
    parts[1] = resigned(&parts[1], &stranger, &did, |_, _| {});
    let report = check(&bytes(&parts), &Expectation { challenge: Some("c-77".into()), domain: Some("acme.example".into()) });
    assert!(each_part_holds(&report), "the stranger's part holds on its own: {:?}", report.checks);
    assert_eq!(report.verdict, Verdict::Invalid, "two holder keys in one package: {:?}", report.checks);
    assert!(report.checks.iter().any(|c| c.detail.as_deref().is_some_and(|d| d.contains("for key"))), "{:?}", report.checks);
}

/// "Removed" is a whole presentation taken out of the file (a credential
/// taken out of a presentation already breaks that presentation's proof):
/// each presentation's signed `id` says it is part I of N of one package.
#[test]
fn a_presentation_taken_out_or_repeated_is_noticed() {
    let (_d, _w, parts) = shared();
    let expect = Expectation { challenge: Some("c-77".into()), domain: Some("acme.example".into()) };
    let cut = check(&bytes(&parts[..1]), &expect);
    assert_eq!(cut.verdict, Verdict::Invalid, "part 2 of 2 missing: {:?}", cut.checks);
    assert!(cut.checks.iter().any(|c| c.detail.as_deref().is_some_and(|d| d.contains("missing"))), "{:?}", cut.checks);
    let lone = check(&serde_json::to_vec(&parts[1]).unwrap(), &expect);
    assert_eq!(lone.verdict, Verdict::Invalid, "one part handed in alone, as a plain presentation: {:?}", lone.checks);
    let twice = check(&bytes(&[parts[0].clone(), parts[0].clone()]), &expect);
    assert_eq!(twice.verdict, Verdict::Invalid, "part 1 twice, part 2 gone: {:?}", twice.checks);

    // A part of another package for the same employer and the same key.
    let (_d2, _w2, others) = shared();
    let mixed = check(&bytes(&[parts[0].clone(), others[1].clone()]), &Expectation::default());
    assert_eq!(mixed.verdict, Verdict::Invalid, "parts of two packages: {:?}", mixed.checks);
}

#[test]
fn a_list_that_is_not_a_package_is_refused_not_a_crash() {
    let many: Vec<Value> = (0..9).map(|_| json!({"type": ["VerifiablePresentation"]})).collect();
    let options = VerifyOptions { clock: &clock(), fetcher: None, trust: None };
    assert!(verify_package(&bytes(&many), &Expectation::default(), &options).is_err(), "too many presentations");
    assert!(verify_package(b"[]", &Expectation::default(), &options).is_err(), "an empty list");
}
