//! Where Satchel may connect, with real listeners on 127.0.0.1: a refused
//! address must see no connection at all, an allowed one must be reached
//! through the product's own fetcher, and a credential whose signature
//! failed (or that has none) makes no connection.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use satchel_core::clock::SystemClock;
use satchel_core::fetch::{self, Fetcher, HttpsFetcher, NetworkPolicy};
use satchel_core::verify::{self, Check, Outcome, VerifyOptions};
use serde_json::{json, Value};

/// A listener that counts the connections it is offered and drops them.
fn watch() -> (u16, Arc<AtomicUsize>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    (port, seen)
}

/// The connections seen, after giving a connection the product made time
/// to be accepted (the kernel queues it before the fetch returns).
fn seen_after_settling(seen: &AtomicUsize, expect_some: bool) -> usize {
    let until = Instant::now() + Duration::from_secs(if expect_some { 3 } else { 0 }) + Duration::from_millis(150);
    while Instant::now() < until {
        if expect_some && seen.load(Ordering::SeqCst) > 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    seen.load(Ordering::SeqCst)
}

/// Answers every request with a redirect to `location`.
fn redirecting(routes: Vec<(&'static str, String)>) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let mut buf = [0u8; 4096];
            let n = std::io::Read::read(&mut s, &mut buf).unwrap_or(0);
            let path = String::from_utf8_lossy(&buf[..n]).split_whitespace().nth(1).unwrap_or("/").to_string();
            let answer = match routes.iter().find(|r| r.0 == path) {
                Some((_, location)) => {
                    format!("HTTP/1.1 302 Found\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                }
                None => "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}".to_string(),
            };
            let _ = std::io::Write::write_all(&mut s, answer.as_bytes());
        }
    });
    port
}

fn policy_allowing(host: &str) -> NetworkPolicy {
    NetworkPolicy::public_only().allow(host.parse().unwrap())
}

/// A VCDM 2.0 credential signed now with a fresh Ed25519 key (did:key),
/// whose status list is at `status_url`.
fn signed_with_status(status_url: &str) -> Value {
    let mut seed = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut seed);
    let key = ed25519_dalek::SigningKey::from_bytes(&seed);
    let did = satchel_core::keys::did_key(&key.verifying_key());
    let mut doc = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": did,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
        "credentialStatus": {
            "id": format!("{status_url}#5"),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "5",
            "statusListCredential": status_url
        }
    });
    let proof = json!({
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "verificationMethod": satchel_core::keys::verification_method(&did),
        "proofPurpose": "assertionMethod",
        "created": "2026-01-01T00:00:00Z"
    });
    doc["proof"] = verify::data_integrity::sign_eddsa_rdfc_2022(&doc, proof, &key).unwrap();
    doc
}

fn verify_with(doc: &Value, fetcher: &dyn Fetcher) -> verify::Report {
    let bytes = serde_json::to_vec(doc).unwrap();
    verify::verify(&bytes, &VerifyOptions { clock: &SystemClock, fetcher: Some(fetcher), trust: None }).unwrap()
}

#[test]
fn loopback_and_local_names_are_refused_before_any_connection() {
    let (port, seen) = watch();
    let fetcher = HttpsFetcher::new();
    for url in
        [format!("https://127.0.0.1:{port}/list"), format!("https://localhost:{port}/list"), format!("https://[::ffff:127.0.0.1]:{port}/")]
    {
        let err = fetcher.get(&url, 1000).unwrap_err();
        assert!(matches!(err, fetch::Error::Refused { .. }), "{url} is refused by the policy, not by the network: {err}");
    }
    assert_eq!(seen_after_settling(&seen, false), 0, "the listener on 127.0.0.1 saw no connection");
}

#[test]
fn a_status_list_on_this_machine_is_not_contacted_unless_allowed() {
    let (port, seen) = watch();
    let doc = signed_with_status(&format!("https://127.0.0.1:{port}/status/1"));
    let report = verify_with(&doc, &HttpsFetcher::new());
    assert_eq!(report.check(Check::Signature).map(|c| c.outcome), Some(Outcome::Passed), "the credential is genuine: {report:?}");
    let status = report.check(Check::Status).unwrap();
    assert_eq!(status.outcome, Outcome::Skipped, "the status is left undecided: {status:?}");
    assert!(status.detail.as_deref().unwrap_or_default().contains("non-public address"), "the report says why: {status:?}");
    assert_eq!(seen_after_settling(&seen, false), 0, "the status list URL on 127.0.0.1 was never connected to");
    assert!(report.contacted.is_empty(), "nothing was contacted: {:?}", report.contacted);

    let allowed = HttpsFetcher::with_policy(policy_allowing(&format!("127.0.0.1:{port}")));
    let _ = verify_with(&doc, &allowed);
    assert!(seen_after_settling(&seen, true) >= 1, "with the host allowed, the product's fetcher reaches it");
}

#[test]
fn no_fetch_for_a_credential_whose_signature_failed_or_that_has_none() {
    let (port, seen) = watch();
    let allowed = HttpsFetcher::with_policy(policy_allowing(&format!("127.0.0.1:{port}")));
    let mut forged = signed_with_status(&format!("https://127.0.0.1:{port}/status/1"));
    forged["credentialSubject"]["id"] = json!("did:example:someone-else");
    let report = verify_with(&forged, &allowed);
    assert_eq!(report.check(Check::Signature).map(|c| c.outcome), Some(Outcome::Failed), "the forgery is caught");
    let status = report.check(Check::Status).unwrap();
    assert!(
        status.outcome == Outcome::Skipped && status.detail.as_deref().unwrap_or_default().contains("signature failed"),
        "the report says why the status was not checked: {status:?}"
    );
    let mut unsigned = forged.clone();
    unsigned.as_object_mut().unwrap().remove("proof");
    let report = verify_with(&unsigned, &allowed);
    let status = report.check(Check::Status).unwrap();
    assert!(status.detail.as_deref().unwrap_or_default().contains("not fetched"), "no proof, no fetch: {status:?}");
    assert_eq!(seen_after_settling(&seen, false), 0, "neither credential made a connection, though the host is allowed");
}

#[test]
fn redirects_to_private_addresses_or_plain_http_are_refused_and_nothing_is_cached() {
    let (private_port, seen) = watch();
    let port = redirecting(vec![
        ("/to-private", format!("https://127.0.0.1:{private_port}/list")),
        ("/to-http", format!("http://127.0.0.1:{private_port}/list")),
        ("/to-self", "/ok".to_string()),
    ]);
    let fetcher = HttpsFetcher::new().with_loopback_rewrite("https://lists.example/", &format!("http://127.0.0.1:{port}/")).unwrap();
    let err = fetcher.get("https://lists.example/to-private", 1000).unwrap_err();
    assert!(matches!(err, fetch::Error::Refused { .. }), "a redirect to a private address is checked like the first hop: {err}");
    let (_d, w) = crate::support::wallet();
    let cached = w.cached_fetcher(Some(&fetcher));
    let err = cached.get("https://lists.example/to-http", 1000).unwrap_err();
    assert!(matches!(err, fetch::Error::NotHttps(_)), "https never goes down to plain http: {err}");
    assert_eq!(w.cached_document("https://lists.example/to-http").unwrap(), None, "no plain-http body is kept under the https address");
    assert_eq!(seen_after_settling(&seen, false), 0, "neither redirect target was connected to");
    let ok = fetcher.get("https://lists.example/to-self", 1000).unwrap();
    assert_eq!(
        (ok.body.as_slice(), ok.url.as_str()),
        (&b"{}"[..], "https://lists.example/ok"),
        "a redirect within the allowed host is followed"
    );
}

#[test]
fn the_report_names_the_hosts_contacted() {
    let port = redirecting(vec![]);
    let fetcher = HttpsFetcher::new().with_loopback_rewrite("https://status.example/", &format!("http://127.0.0.1:{port}/")).unwrap();
    let doc = signed_with_status("https://status.example/lists/1");
    let report = verify_with(&doc, &fetcher);
    assert_eq!(report.contacted, vec!["status.example".to_string()], "the status list's host was asked, and the report says so");
    let offline =
        verify::verify(&serde_json::to_vec(&doc).unwrap(), &VerifyOptions { clock: &SystemClock, fetcher: None, trust: None }).unwrap();
    assert!(offline.contacted.is_empty(), "offline, no one is contacted");
}
