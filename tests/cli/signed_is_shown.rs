//! Issue 11 (§1, §3, §8, §13, "Also") and issue 12 (Ed25519Signature2018,
//! unknown proof types) through the real binary: tokens signed by peer
//! libraries with fresh keys (`jose` with a did:jwk, `@digitalbazaar`'s
//! Ed25519Signature2018 suite with a did:key), checked offline.

use std::process::Command;

use satchel_tests::{json, workspace_root, TestWallet};
use serde_json::{json as j, Value};

/// Runs the interop peer; its last output line is JSON.
fn peer(args: &[&str]) -> Value {
    let dir = workspace_root().join("tests/interop");
    assert!(dir.join("node_modules/jose").is_dir(), "the interop peer's npm packages are missing (npm ci in tests/interop)");
    let run = Command::new("node").arg("peers.mjs").args(args).current_dir(&dir).output().expect("run node");
    assert!(run.status.success(), "the peer failed: {}", String::from_utf8_lossy(&run.stderr));
    String::from_utf8_lossy(&run.stdout).lines().last().and_then(|l| serde_json::from_str(l).ok()).unwrap_or(Value::Null)
}

/// A JWT jose signs with a fresh did:jwk; `ISSUER` in the payload becomes that DID.
fn signed_jwt(w: &TestWallet, name: &str, header: Value, payload: Value) -> std::path::PathBuf {
    signed_jwt_with_key(w, name, header, payload).0
}

/// [`signed_jwt`], and the public JWK of the key that signed it.
fn signed_jwt_with_key(w: &TestWallet, name: &str, header: Value, payload: Value) -> (std::path::PathBuf, Value) {
    let file = w.tmp.path().join(name);
    let out = peer(&["sign-jwt", file.to_str().unwrap(), &header.to_string(), &payload.to_string()]);
    (file, out["jwk"].clone())
}

#[test]
fn an_attackers_did_document_cannot_make_its_key_harvards() {
    let w = TestWallet::new().init_passphrase();
    let payload = j!({"iss": "did:web:harvard.edu", "vc": {"@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": ["VerifiableCredential"], "issuer": {"id": "did:web:harvard.edu", "name": "Harvard University"},
        "issuanceDate": "2020-01-01T00:00:00Z", "credentialSubject": {"id": "did:example:learner"}}});
    let (file, jwk) = signed_jwt_with_key(&w, "harvard.jwt", j!({"typ": "JWT", "kid": "did:web:attacker.example#key-1"}), payload);
    // The attacker's document says its key is Harvard's; Harvard's own lists another key.
    let attacker = j!({"id": "did:web:attacker.example", "verificationMethod": [{"id": "did:web:attacker.example#key-1",
        "type": "JsonWebKey", "controller": "did:web:harvard.edu", "publicKeyJwk": jwk}],
        "assertionMethod": ["did:web:attacker.example#key-1"]});
    let harvard = j!({"id": "did:web:harvard.edu", "verificationMethod": [{"id": "did:web:harvard.edu#key-1", "type": "JsonWebKey",
        "controller": "did:web:harvard.edu", "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}}],
        "assertionMethod": ["did:web:harvard.edu#key-1"]});
    for (url, doc) in [("https://attacker.example/.well-known/did.json", attacker), ("https://harvard.edu/.well-known/did.json", harvard)] {
        let path = w.scratch(&format!("{}.json", url.len()), &serde_json::to_vec(&doc).unwrap());
        let added = w.run(&["cache", "add", url, path.to_str().unwrap()]);
        assert_eq!(added.status.code(), Some(0), "cache add {url}: {}", String::from_utf8_lossy(&added.stdout));
    }
    let imported = json(&w.cmd().args(["--offline", "--json", "import"]).arg(&file).output().unwrap());
    assert_eq!(imported["credential"]["verdict"], "invalid", "Harvard's document does not list the key: {imported}");
    let id = imported["credential"]["id"].as_str().unwrap();
    let shown = json(&w.run(&["show", id]));
    let issuer = shown["report"]["checks"].as_array().unwrap().iter().find(|c| c["check"] == "issuer").cloned().unwrap_or_default();
    assert_eq!(issuer["outcome"], "failed", "never \"the key's controller is the issuer\": {shown}");
    assert!(issuer["detail"].as_str().unwrap_or_default().contains("did:web:attacker.example"), "whose key it is: {issuer}");
}

fn verify_json(w: &TestWallet, file: &std::path::Path) -> Value {
    json(&w.cmd().args(["verify", "--offline", "--json"]).arg(file).output().unwrap())
}

fn vc(name: &str, dates: Value) -> Value {
    let mut vc = j!({"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"], "issuer": "ISSUER",
        "issuanceDate": "2020-01-01T00:00:00Z", "credentialSubject": {"id": "did:example:learner", "name": name}});
    for (k, v) in dates.as_object().unwrap() {
        vc[k] = v.clone();
    }
    vc
}

#[test]
fn terminal_output_escapes_what_a_credential_says_and_flags_lookalikes() {
    let w = TestWallet::new();
    // A name that would clear the line and print a green VALID, then reverse the text.
    let forged = "x\u{1b}[2K\r\u{1b}[32mVALID\u{1b}[0m \u{202e}evil";
    let mut credential = vc(forged, j!({}));
    credential["issuer"] = j!({"id": "ISSUER", "name": "Harvard Univ\u{0435}rsity"});
    credential["name"] = j!(forged);
    let file = signed_jwt(&w, "forged-name.jwt", j!({"typ": "JWT"}), j!({"iss": "ISSUER", "vc": credential}));

    let out = w.cmd().args(["verify", "--offline"]).arg(&file).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}') && !text.contains('\r'), "nothing raw reaches the terminal: {text:?}");
    assert!(text.contains("\\u{1b}"), "the escape is shown, not acted on: {text}");
    let report = verify_json(&w, &file);
    let warnings = report["text_warnings"].as_array().expect("text_warnings in the JSON report");
    assert!(
        warnings.iter().any(|w| w.as_str().unwrap().contains("issuer name") && w.as_str().unwrap().contains("Cyrillic")),
        "the Cyrillic `е` in \"Harvard University\" is flagged: {warnings:?}"
    );
    assert!(text.contains("warning") && text.contains("Cyrillic"), "and said in the terminal report: {text}");
}

#[test]
fn a_vc_jwt_is_checked_as_one_whatever_is_appended_and_crit_is_honoured() {
    let w = TestWallet::new();
    let expired = vc("Ana", j!({"expirationDate": "2021-01-01T00:00:00Z"}));
    let file = signed_jwt(&w, "expired.jwt", j!({"typ": "JWT"}), j!({"iss": "ISSUER", "vc": expired}));
    assert_eq!(verify_json(&w, &file)["verdict"], "expired", "the control");
    let mut tilde = std::fs::read(&file).unwrap();
    tilde.push(b'~');
    let tilde_file = w.scratch("expired-tilde.jwt", &tilde);
    let r = verify_json(&w, &tilde_file);
    assert_ne!(r["verdict"], "valid", "a `~` appended does not hide `vc.expirationDate`: {r}");

    let crit = signed_jwt(
        &w,
        "crit.jwt",
        j!({"typ": "JWT", "crit": ["urn:example:must-understand"], "urn:example:must-understand": true}),
        j!({"iss": "ISSUER", "vc": vc("Ana", j!({}))}),
    );
    let r = verify_json(&w, &crit);
    assert_eq!(r["verdict"], "unverifiable", "RFC 7515: an unknown critical header is not accepted: {r}");
}

#[test]
fn ed25519_signature_2018_credentials_verify_and_unknown_suites_are_unverifiable() {
    let w = TestWallet::new();
    let dir = w.tmp.path().join("peer-2018");
    peer(&["issue-2018", dir.to_str().unwrap()]);
    let manifest: Vec<Value> = serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    for case in &manifest {
        let file = dir.join(case["file"].as_str().unwrap());
        let r = verify_json(&w, &file);
        let expected = if case["verified"] == true { "valid" } else { "invalid" };
        assert_eq!(r["verdict"], expected, "{}: the peer says {}: {r}", case["file"], case["verified"]);
    }
    // A proof type Satchel does not know: not checked, so not `invalid`.
    let signed: Value = serde_json::from_slice(&std::fs::read(dir.join("ed25519-2018-v1-signed.json")).unwrap()).unwrap();
    let mut unknown = signed.clone();
    unknown["proof"]["type"] = j!("BbsBlsSignature2020");
    let file = w.scratch("unknown-suite.json", &serde_json::to_vec(&unknown).unwrap());
    let r = verify_json(&w, &file);
    assert_eq!(r["verdict"], "unverifiable", "an unknown proof type is `unverifiable`, never `invalid`: {r}");
}

#[test]
fn codes_of_two_packages_are_refused_on_the_employers_side() {
    let w = TestWallet::new().init_passphrase();
    let dir = w.tmp.path().join("peer");
    peer(&["issue-2018", dir.to_str().unwrap()]);
    let added = json(&w.run(&["import", dir.join("ed25519-2018-v1-signed.json").to_str().unwrap()]));
    let id = added["credential"]["id"].as_str().unwrap().to_string();
    // Each package's codes (one, or a sequence `NAME-1.png`, `NAME-2.png`…):
    // both kinds must be refused together (qr.rs pins the single-code case).
    let mut images: Vec<Vec<String>> = Vec::new();
    for (name, expires) in [("first", "1m"), ("second", "2w")] {
        let qr = w.tmp.path().join(format!("{name}.png"));
        let package = w.tmp.path().join(format!("{name}.json"));
        let made = w.run(&["share", &id, "--expires", expires, "--out", package.to_str().unwrap(), "--qr", qr.to_str().unwrap()]);
        assert_eq!(made.status.code(), Some(0), "{}", String::from_utf8_lossy(&made.stderr));
        let mut codes: Vec<String> = std::fs::read_dir(w.tmp.path())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "png") && p.file_name().unwrap().to_string_lossy().starts_with(name))
            .map(|p| p.display().to_string())
            .collect();
        codes.sort();
        images.push(codes);
    }
    let mut control = vec!["verify", "--offline", "--qr"];
    control.extend(images[1].iter().map(String::as_str));
    let one = json(&w.run(&control));
    assert_eq!(one["credentials"].as_array().map(Vec::len), Some(1), "the control: one package's codes are read: {one}");
    let mut args = vec!["verify", "--offline", "--qr"];
    args.extend(images.iter().flatten().map(String::as_str));
    let out = w.run(&args);
    assert_ne!(out.status.code(), Some(0), "two packages are never read as one: {}", String::from_utf8_lossy(&out.stdout));
    let r = json(&out);
    assert!(
        r["error"]["message"].as_str().unwrap_or_default().contains("two different packages"),
        "the learner is told why, nothing is dropped in silence: {r}"
    );
}
