//! Open Badges 2.0 hosted assertions and the 1EdTech Revocation List, over
//! real HTTP on 127.0.0.1 (the public vectors cover signed OB 2.0 only).

use satchel_core::clock::FixedClock;
use satchel_core::fetch::HttpsFetcher;
use satchel_core::verify::{status, verify, Outcome, Verdict, VerifyOptions};
use serde_json::{json, Value};

use crate::support::serve;

fn assertion(id: &str) -> Value {
    json!({
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": id,
        "recipient": {"type": "email", "hashed": false, "identity": "learner@example.org"},
        "badge": "https://badges.example/badge.json",
        "verification": {"type": "hosted"},
        "issuedOn": "2025-06-01T00:00:00Z"
    })
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

fn clock() -> FixedClock {
    FixedClock(chrono::DateTime::parse_from_rfc3339("2026-11-27T12:00:00Z").unwrap().into())
}

#[test]
fn hosted_assertions_are_checked_against_the_issuers_copy() {
    let good = assertion("https://badges.example/a/good.json");
    let gone = assertion("https://badges.example/a/gone.json");
    let marked = assertion("https://badges.example/a/marked.json");
    let mut marked_copy = marked.clone();
    marked_copy["revoked"] = json!(true);
    marked_copy["revocationReason"] = json!("issued in error");
    let listed = assertion("https://badges.example/a/listed.json");
    let foreign = assertion("https://elsewhere.example/a/foreign.json");
    // An impostor embeds the real issuer's id with origins of its own choosing.
    let mut impostor = assertion("https://elsewhere.example/a/impostor.json");
    impostor["badge"] = json!({"type": "BadgeClass", "id": "https://elsewhere.example/badge.json", "name": "Hosted badge",
        "issuer": {"id": "https://badges.example/issuer.json", "type": "Issuer", "name": "Badges", "verification": {"allowedOrigins": "elsewhere.example"}}});
    let profile = json!({"@context": "https://w3id.org/openbadges/v2", "type": "Issuer", "id": "https://badges.example/issuer.json",
        "name": "Badges", "revocationList": "http://badges.example/revocations.json"});
    let badge = json!({"@context": "https://w3id.org/openbadges/v2", "type": "BadgeClass", "id": "https://badges.example/badge.json",
        "name": "Hosted badge", "issuer": "https://badges.example/issuer.json"});
    let list = json!({"type": "RevocationList", "id": "http://badges.example/revocations.json",
        "revokedAssertions": [{"id": "https://badges.example/a/listed.json", "revocationReason": "cheating"}]});
    let port = serve(vec![
        ("/badges.example/a/good.json", 200, bytes(&good)),
        ("/badges.example/a/gone.json", 410, b"gone".to_vec()),
        ("/badges.example/a/marked.json", 200, bytes(&marked_copy)),
        ("/badges.example/a/listed.json", 200, bytes(&listed)),
        ("/elsewhere.example/a/foreign.json", 200, bytes(&foreign)),
        ("/elsewhere.example/a/impostor.json", 200, bytes(&impostor)),
        ("/badges.example/badge.json", 200, bytes(&badge)),
        ("/badges.example/issuer.json", 200, bytes(&profile)),
        ("/badges.example/revocations.json", 200, bytes(&list)),
    ]);
    let fetcher = HttpsFetcher::new().with_loopback_rewrite("https://", &format!("http://127.0.0.1:{port}/")).unwrap();
    let clock = clock();
    let options = VerifyOptions { clock: &clock, fetcher: Some(&fetcher), trust: None };
    let verdict = |v: &Value| verify(&bytes(v), &options).unwrap();

    let report = verdict(&good);
    assert_eq!(report.verdict, Verdict::Valid, "{:?}", report.checks);
    assert_eq!(report.format, "ob2-hosted");
    let mut altered = good.clone();
    altered["issuedOn"] = json!("2020-01-01T00:00:00Z");
    assert_eq!(verdict(&altered).verdict, Verdict::Invalid, "a copy that differs from the issuer's is not the issuer's");
    assert_eq!(verdict(&gone).verdict, Verdict::Revoked, "410 Gone is OB 2.0's revocation of a hosted badge");
    let report = verdict(&marked);
    assert_eq!(report.verdict, Verdict::Revoked);
    assert!(report.checks.iter().any(|c| c.detail.as_deref().is_some_and(|d| d.contains("issued in error"))), "the reason is shown");
    let report = verdict(&listed);
    assert_eq!(report.verdict, Verdict::Revoked, "the issuer's RevocationList, asked for over https: {:?}", report.checks);
    assert_eq!(verdict(&foreign).verdict, Verdict::Invalid, "hosted on a host the issuer does not name");
    assert_eq!(verdict(&impostor).verdict, Verdict::Invalid, "an embedded copy of the issuer's profile is not believed");
    let missing = assertion("https://badges.example/a/never-issued.json");
    assert_eq!(verdict(&missing).verdict, Verdict::Invalid, "the issuer has no such assertion");

    let offline = VerifyOptions { clock: &clock, fetcher: None, trust: None };
    assert_eq!(verify(&bytes(&good), &offline).unwrap().verdict, Verdict::Unverifiable, "offline, a hosted badge cannot be vouched for");
}

#[test]
fn the_1edtech_revocation_list() {
    let issuer = "https://university.example/issuer";
    let list = json!({"id": "https://university.example/revocations", "issuer": {"id": issuer},
        "revokedCredentials": [{"id": "urn:uuid:revoked", "revocationReason": "withdrawn"}]});
    let foreign = json!({"id": "https://university.example/foreign", "issuer": "https://other.example", "revokedCredentials": []});
    let port = serve(vec![("/university.example/revocations", 200, bytes(&list)), ("/university.example/foreign", 200, bytes(&foreign))]);
    let fetcher = HttpsFetcher::new().with_loopback_rewrite("https://", &format!("http://127.0.0.1:{port}/")).unwrap();
    let clock = clock();
    let options = VerifyOptions { clock: &clock, fetcher: Some(&fetcher), trust: None };
    let credential = |id: &str, list: &str| json!({"id": id, "credentialStatus": {"id": list, "type": "1EdTechRevocationList"}});

    let revoked = status::check(&credential("urn:uuid:revoked", "https://university.example/revocations"), Some(issuer), &options);
    assert_eq!(revoked.outcome, Outcome::Failed);
    assert!(revoked.detail.as_deref().unwrap().contains("withdrawn"), "{revoked:?}");
    let clear = status::check(&credential("urn:uuid:fine", "https://university.example/revocations"), Some(issuer), &options);
    assert_eq!(clear.outcome, Outcome::Passed, "{clear:?}");
    let untrusted = status::check(&credential("urn:uuid:fine", "https://university.example/foreign"), Some(issuer), &options);
    assert_eq!(untrusted.outcome, Outcome::Skipped, "another issuer's list decides nothing: {untrusted:?}");
    let unreachable = status::check(&credential("urn:uuid:fine", "https://university.example/missing"), Some(issuer), &options);
    assert_eq!(unreachable.outcome, Outcome::Skipped);
}
