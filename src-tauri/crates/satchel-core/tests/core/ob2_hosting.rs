//! Issue 11 §12: Open Badges 2.0 revocation by `uid`, and the issuer's
//! hosting rules (`verification.startsWith`, `allowedOrigins`) judged on the
//! address named and on the one that answers after redirects. Real HTTP on
//! 127.0.0.1; a shared badge host where anyone may upload.

use std::io::{Read, Write};

use satchel_core::clock::SystemClock;
use satchel_core::fetch::HttpsFetcher;
use satchel_core::verify::{verify, Check, Outcome, Verdict, VerifyOptions};
use serde_json::{json, Value};

/// Serves `routes` (path → body) and `redirects` (path → Location) on 127.0.0.1.
fn serve(routes: Vec<(String, Value)>, redirects: Vec<(String, String)>) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let mut buf = [0u8; 4096];
            let n = s.read(&mut buf).unwrap_or(0);
            let req = String::from_utf8_lossy(&buf[..n]);
            let path = req.split_whitespace().nth(1).unwrap_or("/").to_string();
            let head = if let Some((_, to)) = redirects.iter().find(|r| r.0 == path) {
                format!("HTTP/1.1 302 Found\r\nlocation: {to}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            } else if let Some((_, body)) = routes.iter().find(|r| r.0 == path) {
                let body = serde_json::to_vec(body).unwrap();
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = s.write_all(head.as_bytes());
                let _ = s.write_all(&body);
                continue;
            } else {
                "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_string()
            };
            let _ = s.write_all(head.as_bytes());
        }
    });
    port
}

const HOST: &str = "https://badges.example";

fn assertion(path: &str, uid: &str) -> Value {
    json!({
        "@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": format!("{HOST}{path}"), "uid": uid,
        "recipient": {"type": "email", "hashed": false, "identity": "learner@example.org"},
        "badge": format!("{HOST}/users/alice/badge.json"),
        "verification": {"type": "hosted"}, "issuedOn": "2025-06-01T00:00:00Z"
    })
}

#[test]
fn hosted_badges_follow_the_issuers_rules_and_revocations_by_uid() {
    let profile = json!({"@context": "https://w3id.org/openbadges/v2", "type": "Issuer", "id": format!("{HOST}/users/alice/profile.json"),
        "name": "Alice's Academy", "revocationList": format!("{HOST}/users/alice/revocations.json"),
        "verification": {"type": "VerificationObject", "startsWith": format!("{HOST}/users/alice/"), "allowedOrigins": "badges.example"}});
    let badge = json!({"@context": "https://w3id.org/openbadges/v2", "type": "BadgeClass", "id": format!("{HOST}/users/alice/badge.json"),
        "name": "Alice's badge", "issuer": format!("{HOST}/users/alice/profile.json")});
    let list = json!({"type": "RevocationList", "id": format!("{HOST}/users/alice/revocations.json"),
        "revokedAssertions": [{"uid": "uid-revoked", "revocationReason": "issued in error"}, "uid-revoked-bare"]});
    let good = assertion("/users/alice/a/good.json", "uid-good");
    let revoked = assertion("/users/alice/a/revoked.json", "uid-revoked");
    let revoked_bare = assertion("/users/alice/a/revoked-bare.json", "uid-revoked-bare");
    // Mallory uploads to the same shared host, naming Alice's badge class.
    let upload = assertion("/users/mallory/a/upload.json", "uid-upload");
    // An address under Alice's prefix that redirects into Mallory's space.
    let redirected = assertion("/users/alice/a/redirected.json", "uid-redirected");
    let route = |path: &str, v: &Value| (format!("/badges.example{path}"), v.clone());
    let port = serve(
        vec![
            route("/users/alice/profile.json", &profile),
            route("/users/alice/badge.json", &badge),
            route("/users/alice/revocations.json", &list),
            route("/users/alice/a/good.json", &good),
            route("/users/alice/a/revoked.json", &revoked),
            route("/users/alice/a/revoked-bare.json", &revoked_bare),
            route("/users/mallory/a/upload.json", &upload),
            route("/users/mallory/a/redirected.json", &redirected),
        ],
        vec![("/badges.example/users/alice/a/redirected.json".into(), "https://badges.example/users/mallory/a/redirected.json".into())],
    );
    let fetcher = HttpsFetcher::new().with_loopback_rewrite("https://", &format!("http://127.0.0.1:{port}/")).unwrap();
    let options = VerifyOptions { clock: &SystemClock, fetcher: Some(&fetcher), trust: None };
    let check = |v: &Value| verify(&serde_json::to_vec(v).unwrap(), &options).unwrap();

    let report = check(&good);
    assert_eq!(report.verdict, Verdict::Valid, "under Alice's prefix, on her origin: {:?}", report.checks);

    for (what, v) in [("an object with `uid`", &revoked), ("a bare uid", &revoked_bare)] {
        let report = check(v);
        assert_eq!(report.verdict, Verdict::Revoked, "revoked by {what} in the RevocationList: {:?}", report.checks);
    }

    let report = check(&upload);
    assert_eq!(report.verdict, Verdict::Invalid, "someone else's upload on the shared host: {:?}", report.checks);
    let issuer = report.check(Check::Issuer).unwrap();
    assert_eq!(issuer.outcome, Outcome::Failed);
    assert!(issuer.detail.as_deref().unwrap_or_default().contains("/users/alice/"), "the report says where Alice hosts: {issuer:?}");

    let report = check(&redirected);
    assert_eq!(
        report.check(Check::Issuer).map(|c| c.outcome),
        Some(Outcome::Failed),
        "judged on where the redirect ended, not on the address named: {:?}",
        report.checks
    );
    assert_ne!(report.verdict, Verdict::Valid);
}
