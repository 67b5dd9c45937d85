//! Interop with peer libraries: `tests/interop/peers.mjs` issues credentials
//! with fresh keys and content, and says whether the peer verifies each:
//! `@digitalbazaar/vc` for eddsa-rdfc-2022, Ed25519Signature2020 and
//! ecdsa-rdfc-2019 (P-256, P-384) on VCDM 1.1 and 2.0 (plus a changed field,
//! a changed proof character, a swapped issuer), and `@sd-jwt/sd-jwt-vc` for SD-JWT VCs as issued and as presented
//! with key binding (plus a forged disclosure, a key-binding JWT made for
//! other disclosures), and `jose` for VC-JOSE (ES256, ES384, EdDSA, PS256)
//! and VC-JWT (RS256) with did:jwk issuers (plus the same three tampered
//! twins). Satchel must agree on every one.

use std::process::Command;

use satchel_core::clock::SystemClock;
use satchel_core::verify::{verify, Verdict, VerifyOptions};
use satchel_tests::workspace_root;

#[test]
fn satchel_agrees_with_the_peer_libraries() {
    let peer_dir = workspace_root().join("tests/interop");
    assert!(
        peer_dir.join("node_modules/@digitalbazaar/vc").is_dir(),
        "the interop peer's npm packages are missing: `make test` installs them (npm ci in tests/interop)"
    );
    let out = tempfile::tempdir().unwrap();
    let run = Command::new("node").arg("peers.mjs").arg("issue").arg(out.path()).current_dir(&peer_dir).output().expect("run node");
    assert!(run.status.success(), "the peer failed: {}", String::from_utf8_lossy(&run.stderr));
    let manifest: Vec<serde_json::Value> = serde_json::from_slice(&std::fs::read(out.path().join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest.len(), 48, "6 Data Integrity and 5 JOSE kinds x (signed + 3 tampered twins), and 2 SD-JWT VCs + 2 tampered twins");
    let options = VerifyOptions { clock: &SystemClock, fetcher: None, trust: None };
    let mut disagreements = Vec::new();
    for case in &manifest {
        let file = case["file"].as_str().unwrap();
        let theirs = case["verified"].as_bool().unwrap();
        let report = verify(&std::fs::read(out.path().join(file)).unwrap(), &options).unwrap();
        let ours = report.verdict == Verdict::Valid;
        if ours != theirs {
            disagreements.push(format!("{file}: the peer says {theirs}, Satchel says {:?}: {:?}", report.verdict, report.checks));
        }
        if case["variant"] == "signed" {
            assert!(theirs, "{file}: the peer's own credential must verify with the peer");
        } else {
            assert!(!theirs, "{file}: a tampered twin must fail with the peer");
        }
    }
    assert!(disagreements.is_empty(), "disagreements:\n{}", disagreements.join("\n"));
}
