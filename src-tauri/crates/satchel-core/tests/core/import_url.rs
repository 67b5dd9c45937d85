//! Import from a URL over real HTTP on 127.0.0.1 (the product fetcher is
//! https-only; the test maps an https prefix to the loopback server).

use std::io::{Read, Write};
use std::net::TcpListener;

use satchel_core::fetch::HttpsFetcher;
use satchel_core::{ErrorCode, ImportOutcome};

use crate::support::wallet;

/// Serves `routes` (path → status, body) on 127.0.0.1 until the test ends.
fn serve(routes: Vec<(&'static str, u16, Vec<u8>)>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let mut buf = [0u8; 4096];
            let n = s.read(&mut buf).unwrap_or(0);
            let req = String::from_utf8_lossy(&buf[..n]);
            let path = req.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (status, body) = routes.iter().find(|r| r.0 == path).map(|r| (r.1, r.2.clone())).unwrap_or((404, b"not found".to_vec()));
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(&body);
        }
    });
    port
}

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
    assert_eq!(w.store().count_credentials().unwrap(), 1, "refusals store nothing");
}
