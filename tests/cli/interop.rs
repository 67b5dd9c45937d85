//! Interop with peer libraries: `tests/interop/peers.mjs` issues credentials
//! with fresh keys and content, and says whether the peer verifies each:
//! `@digitalbazaar/vc` for eddsa-rdfc-2022, Ed25519Signature2020 and
//! ecdsa-rdfc-2019 (P-256, P-384) on VCDM 1.1 and 2.0, eddsa-jcs-2022 and
//! ecdsa-jcs-2019 from digitalbazaar's JCS cryptosuites (plus a changed field,
//! a changed proof character, a swapped issuer), and `@sd-jwt/sd-jwt-vc` for SD-JWT VCs as issued and as presented
//! with key binding (plus a forged disclosure, a key-binding JWT made for
//! other disclosures), and `jose` for VC-JOSE (ES256, ES384, EdDSA, PS256)
//! and VC-JWT (RS256) with did:jwk issuers (plus the same three tampered
//! twins), and `@digitalbazaar/vc-bitstring-status-list` for a status
//! list with a set bit (a clear entry, a revoked one, a changed index).
//! Satchel must agree on every one, pass the signature check of each the
//! peer signed, and fail each twin in the check its tampering touches.

use std::process::Command;

use satchel_core::clock::SystemClock;
use satchel_core::fetch::{Error as FetchError, Fetched, Fetcher, Origin};
use satchel_core::verify::{verify, Check, Outcome, Verdict, VerifyOptions};
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
    assert_eq!(
        manifest.len(),
        67,
        "6 Data Integrity (RDFC), 4 Data Integrity (JCS) and 5 JOSE kinds x (signed + 3 tampered twins), 2 SD-JWT VCs + 2 tampered twins, and a Bitstring Status List credential, a revoked one and a changed index"
    );
    let mut disagreements = Vec::new();
    for case in &manifest {
        let file = case["file"].as_str().unwrap();
        let kind = case["kind"].as_str().unwrap();
        let theirs = case["verified"].as_bool().unwrap();
        // What the peer served (a status list), and nothing else: offline otherwise.
        let served = PeerServed {
            dir: out.path().to_path_buf(),
            files: case["served"]
                .as_object()
                .map(|m| m.iter().map(|(u, f)| (u.clone(), f.as_str().unwrap().to_string())).collect())
                .unwrap_or_default(),
        };
        let options = VerifyOptions { clock: &SystemClock, fetcher: Some(&served), trust: None };
        let report = verify(&std::fs::read(out.path().join(file)).unwrap(), &options).unwrap();
        let ours = report.verdict == Verdict::Valid;
        if ours != theirs {
            disagreements.push(format!("{file}: the peer says {theirs}, Satchel says {:?}: {:?}", report.verdict, report.checks));
        }
        let signature = report.check(Check::Signature);
        if case["variant"] == "signed" {
            assert!(theirs, "{file}: the peer's own credential must verify with the peer");
            assert_eq!(
                signature.map(|c| c.outcome),
                Some(Outcome::Passed),
                "{file}: a credential the peer signed passes Satchel's signature check, not only its verdict: {:?}",
                report.checks
            );
            // The Data Integrity kinds are named after their cryptosuite: the
            // check must say it checked that one (no other route to `passed`).
            if let Some(suite) =
                ["eddsa-jcs-2022", "ecdsa-jcs-2019", "eddsa-rdfc-2022", "ecdsa-rdfc-2019"].iter().find(|s| kind.starts_with(*s))
            {
                let detail = signature.and_then(|c| c.detail.as_deref()).unwrap_or_default();
                assert!(detail.starts_with(suite), "{file}: the signature check names the cryptosuite {suite}: {detail}");
            }
        } else {
            assert!(!theirs, "{file}: a tampered twin must fail with the peer");
            if case["variant"] == "revoked" {
                assert_eq!(case["peerReadBits"], serde_json::json!([true]), "{file}: the peer refuses it because it read the bit as set");
                assert_eq!(report.verdict, Verdict::Revoked, "{file}: and Satchel says revoked: {:?}", report.checks);
            }
            // The twin must fail where the tampering is, not merely come out
            // "not valid" by some other route (an unknown key, an unread field).
            let touched = case["touches"].as_str().expect("every twin says which check it touches");
            let failed = report.checks.iter().find(|c| c.check.as_str() == touched);
            assert_eq!(
                failed.map(|c| c.outcome),
                Some(Outcome::Failed),
                "{file}: the {} twin changes what the {touched} check covers, so that check fails: {:?}",
                case["variant"],
                report.checks
            );
        }
    }
    assert!(disagreements.is_empty(), "disagreements:\n{}", disagreements.join("\n"));
}

/// The network as the peer left it: the files it wrote for given URLs
/// (status lists); every other address is unreachable.
#[derive(Debug)]
struct PeerServed {
    dir: std::path::PathBuf,
    files: std::collections::HashMap<String, String>,
}

impl Fetcher for PeerServed {
    fn get(&self, url: &str, _limit: usize) -> Result<Fetched, FetchError> {
        match self.files.get(url) {
            Some(file) => Ok(Fetched {
                url: url.to_string(),
                media_type: Some("application/vc+ld+json".into()),
                body: std::fs::read(self.dir.join(file)).expect("the peer wrote what it serves"),
                origin: Origin::Network,
            }),
            None => Err(FetchError::Transport { url: url.to_string(), reason: "the peer serves nothing here".into() }),
        }
    }
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

/// The outcome and detail of `check` in a JSON report's `checks`.
fn outcome_of(report: &serde_json::Value, check: &str) -> (String, String) {
    let found = report["checks"].as_array().and_then(|all| all.iter().rev().find(|c| c["check"] == check));
    match found {
        Some(c) => (c["outcome"].as_str().unwrap_or_default().to_string(), c["detail"].as_str().unwrap_or_default().to_string()),
        None => ("(not run)".into(), String::new()),
    }
}

/// Packages Satchel makes for one employer, checked for another challenge,
/// another domain, and after they expired: `@digitalbazaar/vc` refuses the
/// first two for the challenge and the domain, and Satchel refuses all three
/// in the check that says so (the holder's signature for the challenge and
/// the domain, the package's validity for its expiry, with the signature
/// still good). The peer does not compare `proof.expires` with the clock at
/// all (data-integrity 2.5 only checks it is a date), so for expiry it can
/// only witness that `expires` is signed: pushed later, the package fails
/// with the peer's signature check and Satchel's alike.
#[test]
fn wrong_challenge_domain_and_expired_packages_fail_for_the_same_reason_with_digitalbazaar() {
    let peer = tempfile::tempdir().unwrap();
    node(&["issue", peer.path().to_str().unwrap()]);
    let w = satchel_tests::TestWallet::new().init_passphrase();
    let mut ids = Vec::new();
    for f in ["eddsa-jcs-2022-v2-signed.json", "ecdsa-jcs-2019-p256-v2-signed.json", "eddsa-rdfc-2022-v2-signed.json"] {
        let added = satchel_tests::json(&w.run(&["import", peer.path().join(f).to_str().unwrap()]));
        assert_eq!(added["credential"]["verdict"], "valid", "{f}: the peer's credential imports as valid: {added}");
        ids.push(added["credential"]["id"].as_str().unwrap().to_string());
    }
    let out = peer.path().join("package.json");
    let mut args = vec!["share"];
    args.extend(ids.iter().map(String::as_str));
    args.extend(["--challenge", "ch-7", "--domain", "employer.example", "--expires", "1h", "--out", out.to_str().unwrap()]);
    let made = w.run(&args);
    assert_eq!(made.status.code(), Some(0), "{}", String::from_utf8_lossy(&made.stderr));
    let file = out.to_str().unwrap();

    let theirs = node(&["verify-vp", file, "ch-7", "employer.example"]);
    assert_eq!(theirs["verified"], true, "the peer verifies the package with the JCS credentials in it: {theirs}");
    let ours = satchel_tests::json(&w.run(&["verify", "--offline", "--challenge", "ch-7", "--domain", "employer.example", file]));
    assert_eq!(ours["verdict"], "valid", "{ours}");
    for credential in ours["credentials"].as_array().unwrap() {
        assert_eq!(outcome_of(credential, "signature").0, "passed", "each carried credential's signature passes: {credential}");
    }

    // Another challenge: a replay.
    let theirs = node(&["verify-vp", file, "ch-8", "employer.example"]);
    assert_eq!(theirs["verified"], false, "another challenge fails with the peer: {theirs}");
    assert!(theirs["error"].as_str().unwrap_or_default().contains("challenge"), "the peer says why: the challenge: {theirs}");
    let ours = satchel_tests::json(&w.run(&["verify", "--offline", "--challenge", "ch-8", "--domain", "employer.example", file]));
    let (outcome, detail) = outcome_of(&ours, "signature");
    assert_eq!(
        (ours["verdict"].as_str(), outcome.as_str()),
        (Some("invalid"), "failed"),
        "Satchel fails the holder's signature check: {ours}"
    );
    assert!(detail.contains("challenge `ch-7`, not `ch-8`"), "for the challenge: {detail}");

    // Another domain: a package made for one employer shown to another.
    let theirs = node(&["verify-vp", file, "ch-7", "other.example"]);
    assert_eq!(theirs["verified"], false, "another domain fails with the peer: {theirs}");
    assert!(theirs["error"].as_str().unwrap_or_default().contains("domain"), "the peer says why: the domain: {theirs}");
    let ours = satchel_tests::json(&w.run(&["verify", "--offline", "--challenge", "ch-7", "--domain", "other.example", file]));
    let (outcome, detail) = outcome_of(&ours, "signature");
    assert_eq!(
        (ours["verdict"].as_str(), outcome.as_str()),
        (Some("invalid"), "failed"),
        "Satchel fails the holder's signature check: {ours}"
    );
    assert!(detail.contains("domain `employer.example`, not `other.example`"), "for the domain: {detail}");

    // Expired: checked two hours on, the package is expired and nothing else.
    let package: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let expires =
        chrono::DateTime::parse_from_rfc3339(package["proof"]["expires"].as_str().expect("the package says when it expires")).unwrap();
    let later = (expires + chrono::Duration::hours(1)).to_rfc3339();
    let ours =
        satchel_tests::json(&w.run(&["verify", "--offline", "--at", &later, "--challenge", "ch-7", "--domain", "employer.example", file]));
    assert_eq!(ours["verdict"], "expired", "{ours}");
    assert_eq!(outcome_of(&ours, "validity").0, "failed", "the package's validity check fails: {ours}");
    assert_eq!(outcome_of(&ours, "signature").0, "passed", "and its signature still holds: expiry is not tampering: {ours}");
    let mut pushed = package.clone();
    pushed["proof"]["expires"] = serde_json::json!("2999-01-01T00:00:00Z");
    let pushed_file = peer.path().join("package-pushed-expiry.json");
    std::fs::write(&pushed_file, serde_json::to_vec(&pushed).unwrap()).unwrap();
    let theirs = node(&["verify-vp", pushed_file.to_str().unwrap(), "ch-7", "employer.example"]);
    assert_eq!(theirs["verified"], false, "`expires` is signed: a later one fails with the peer: {theirs}");
    assert!(theirs["error"].as_str().unwrap_or_default().contains("signature"), "in its signature check: {theirs}");
    let ours = satchel_tests::json(&w.run(&["verify", "--offline", "--challenge", "ch-7", pushed_file.to_str().unwrap()]));
    assert_eq!(outcome_of(&ours, "signature").0, "failed", "and in Satchel's: {ours}");
}

/// The SHA-256 digest of an SD-JWT disclosure as RFC 9901 computes it
/// (over the base64url text), computed here with `sha2`, not by Satchel.
fn disclosure_digest(disclosure: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(disclosure.as_bytes()))
}

fn decode_part(part: &str) -> serde_json::Value {
    use base64::Engine as _;
    serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part).expect("base64url")).expect("JSON")
}

/// An SD-JWT VC with a claim inside another (`street` inside `address`),
/// issued by `@sd-jwt/sd-jwt-vc`: Satchel shares `address` and `street`
/// and withholds `locality`; the peer verifies the presentation for the
/// package's challenge (and refuses another nonce); each disclosure's digest,
/// computed here with `sha2`, sits where the issuer signed it (`address` in
/// the payload, `street` inside `address`), the withheld one's digest stays
/// and its disclosure does not, and the key binding's `sd_hash` and `aud`
/// are the package's. Shown without `address`, `street` matches no digest
/// the issuer signed: Satchel will not make that package, and refuses the
/// SD-JWT in its signature check; the peer drops the orphan silently (it
/// does not reject unreferenced disclosures, which RFC 9901 section 7.1
/// requires), so its witness is only that `street` never appears as signed.
#[test]
fn nested_disclosures_and_sd_jwt_packages_fail_for_the_same_reason_with_the_sd_jwt_library() {
    use base64::Engine as _;
    use sha2::Digest as _;
    let peer = tempfile::tempdir().unwrap();
    let w = satchel_tests::TestWallet::new().init_passphrase();
    let did = satchel_tests::json(&w.run(&["profiles"]))["profiles"][0]["did"].as_str().unwrap().to_string();
    let raw = bs58::decode(did.trim_start_matches("did:key:z")).into_vec().unwrap();
    let x = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&raw[2..]);
    node(&["issue-sd-jwt", peer.path().to_str().unwrap(), &x]);
    let issuer = peer.path().join("issuer.json");
    let issued_file = peer.path().join("sd-jwt-vc-nested.txt");
    let issued = std::fs::read_to_string(&issued_file).unwrap();
    let by_name = |name: &str| -> String {
        issued
            .split('~')
            .skip(1)
            .find(|d| !d.is_empty() && decode_part(d).get(1) == Some(&serde_json::json!(name)))
            .unwrap_or_else(|| panic!("the issued SD-JWT discloses `{name}`"))
            .to_string()
    };
    let (address, street, locality) = (by_name("address"), by_name("street"), by_name("locality"));
    let added = satchel_tests::json(&w.run(&["import", issued_file.to_str().unwrap()]));
    assert_eq!(added["credential"]["verdict"], "valid", "{added}");
    let id = added["credential"]["id"].as_str().unwrap().to_string();

    // Satchel will not show `street` without `address`.
    let orphan_out = peer.path().join("orphan.json");
    let refused =
        w.run(&["share", &id, "--disclose", &format!("{id}:street"), "--challenge", "n-1", "--out", orphan_out.to_str().unwrap()]);
    assert_ne!(refused.status.code(), Some(0), "a nested claim without its parent is refused");
    let said = format!("{}{}", String::from_utf8_lossy(&refused.stdout), String::from_utf8_lossy(&refused.stderr));
    assert!(said.contains("`street` is inside `address`"), "and the learner is told why: {said}");
    assert!(!orphan_out.exists(), "and no package is written");

    let out = peer.path().join("package.json");
    let made = w.run(&[
        "share",
        &id,
        "--disclose",
        &format!("{id}:address"),
        "--disclose",
        &format!("{id}:street"),
        "--challenge",
        "nonce-9",
        "--domain",
        "employer.example",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(made.status.code(), Some(0), "{}", String::from_utf8_lossy(&made.stderr));
    let package: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let url = package["verifiableCredential"][0]["id"].as_str().unwrap();
    let presentation = url.split_once(',').unwrap().1.to_string();
    let parts: Vec<&str> = presentation.split('~').collect();
    let shown: Vec<&str> = parts[1..parts.len() - 1].to_vec();
    assert!(shown.contains(&address.as_str()) && shown.contains(&street.as_str()), "address and street are shown");
    assert!(!shown.contains(&locality.as_str()), "locality is withheld");
    assert_eq!(shown.len(), 2, "and nothing else is shown (given_name was not chosen): {shown:?}");

    // Digests, by sha2: address's in the signed payload, street's and the
    // withheld locality's inside address's disclosed value.
    let payload = decode_part(parts[0].split('.').nth(1).unwrap());
    let signed_sd: Vec<&str> = payload["_sd"].as_array().unwrap().iter().filter_map(|d| d.as_str()).collect();
    assert!(signed_sd.contains(&disclosure_digest(&address).as_str()), "address's digest is in the payload the issuer signed");
    let address_value = &decode_part(&address)[2];
    let inner_sd: Vec<&str> = address_value["_sd"].as_array().unwrap().iter().filter_map(|d| d.as_str()).collect();
    assert!(inner_sd.contains(&disclosure_digest(&street).as_str()), "street's digest is inside address");
    assert!(inner_sd.contains(&disclosure_digest(&locality).as_str()), "the withheld locality's digest stays, hidden");
    let kb = decode_part(parts[parts.len() - 1].split('.').nth(1).unwrap());
    let up_to_kb = &presentation[..presentation.rfind('~').unwrap() + 1];
    let sd_hash = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(up_to_kb.as_bytes()));
    assert_eq!(kb["sd_hash"], sd_hash.as_str(), "the key binding covers exactly the disclosures shown");
    assert_eq!((kb["nonce"].as_str(), kb["aud"].as_str()), (Some("nonce-9"), Some("employer.example")), "made for this package");

    let file = peer.path().join("presentation.txt");
    std::fs::write(&file, &presentation).unwrap();
    let theirs = node(&["verify-sd-jwt", file.to_str().unwrap(), issuer.to_str().unwrap(), "nonce-9"]);
    assert_eq!(theirs["verified"], true, "the peer verifies the nested presentation: {theirs}");
    assert!(theirs["payload"]["address"]["street"].is_string(), "and sees street inside address: {theirs}");
    assert!(theirs["payload"]["address"].get("locality").is_none(), "but not the withheld locality: {theirs}");
    assert_eq!(theirs["kbPayload"]["aud"], "employer.example", "its key binding names the package's domain: {theirs}");
    let ours = satchel_tests::json(&w.run(&[
        "verify",
        "--offline",
        "--challenge",
        "nonce-9",
        "--domain",
        "employer.example",
        out.to_str().unwrap(),
    ]));
    assert_eq!(ours["verdict"], "valid", "{ours}");

    // Another nonce: the peer refuses for the nonce; so does Satchel, in the
    // signature check, for the key binding's challenge.
    let theirs = node(&["verify-sd-jwt", file.to_str().unwrap(), issuer.to_str().unwrap(), "nonce-10"]);
    assert_eq!(theirs["verified"], false, "{theirs}");
    assert!(theirs["error"].as_str().unwrap_or_default().contains("Nonce"), "for the nonce: {theirs}");
    let ours = satchel_tests::json(&w.run(&["verify", "--offline", "--challenge", "nonce-10", out.to_str().unwrap()]));
    assert_eq!(ours["verdict"], "invalid", "{ours}");
    let (outcome, detail) = outcome_of(&ours, "signature");
    assert_eq!(outcome, "failed", "the holder's proof names nonce-9: {ours}");
    assert!(detail.contains("challenge"), "for the challenge: {detail}");

    // The orphan: street shown without address, as issued (no key binding).
    let orphan = format!("{}~{street}~", parts[0]);
    let orphan_file = peer.path().join("orphan.txt");
    std::fs::write(&orphan_file, &orphan).unwrap();
    let ours = satchel_tests::json(&w.run(&["verify", "--offline", orphan_file.to_str().unwrap()]));
    let (outcome, detail) = outcome_of(&ours, "signature");
    assert_eq!((ours["verdict"].as_str(), outcome.as_str()), (Some("invalid"), "failed"), "Satchel refuses the orphan: {ours}");
    assert!(detail.contains("matches no digest"), "because its digest is nowhere the issuer signed: {detail}");
    let theirs = node(&["verify-sd-jwt", orphan_file.to_str().unwrap(), issuer.to_str().unwrap(), ""]);
    let claims = &theirs["payload"];
    assert!(
        theirs["verified"] == false || (claims.get("street").is_none() && claims.get("address").is_none()),
        "the peer never shows the orphan street as a signed claim: {theirs}"
    );
}
