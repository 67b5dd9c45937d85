//! The IETF Token Status List of SD-JWT VCs, served over real HTTP on
//! 127.0.0.1, signed by a did:key issuer made here.

use std::io::Write;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ed25519_dalek::{Signer, SigningKey};
use satchel_core::clock::FixedClock;
use satchel_core::fetch::HttpsFetcher;
use satchel_core::verify::{status, Finding, Outcome, VerifyOptions};
use serde_json::json;

use crate::support::serve;
use crate::tokens::did_key;

fn token(key: &SigningKey, sub: &str, exp: i64, statuses: &[u8]) -> Vec<u8> {
    // bits 2: four statuses a byte, the first in the low bits.
    let mut bytes = vec![0u8; statuses.len().div_ceil(4)];
    for (i, s) in statuses.iter().enumerate() {
        bytes[i / 4] |= s << ((i % 4) * 2);
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&bytes).unwrap();
    let lst = URL_SAFE_NO_PAD.encode(z.finish().unwrap());
    let did = did_key(key);
    let header = json!({"alg": "EdDSA", "typ": "statuslist+jwt", "kid": format!("{did}#{}", &did["did:key:".len()..])});
    let payload = json!({"sub": sub, "iat": 1_700_000_000, "exp": exp, "status_list": {"bits": 2, "lst": lst}});
    let input = format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(payload.to_string()));
    let sig = key.sign(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig.to_bytes())).into_bytes()
}

#[test]
fn token_status_lists_decide_revoked_suspended_and_valid() {
    let issuer = SigningKey::from_bytes(&[3u8; 32]);
    let stranger = SigningKey::from_bytes(&[4u8; 32]);
    let far = 4_000_000_000;
    let list = "https://status.example/lists/1";
    let port = serve(vec![
        ("/status.example/lists/1", 200, token(&issuer, list, far, &[0, 1, 2, 3, 0])),
        ("/status.example/lists/forged", 200, token(&stranger, "https://status.example/lists/forged", far, &[0])),
        ("/status.example/lists/expired", 200, token(&issuer, "https://status.example/lists/expired", 1_700_000_001, &[0])),
        ("/status.example/lists/other", 200, token(&issuer, list, far, &[0])),
    ]);
    let fetcher = HttpsFetcher::new().with_loopback_rewrite("https://", &format!("http://127.0.0.1:{port}/")).unwrap();
    let clock = FixedClock(chrono::DateTime::parse_from_rfc3339("2026-11-27T12:00:00Z").unwrap().into());
    let options = VerifyOptions { clock: &clock, fetcher: Some(&fetcher), trust: None };
    let iss = did_key(&issuer);
    let at =
        |uri: &str, idx: u64| status::token_status(&json!({"status": {"status_list": {"idx": idx, "uri": uri}}}), Some(&iss), &options);

    assert_eq!(at(list, 0).outcome, Outcome::Passed, "{:?}", at(list, 0));
    assert_eq!(at(list, 1).finding, Some(Finding::Revoked));
    assert_eq!(at(list, 2).finding, Some(Finding::Suspended));
    assert_eq!(at(list, 3).outcome, Outcome::Skipped, "an application-specific status decides nothing");
    assert_eq!(at(list, 4).outcome, Outcome::Passed);
    assert_eq!(at(list, 40).outcome, Outcome::Skipped, "beyond the list");
    for (uri, why) in [
        ("https://status.example/lists/forged", "signed by someone other than the issuer"),
        ("https://status.example/lists/expired", "expired"),
        ("https://status.example/lists/other", "about another list"),
        ("https://status.example/lists/missing", "not there"),
    ] {
        let result = at(uri, 0);
        assert_eq!(result.outcome, Outcome::Skipped, "{why}: {result:?}");
    }
    let offline = VerifyOptions { clock: &clock, fetcher: None, trust: None };
    let result = status::token_status(&json!({"status": {"status_list": {"idx": 0, "uri": list}}}), Some(&iss), &offline);
    assert_eq!(result.outcome, Outcome::Skipped);
}
