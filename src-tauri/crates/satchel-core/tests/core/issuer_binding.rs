//! Issue 11 §1: a key's own DID document cannot make it someone else's. An
//! attacker's `did:web` document that says `"controller": "did:web:harvard.edu"`
//! for its own key must not make a credential naming Harvard as issuer (Data
//! Integrity, VC-JWT, SD-JWT) or a package naming Harvard as holder come out
//! as Harvard's. The documents are served over real HTTP on 127.0.0.1; every
//! key is made fresh by the test.

use ed25519_dalek::SigningKey;
use satchel_core::clock::SystemClock;
use satchel_core::fetch::HttpsFetcher;
use satchel_core::share::{verify_package, Expectation};
use satchel_core::verify::{data_integrity, verify, Check, Outcome, Report, Verdict, VerifyOptions};
use serde_json::{json, Value};

use crate::support::serve;
use crate::tokens::{fresh_key, jwt};

const HARVARD: &str = "did:web:harvard.edu";
const ATTACKER: &str = "did:web:attacker.example";
const ATTACKER_KEY: &str = "did:web:attacker.example#key-1";

fn multibase(key: &SigningKey) -> String {
    let mut raw = vec![0xed, 0x01];
    raw.extend_from_slice(key.verifying_key().as_bytes());
    format!("z{}", bs58::encode(raw).into_string())
}

/// The attacker's document: its own key, claimed to be Harvard's.
fn attacker_document(key: &SigningKey) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": ATTACKER,
        "verificationMethod": [{"id": ATTACKER_KEY, "type": "Multikey", "controller": HARVARD, "publicKeyMultibase": multibase(key)}],
        "assertionMethod": [ATTACKER_KEY],
        "authentication": [ATTACKER_KEY]
    })
}

/// Harvard's real document: a key of its own; `extra` lists more methods by reference.
fn harvard_document(own: &SigningKey, extra: &[&str]) -> Value {
    let mut assertion = vec![json!("did:web:harvard.edu#key-1")];
    assertion.extend(extra.iter().map(|e| json!(e)));
    json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": HARVARD,
        "verificationMethod": [{"id": "did:web:harvard.edu#key-1", "type": "Multikey", "controller": HARVARD, "publicKeyMultibase": multibase(own)}],
        "assertionMethod": assertion,
        "authentication": assertion
    })
}

fn fetcher_for(harvard: &Value, attacker: &Value) -> HttpsFetcher {
    let port = serve(vec![
        ("/harvard.edu/.well-known/did.json", 200, serde_json::to_vec(harvard).unwrap()),
        ("/attacker.example/.well-known/did.json", 200, serde_json::to_vec(attacker).unwrap()),
    ]);
    HttpsFetcher::new().with_loopback_rewrite("https://", &format!("http://127.0.0.1:{port}/")).unwrap()
}

fn data_integrity_credential(key: &SigningKey) -> Vec<u8> {
    let mut doc = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": {"id": HARVARD, "name": "Harvard University"},
        "credentialSubject": {"id": "did:example:learner"}
    });
    let proof = json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "verificationMethod": ATTACKER_KEY,
        "proofPurpose": "assertionMethod", "created": "2026-01-01T00:00:00Z"});
    doc["proof"] = data_integrity::sign_eddsa_rdfc_2022(&doc, proof, key).unwrap();
    serde_json::to_vec(&doc).unwrap()
}

fn vc_jwt(key: &SigningKey) -> Vec<u8> {
    let vc = json!({"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"],
        "issuer": HARVARD, "issuanceDate": "2026-01-01T00:00:00Z", "credentialSubject": {"id": "did:example:learner"}});
    jwt(json!({"alg": "EdDSA", "typ": "JWT", "kid": ATTACKER_KEY}), json!({"iss": HARVARD, "sub": "did:example:learner", "vc": vc}), key)
        .into_bytes()
}

fn sd_jwt(key: &SigningKey) -> Vec<u8> {
    let payload = json!({"iss": HARVARD, "vct": "https://credentials.example/degree", "_sd": [], "_sd_alg": "sha-256"});
    format!("{}~", jwt(json!({"alg": "EdDSA", "typ": "dc+sd-jwt", "kid": ATTACKER_KEY}), payload, key)).into_bytes()
}

fn issuer_check(report: &Report) -> (Outcome, String) {
    let c = report.check(Check::Issuer).unwrap_or_else(|| panic!("an issuer check: {:?}", report.checks));
    (c.outcome, c.detail.clone().unwrap_or_default())
}

#[test]
fn an_attackers_document_cannot_make_its_key_the_issuers() {
    let attacker = fresh_key();
    let harvard = fresh_key();
    let fetcher = fetcher_for(&harvard_document(&harvard, &[]), &attacker_document(&attacker));
    let options = VerifyOptions { clock: &SystemClock, fetcher: Some(&fetcher), trust: None };

    for (what, bytes) in
        [("Data Integrity", data_integrity_credential(&attacker)), ("VC-JWT", vc_jwt(&attacker)), ("SD-JWT VC", sd_jwt(&attacker))]
    {
        let report = verify(&bytes, &options).unwrap();
        assert_eq!(
            report.check(Check::Signature).map(|c| c.outcome),
            Some(Outcome::Passed),
            "{what}: the attacker's signature itself is fine: {:?}",
            report.checks
        );
        let (outcome, detail) = issuer_check(&report);
        assert_eq!(outcome, Outcome::Failed, "{what}: Harvard's document does not list the key: {detail}");
        assert!(detail.contains(ATTACKER), "{what}: the report names whose key it is: {detail}");
        assert_eq!(report.verdict, Verdict::Invalid, "{what}: a credential signed by someone other than its issuer is not valid");
    }
}

#[test]
fn the_issuers_own_document_can_list_a_key_kept_elsewhere() {
    // The legitimate form of the same thing: Harvard's own document lists
    // the key (by reference) under assertionMethod.
    let delegated = fresh_key();
    let harvard = fresh_key();
    let fetcher = fetcher_for(&harvard_document(&harvard, &[ATTACKER_KEY]), &attacker_document(&delegated));
    let options = VerifyOptions { clock: &SystemClock, fetcher: Some(&fetcher), trust: None };
    for (what, bytes) in [("Data Integrity", data_integrity_credential(&delegated)), ("VC-JWT", vc_jwt(&delegated))] {
        let report = verify(&bytes, &options).unwrap();
        assert_eq!(issuer_check(&report).0, Outcome::Passed, "{what}: confirmed from Harvard's side: {:?}", report.checks);
        assert_eq!(report.verdict, Verdict::Valid, "{what}: {:?}", report.checks);
    }
}

#[test]
fn a_package_signed_by_the_attacker_is_not_harvards() {
    let attacker = fresh_key();
    let harvard = fresh_key();
    let fetcher = fetcher_for(&harvard_document(&harvard, &[]), &attacker_document(&attacker));
    let options = VerifyOptions { clock: &SystemClock, fetcher: Some(&fetcher), trust: None };
    let credential: Value = serde_json::from_slice(&data_integrity_credential(&attacker)).unwrap();
    let mut package = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": HARVARD,
        "verifiableCredential": [credential]
    });
    let proof = json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "verificationMethod": ATTACKER_KEY,
        "proofPurpose": "authentication", "created": "2026-01-01T00:00:00Z", "challenge": "c-1"});
    package["proof"] = data_integrity::sign_eddsa_rdfc_2022(&package, proof, &attacker).unwrap();
    let report = verify_package(&serde_json::to_vec(&package).unwrap(), &Expectation::default(), &options).unwrap();
    let holder = report.checks.iter().find(|c| c.check == Check::Issuer).expect("a holder check");
    assert_eq!(holder.outcome, Outcome::Failed, "the attacker's key is not the holder's: {holder:?}");
    assert!(holder.detail.as_deref().unwrap_or_default().contains(ATTACKER), "{holder:?}");
    assert_ne!(report.verdict, Verdict::Valid);
}
