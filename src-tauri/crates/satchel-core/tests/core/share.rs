//! Selective-share packages: built from a wallet, checked as an employer
//! would, and broken in the ways a package can be broken.

use std::collections::{BTreeMap, BTreeSet};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use satchel_core::clock::FixedClock;
use satchel_core::share::{Audience, Carried, Expectation};
use satchel_core::verify::{Verdict, VerifyOptions};
use satchel_core::wallet::{ImportSource, ShareMethod};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::support::{vectors, wallet};

fn at(t: &str) -> FixedClock {
    FixedClock(chrono::DateTime::parse_from_rfc3339(t).unwrap().into())
}

fn check(bytes: &[u8], expect: &Expectation, clock: &FixedClock) -> satchel_core::share::PackageReport {
    // The employer's path (`share::check`), which also reads each credential's learning view.
    match satchel_core::share::check(bytes, expect, &VerifyOptions { clock, fetcher: None, trust: None }).unwrap() {
        satchel_core::share::Checked::Package(p) => p,
        satchel_core::share::Checked::Credential(r) => panic!("a package, not a lone credential: {r:?}"),
    }
}

#[test]
fn packages_prove_their_holder_challenge_domain_and_expiry() {
    let Some(dir) = vectors() else { return };
    let (_d, mut w) = wallet();
    let mut ids = Vec::new();
    for f in ["dcc-ob3-v2-spec-example-eddsa-rdfc-2022.json", "dcc-fixtures/v2_ed25519_didKey_legacy-noStatus-noExpiry.json"] {
        let out = w.import(&std::fs::read(dir.join(f)).unwrap(), ImportSource::File(f.into())).unwrap();
        ids.push(out.credential().id.clone());
    }
    let audience = Audience { recipient: Some("ACME & Co".into()), domain: Some("acme.example".into()), challenge: Some("c-123".into()) };
    let package = w.share(&ids, &BTreeMap::new(), &audience, chrono::Duration::days(30), None).unwrap();
    assert_eq!(package.contents.len(), 2);
    assert!(package.contents.iter().all(|c| c.carried == Carried::Embedded), "JSON-LD credentials travel as they are");
    let holder = w.profiles().unwrap()[0].did.clone();
    assert_eq!(package.holder, holder, "signed by the learner's own key");

    let soon = at("2026-12-01T12:00:00Z");
    let expect = Expectation { challenge: Some("c-123".into()), domain: Some("acme.example".into()) };
    let report = check(&package.bytes, &expect, &soon);
    assert_eq!(
        report.verdict,
        Verdict::Valid,
        "{:?}\n{:?}",
        report.checks,
        report.credentials.iter().map(|c| &c.checks).collect::<Vec<_>>()
    );
    assert_eq!(report.credentials.len(), 2);
    assert_eq!(report.holder.as_deref(), Some(holder.as_str()));
    // What the employer reads of each credential (issue 15): one per credential, in order.
    assert_eq!(report.about.len(), 2, "one reading per credential");
    for (about, credential) in report.about.iter().zip(&report.credentials) {
        assert!(!about.subjects.is_empty() && !about.names_sender, "issued to someone else than this wallet's key: {:?}", about.subjects);
        assert!(about.view.as_ref().is_some_and(|v| v["title"].is_string()), "what it says is read for {:?}", credential.title);
        assert!(about.disclosed.is_empty(), "no SD-JWT claims in a JSON-LD credential");
    }

    let other = check(&package.bytes, &Expectation { challenge: Some("c-999".into()), domain: None }, &soon);
    assert_eq!(other.verdict, Verdict::Invalid, "another challenge: replayed");
    let other = check(&package.bytes, &Expectation { challenge: None, domain: Some("evil.example".into()) }, &soon);
    assert_eq!(other.verdict, Verdict::Invalid, "another domain");
    let later = check(&package.bytes, &Expectation::default(), &at("2027-02-01T00:00:00Z"));
    assert_eq!(later.verdict, Verdict::Expired, "past its expiry");

    let mut doc: Value = serde_json::from_slice(&package.bytes).unwrap();
    doc["holder"] = json!("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
    assert_eq!(check(&serde_json::to_vec(&doc).unwrap(), &Expectation::default(), &soon).verdict, Verdict::Invalid, "another holder named");
    let mut doc: Value = serde_json::from_slice(&package.bytes).unwrap();
    doc["verifiableCredential"].as_array_mut().unwrap().pop();
    assert_eq!(
        check(&serde_json::to_vec(&doc).unwrap(), &Expectation::default(), &soon).verdict,
        Verdict::Invalid,
        "a credential taken out"
    );

    let log = w.shares().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].recipient.as_deref(), Some("ACME & Co"));
    assert_eq!(log[0].expires_at.as_deref(), Some(package.expires.as_str()));
}

fn b64(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(v.to_string())
}

/// An SD-JWT VC from a did:jwk issuer (ES256), bound to `holder_x` (Ed25519).
fn sd_jwt_for(holder_x: &str) -> (String, Vec<String>) {
    use p256::ecdsa::signature::Signer as _;
    let issuer = p256::ecdsa::SigningKey::from_slice(&[7u8; 32]).unwrap();
    let point = p256::ecdsa::VerifyingKey::from(&issuer).to_encoded_point(false);
    let jwk = json!({"kty": "EC", "crv": "P-256", "x": URL_SAFE_NO_PAD.encode(point.x().unwrap()), "y": URL_SAFE_NO_PAD.encode(point.y().unwrap())});
    let did = format!("did:jwk:{}", URL_SAFE_NO_PAD.encode(jwk.to_string()));
    let disclosures: Vec<String> = [("given_name", "Ana"), ("family_name", "Secretname"), ("grade", "A")]
        .iter()
        .map(|(k, v)| URL_SAFE_NO_PAD.encode(json!([format!("salt-{k}"), k, v]).to_string()))
        .collect();
    let digests: Vec<String> = disclosures.iter().map(|d| URL_SAFE_NO_PAD.encode(Sha256::digest(d.as_bytes()))).collect();
    let payload = json!({"iss": did, "iat": 1_764_000_000, "vct": "https://credentials.example/degree", "_sd": digests, "_sd_alg": "sha-256",
        "cnf": {"jwk": {"kty": "OKP", "crv": "Ed25519", "x": holder_x}}});
    let header = json!({"alg": "ES256", "typ": "dc+sd-jwt", "kid": format!("{did}#0")});
    let input = format!("{}.{}", b64(&header), b64(&payload));
    let sig: p256::ecdsa::Signature = issuer.sign(input.as_bytes());
    (format!("{input}.{}~{}~", URL_SAFE_NO_PAD.encode(sig.to_bytes()), disclosures.join("~")), disclosures)
}

#[test]
fn sd_jwt_claims_left_out_are_not_in_the_package() {
    let (_d, mut w) = wallet();
    let holder = w.profiles().unwrap()[0].did.clone();
    let raw = bs58::decode(holder.trim_start_matches("did:key:z")).into_vec().unwrap();
    let holder_x = URL_SAFE_NO_PAD.encode(&raw[2..]);
    let (sd_jwt, disclosures) = sd_jwt_for(&holder_x);
    let id = w.import(sd_jwt.as_bytes(), ImportSource::Paste).unwrap().credential().id.clone();
    assert_eq!(satchel_core::share::hideable_claims(sd_jwt.as_bytes()), vec!["family_name", "given_name", "grade"]);

    let chosen: BTreeMap<String, BTreeSet<String>> = [(id.clone(), ["given_name".to_string(), "grade".to_string()].into())].into();
    let audience = Audience { recipient: None, domain: Some("acme.example".into()), challenge: Some("n-42".into()) };
    let package = w.share(std::slice::from_ref(&id), &chosen, &audience, chrono::Duration::days(7), None).unwrap();
    let text = String::from_utf8(package.bytes.clone()).unwrap();
    assert!(!text.contains(&disclosures[1]) && !text.contains("Secretname"), "the withheld claim is nowhere in the package");
    assert!(text.contains(&disclosures[0]) && text.contains(&disclosures[2]));
    assert_eq!(package.contents[0].withheld, vec!["family_name"]);

    let clock = at("2026-11-28T00:00:00Z");
    let report = check(&package.bytes, &Expectation { challenge: Some("n-42".into()), domain: Some("acme.example".into()) }, &clock);
    assert_eq!(report.verdict, Verdict::Valid, "{:?}\n{:?}", report.checks, report.credentials[0].checks);
    let sig = report.credentials[0].checks.iter().find(|c| c.check == satchel_core::verify::Check::Signature).unwrap();
    assert!(sig.detail.as_deref().unwrap().contains("key binding") || sig.detail.as_deref().unwrap().contains("key-binding"), "{sig:?}");

    // Someone who saw the credential passes it on in a package of their own,
    // without the holder's key binding: refused.
    let mut stolen: Value = serde_json::from_slice(&package.bytes).unwrap();
    let url = stolen["verifiableCredential"][0]["id"].as_str().unwrap().to_string();
    stolen["verifiableCredential"][0]["id"] = json!(format!("{}~", url.rsplit_once('~').unwrap().0));
    let thief = ed25519_dalek::SigningKey::from_bytes(&[42u8; 32]);
    let thief_did = satchel_core::keys::did_key(&thief.verifying_key());
    stolen["holder"] = json!(thief_did);
    let mut options = stolen["proof"].clone();
    options.as_object_mut().unwrap().remove("proofValue");
    options["verificationMethod"] = json!(satchel_core::keys::verification_method(&thief_did));
    stolen.as_object_mut().unwrap().remove("proof");
    let proof = satchel_core::verify::data_integrity::sign_eddsa_rdfc_2022(&stolen, options, &thief).unwrap();
    stolen["proof"] = proof;
    let report = check(&serde_json::to_vec(&stolen).unwrap(), &Expectation { challenge: Some("n-42".into()), domain: None }, &clock);
    assert_eq!(
        report.checks.iter().find(|c| c.check == satchel_core::verify::Check::Signature).unwrap().outcome,
        satchel_core::verify::Outcome::Passed,
        "the thief's own proof holds"
    );
    assert_ne!(report.verdict, Verdict::Valid, "but the credential without key binding does not: {:?}", report.credentials[0].checks);

    // A claim that does not exist, and a whole-signed credential asked to hide a field.
    let bad: BTreeMap<String, BTreeSet<String>> = [(id.clone(), ["salary".to_string()].into())].into();
    let e = w.share(&[id], &bad, &audience, chrono::Duration::days(7), None).unwrap_err();
    assert_eq!(e.code(), satchel_core::ErrorCode::CannotShare);
    assert!(e.to_string().contains("salary") && e.to_string().contains("given_name"), "{e}");
}

#[test]
fn a_package_survives_the_trip_through_qr_images() {
    let Some(dir) = vectors() else { return };
    let (_d, mut w) = wallet();
    let mut ids = Vec::new();
    for f in [
        "dcc-ob3-v2-spec-example-eddsa-rdfc-2022.json",
        "dcc-fixtures/v2_ed25519_didKey_legacy-noStatus-noExpiry.json",
        "dcc-fixtures/v2_dataIntegrityProof_didKey_legacyRegistry-noStatus-notExpired-withSchema.json",
    ] {
        ids.push(w.import(&std::fs::read(dir.join(f)).unwrap(), ImportSource::File(f.into())).unwrap().credential().id.clone());
    }
    let audience = Audience { recipient: Some("Interview".into()), domain: None, challenge: Some("qr-1".into()) };
    let package = w.share(&ids, &BTreeMap::new(), &audience, chrono::Duration::days(1), None).unwrap();
    let texts = satchel_core::qr::encode_package(&package.bytes);
    let images: Vec<Vec<u8>> = texts.iter().map(|t| satchel_core::qr::png(&satchel_core::qr::code(t).unwrap())).collect();
    // Read back from the pictures alone, last one first.
    let mut scanned = Vec::new();
    for png in images.iter().rev() {
        scanned.extend(satchel_core::qr::read_image(png).unwrap());
    }
    let decoded = satchel_core::qr::decode_package(&scanned).unwrap();
    assert_eq!(decoded, package.bytes, "the exact package comes back ({} codes)", texts.len());
    let report = check(&decoded, &Expectation { challenge: Some("qr-1".into()), domain: None }, &at("2026-11-27T18:00:00Z"));
    assert_eq!(report.verdict, Verdict::Valid, "{:?}", report.checks);
    assert_eq!(report.credentials.len(), 3);
}

#[test]
fn the_preview_shows_what_an_employer_will_read_before_anything_is_signed() {
    let (_d, mut w) = wallet();
    let holder = w.profiles().unwrap()[0].did.clone();
    let raw = bs58::decode(holder.trim_start_matches("did:key:z")).into_vec().unwrap();
    let (sd_jwt, _) = sd_jwt_for(&URL_SAFE_NO_PAD.encode(&raw[2..]));
    let id = w.import(sd_jwt.as_bytes(), ImportSource::Paste).unwrap().credential().id.clone();
    let preview = w.share_preview(&id).unwrap();
    assert_eq!(preview.carried, Carried::SdJwt);
    let names = |claims: &[satchel_core::share::Claim]| claims.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&preview.optional), ["family_name", "given_name", "grade"]);
    assert_eq!(preview.optional[1].value, "Ana");
    let always = names(&preview.always);
    assert!(always.contains(&"vct".to_string()) && always.contains(&"iss".to_string()), "{always:?}");
    assert!(!always.iter().any(|n| n.starts_with("_sd")), "digests are no claim a reader sees: {always:?}");

    // A credential signed as a whole: nothing to choose, it travels entire.
    let samples = w.add_samples().unwrap();
    let whole = w.share_preview(&samples[0].credential().id).unwrap();
    assert_eq!((whole.carried, whole.optional.len(), whole.always.len()), (Carried::Embedded, 0, 0));
    assert_eq!(w.share_preview("0000000000").unwrap_err().code(), satchel_core::ErrorCode::NotFound);
}

#[test]
fn the_share_log_names_what_was_shared_even_after_a_delete() {
    let (_d, mut w) = wallet();
    let samples = w.add_samples().unwrap();
    let (a, b) = (samples[0].credential().clone(), samples[1].credential().clone());
    let audience = Audience { recipient: Some("ACME".into()), ..Audience::default() };
    w.share(&[a.id.clone(), b.id.clone()], &BTreeMap::new(), &audience, chrono::Duration::days(30), None).unwrap();
    w.record_share(&[&b.id], ShareMethod::Linkedin, None).unwrap();
    w.delete(&a.id).unwrap();
    let log = w.shares().unwrap();
    assert_eq!(log.len(), 2);
    let package = log.iter().find(|s| s.method == ShareMethod::Package).unwrap();
    assert_eq!(package.titles, vec![None, b.summary.title.clone()], "the deleted one is gone, the other still named");
    assert_eq!(package.recipient.as_deref(), Some("ACME"));
    assert!(package.expires_at.is_some());
    assert_eq!(log.iter().find(|s| s.method == ShareMethod::Linkedin).unwrap().titles, vec![b.summary.title.clone()]);
    assert_eq!(w.record_share(&["ffffffffff"], ShareMethod::Link, None).unwrap_err().code(), satchel_core::ErrorCode::NotFound);
    assert_eq!(w.shares().unwrap().len(), 2, "a refused share logs nothing");
}

#[test]
fn what_an_employer_is_given_is_checked_as_a_package_or_a_credential() {
    let (_d, mut w) = wallet();
    let samples = w.add_samples().unwrap();
    let id = samples[0].credential().id.clone();
    let audience = Audience { challenge: Some("c-1".into()), ..Audience::default() };
    let package = w.share(std::slice::from_ref(&id), &BTreeMap::new(), &audience, chrono::Duration::days(30), None).unwrap();
    let clock = at("2026-12-01T00:00:00Z");
    let options = VerifyOptions { clock: &clock, fetcher: None, trust: None };
    let expect = Expectation { challenge: Some("c-1".into()), domain: None };
    match satchel_core::share::check(&package.bytes, &expect, &options).unwrap() {
        satchel_core::share::Checked::Package(p) => assert_eq!(p.credentials.len(), 1),
        other => panic!("a package is checked as one: {other:?}"),
    }
    let (_, bytes) = w.export(&id).unwrap();
    let checked = satchel_core::share::check(&bytes, &expect, &options).unwrap();
    assert!(matches!(checked, satchel_core::share::Checked::Credential(_)), "a lone credential: the normal checks");
    let json = serde_json::to_value(&checked).unwrap();
    assert_eq!(json["kind"], "credential", "the UI tells them apart by `kind`");
    assert_eq!(satchel_core::share::check(b"{not json", &expect, &options).unwrap_err().code(), satchel_core::ErrorCode::UnsupportedFormat);
}

#[test]
fn qr_files_are_numbered_for_a_sequence_and_typed_by_extension() {
    let one = [satchel_core::qr::code("https://example.org/a").unwrap()];
    let files = satchel_core::qr::files(std::path::Path::new("/tmp/x/code.svg"), &one);
    assert_eq!(files[0].0, std::path::Path::new("/tmp/x/code.svg"));
    let bare = satchel_core::qr::files(std::path::Path::new("/tmp/x/code"), &one);
    assert_eq!(bare[0].0, std::path::Path::new("/tmp/x/code.png"), "PNG bytes get a .png name");
    assert!(String::from_utf8(files[0].1.clone()).unwrap().contains("<svg"));
    let two = [one[0].clone(), satchel_core::qr::code("https://example.org/b").unwrap()];
    let files = satchel_core::qr::files(std::path::Path::new("/tmp/x/code.png"), &two);
    let names: Vec<_> = files.iter().map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["code-1.png", "code-2.png"]);
    assert!(files.iter().all(|(_, bytes)| bytes.starts_with(b"\x89PNG")));
}

#[test]
fn an_employer_may_hand_in_pictures_scanned_texts_or_the_file() {
    let (_d, mut w) = wallet();
    let ids: Vec<String> = w.add_samples().unwrap().iter().take(3).map(|o| o.credential().id.clone()).collect();
    let package = w.share(&ids, &BTreeMap::new(), &Audience::default(), chrono::Duration::days(30), None).unwrap();
    let texts = satchel_core::qr::encode_package(&package.bytes);
    let mut pictures: Vec<Vec<u8>> = texts.iter().map(|t| satchel_core::qr::png(&satchel_core::qr::code(t).unwrap())).collect();
    pictures.reverse();
    use satchel_core::share::gather;
    assert_eq!(gather(&pictures).unwrap(), package.bytes, "pictures of the codes, in any order");
    assert_eq!(gather(&[texts.join("\n").into_bytes()]).unwrap(), package.bytes, "the scanned texts, a line each");
    assert_eq!(gather(std::slice::from_ref(&package.bytes)).unwrap(), package.bytes, "the file itself");
    for (bad, why) in [
        (vec![package.bytes.clone(), package.bytes.clone()], "two at once"),
        (vec![], "nothing"),
        (vec![satchel_core::qr::png(&satchel_core::qr::code("https://example.org/").unwrap())], "a code of something else"),
        (vec![b"\x89PNG\r\n\x1a\nbroken".to_vec()], "a broken picture"),
    ] {
        let e = gather(&bad).unwrap_err();
        assert_eq!(e.code(), satchel_core::ErrorCode::UnsupportedFormat, "{why}: {e}");
    }
    if texts.len() > 1 {
        let e = gather(&pictures[1..]).unwrap_err();
        assert!(e.to_string().contains("missing"), "a part missing is named: {e}");
    }
}

/// An SD-JWT VC whose `address` is disclosable and holds a disclosable
/// `street` and a disclosable (unnamed) element of `lines`.
fn nested_sd_jwt(holder_x: &str) -> (String, [String; 3]) {
    use p256::ecdsa::signature::Signer as _;
    let issuer = p256::ecdsa::SigningKey::from_slice(&[7u8; 32]).unwrap();
    let point = p256::ecdsa::VerifyingKey::from(&issuer).to_encoded_point(false);
    let jwk = json!({"kty": "EC", "crv": "P-256", "x": URL_SAFE_NO_PAD.encode(point.x().unwrap()), "y": URL_SAFE_NO_PAD.encode(point.y().unwrap())});
    let did = format!("did:jwk:{}", URL_SAFE_NO_PAD.encode(jwk.to_string()));
    let digest = |d: &str| URL_SAFE_NO_PAD.encode(Sha256::digest(d.as_bytes()));
    let street = URL_SAFE_NO_PAD.encode(json!(["salt-s", "street", "1 Secret Road"]).to_string());
    let line = URL_SAFE_NO_PAD.encode(json!(["salt-l", "Flat 2"]).to_string());
    let address = URL_SAFE_NO_PAD
        .encode(json!(["salt-a", "address", {"_sd": [digest(&street)], "country": "FR", "lines": [{"...": digest(&line)}]}]).to_string());
    let payload = json!({"iss": did, "iat": 1_764_000_000, "vct": "https://credentials.example/degree", "_sd": [digest(&address)], "_sd_alg": "sha-256",
        "cnf": {"jwk": {"kty": "OKP", "crv": "Ed25519", "x": holder_x}}});
    let header = json!({"alg": "ES256", "typ": "dc+sd-jwt", "kid": format!("{did}#0")});
    let input = format!("{}.{}", b64(&header), b64(&payload));
    let sig: p256::ecdsa::Signature = issuer.sign(input.as_bytes());
    (format!("{input}.{}~{address}~{street}~{line}~", URL_SAFE_NO_PAD.encode(sig.to_bytes())), [address, street, line])
}

#[test]
fn a_claim_inside_another_is_shown_only_when_chosen_and_only_with_it() {
    let (_d, mut w) = wallet();
    let holder = w.profiles().unwrap()[0].did.clone();
    let raw = bs58::decode(holder.trim_start_matches("did:key:z")).into_vec().unwrap();
    let (sd_jwt, [address, street, line]) = nested_sd_jwt(&URL_SAFE_NO_PAD.encode(&raw[2..]));
    let id = w.import(sd_jwt.as_bytes(), ImportSource::Paste).unwrap().credential().id.clone();
    let preview = w.share_preview(&id).unwrap();
    let inside: Vec<(String, Option<String>)> = preview.optional.iter().map(|c| (c.name.clone(), c.inside.clone())).collect();
    assert_eq!(inside, [("address".to_string(), None), ("street".to_string(), Some("address".to_string()))]);

    let audience = Audience { challenge: Some("c".into()), ..Audience::default() };
    let share = |w: &mut satchel_core::UnlockedWallet, claims: &[&str]| {
        let chosen: BTreeMap<String, BTreeSet<String>> = [(id.clone(), claims.iter().map(|c| c.to_string()).collect())].into();
        w.share(std::slice::from_ref(&id), &chosen, &audience, chrono::Duration::days(7), None)
    };
    let clock = at("2026-11-28T00:00:00Z");
    let expect = Expectation { challenge: Some("c".into()), domain: None };

    // The address without its street: the street stays out, the unnamed line goes with the address.
    let package = share(&mut w, &["address"]).unwrap();
    let text = String::from_utf8(package.bytes.clone()).unwrap();
    assert!(!text.contains(&street) && !text.contains("Secret Road"), "the street the learner unticked is not in the package");
    assert!(text.contains(&address) && text.contains(&line));
    assert_eq!(
        (package.contents[0].disclosed.clone(), package.contents[0].withheld.clone()),
        (vec!["address".to_string()], vec!["street".to_string()])
    );
    let report = check(&package.bytes, &expect, &clock);
    assert_eq!(report.verdict, Verdict::Valid, "{:?}", report.credentials[0].checks);

    // Both.
    let package = share(&mut w, &["address", "street"]).unwrap();
    assert!(String::from_utf8(package.bytes.clone()).unwrap().contains(&street));
    assert_eq!(check(&package.bytes, &expect, &clock).verdict, Verdict::Valid);

    // The street alone would match nothing the issuer signed: refused, in words.
    let e = share(&mut w, &["street"]).unwrap_err();
    assert_eq!(e.code(), satchel_core::ErrorCode::CannotShare);
    assert!(e.to_string().contains("`street` is inside `address`"), "{e}");
    assert_eq!(w.shares().unwrap().len(), 2, "a refused package is not logged");
}

#[test]
fn a_lone_credential_does_not_answer_an_employers_challenge() {
    let (_d, mut w) = wallet();
    let id = w.add_samples().unwrap()[0].credential().id.clone();
    let (_, bytes) = w.export(&id).unwrap();
    let clock = at("2026-12-01T00:00:00Z");
    let options = VerifyOptions { clock: &clock, fetcher: None, trust: None };
    let plain = satchel_core::share::check(&bytes, &Expectation::default(), &options).unwrap();
    assert_eq!(plain.verdict(), Verdict::Valid, "asked nothing: the credential's own checks");
    let asked =
        satchel_core::share::check(&bytes, &Expectation { challenge: Some("mine".into()), domain: Some("acme.example".into()) }, &options)
            .unwrap();
    assert_eq!(asked.verdict(), Verdict::Unverifiable, "asked for a challenge: not answered, so not simply valid");
    let satchel_core::share::Checked::Credential(report) = asked else { panic!("a credential") };
    let why = report.checks.last().unwrap().detail.clone().unwrap();
    assert!(why.contains("challenge `mine`") && why.contains("domain `acme.example`"), "{why}");
}

#[test]
fn a_package_valid_for_ever_is_refused_not_a_crash() {
    let (_d, mut w) = wallet();
    let id = w.add_samples().unwrap()[0].credential().id.clone();
    let e = w.share(&[id], &BTreeMap::new(), &Audience::default(), chrono::Duration::days(i64::from(u32::MAX)), None).unwrap_err();
    assert_eq!(e.code(), satchel_core::ErrorCode::CannotShare);
    assert!(w.shares().unwrap().is_empty());
}
