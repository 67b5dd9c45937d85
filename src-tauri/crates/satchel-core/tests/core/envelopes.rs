//! Issue 11 §3, §9, §14 and "Also", issue 12 (SD-JWT with a VCDM payload):
//! a credential is checked by what its issuer signed, whatever envelope
//! carries it. Every token is signed here with fresh did:key keys.

use crate::tokens::{did_key, digest, disclosure, fresh_key, jwt, kid, now};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use ed25519_dalek::SigningKey;
use satchel_core::clock::SystemClock;
use satchel_core::share::{self, Expectation};
use satchel_core::verify::{data_integrity, verify, Check, Outcome, Report, Verdict, VerifyOptions};
use serde_json::{json, Value};

fn run(bytes: &[u8]) -> Report {
    verify(bytes, &VerifyOptions { clock: &SystemClock, fetcher: None, trust: None }).unwrap()
}

/// An expired VCDM 1.1 VC-JWT from a did:key issuer.
fn expired_vc_jwt(issuer: &SigningKey) -> String {
    let did = did_key(issuer);
    let vc = json!({"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"], "issuer": did,
        "issuanceDate": "2020-01-01T00:00:00Z", "expirationDate": "2021-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "name": "Ana"}});
    jwt(json!({"alg": "EdDSA", "typ": "JWT", "kid": kid(issuer)}), json!({"iss": did, "vc": vc}), issuer)
}

#[test]
fn a_vc_jwt_with_a_tilde_appended_is_still_checked_as_a_vc_jwt() {
    let issuer = fresh_key();
    let token = expired_vc_jwt(&issuer);
    let plain = run(token.as_bytes());
    assert_eq!(plain.verdict, Verdict::Expired, "the control: {:?}", plain.checks);
    for tail in ["~", "~~", "~e30~"] {
        let report = run(format!("{token}{tail}").as_bytes());
        assert_ne!(report.verdict, Verdict::Valid, "`{tail}` appended must not hide `vc.expirationDate`: {:?}", report.checks);
        assert!(
            matches!(report.verdict, Verdict::Expired | Verdict::Invalid),
            "either read as the VC-JWT it is, or refused: {:?}",
            report.checks
        );
    }
}

#[test]
fn an_sd_jwt_carrying_a_vcdm_credential_gets_its_issuer_dates_and_crit_checked() {
    // RFC 9901 A.4 / VCDM 2.0 `vc+sd-jwt`: `issuer`, no `iss`.
    let issuer = fresh_key();
    let did = did_key(&issuer);
    let name = disclosure("name", json!("Ana"));
    let credential = |valid_until: &str| {
        json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "issuer": did,
            "validFrom": "2020-01-01T00:00:00Z", "validUntil": valid_until,
            "credentialSubject": {"id": "did:example:learner", "_sd": [digest(&name)]}, "_sd_alg": "sha-256"})
    };
    let header = json!({"alg": "EdDSA", "typ": "vc+sd-jwt", "kid": kid(&issuer)});
    let good = format!("{}~{name}~", jwt(header.clone(), credential("2099-01-01T00:00:00Z"), &issuer));
    let report = run(good.as_bytes());
    assert_eq!(report.verdict, Verdict::Valid, "the VCDM `issuer` is the issuer: {:?}", report.checks);
    assert_eq!(report.issuer.id.as_deref(), Some(did.as_str()));
    let expired = format!("{}~{name}~", jwt(header.clone(), credential("2021-01-01T00:00:00Z"), &issuer));
    assert_eq!(run(expired.as_bytes()).verdict, Verdict::Expired, "the credential's own `validUntil` is read");

    let mut other = credential("2099-01-01T00:00:00Z");
    other["iss"] = json!("did:example:someone-else");
    let disagreeing = format!("{}~{name}~", jwt(header.clone(), other, &issuer));
    let report = run(disagreeing.as_bytes());
    assert_eq!(report.verdict, Verdict::Invalid, "`iss` and `issuer` name different issuers: {:?}", report.checks);

    // `validUntil` made selectively disclosable: the holder could withhold it.
    let until = disclosure("validUntil", json!("2021-01-01T00:00:00Z"));
    let mut hideable = credential("2099-01-01T00:00:00Z");
    hideable.as_object_mut().unwrap().remove("validUntil");
    hideable["_sd"] = json!([digest(&until)]);
    // (Withheld, no verifier can tell it was there; the wallet, which holds
    // every disclosure, refuses the credential, and `share` never hides it.)
    let full = format!("{}~{name}~{until}~", jwt(header.clone(), hideable, &issuer));
    let report = run(full.as_bytes());
    assert_eq!(report.verdict, Verdict::Invalid, "a disclosable `validUntil` is refused where it is seen: {:?}", report.checks);
    assert!(!share::hideable_claims(full.as_bytes()).contains(&"validUntil".to_string()), "and never offered for hiding");

    let mut crit = header;
    crit["crit"] = json!(["urn:example:policy"]);
    crit["urn:example:policy"] = json!(true);
    let demanding = format!("{}~{name}~", jwt(crit, credential("2099-01-01T00:00:00Z"), &issuer));
    let report = run(demanding.as_bytes());
    assert_eq!(report.verdict, Verdict::Unverifiable, "an extension Satchel does not implement: {:?}", report.checks);
}

#[test]
fn a_vc_jwt_with_an_unknown_critical_header_is_not_valid() {
    let issuer = fresh_key();
    let did = did_key(&issuer);
    let vc = json!({"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"], "issuer": did,
        "issuanceDate": "2020-01-01T00:00:00Z", "credentialSubject": {"id": "did:example:learner"}});
    let header = json!({"alg": "EdDSA", "kid": kid(&issuer), "crit": ["exp-policy"], "exp-policy": "ignore"});
    let report = run(jwt(header, json!({"iss": did, "vc": vc.clone()}), &issuer).as_bytes());
    assert_eq!(report.verdict, Verdict::Unverifiable, "RFC 7515: an unknown `crit` parameter is not accepted: {:?}", report.checks);
    assert!(report.check(Check::Signature).unwrap().detail.as_deref().unwrap().contains("exp-policy"), "named in the report");
    let malformed = json!({"alg": "EdDSA", "kid": kid(&issuer), "crit": ["alg"]});
    let report = run(jwt(malformed, json!({"iss": did, "vc": vc}), &issuer).as_bytes());
    assert_eq!(report.verdict, Verdict::Invalid, "`crit` naming a registered parameter is malformed: {:?}", report.checks);
}

#[test]
fn registered_sd_jwt_vc_claims_cannot_be_selectively_disclosable() {
    let issuer = fresh_key();
    let did = did_key(&issuer);
    let exp = disclosure("exp", json!(now() - 3600));
    let status = disclosure("status", json!({"status_list": {"idx": 3, "uri": "https://issuer.example/list"}}));
    let name = disclosure("given_name", json!("Ana"));
    let payload = json!({"iss": did, "vct": "https://credentials.example/degree", "iat": now() - 7200,
        "_sd": [digest(&exp), digest(&status), digest(&name)], "_sd_alg": "sha-256"});
    let issued = jwt(json!({"alg": "EdDSA", "typ": "dc+sd-jwt", "kid": kid(&issuer)}), payload, &issuer);
    let full = format!("{issued}~{exp}~{status}~{name}~");
    let report = run(full.as_bytes());
    assert_eq!(report.verdict, Verdict::Invalid, "SD-JWT VC forbids disclosable `exp` and `status`: {:?}", report.checks);
    assert!(report.check(Check::Signature).unwrap().detail.as_deref().unwrap().contains("`exp`"), "{:?}", report.checks);
    let hideable = share::hideable_claims(full.as_bytes());
    assert_eq!(hideable, vec!["given_name".to_string()], "share never offers to hide `exp` or `status`");
}

/// A holder's package around `carried` (each an `EnvelopedVerifiableCredential` data: URL).
fn package(holder: &SigningKey, challenge: &str, carried: &[String]) -> Vec<u8> {
    let did = did_key(holder);
    let envelopes: Vec<Value> = carried
        .iter()
        .map(|url| json!({"@context": "https://www.w3.org/ns/credentials/v2", "id": url, "type": "EnvelopedVerifiableCredential"}))
        .collect();
    let mut vp = json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"], "holder": did,
        "verifiableCredential": envelopes});
    let proof = json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "verificationMethod": kid(holder),
        "proofPurpose": "authentication", "challenge": challenge, "created": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)});
    vp["proof"] = data_integrity::sign_eddsa_rdfc_2022(&vp, proof, holder).unwrap();
    serde_json::to_vec(&vp).unwrap()
}

/// A PNG with `text` baked into a `tEXt` chunk `openbadgecredential`.
fn baked_png(text: &str) -> Vec<u8> {
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        [&(data.len() as u32).to_be_bytes()[..], kind, data, &crc.sum().to_be_bytes()].concat()
    };
    let ihdr = [1u32.to_be_bytes(), 1u32.to_be_bytes()].concat().into_iter().chain([8, 0, 0, 0, 0]).collect::<Vec<u8>>();
    let text_chunk = [b"openbadgecredential\0".as_slice(), text.as_bytes()].concat();
    [b"\x89PNG\r\n\x1a\n".to_vec(), chunk(b"IHDR", &ihdr), chunk(b"tEXt", &text_chunk), chunk(b"IEND", b"")].concat()
}

/// An SVG with `text` in the `verify` attribute of `openbadges:credential`.
fn baked_svg(text: &str) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="{text}"/><rect width="1" height="1"/></svg>"#
    )
}

fn ed25519_jwk(key: &SigningKey) -> Value {
    json!({"kty": "OKP", "crv": "Ed25519", "x": URL_SAFE_NO_PAD.encode(key.verifying_key().as_bytes())})
}

/// A key-bound SD-JWT VC for `learner`, presented with a key-binding JWT for `nonce`.
fn bound_sd_jwt(issuer: &SigningKey, learner: &SigningKey, nonce: &str) -> (String, String) {
    let name = disclosure("given_name", json!("Ana"));
    let payload = json!({"iss": did_key(issuer), "vct": "https://credentials.example/degree", "iat": now() - 60,
        "cnf": {"jwk": ed25519_jwk(learner)}, "_sd": [digest(&name)], "_sd_alg": "sha-256"});
    let issued = jwt(json!({"alg": "EdDSA", "typ": "dc+sd-jwt", "kid": kid(issuer)}), payload, issuer);
    let presented = format!("{issued}~{name}~");
    let kb = jwt(
        json!({"alg": "EdDSA", "typ": "kb+jwt"}),
        json!({"aud": "https://jobs.one.example", "nonce": nonce, "iat": now(), "sd_hash": digest(&presented)}),
        learner,
    );
    (issued, format!("{presented}{kb}"))
}

fn carried_report(package_bytes: &[u8]) -> (Verdict, Vec<(Check, Outcome, String)>) {
    let options = VerifyOptions { clock: &SystemClock, fetcher: None, trust: None };
    let report = share::verify_package(package_bytes, &Expectation::default(), &options).unwrap();
    let c = &report.credentials[0];
    (report.verdict, c.checks.iter().map(|c| (c.check, c.outcome, c.detail.clone().unwrap_or_default())).collect())
}

#[test]
fn key_binding_is_decided_on_the_credential_whatever_carries_it() {
    let (issuer, learner, mallory) = (fresh_key(), fresh_key(), fresh_key());
    // The learner's presentation, made for jobs.one.example's challenge.
    let (issued, presented) = bound_sd_jwt(&issuer, &learner, "challenge-one");

    // The learner's own package for that challenge: the control.
    let own = package(&learner, "challenge-one", &[format!("data:application/dc+sd-jwt,{presented}")]);
    let (verdict, checks) = carried_report(&own);
    assert_eq!(verdict, Verdict::Valid, "the learner's own package: {checks:?}");

    // Mallory puts it in her package for another employer, as it is, baked
    // into a PNG, and as the issuer JWT alone.
    let baked = STANDARD.encode(baked_png(&presented));
    for (what, url) in [
        ("as it is", format!("data:application/dc+sd-jwt,{presented}")),
        ("baked into a PNG", format!("data:image/png;base64,{baked}")),
        ("baked into an SVG `verify=`", format!("data:image/svg+xml;base64,{}", STANDARD.encode(baked_svg(&presented)))),
        ("as the issuer JWT alone", format!("data:application/dc+sd-jwt,{issued}")),
    ] {
        let theirs = package(&mallory, "challenge-two", &[url]);
        let (verdict, checks) = carried_report(&theirs);
        assert_ne!(verdict, Verdict::Valid, "{what}: a credential bound to the learner's key in Mallory's package: {checks:?}");
        let signature = checks.iter().find(|c| c.0 == Check::Signature).unwrap();
        assert_eq!(signature.1, Outcome::Failed, "{what}: key binding is missing or made for another challenge: {signature:?}");
        assert!(
            signature.2.contains("another challenge") || signature.2.contains("without key binding"),
            "{what}: the report says why: {signature:?}"
        );
    }

    // Bound to the learner's key, with a key-binding JWT for Mallory's
    // challenge (the learner's key signed it), in Mallory's package: flagged.
    let (_, for_two) = bound_sd_jwt(&issuer, &learner, "challenge-two");
    let theirs = package(&mallory, "challenge-two", &[format!("data:application/dc+sd-jwt,{for_two}")]);
    let (verdict, checks) = carried_report(&theirs);
    assert_eq!(verdict, Verdict::Unverifiable, "bound to a key that is not the package holder's: {checks:?}");
    assert!(checks.iter().any(|c| c.2.contains("not the package holder's")), "said in the report: {checks:?}");
}

#[test]
fn what_satchel_cannot_check_is_unverifiable_never_invalid() {
    let issuer = fresh_key();
    let did = did_key(&issuer);
    let vc = |iss: &str| {
        json!({"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"], "issuer": iss,
            "issuanceDate": "2020-01-01T00:00:00Z", "credentialSubject": {"id": "did:example:learner"}})
    };
    // An algorithm Satchel does not implement (the signature bytes are the
    // issuer's EdDSA ones: nothing can be concluded from them under ES256K).
    let es256k = jwt(json!({"alg": "ES256K", "kid": kid(&issuer)}), json!({"iss": did, "vc": vc(&did)}), &issuer);
    let report = run(es256k.as_bytes());
    assert_eq!(report.verdict, Verdict::Unverifiable, "an unknown algorithm: {:?}", report.checks);
    // An issuer that publishes keys nowhere Satchel can look, naming none.
    let urn = jwt(json!({"alg": "EdDSA"}), json!({"iss": "urn:example:issuer", "vc": vc("urn:example:issuer")}), &issuer);
    let report = run(urn.as_bytes());
    assert_eq!(report.verdict, Verdict::Unverifiable, "a key that cannot be found: {:?}", report.checks);
    // A key type Satchel does not read (secp256k1 did:key).
    let k1 = jwt(
        json!({"alg": "ES256K", "kid": "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme#zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme"}),
        json!({"iss": "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme", "vc": vc("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme")}),
        &issuer,
    );
    let report = run(k1.as_bytes());
    assert_eq!(report.verdict, Verdict::Unverifiable, "an unsupported key type: {:?}", report.checks);
    // The control: the same credential with a tampered signature is invalid.
    let good = jwt(json!({"alg": "EdDSA", "kid": kid(&issuer)}), json!({"iss": did, "vc": vc(&did)}), &issuer);
    let tampered = format!("{}A{}", &good[..good.len() - 1], "");
    let tampered = if tampered == good { format!("{}B", &good[..good.len() - 1]) } else { tampered };
    assert_eq!(run(good.as_bytes()).verdict, Verdict::Valid);
    assert_eq!(run(tampered.as_bytes()).verdict, Verdict::Invalid, "checked and wrong stays invalid");
}

#[test]
fn a_baked_credential_about_someone_else_is_still_flagged_in_a_package() {
    let (issuer, learner, sender) = (fresh_key(), fresh_key(), fresh_key());
    let mut credential = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "issuer": did_key(&issuer),
        "credentialSubject": {"id": did_key(&learner)}
    });
    let proof = json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "verificationMethod": kid(&issuer),
        "proofPurpose": "assertionMethod", "created": "2026-01-01T00:00:00Z"});
    credential["proof"] = data_integrity::sign_eddsa_rdfc_2022(&credential, proof, &issuer).unwrap();
    let text = credential.to_string();
    let about_someone_else = |checks: &[satchel_core::verify::CheckResult]| {
        checks.iter().any(|c| c.outcome == Outcome::Warning && c.detail.as_deref().unwrap_or_default().contains("not the holder"))
    };
    let options = VerifyOptions { clock: &SystemClock, fetcher: None, trust: None };
    for (what, url) in [
        ("as it is", format!("data:application/vc;base64,{}", STANDARD.encode(&text))),
        ("baked into a PNG", format!("data:image/png;base64,{}", STANDARD.encode(baked_png(&text)))),
    ] {
        let package = package(&sender, "c-1", &[url]);
        let report = share::verify_package(&package, &Expectation::default(), &options).unwrap();
        assert_eq!(report.credentials.len(), 1, "{what}: {:?}", report.checks);
        assert!(
            about_someone_else(&report.checks),
            "{what}: the learner's credential sent by someone else is flagged: {:?}",
            report.checks
        );
    }
}

#[test]
fn a_context_satchel_does_not_carry_makes_a_credential_unverifiable_not_invalid() {
    let issuer = fresh_key();
    let mut credential = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "issuer": did_key(&issuer),
        "validFrom": "2020-01-01T00:00:00Z", "credentialSubject": {"id": "did:example:learner"}
    });
    let proof = json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "verificationMethod": kid(&issuer),
        "proofPurpose": "assertionMethod", "created": "2020-01-01T00:00:00Z"});
    credential["proof"] = data_integrity::sign_eddsa_rdfc_2022(&credential, proof, &issuer).unwrap();
    let options = VerifyOptions { clock: &SystemClock, fetcher: None, trust: None };
    let control = verify(credential.to_string().as_bytes(), &options).unwrap();
    assert_eq!(control.verdict, Verdict::Valid, "the control, with bundled contexts only: {:?}", control.checks);

    // The same credential naming a context Satchel does not carry: what its
    // terms mean cannot be known without fetching it, which Satchel never does.
    let mut unknown = credential.clone();
    unknown["@context"] = json!(["https://www.w3.org/ns/credentials/v2", "https://contexts.example/unknown/v1"]);
    let report = verify(unknown.to_string().as_bytes(), &options).unwrap();
    assert_eq!(report.verdict, Verdict::Unverifiable, "not checked is not wrong: {:?}", report.checks);
    let format = report.checks.iter().find(|c| c.check == Check::Format).unwrap();
    assert_eq!(format.outcome, Outcome::Skipped, "{format:?}");
    assert!(
        format.detail.as_deref().unwrap_or("").contains("https://contexts.example/unknown/v1"),
        "the report names the context: {format:?}"
    );
}
