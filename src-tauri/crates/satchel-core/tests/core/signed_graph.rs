//! What is shown and judged is what is signed: each test signs a credential
//! (fresh keys, a fixed date its clock also uses), then re-spells it the way
//! an attacker would (the same signed RDF graph, or an unsigned addition),
//! and asserts Satchel's verdict and what it shows: the report (as `satchel
//! verify --json` prints it), the learning view (`satchel show --json`), the
//! wallet's summary (the list) and the employer's package report.
//! Satchel's own signing makes the signatures: the attacks are about
//! reading; tests/cli/signed_graph.rs has one signed by `@digitalbazaar/vc`.

use std::io::Write as _;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ed25519_dalek::SigningKey;
use satchel_core::clock::FixedClock;
use satchel_core::fetch::{self, Fetched, Fetcher, Origin};
use satchel_core::share::{verify_package, Expectation, PackageReport};
use satchel_core::verify::data_integrity::sign_eddsa_rdfc_2022;
use satchel_core::verify::{verify, Check, CheckResult, Outcome, Report, Verdict, VerifyOptions};
use satchel_core::{credential, keys, learning};
use serde_json::{json, Map, Value};

const CRED: &str = "https://www.w3.org/2018/credentials#";
const DATE: &str = "http://www.w3.org/2001/XMLSchema#dateTime";
const LIST: &str = "https://status.example/lists/7";

/// A fresh Ed25519 key and its did:key (test-only keys, made per test).
struct Key {
    key: SigningKey,
    did: String,
}

impl Key {
    fn fresh() -> Self {
        let mut seed = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut seed);
        let key = SigningKey::from_bytes(&seed);
        let did = keys::did_key(&key.verifying_key());
        Key { key, did }
    }

    fn vm(&self) -> String {
        format!("{}#{}", self.did, &self.did["did:key:".len()..])
    }

    /// `doc` with an eddsa-rdfc-2022 proof for `purpose`, made at `created`,
    /// with `more` proof options (challenge, domain, expires).
    fn sign(&self, mut doc: Value, purpose: &str, created: &str, more: Value) -> Value {
        let mut options = json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "created": created,
            "verificationMethod": self.vm(), "proofPurpose": purpose});
        if let Value::Object(more) = more {
            options.as_object_mut().unwrap().extend(more);
        }
        doc["proof"] = sign_eddsa_rdfc_2022(&doc, options, &self.key).expect("the plain form signs");
        doc
    }
}

fn at(t: &str) -> FixedClock {
    FixedClock(chrono::DateTime::parse_from_rfc3339(t).unwrap().into())
}

/// Serves fixed documents by URL, and nothing else.
#[derive(Debug)]
struct Served(Vec<(String, Vec<u8>)>);

impl Fetcher for Served {
    fn get(&self, url: &str, _limit: usize) -> Result<Fetched, fetch::Error> {
        let (_, body) = self.0.iter().find(|(u, _)| u == url).ok_or_else(|| fetch::Error::Status { url: url.into(), status: 404 })?;
        Ok(Fetched { url: url.into(), media_type: Some("application/vc".into()), body: body.clone(), origin: Origin::Network })
    }
}

/// A BitstringStatusList credential of `issuer` with bit `set` set.
fn status_list(issuer: &Key, set: usize) -> Vec<u8> {
    let mut bits = vec![0u8; 131_072 / 8];
    bits[set / 8] |= 0x80 >> (set % 8);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&bits).unwrap();
    let list = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": LIST,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.did,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": format!("{LIST}#list"), "type": "BitstringStatusList", "statusPurpose": "revocation",
            "encodedList": format!("u{}", URL_SAFE_NO_PAD.encode(gz.finish().unwrap()))}
    });
    serde_json::to_vec(&issuer.sign(list, "assertionMethod", "2026-01-01T00:00:00Z", json!({}))).unwrap()
}

/// An Open Badge about `subject`, revoked (bit 8 of [`LIST`]) and expired
/// after 2026-03-01, signed by `issuer` in the plain form.
fn badge(issuer: &Key, subject: &str) -> Value {
    let doc = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:5d1c0f0e-8a4b-4f3e-9d2a-6b1e0c9f7a31",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer.did, "type": ["Profile"], "name": "Real University"},
        "validFrom": "2026-01-01T00:00:00Z",
        "validUntil": "2026-03-01T00:00:00Z",
        "credentialSubject": {
            "id": subject,
            "type": ["AchievementSubject"],
            "achievement": {"id": "https://real.example/achievements/1", "type": ["Achievement"], "name": "Welding 101",
                "description": "Safe welding.", "criteria": {"narrative": "Passed the exam."}}
        },
        "credentialStatus": {"id": format!("{LIST}#8"), "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
            "statusListIndex": "8", "statusListCredential": LIST}
    });
    issuer.sign(doc, "assertionMethod", "2026-01-01T00:00:00Z", json!({}))
}

fn check(report: &Report, check: Check) -> &CheckResult {
    report.check(check).unwrap_or_else(|| panic!("no {check:?} check: {:?}", report.checks))
}

/// Renames the key `from` of `doc` (a map) to `to`, with `f` applied to its value.
fn rename(doc: &mut Map<String, Value>, from: &str, to: &str, f: impl FnOnce(Value) -> Value) {
    let v = doc.remove(from).unwrap_or_else(|| panic!("no `{from}`"));
    doc.insert(to.into(), f(v));
}

/// What a learner and an employer read of a credential: report fields, the
/// learning view, the wallet's summary.
fn shown(bytes: &[u8], report: &Report) -> Vec<Option<String>> {
    let view = learning::view(bytes, &["en"]).unwrap();
    let summary = credential::detect(bytes).unwrap().summary;
    vec![
        report.title.clone(),
        report.issuer.name.clone(),
        report.subject.clone(),
        view.title,
        view.issuer.name,
        view.learner,
        view.achievements.first().and_then(|a| a.title.clone()),
        summary.title,
        summary.issuer_name,
        summary.subject,
    ]
}

/// The attack is refused in plain words: never valid, the format check
/// says why (`unverifiable`: Satchel cannot be sure what it would show is
/// what was signed).
fn assert_refused(what: &str, report: &Report, words: &str) {
    let format = check(report, Check::Format);
    assert_eq!(report.verdict, Verdict::Unverifiable, "{what}: {:?}", report.checks);
    assert_eq!(format.outcome, Outcome::Skipped, "{what}: {format:?}");
    let detail = format.detail.as_deref().unwrap_or_default();
    assert!(
        detail.contains("unusual JSON-LD form") && detail.contains(words),
        "{what}: the format check says why in plain words: {detail}"
    );
}

/// A presentation of `credentials` by `holder`, signed for challenge
/// `c-1`, made at `created` and good until `expires`.
fn package(holder: &Key, credentials: Vec<Value>, created: &str, expires: &str) -> Value {
    let vp = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": holder.did,
        "verifiableCredential": credentials
    });
    holder.sign(vp, "authentication", created, json!({"challenge": "c-1", "domain": "employer.example", "expires": expires}))
}

fn employer(vp: &Value, clock: &FixedClock, fetcher: Option<&dyn Fetcher>) -> PackageReport {
    let options = VerifyOptions { clock, fetcher, trust: None };
    verify_package(&serde_json::to_vec(vp).unwrap(), &Expectation::default(), &options).unwrap()
}

/// Re-spells a credential (a JSON map) in place.
type Attack = Box<dyn Fn(&mut Map<String, Value>)>;

/// Sections 2 and 10: a revoked, expired badge re-spelt so that the short
/// keys the checks read are gone (full IRIs, typed values, `@included`,
/// `@reverse`, single-value arrays): the same signed graph, never `valid`,
/// in the wallet and in an employer's package, and shown as before.
#[test]
fn status_and_expiry_cannot_be_hidden_by_another_spelling() {
    let issuer = Key::fresh();
    let holder = Key::fresh();
    let plain = badge(&issuer, &holder.did);
    let served = Served(vec![(LIST.into(), status_list(&issuer, 8))]);
    let clock = at("2026-06-01T00:00:00Z");
    let options = VerifyOptions { clock: &clock, fetcher: Some(&served), trust: None };
    let bytes = serde_json::to_vec(&plain).unwrap();
    let baseline = verify(&bytes, &options).unwrap();
    assert_eq!(baseline.verdict, Verdict::Revoked, "the baseline is revoked (and expired): {:?}", baseline.checks);
    assert_eq!(check(&baseline, Check::Validity).outcome, Outcome::Failed, "and expired");
    let before = shown(&bytes, &baseline);
    assert_eq!(before[0].as_deref(), Some("Welding 101"));

    let id = plain["id"].clone();
    let attacks: Vec<(&str, &str, Attack)> = vec![
        (
            "credentialStatus as a full IRI",
            "a full IRI is written as a key at `https://www.w3.org/2018/credentials#credentialStatus`",
            Box::new(|d| rename(d, "credentialStatus", &format!("{CRED}credentialStatus"), |v| v)),
        ),
        (
            "validUntil as a full IRI with a typed value",
            "a full IRI is written as a key",
            Box::new(|d| rename(d, "validUntil", &format!("{CRED}validUntil"), |v| json!({"@value": v, "@type": DATE}))),
        ),
        (
            "validUntil as a typed value object",
            "`validUntil` is not a single date",
            Box::new(|d| d["validUntil"] = json!({"@value": d["validUntil"], "@type": DATE})),
        ),
        ("validUntil as a one-item list", "`validUntil` is not a single date", Box::new(|d| d["validUntil"] = json!([d["validUntil"]]))),
        (
            "status and expiry moved into @included",
            "a keyword is written as a key at `@included`",
            Box::new(move |d| {
                let (s, u) = (d.remove("credentialStatus").unwrap(), d.remove("validUntil").unwrap());
                d.insert("@included".into(), json!([{"id": id, "type": "VerifiableCredential", "credentialStatus": s, "validUntil": u}]));
            }),
        ),
        (
            "the status entry pointing back through @reverse",
            "a keyword is written as a key at `@included`",
            Box::new({
                let id = plain["id"].clone();
                move |d| {
                    let mut entry = d.remove("credentialStatus").unwrap();
                    entry["@reverse"] = json!({format!("{CRED}credentialStatus"): {"id": id}});
                    d.insert("@included".into(), json!([entry]));
                }
            }),
        ),
    ];
    // Plain re-spellings of the same graph keep the verdict: a one-entry
    // list of status entries, a type given as a list, reordered types.
    let mut listed = plain.clone();
    let mut entry = listed["credentialStatus"].clone();
    entry["type"] = json!(["BitstringStatusListEntry"]);
    listed["credentialStatus"] = json!([entry]);
    listed["type"] = json!(["OpenBadgeCredential", "VerifiableCredential"]);
    let report = verify(&serde_json::to_vec(&listed).unwrap(), &options).unwrap();
    assert_eq!(report.verdict, Verdict::Revoked, "the same graph, the same verdict: {:?}", report.checks);
    assert_eq!(shown(&serde_json::to_vec(&listed).unwrap(), &report), before, "and the same view");

    // The holder signs a package with the plain credential; the attack is
    // made inside it afterwards (the holder's signature binds the graph too).
    let vp = package(&holder, vec![plain.clone()], "2026-05-31T00:00:00Z", "2026-06-30T00:00:00Z");
    assert_eq!(employer(&vp, &clock, Some(&served)).verdict, Verdict::Revoked, "the plain package is revoked");
    for (what, words, attack) in &attacks {
        let mut doc = plain.clone();
        attack(doc.as_object_mut().unwrap());
        let bytes = serde_json::to_vec(&doc).unwrap();
        let report = verify(&bytes, &options).unwrap();
        assert_refused(what, &report, words);
        assert_eq!(shown(&bytes, &report), before, "{what}: the same title, issuer, subject and achievement are shown");
        let mut vp = vp.clone();
        attack(vp["verifiableCredential"][0].as_object_mut().unwrap());
        let employer_report = employer(&vp, &clock, Some(&served));
        assert_ne!(employer_report.verdict, Verdict::Valid, "{what}: in a package: {:?}", employer_report.checks);
        assert_eq!(employer_report.credentials[0].verdict, Verdict::Unverifiable, "{what}");
    }
}

/// Section 4: `{"@vocab": null}`, appended or nested, cannot take an
/// unsigned key out of safe mode: the credential is `invalid` and the
/// report names the key.
#[test]
fn safe_mode_holds_whatever_the_document_says_of_vocab() {
    let issuer = Key::fresh();
    let mut plain = badge(&issuer, "did:example:ana");
    plain.as_object_mut().unwrap().remove("credentialStatus");
    let plain = issuer.sign(
        {
            let mut p = plain.clone();
            p.as_object_mut().unwrap().remove("proof");
            p
        },
        "assertionMethod",
        "2026-01-01T00:00:00Z",
        json!({}),
    );
    let clock = at("2026-02-01T00:00:00Z");
    let options = VerifyOptions { clock: &clock, fetcher: None, trust: None };
    assert_eq!(verify(&serde_json::to_vec(&plain).unwrap(), &options).unwrap().verdict, Verdict::Valid, "the baseline is valid");
    let mut appended = plain.clone();
    appended["@context"].as_array_mut().unwrap().push(json!({"@vocab": null}));
    appended["credentialSubject"]["fullName"] = json!("Mallory Unsigned");
    let mut nested = plain.clone();
    nested["credentialSubject"]["@context"] = json!({"@vocab": null});
    nested["credentialSubject"]["fullName"] = json!("Mallory Unsigned");
    let mut title = plain.clone();
    title["@context"].as_array_mut().unwrap().push(json!({"@vocab": null}));
    title["displayParameter"] = json!({"title": "Doctor of Medicine"});
    for (what, doc, key) in
        [("appended", appended, "fullName"), ("nested", nested, "fullName"), ("a display title", title, "displayParameter")]
    {
        let report = verify(&serde_json::to_vec(&doc).unwrap(), &options).unwrap();
        assert_eq!(report.verdict, Verdict::Invalid, "{what}: {:?}", report.checks);
        let format = check(&report, Check::Format);
        assert!(
            format.detail.as_deref().unwrap_or_default().contains(key)
                && format.detail.as_deref().unwrap_or_default().contains("no context defines"),
            "{what}: the unsigned key is named: {format:?}"
        );
    }
}

/// Section 5: `{"@index": "FAKE", "@value": "REAL"}` keeps the signature;
/// the credential is refused in plain words, and every screen shows the
/// signed value by one rule.
#[test]
fn every_screen_shows_the_signed_value() {
    let issuer = Key::fresh();
    let plain = badge(&issuer, "did:example:ana");
    let mut doc = plain.clone();
    doc["credentialSubject"]["achievement"]["name"] = json!({"@index": "Doctor of Medicine", "@value": "Welding 101"});
    doc["issuer"]["name"] = json!({"@value": "Real University", "@index": "Harvard University"});
    let clock = at("2026-02-01T00:00:00Z");
    let bytes = serde_json::to_vec(&doc).unwrap();
    let report = verify(&bytes, &VerifyOptions { clock: &clock, fetcher: None, trust: None }).unwrap();
    assert_refused("@index", &report, "a keyword is written as a key at `");
    let fields = shown(&bytes, &report);
    for field in fields.iter().flatten() {
        assert!(!field.contains("Doctor") && !field.contains("Harvard"), "an @index is never shown: {fields:?}");
    }
    assert_eq!(fields[0].as_deref(), Some("Welding 101"), "the report's title");
    assert_eq!(fields[3], fields[7], "the detail and the list agree on the title");
    assert_eq!(fields[6].as_deref(), Some("Welding 101"), "the achievement");
    assert_eq!(fields[4].as_deref(), Some("Real University"), "the issuer in the detail");
    assert_eq!(fields[1], fields[4], "the report and the detail agree on the issuer");
}

/// Section 6: a credential about someone other than the holder is flagged
/// in every case, including a subject id spelt `@id` with an unsigned name.
#[test]
fn a_credential_about_someone_else_is_flagged_in_every_case() {
    let issuer = Key::fresh();
    let (mallory, ana) = (Key::fresh(), Key::fresh());
    let clock = at("2026-02-01T00:00:00Z");
    let about = |subject: Option<&str>| {
        let mut doc = badge(&issuer, subject.unwrap_or("did:example:x"));
        let d = doc.as_object_mut().unwrap();
        d.remove("proof");
        d.remove("credentialStatus");
        if subject.is_none() {
            d["credentialSubject"].as_object_mut().unwrap().remove("id");
        }
        issuer.sign(doc, "assertionMethod", "2026-01-01T00:00:00Z", json!({}))
    };
    let flag = |report: &PackageReport| {
        report
            .checks
            .iter()
            .find(|c| c.check == Check::Issuer && c.outcome == Outcome::Warning)
            .and_then(|c| c.detail.clone())
            .unwrap_or_default()
    };
    // Hers: no flag, and valid (control).
    let own = employer(&package(&mallory, vec![about(Some(&mallory.did))], "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"), &clock, None);
    assert_eq!(own.verdict, Verdict::Valid, "{:?} {:?}", own.checks, own.credentials[0].checks);
    assert_eq!(flag(&own), "", "her own credential is not flagged");
    // Ana's, plainly.
    let anas = employer(&package(&mallory, vec![about(Some(&ana.did))], "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"), &clock, None);
    assert!(flag(&anas).contains(&ana.did) && flag(&anas).contains("not the holder"), "{:?}", anas.checks);
    // About no one it names.
    let no_one = employer(&package(&mallory, vec![about(None)], "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"), &clock, None);
    assert!(flag(&no_one).contains("does not say whom it is about"), "{:?}", no_one.checks);
    // Ana's, with the subject id spelt `@id` and an unsigned name, inside
    // a package the holder signed as a plain one (the same graph).
    let vp = package(&mallory, vec![about(Some(&ana.did))], "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z");
    let mut forged = vp.clone();
    let subject = forged["verifiableCredential"][0]["credentialSubject"].as_object_mut().unwrap();
    rename(subject, "id", "@id", |v| v);
    subject.insert("fullName".into(), json!("Mallory"));
    let report = employer(&forged, &clock, None);
    assert_ne!(report.verdict, Verdict::Valid, "{:?}", report.checks);
    assert!(flag(&report).contains("does not say whom it is about"), "flagged: {:?}", report.checks);
    assert_ne!(report.credentials[0].verdict, Verdict::Valid, "{:?}", report.credentials[0].checks);
    let signature = check_of(&report.checks, Check::Signature);
    assert!(signature.contains("unusual JSON-LD form"), "the holder's proof is not read in that form: {signature}");
    // Ana's, baked into an SVG badge and enveloped: judged on the
    // credential it carries, whatever carries it.
    let svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[{}]]></openbadges:credential></svg>"#,
        about(Some(&ana.did))
    );
    let enveloped = json!({"@context": "https://www.w3.org/ns/credentials/v2", "type": "EnvelopedVerifiableCredential",
        "id": format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(svg))});
    let baked = employer(&package(&mallory, vec![enveloped], "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"), &clock, None);
    assert_eq!(baked.credentials.len(), 1, "{:?}", baked.checks);
    assert!(flag(&baked).contains(&ana.did), "a baked badge about Ana is flagged too: {:?}", baked.checks);
    // Ana's as a VC-JWT, whose subject is the JWT's `sub`.
    let header = json!({"alg": "EdDSA", "typ": "JWT", "kid": issuer.vm()});
    let payload = json!({"iss": issuer.did, "sub": ana.did, "nbf": 1767225600, "jti": "urn:uuid:1b0e",
        "vc": {"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"], "credentialSubject": {"degree": "BSc"}}});
    let input = format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(payload.to_string()));
    let signature = ed25519_dalek::Signer::sign(&issuer.key, input.as_bytes());
    let jwt = format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()));
    let enveloped = json!({"@context": "https://www.w3.org/ns/credentials/v2", "type": "EnvelopedVerifiableCredential",
        "id": format!("data:application/jwt,{jwt}")});
    let jwt_report = employer(&package(&mallory, vec![enveloped], "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"), &clock, None);
    assert_eq!(jwt_report.credentials.len(), 1, "{:?}", jwt_report.checks);
    assert!(flag(&jwt_report).contains(&ana.did), "a VC-JWT about Ana is flagged: {:?}", jwt_report.checks);
}

fn check_of(checks: &[CheckResult], which: Check) -> String {
    checks.iter().find(|c| c.check == which).and_then(|c| c.detail.clone()).unwrap_or_default()
}

/// Section 11: a package past its `expires` stays expired whatever the
/// spelling of `expires` (a list, a value object).
#[test]
fn an_expired_package_stays_expired() {
    let issuer = Key::fresh();
    let holder = Key::fresh();
    let mut credential = badge(&issuer, &holder.did);
    credential.as_object_mut().unwrap().remove("credentialStatus");
    credential.as_object_mut().unwrap().remove("proof");
    let credential = issuer.sign(credential, "assertionMethod", "2026-01-01T00:00:00Z", json!({}));
    let vp = package(&holder, vec![credential], "2026-02-01T00:00:00Z", "2026-02-01T00:01:00Z");
    let clock = at("2026-02-01T00:05:00Z");
    let expired = employer(&vp, &clock, None);
    assert_eq!(expired.verdict, Verdict::Expired, "{:?}", expired.checks);
    for (what, expires) in [
        ("a list", json!(["2026-02-01T00:01:00Z"])),
        ("a value object", json!({"@value": "2026-02-01T00:01:00Z", "@type": DATE})),
        ("a list of a value object", json!([{"@value": "2026-02-01T00:01:00Z", "@type": DATE}])),
    ] {
        let mut doc = vp.clone();
        doc["proof"]["expires"] = expires;
        let report = employer(&doc, &clock, None);
        assert_ne!(report.verdict, Verdict::Valid, "{what}: {:?}", report.checks);
        assert_eq!(report.verdict, Verdict::Invalid, "{what}: the holder's proof is not read in that form: {:?}", report.checks);
        assert!(check_of(&report.checks, Check::Signature).contains("proof.expires"), "{what}: {:?}", report.checks);
    }
}

/// Section 15: a Data Integrity proof that has expired, or that says it was
/// made in the future (beyond five minutes of clock skew), fails: the
/// issuer's proof and the holder's.
#[test]
fn proof_dates_are_checked_against_the_clock() {
    let issuer = Key::fresh();
    let holder = Key::fresh();
    let mut doc = badge(&issuer, &holder.did);
    let d = doc.as_object_mut().unwrap();
    d.remove("credentialStatus");
    d.remove("proof");
    d.remove("validUntil");
    let clock = at("2026-02-01T12:00:00Z");
    let options = VerifyOptions { clock: &clock, fetcher: None, trust: None };
    let run = |created: &str, more: Value| {
        verify(&serde_json::to_vec(&issuer.sign(doc.clone(), "assertionMethod", created, more)).unwrap(), &options).unwrap()
    };
    assert_eq!(run("2026-02-01T11:00:00Z", json!({})).verdict, Verdict::Valid, "made an hour ago");
    assert_eq!(run("2026-02-01T12:03:00Z", json!({})).verdict, Verdict::Valid, "three minutes ahead: clock skew");
    let future = run("2026-02-02T12:00:00Z", json!({}));
    assert_eq!(future.verdict, Verdict::NotYetValid, "made tomorrow: {:?}", future.checks);
    assert!(check_of(&future.checks, Check::Validity).contains("still to come"), "{:?}", future.checks);
    let expired = run("2026-01-01T00:00:00Z", json!({"expires": "2026-01-31T00:00:00Z"}));
    assert_eq!(expired.verdict, Verdict::Expired, "{:?}", expired.checks);
    assert!(check_of(&expired.checks, Check::Validity).contains("the issuer's proof expired"), "{:?}", expired.checks);
    assert_eq!(run("2026-01-01T00:00:00Z", json!({"expires": "2026-03-01T00:00:00Z"})).verdict, Verdict::Valid, "not yet expired");
    // The holder's proof made tomorrow.
    let credential = issuer.sign(doc.clone(), "assertionMethod", "2026-01-01T00:00:00Z", json!({}));
    let vp = package(&holder, vec![credential], "2026-02-02T12:00:00Z", "2026-03-01T00:00:00Z");
    let report = employer(&vp, &clock, None);
    assert_eq!(report.verdict, Verdict::NotYetValid, "{:?}", report.checks);
    assert!(check_of(&report.checks, Check::Validity).contains("the package says it was made"), "{:?}", report.checks);
}

/// Section 16: `statusSize: "2"` is the same signed statement as `2`:
/// two-bit statuses, never read as the one-bit default.
#[test]
fn status_size_as_a_string_is_not_one_bit() {
    let issuer = Key::fresh();
    let clock = at("2026-02-01T00:00:00Z");
    let served = Served(vec![(LIST.into(), status_list(&issuer, 9))]);
    let options = VerifyOptions { clock: &clock, fetcher: Some(&served), trust: None };
    for size in [json!("2"), json!(2)] {
        let mut doc = badge(&issuer, "did:example:ana");
        let d = doc.as_object_mut().unwrap();
        d.remove("proof");
        d["credentialStatus"]["statusSize"] = size.clone();
        // Bit 8 is clear: read as one bit, the credential would be `valid`.
        let report =
            verify(&serde_json::to_vec(&issuer.sign(doc, "assertionMethod", "2026-01-01T00:00:00Z", json!({}))).unwrap(), &options)
                .unwrap();
        assert_ne!(report.verdict, Verdict::Valid, "{size}: {:?}", report.checks);
        let status = check(&report, Check::Status);
        assert_eq!(status.outcome, Outcome::Skipped, "{size}: {status:?}");
        assert!(status.detail.as_deref().unwrap_or_default().contains("2-bit"), "{size}: {status:?}");
    }
}

/// Issue 12's expansion budget: a credential whose own context and nodes
/// ask for far more expansion work than their size suggests is `unverifiable`,
/// "too complex", at once.
#[test]
fn a_credential_too_complex_to_expand_is_unverifiable() {
    let issuer = Key::fresh();
    let mut doc = badge(&issuer, "did:example:ana");
    let d = doc.as_object_mut().unwrap();
    d.remove("proof");
    d.remove("credentialStatus");
    let terms: Map<String, Value> = (0..3000).map(|i| (format!("t{i}"), json!(format!("https://example.org/t{i}")))).collect();
    d["@context"].as_array_mut().unwrap().push(Value::Object(terms));
    d["credentialSubject"]["t0"] = Value::Array((0..500).map(|i| json!({"@context": {}, "t1": i})).collect());
    doc["proof"] = json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "created": "2026-01-01T00:00:00Z",
        "verificationMethod": issuer.vm(), "proofPurpose": "assertionMethod", "proofValue": "z1111"});
    let clock = at("2026-02-01T00:00:00Z");
    let started = std::time::Instant::now();
    let report = verify(&serde_json::to_vec(&doc).unwrap(), &VerifyOptions { clock: &clock, fetcher: None, trust: None }).unwrap();
    let took = started.elapsed();
    eprintln!("a credential needing over a million expansion steps: refused in {took:?}");
    assert!(took < std::time::Duration::from_secs(2), "{took:?}");
    assert_eq!(report.verdict, Verdict::Unverifiable, "{:?}", report.checks);
    let format = check(&report, Check::Format);
    assert_eq!(format.outcome, Outcome::Skipped);
    assert!(format.detail.as_deref().unwrap_or_default().contains("too complex"), "{format:?}");
}
