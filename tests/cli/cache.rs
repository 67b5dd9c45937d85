//! Checking with no network: documents kept in the wallet by hand
//! (`satchel cache add`) let a did:web credential with a status list be
//! verified offline, and the report says it relied on them.

use satchel_tests::{json, json_lines, vectors_dir, TestWallet};

#[test]
fn hand_added_documents_verify_offline_and_are_marked() {
    let Some(dir) = vectors_dir() else { return };
    let w = TestWallet::new().init_passphrase();
    let credential = dir.join("dcc-ob3-v2-didweb-ed25519vk2020.json");
    let imported = json(&w.cmd().args(["--offline", "--json", "import"]).arg(&credential).output().unwrap());
    assert_eq!(imported["credential"]["verdict"], "unverifiable", "offline with nothing cached: the did:web key cannot be had");
    let id = imported["credential"]["id"].as_str().unwrap().to_string();

    let add = |url: &str, file: &str| {
        let out = w.cmd().args(["--json", "cache", "add", url]).arg(dir.join(file)).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "cache add {url}: {}", String::from_utf8_lossy(&out.stdout));
    };
    add("https://digitalcredentials.github.io/dcc-did-web/did.json", "dcc-did-web-did.json");
    add(
        "https://raw.githubusercontent.com/digitalcredentials/verifier-core/refs/heads/main/src/test-fixtures/status/e5WK8CbZ1GjycuPombrj",
        "dcc-bitstring-status-list-e5WK8CbZ1GjycuPombrj.json",
    );
    let listed = json(&w.run(&["cache", "list"]));
    assert_eq!(listed["cache"].as_array().unwrap().len(), 2);
    assert_eq!(listed["cache"][0]["manual"], true);

    let out = w.cmd().args(["--offline", "--json", "recheck", &id]).output().unwrap();
    let report = &json_lines(&out)[0];
    assert_eq!(report["verdict"], "valid", "both documents came from the cache: {report}");
    assert_eq!(out.status.code(), Some(0));
    let details: Vec<&str> = report["checks"].as_array().unwrap().iter().filter_map(|c| c["detail"].as_str()).collect();
    assert!(details.iter().any(|d| d.contains("signature") || d.contains("Ed25519Signature2020")), "{details:?}");
    assert_eq!(
        details.iter().filter(|d| d.contains("added by hand")).count(),
        2,
        "the key and the status list are both marked: {details:?}"
    );
    assert_eq!(json(&w.run(&["list"]))["credentials"][0]["verdict"], "valid", "the new report is kept");

    let bad =
        w.cmd().args(["--json", "cache", "add", "http://example.org/key.json"]).arg(dir.join("dcc-did-web-did.json")).output().unwrap();
    assert_eq!(json(&bad)["error"]["code"], "network", "only https addresses");
    let not_json = w.scratch("notes.txt", b"hello");
    let bad = w.cmd().args(["--json", "cache", "add", "https://u.example/did.json"]).arg(&not_json).output().unwrap();
    assert_eq!(json(&bad)["error"]["code"], "unsupported_format");
}
