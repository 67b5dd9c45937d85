//! The `satchel verify` command's contract: JSON shape, exit codes, `--at`,
//! and that a changed byte breaks a signature. Offline, so no test reaches
//! the network (conformance.rs serves documents on 127.0.0.1).

use satchel_tests::{json, vectors_dir, TestWallet};

#[test]
fn verify_contract() {
    let Some(dir) = vectors_dir() else { return };
    let w = TestWallet::new();
    let out = w
        .cmd()
        .args(["verify", "--offline", "--json", "--at", "2026-11-27T00:00:00Z"])
        .arg(dir.join("1edtech-validator-ob30-simple.json"))
        .output()
        .unwrap();
    let r = json(&out);
    assert_eq!(r["file"], dir.join("1edtech-validator-ob30-simple.json").to_string_lossy().as_ref(), "the report names its input");
    assert_eq!(r["format"], "ob3-vc2-di");
    let checks: Vec<(&str, &str)> =
        r["checks"].as_array().unwrap().iter().map(|c| (c["check"].as_str().unwrap(), c["outcome"].as_str().unwrap())).collect();
    assert!(checks.contains(&("signature", "passed")), "the fragment key checks integrity: {checks:?}");
    assert!(checks.contains(&("issuer", "failed")), "but not authorship");
    assert_eq!(r["verdict"], "unverifiable");
    assert_eq!(r["checked_at"], "2026-11-27T00:00:00Z", "--at pins the clock");
    assert_eq!(r["issuer"]["id"], "https://example.com/issuers/876543");

    let bad_time =
        w.cmd().args(["verify", "--offline", "--at", "yesterday"]).arg(dir.join("1edtech-validator-ob30-simple.json")).output().unwrap();
    assert_eq!(bad_time.status.code(), Some(2), "a bad --at is a usage error");
    let not_a_credential = w.scratch("notes.txt", b"just some notes");
    let refused = w.cmd().args(["verify", "--offline", "--json"]).arg(&not_a_credential).output().unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(json(&refused)["error"]["code"], "unsupported_format");
}

#[test]
fn a_changed_byte_breaks_the_signature() {
    let Some(dir) = vectors_dir() else { return };
    let w = TestWallet::new();
    let original = std::fs::read_to_string(dir.join("dcc-ob3-v2-eddsa-rdfc-2022-valid-status.json")).unwrap();
    assert!(original.contains("Masters"), "the vector names its degree");
    let tampered = w.scratch("tampered.json", original.replacen("Masters", "Mastery", 1).as_bytes());
    let r = json(&w.cmd().args(["verify", "--offline", "--json"]).arg(&tampered).output().unwrap());
    assert_eq!(r["verdict"], "invalid", "one changed word in the title: {r}");
    let sig = r["checks"].as_array().unwrap().iter().find(|c| c["check"] == "signature").unwrap();
    assert_eq!(sig["outcome"], "failed");
}

#[test]
fn a_changed_byte_breaks_a_jwt_signature() {
    use base64::Engine as _;
    let Some(dir) = vectors_dir() else { return };
    let w = TestWallet::new();
    let jwt = std::fs::read_to_string(dir.join("1edtech-validator-ob30-baked-jwt.extracted.jwt.txt")).unwrap();
    let parts: Vec<&str> = jwt.trim().split('.').collect();
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let payload = String::from_utf8(b64.decode(parts[1]).unwrap()).unwrap();
    assert!(payload.contains("Teamwork"), "the vector's achievement");
    let forged = format!("{}.{}.{}", parts[0], b64.encode(payload.replacen("Teamwork", "Leadership", 1)), parts[2]);
    let file = w.scratch("forged.jwt", forged.as_bytes());
    let r = json(&w.cmd().args(["verify", "--offline", "--json"]).arg(&file).output().unwrap());
    assert_eq!(r["verdict"], "invalid", "a changed achievement name: {r}");
    let sig = r["checks"].as_array().unwrap().iter().find(|c| c["check"] == "signature").unwrap();
    assert_eq!(sig["outcome"], "failed");
    let original = json(
        &w.cmd()
            .args(["verify", "--offline", "--json"])
            .arg(dir.join("1edtech-validator-ob30-baked-jwt.extracted.jwt.txt"))
            .output()
            .unwrap(),
    );
    assert_eq!(original["verdict"], "unverifiable", "the untouched JWT: intact, but its key is only in its header");
}
