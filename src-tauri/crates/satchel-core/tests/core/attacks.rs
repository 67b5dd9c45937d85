//! Attacks on the verifier after issues 11 and 13 were fixed, each built
//! here with fresh keys: what a check reads must be what the issuer signed,
//! however it is spelt.

use crate::tokens::{did_key, digest, disclosure, fresh_key, jwt, kid, now};
use satchel_core::clock::SystemClock;
use satchel_core::verify::{verify, Check, Outcome, Report, Verdict, VerifyOptions};
use serde_json::{json, Value};

fn run(bytes: &[u8]) -> Report {
    verify(bytes, &VerifyOptions { clock: &SystemClock, fetcher: None, trust: None }).unwrap()
}

fn validity(report: &Report) -> (Outcome, String) {
    let c = report.checks.iter().find(|c| c.check == Check::Validity).expect("a validity check");
    (c.outcome, c.detail.clone().unwrap_or_default())
}

/// RFC 7519 §2: a NumericDate is a JSON number, "non-integer values can be
/// represented"; `exp: 1700000000.5` is an expiry like `exp: 1700000000`.
#[test]
fn a_jwt_expiry_written_with_a_fraction_still_expires() {
    let issuer = fresh_key();
    let did = did_key(&issuer);
    let vc = json!({"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"], "issuer": did,
        "issuanceDate": "2020-01-01T00:00:00Z", "credentialSubject": {"id": "did:example:learner", "name": "Ana"}});
    let past = (now() - 86_400) as f64 + 0.5;
    let future = (now() + 86_400) as f64 + 0.5;
    for (what, claims, wanted) in [
        ("`exp` a day ago, with a fraction", json!({"iss": did, "exp": past, "vc": vc}), Verdict::Expired),
        (
            "`exp` a day ago, as a float without fraction",
            json!({"iss": did, "exp": (now() - 86_400) as f64 * 1.0, "vc": vc}),
            Verdict::Expired,
        ),
        ("`nbf` in a day, with a fraction", json!({"iss": did, "nbf": future, "vc": vc}), Verdict::NotYetValid),
        ("`exp` a day ago, as a string", json!({"iss": did, "exp": (now() - 86_400).to_string(), "vc": vc}), Verdict::Unverifiable),
    ] {
        let token = jwt(json!({"alg": "EdDSA", "typ": "JWT", "kid": kid(&issuer)}), claims, &issuer);
        let report = run(token.as_bytes());
        assert_eq!(report.verdict, wanted, "{what}: {:?}", report.checks);
        assert_eq!(validity(&report).0, Outcome::Failed, "{what}: the validity check reads the date: {:?}", report.checks);
    }
}

/// Issue 11 §14 refused a W3C credential whose own dates or status were
/// made selectively disclosable at the top of the payload; the same
/// credential in the `vc` claim (which the SD-JWT check reads as the
/// credential) must be refused too, or its holder can withhold an expired
/// `expirationDate` and a `credentialStatus` and `share` offers to.
#[test]
fn vcdm_members_in_the_vc_claim_of_an_sd_jwt_are_never_selectively_disclosable() {
    let issuer = fresh_key();
    let did = did_key(&issuer);
    let until = disclosure("expirationDate", json!("2021-01-01T00:00:00Z"));
    let status = disclosure(
        "credentialStatus",
        json!({"id": "https://issuer.example/status/1#3", "type": "StatusList2021Entry", "statusPurpose": "revocation",
            "statusListIndex": "3", "statusListCredential": "https://issuer.example/status/1"}),
    );
    let name = disclosure("name", json!("Ana"));
    let vc = json!({"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"], "issuer": did,
        "issuanceDate": "2020-01-01T00:00:00Z", "credentialSubject": {"id": "did:example:learner", "_sd": [digest(&name)]},
        "_sd": [digest(&until), digest(&status)]});
    let payload = json!({"iss": did, "iat": now() - 60, "_sd_alg": "sha-256", "vc": vc});
    let issued = jwt(json!({"alg": "EdDSA", "typ": "vc+sd-jwt", "kid": kid(&issuer)}), payload, &issuer);

    let full = format!("{issued}~{until}~{status}~{name}~");
    let report = run(full.as_bytes());
    assert_eq!(report.verdict, Verdict::Invalid, "the wallet, holding every disclosure, refuses it: {:?}", report.checks);
    let hideable = satchel_core::share::hideable_claims(full.as_bytes());
    assert_eq!(hideable, vec!["name".to_string()], "share never offers to hide the credential's expiry or status");
    // (Withheld, no verifier can tell they were there, as for a VCDM
    // payload: the refusal is where every disclosure is seen, in the wallet.)
}

/// Serves fixed documents by URL, and nothing else.
#[derive(Debug)]
struct Served(Vec<(String, Vec<u8>)>);

impl satchel_core::fetch::Fetcher for Served {
    fn get(&self, url: &str, _limit: usize) -> Result<satchel_core::fetch::Fetched, satchel_core::fetch::Error> {
        let (_, body) =
            self.0.iter().find(|(u, _)| u == url).ok_or_else(|| satchel_core::fetch::Error::Status { url: url.into(), status: 404 })?;
        Ok(satchel_core::fetch::Fetched {
            url: url.into(),
            media_type: Some("application/json".into()),
            body: body.clone(),
            origin: satchel_core::fetch::Origin::Network,
        })
    }
}

/// A credential's `id` is an IRI: an inline context that only adds a
/// prefix (`{"rev": "urn:uuid:"}`) lets `"rev:1"` stand for the signed
/// `urn:uuid:1`, same graph, same signature. A check that looks the JSON
/// string up (the 1EdTech revocation list, by credential id) must not be
/// able to miss the revoked credential that way.
#[test]
fn a_credential_id_respelt_as_a_compact_iri_is_still_found_revoked() {
    let issuer = fresh_key();
    let did = did_key(&issuer);
    const LIST: &str = "https://issuer.example/revocations";
    const EXTENSIONS: &str = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json";
    let mut credential = json!({"@context": ["https://www.w3.org/ns/credentials/v2", EXTENSIONS], "id": "urn:uuid:5b1e0c7a-revoked",
        "type": ["VerifiableCredential"], "issuer": did, "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "name": "Ana"},
        "credentialStatus": {"id": LIST, "type": "1EdTechRevocationList"}});
    let proof = json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "verificationMethod": kid(&issuer),
        "proofPurpose": "assertionMethod", "created": "2026-01-01T00:00:00Z"});
    credential["proof"] = satchel_core::verify::data_integrity::sign_eddsa_rdfc_2022(&credential, proof, &issuer).unwrap();
    let list =
        json!({"id": LIST, "issuer": did, "revokedCredentials": [{"id": "urn:uuid:5b1e0c7a-revoked", "revocationReason": "withdrawn"}]});
    let served = Served(vec![(LIST.into(), serde_json::to_vec(&list).unwrap())]);
    let options = VerifyOptions { clock: &SystemClock, fetcher: Some(&served), trust: None };

    let report = verify(&serde_json::to_vec(&credential).unwrap(), &options).unwrap();
    assert_eq!(report.verdict, Verdict::Revoked, "the control: {:?}", report.checks);

    for prefix in [json!("urn:uuid:"), json!({"@id": "urn:uuid:", "@prefix": true})] {
        let mut respelt = credential.clone();
        respelt["@context"] = json!(["https://www.w3.org/ns/credentials/v2", EXTENSIONS, {"rev": prefix}]);
        respelt["id"] = json!("rev:5b1e0c7a-revoked");
        let report = verify(&serde_json::to_vec(&respelt).unwrap(), &options).unwrap();
        assert_ne!(report.verdict, Verdict::Valid, "`rev:…` is the revoked `urn:uuid:…` ({prefix}): {:?}", report.checks);
    }
}

/// The VCDM 1.1 context defines both `expirationDate` and `validUntil` (and
/// `issuanceDate` and `validFrom`) on a credential: one that says both is
/// expired when either date has passed, not only when the one read first has.
#[test]
fn a_credential_with_two_expiry_dates_expires_at_the_earlier() {
    let issuer = fresh_key();
    let did = did_key(&issuer);
    let signed = |dates: Value| {
        let mut credential = json!({"@context": ["https://www.w3.org/2018/credentials/v1", "https://w3id.org/security/data-integrity/v2"],
            "type": ["VerifiableCredential"], "issuer": did, "credentialSubject": {"id": "did:example:learner"}});
        for (k, v) in dates.as_object().unwrap() {
            credential[k] = v.clone();
        }
        let proof = json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "verificationMethod": kid(&issuer),
            "proofPurpose": "assertionMethod", "created": "2020-01-01T00:00:00Z"});
        credential["proof"] = satchel_core::verify::data_integrity::sign_eddsa_rdfc_2022(&credential, proof, &issuer).unwrap();
        serde_json::to_vec(&credential).unwrap()
    };
    let expired = signed(
        json!({"issuanceDate": "2020-01-01T00:00:00Z", "validUntil": "2099-01-01T00:00:00Z", "expirationDate": "2021-01-01T00:00:00Z"}),
    );
    let report = run(&expired);
    assert_eq!(report.verdict, Verdict::Expired, "`expirationDate` has passed, whatever `validUntil` says: {:?}", report.checks);
    let shown = satchel_core::credential::detect(&expired).unwrap().summary.valid_until;
    assert_eq!(shown.as_deref(), Some("2021-01-01T00:00:00Z"), "the view shows the end the check judged by");
    let early = signed(json!({"issuanceDate": "2020-01-01T00:00:00Z", "validFrom": "2099-01-01T00:00:00Z"}));
    let report = run(&early);
    assert_eq!(report.verdict, Verdict::NotYetValid, "`validFrom` is still to come, whatever `issuanceDate` says: {:?}", report.checks);
}

/// An issuer's own type (`MyBadge`, from its inline context) given a
/// type-scoped context by a rewritten inline context: `name` and
/// `description` swapped under it is the same graph, and the title shown
/// would be the signed description.
#[test]
fn a_rewritten_inline_context_cannot_swap_what_the_keys_mean() {
    let issuer = fresh_key();
    let did = did_key(&issuer);
    let mut credential = json!({"@context": ["https://www.w3.org/ns/credentials/v2", {"MyBadge": "https://issuer.example/MyBadge"}],
        "type": ["VerifiableCredential", "MyBadge"], "issuer": did, "validFrom": "2026-01-01T00:00:00Z",
        "name": "Basket weaving", "description": "Not a Master of Science in Computer Science",
        "credentialSubject": {"id": "did:example:learner"}});
    let proof = json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "verificationMethod": kid(&issuer),
        "proofPurpose": "assertionMethod", "created": "2026-01-01T00:00:00Z"});
    credential["proof"] = satchel_core::verify::data_integrity::sign_eddsa_rdfc_2022(&credential, proof, &issuer).unwrap();
    let report = run(&serde_json::to_vec(&credential).unwrap());
    assert_eq!(report.verdict, Verdict::Valid, "the control: {:?}", report.checks);
    assert_eq!(report.title.as_deref(), Some("Basket weaving"));

    let swap = |credential: &Value, at: usize| {
        let mut swapped = credential.clone();
        swapped["@context"][at] = json!({"MyBadge": {"@id": "https://issuer.example/MyBadge",
            "@context": {"name": "https://schema.org/description", "description": "https://schema.org/name"}}});
        swapped["name"] = credential["description"].clone();
        swapped["description"] = credential["name"].clone();
        run(&serde_json::to_vec(&swapped).unwrap())
    };
    let report = swap(&credential, 1);
    assert!(
        report.verdict != Verdict::Valid || report.title.as_deref() == Some("Basket weaving"),
        "the title shown is the signed name: {:?} {:?}",
        report.title,
        report.checks
    );

    // The same with the first Open Badges 3.0 context, whose terms are not protected.
    let mut ob3 = json!({"@context": ["https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        "https://w3id.org/security/data-integrity/v2", {"MyBadge": "https://issuer.example/MyBadge"}],
        "type": ["VerifiableCredential", "MyBadge"], "issuer": did, "issuanceDate": "2026-01-01T00:00:00Z",
        "name": "Basket weaving", "description": "Not a Master of Science in Computer Science",
        "credentialSubject": {"id": "did:example:learner"}});
    let proof = json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "verificationMethod": kid(&issuer),
        "proofPurpose": "assertionMethod", "created": "2026-01-01T00:00:00Z"});
    ob3["proof"] = satchel_core::verify::data_integrity::sign_eddsa_rdfc_2022(&ob3, proof, &issuer).unwrap();
    let report = run(&serde_json::to_vec(&ob3).unwrap());
    assert_eq!(report.title.as_deref(), Some("Basket weaving"), "the control: {:?}", report.checks);
    let report = swap(&ob3, 3);
    assert!(
        report.verdict != Verdict::Valid || report.title.as_deref() == Some("Basket weaving"),
        "the title shown is the signed name (OB 3.0.0 context): {:?} {:?}",
        report.title,
        report.checks
    );
}

/// Attack review, 2026-11-30 (break 1): a credential that carries members
/// named `payload` and `signatures` (an object, so detection and the
/// signature check take it for an ordinary credential) was shown as the
/// "seal's" payload: another issuer, learner and achievement, and a sealer
/// read from a certificate nobody checked. The view shows what was verified.
#[test]
fn members_that_look_like_a_seal_are_not_shown_as_one() {
    let forged = json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
        "issuer": {"id": "did:web:harvard.edu", "name": "Harvard University"}, "name": "Master of Science",
        "credentialSubject": {"name": "Mallory"}});
    let header = json!({"alg": "ES256", "b64": false, "crit": ["b64"], "sigT": "2024-06-01T00:00:00Z"});
    let doc = json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
        "issuer": {"id": "did:example:shop", "name": "Mallory's Badge Shop"}, "name": "Attendance sticker",
        "credentialSubject": {"id": "did:example:learner"},
        "payload": forged.to_string(), "signatures": {"note": "not an array"},
        "protected": base64_url(&header.to_string()), "signature": "AAAA"});
    let view = satchel_core::learning::view(doc.to_string().as_bytes(), &["en"]).expect("a view");
    assert_eq!(view.title.as_deref(), Some("Attendance sticker"), "the view is the document as verified: {view:?}");
    assert_ne!(view.issuer.name.as_deref(), Some("Harvard University"), "no issuer from unverified members: {view:?}");
    assert_eq!(view.sealed_by, None, "no sealer from a seal that is not one: {view:?}");
}

fn base64_url(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}

/// Attack review (break 2): a W3C credential in an SD-JWT whose top level
/// spells another issuer (Harvard) beside a `vc` claim: detection summarised
/// the top level while the checks read `vc`. One rule now names the
/// credential (`vc` when it is an object) for detection, checks and view.
#[test]
fn the_issuer_shown_is_the_one_whose_key_was_checked() {
    let key = fresh_key();
    let did = did_key(&key);
    let payload = json!({"iss": did, "iat": now() - 60,
        "@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
        "issuer": {"id": "did:web:harvard.edu", "name": "Harvard University"}, "name": "Master of Science",
        "vc": {"type": ["VerifiableCredential"], "credentialSubject": {"id": "did:example:learner"}}});
    let token = format!("{}~", jwt(json!({"alg": "EdDSA", "typ": "vc+sd-jwt", "kid": kid(&key)}), payload, &key));
    let report = run(token.as_bytes());
    assert_ne!(report.issuer.id.as_deref(), Some("did:web:harvard.edu"), "the report names the issuer it checked: {report:?}");
    assert_ne!(report.issuer.name.as_deref(), Some("Harvard University"), "{report:?}");
    let view = satchel_core::learning::view(token.as_bytes(), &["en"]).expect("a view");
    assert_ne!(view.issuer.name.as_deref(), Some("Harvard University"), "the view names the issuer it checked: {view:?}");
}

/// Attack review (break 3): the issuer made the whole `vc` claim (with its
/// `validUntil` and `credentialStatus`) selectively disclosable; with the
/// disclosure withheld an expired credential came out `valid`. Disclosing
/// `vc` (or `@context`) is refused. (Withheld, what remains is a plain
/// RFC 9901 SD-JWT of the claims signed in the clear, which the RFC's own
/// examples are: it is judged as that; see the closing note of issue 12.)
#[test]
fn a_withheld_vc_claim_cannot_hide_the_dates_and_the_status() {
    let key = fresh_key();
    let did = did_key(&key);
    let vc = disclosure(
        "vc",
        json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
        "validUntil": "2020-01-01T00:00:00Z", "credentialSubject": {"id": "did:example:learner"}}),
    );
    let payload = json!({"iss": did, "iat": now() - 60, "_sd_alg": "sha-256", "_sd": [digest(&vc)], "name": "BSc"});
    let issued = jwt(json!({"alg": "EdDSA", "typ": "vc+sd-jwt", "kid": kid(&key)}), payload, &key);
    let report = run(format!("{issued}~{vc}~").as_bytes());
    assert_eq!(report.verdict, Verdict::Invalid, "disclosing `vc` is refused: {:?}", report.checks);
    let withheld = run(format!("{issued}~").as_bytes());
    assert_eq!(withheld.title.as_deref(), Some("BSc"), "withheld, only the claims in the clear are shown: {withheld:?}");
}
