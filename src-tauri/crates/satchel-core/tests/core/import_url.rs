//! Import from a URL over real HTTP on 127.0.0.1 (the product fetcher is
//! https-only; the test maps an https prefix to the loopback server).

use satchel_core::fetch::HttpsFetcher;
use satchel_core::{ErrorCode, ImportOutcome};

use crate::support::{serve, wallet};

const BADGE: &[u8] = br#"{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","OpenBadgeCredential"],"issuer":{"id":"https://u.example","name":"U"},"validFrom":"2026-01-01T00:00:00Z","credentialSubject":{"achievement":{"name":"Fetched"}}}"#;

#[test]
fn imports_from_url_and_refuses_bad_answers() {
    let big = vec![b' '; satchel_core::credential::MAX_INPUT_BYTES + 10];
    let port =
        serve(vec![("/badge.json", 200, BADGE.to_vec()), ("/huge.json", 200, big), ("/page.html", 200, b"<html>hi</html>".to_vec())]);
    let fetcher = HttpsFetcher::new().with_loopback_rewrite("https://issuer.example/", &format!("http://127.0.0.1:{port}/")).unwrap();
    let (_d, mut w) = wallet();

    let out = w.import_url("https://issuer.example/badge.json", &fetcher).unwrap();
    let ImportOutcome::Added { credential } = out else { panic!("a good credential is added") };
    assert_eq!(credential.source.as_deref(), Some("https://issuer.example/badge.json"), "the URL the user gave is the provenance");
    assert_eq!(credential.summary.title.as_deref(), Some("Fetched"));

    let missing = w.import_url("https://issuer.example/gone.json", &fetcher).unwrap_err();
    assert_eq!(missing.code(), ErrorCode::Network, "{missing}");
    assert!(missing.to_string().contains("404"), "the status is in the message");
    let huge = w.import_url("https://issuer.example/huge.json", &fetcher).unwrap_err();
    assert_eq!(huge.code(), ErrorCode::InputTooLarge, "the size cap holds over the network");
    let html = w.import_url("https://issuer.example/page.html", &fetcher).unwrap_err();
    assert_eq!(html.code(), ErrorCode::UnsupportedFormat);
    assert_eq!(w.count().unwrap(), 1, "refusals store nothing");
}
