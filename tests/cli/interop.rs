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

fn node(args: &[&str]) -> serde_json::Value {
    let peer_dir = workspace_root().join("tests/interop");
    let run = Command::new("node").arg("peers.mjs").args(args).current_dir(&peer_dir).output().expect("run node");
    assert!(run.status.success(), "the peer failed: {}", String::from_utf8_lossy(&run.stderr));
    let stdout = String::from_utf8_lossy(&run.stdout);
    stdout.lines().last().and_then(|l| serde_json::from_str(l).ok()).unwrap_or(serde_json::Value::Null)
}

/// Packages Satchel makes are presentations `@digitalbazaar/vc` verifies
/// with the same challenge and domain; changed after signing, or checked
/// with another challenge, they fail there and in Satchel alike.
#[test]
fn packages_verify_with_digitalbazaar() {
    let peer = tempfile::tempdir().unwrap();
    node(&["issue", peer.path().to_str().unwrap()]);
    let w = satchel_tests::TestWallet::new().init_passphrase();
    let mut ids = std::collections::HashMap::new();
    for f in [
        "eddsa-rdfc-2022-v2-signed.json",
        "ed25519-2020-v2-signed.json",
        "ecdsa-rdfc-2019-p256-v2-signed.json",
        "eddsa-rdfc-2022-v1-signed.json",
        "ed25519-2020-v1-signed.json",
    ] {
        let added = satchel_tests::json(&w.run(&["import", peer.path().join(f).to_str().unwrap()]));
        ids.insert(f, added["credential"]["id"].as_str().unwrap().to_string());
    }
    let cases: [(&str, Vec<&str>); 3] = [
        ("one", vec!["eddsa-rdfc-2022-v2-signed.json"]),
        ("three", vec!["eddsa-rdfc-2022-v2-signed.json", "ed25519-2020-v2-signed.json", "ecdsa-rdfc-2019-p256-v2-signed.json"]),
        ("vcdm11", vec!["eddsa-rdfc-2022-v1-signed.json", "ed25519-2020-v1-signed.json"]),
    ];
    for (name, files) in cases {
        let out = peer.path().join(format!("package-{name}.json"));
        let mut args = vec!["share"];
        args.extend(files.iter().map(|f| ids[f].as_str()));
        args.extend(["--challenge", "ch-7", "--domain", "employer.example", "--out", out.to_str().unwrap()]);
        let made = w.run(&args);
        assert_eq!(made.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&made.stderr));
        let theirs = node(&["verify-vp", out.to_str().unwrap(), "ch-7", "employer.example"]);
        assert_eq!(theirs["verified"], true, "{name}: @digitalbazaar/vc verifies Satchel's package: {theirs}");
        let ours = satchel_tests::json(&w.run(&[
            "verify",
            "--offline",
            "--challenge",
            "ch-7",
            "--domain",
            "employer.example",
            out.to_str().unwrap(),
        ]));
        assert_eq!(ours["verdict"], "valid", "{name}: {ours}");

        let other = node(&["verify-vp", out.to_str().unwrap(), "ch-8", "employer.example"]);
        assert_eq!(other["verified"], false, "{name}: another challenge fails with the peer");
        let ours = satchel_tests::json(&w.run(&["verify", "--offline", "--challenge", "ch-8", out.to_str().unwrap()]));
        assert_eq!(ours["verdict"], "invalid", "{name}: and with Satchel");

        let mut changed: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        changed["verifiableCredential"][0]["credentialSubject"]["achievement"]["name"] = serde_json::json!("Edited after sharing");
        let tampered = peer.path().join(format!("package-{name}-changed.json"));
        std::fs::write(&tampered, serde_json::to_vec(&changed).unwrap()).unwrap();
        let theirs = node(&["verify-vp", tampered.to_str().unwrap(), "ch-7", "employer.example"]);
        assert_eq!(theirs["verified"], false, "{name}: a package changed after signing fails with the peer");
        let ours = satchel_tests::json(&w.run(&["verify", "--offline", "--challenge", "ch-7", tampered.to_str().unwrap()]));
        assert_eq!(ours["verdict"], "invalid", "{name}: and with Satchel: {ours}");
    }
}

/// A learner may pick a VCDM 1.1 and a 2.0 credential for one employer:
/// `satchel share` makes one package file holding one presentation per data
/// model, and `@digitalbazaar/vc` verifies each presentation with the
/// employer's challenge and domain. A part taken out of the file still
/// verifies with the peer (it checks presentations one by one), while
/// Satchel, reading the parts' signed `id`s, says the package was cut.
#[test]
fn a_package_of_both_data_models_verifies_with_digitalbazaar() {
    let peer = tempfile::tempdir().unwrap();
    node(&["issue", peer.path().to_str().unwrap()]);
    let w = satchel_tests::TestWallet::new().init_passphrase();
    let mut ids = Vec::new();
    for f in ["eddsa-rdfc-2022-v1-signed.json", "eddsa-rdfc-2022-v2-signed.json", "ed25519-2020-v1-signed.json"] {
        let added = satchel_tests::json(&w.run(&["import", peer.path().join(f).to_str().unwrap()]));
        ids.push(added["credential"]["id"].as_str().unwrap().to_string());
    }
    let out = peer.path().join("package-mixed.json");
    let mut args = vec!["share"];
    args.extend(ids.iter().map(String::as_str));
    args.extend(["--challenge", "ch-9", "--domain", "employer.example", "--out", out.to_str().unwrap()]);
    let made = w.run(&args);
    assert_eq!(made.status.code(), Some(0), "sharing 1.1 and 2.0 credentials together succeeds: {}", String::from_utf8_lossy(&made.stderr));
    let file: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(file.as_array().map(Vec::len), Some(2), "one presentation per data model in one file: {file}");

    let theirs = node(&["verify-vp", out.to_str().unwrap(), "ch-9", "employer.example"]);
    assert_eq!(theirs["verified"], true, "@digitalbazaar/vc verifies every presentation of the package: {theirs}");
    let counts: Vec<u64> = theirs["presentations"].as_array().unwrap().iter().map(|p| p["credentials"].as_u64().unwrap()).collect();
    assert_eq!(counts, vec![2, 1], "the peer checked both 1.1 credentials in the first and the 2.0 one in the second: {theirs}");
    let ours =
        satchel_tests::json(&w.run(&["verify", "--offline", "--challenge", "ch-9", "--domain", "employer.example", out.to_str().unwrap()]));
    assert_eq!(ours["verdict"], "valid", "and Satchel: {ours}");
    assert_eq!(ours["credentials"].as_array().map(Vec::len), Some(3), "the report covers the credentials of both presentations: {ours}");

    let other = node(&["verify-vp", out.to_str().unwrap(), "ch-10", "employer.example"]);
    assert_eq!(other["verified"], false, "another challenge fails with the peer");
    let ours = satchel_tests::json(&w.run(&["verify", "--offline", "--challenge", "ch-10", out.to_str().unwrap()]));
    assert_eq!(ours["verdict"], "invalid", "and with Satchel");

    let cut = peer.path().join("package-mixed-cut.json");
    std::fs::write(&cut, serde_json::to_vec(&serde_json::json!([file[0].clone()])).unwrap()).unwrap();
    let theirs = node(&["verify-vp", cut.to_str().unwrap(), "ch-9", "employer.example"]);
    assert_eq!(theirs["verified"], true, "the peer checks presentations one by one, so a part left out goes unseen there: {theirs}");
    let ours = satchel_tests::json(&w.run(&["verify", "--offline", "--challenge", "ch-9", cut.to_str().unwrap()]));
    assert_eq!(ours["verdict"], "invalid", "Satchel sees part 2 of 2 is missing: {ours}");
}

/// An SD-JWT VC issued by `@sd-jwt/sd-jwt-vc` to the learner's profile key,
/// shared with one claim: the others are not in the package's bytes, and the
/// library verifies the presentation and its key binding.
#[test]
fn sd_jwt_presentations_verify_with_the_sd_jwt_library() {
    use base64::Engine as _;
    let peer = tempfile::tempdir().unwrap();
    let w = satchel_tests::TestWallet::new().init_passphrase();
    let did = satchel_tests::json(&w.run(&["profiles"]))["profiles"][0]["did"].as_str().unwrap().to_string();
    let raw = bs58::decode(did.trim_start_matches("did:key:z")).into_vec().unwrap();
    let x = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&raw[2..]);
    node(&["issue-sd-jwt", peer.path().to_str().unwrap(), &x]);
    let issued = std::fs::read_to_string(peer.path().join("sd-jwt-vc.txt")).unwrap();
    let added = satchel_tests::json(&w.run(&["import", peer.path().join("sd-jwt-vc.txt").to_str().unwrap()]));
    assert_eq!(added["credential"]["verdict"], "valid", "{added}");
    let id = added["credential"]["id"].as_str().unwrap().to_string();
    let out = peer.path().join("package.json");
    let disclose = format!("{id}:given_name");
    let made = w.run(&[
        "share",
        &id,
        "--disclose",
        &disclose,
        "--challenge",
        "nonce-5",
        "--domain",
        "employer.example",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(made.status.code(), Some(0), "{}", String::from_utf8_lossy(&made.stderr));
    let package = std::fs::read_to_string(&out).unwrap();
    let family = issued.split('~').skip(1).find(|d| {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(d).unwrap_or_default();
        String::from_utf8_lossy(&bytes).contains("family_name")
    });
    let family = family.expect("the issued credential discloses family_name");
    assert!(!package.contains(family), "the undisclosed claim is absent from the package bytes");
    assert!(!package.contains("Secret"), "and so is its value");
    let doc: serde_json::Value = serde_json::from_str(&package).unwrap();
    let url = doc["verifiableCredential"][0]["id"].as_str().unwrap();
    let presentation = url.split_once(',').unwrap().1;
    let file = peer.path().join("presentation.txt");
    std::fs::write(&file, presentation).unwrap();
    let issuer = peer.path().join("issuer.json");
    let theirs = node(&["verify-sd-jwt", file.to_str().unwrap(), issuer.to_str().unwrap(), "nonce-5"]);
    assert_eq!(theirs["verified"], true, "{theirs}");
    assert_eq!(theirs["kb"], true, "with its key binding");
    assert!(!theirs["claims"].as_array().unwrap().iter().any(|c| c == "family_name"));
    let other = node(&["verify-sd-jwt", file.to_str().unwrap(), issuer.to_str().unwrap(), "nonce-6"]);
    assert_eq!(other["verified"], false, "another nonce fails");
    let ours = satchel_tests::json(&w.run(&["verify", "--offline", "--challenge", "nonce-5", out.to_str().unwrap()]));
    assert_eq!(ours["verdict"], "valid", "{ours}");
}
