//! Bad input changes nothing: a wrong passphrase, a damaged header, a
//! truncated database each get their own error code and leave every file as
//! it was.

use std::collections::BTreeMap;
use std::path::Path;

use satchel_tests::{json, sample_credential, TestWallet};

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect()
}

fn wallet_with_one() -> TestWallet {
    let w = TestWallet::new().init_passphrase();
    let f = w.scratch("c.json", &sample_credential(7));
    assert_eq!(w.run(&["import", f.to_str().unwrap()]).status.code(), Some(0));
    w
}

#[test]
fn wrong_passphrase_changes_nothing() {
    let w = wallet_with_one();
    let before = snapshot(&w.dir);
    let out = w.cmd().env("SATCHEL_PASSPHRASE", "not the passphrase").args(["--json", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json(&out)["error"]["code"], "wrong_passphrase");
    assert_eq!(snapshot(&w.dir), before, "a wrong passphrase writes nothing");
}

#[test]
fn damaged_header_is_its_own_error() {
    let w = wallet_with_one();
    let header = w.file("wallet.header");
    let mut bytes = std::fs::read(&header).unwrap();
    let i = bytes.iter().position(|&b| b == b'"').unwrap() + 3;
    bytes[i] ^= 0x20;
    std::fs::write(&header, &bytes).unwrap();
    let before = snapshot(&w.dir);
    let out = w.run(&["list"]);
    assert_eq!(out.status.code(), Some(2));
    let err = json(&out)["error"].clone();
    assert_eq!(err["code"], "header_corrupt", "a flipped byte is damage, not a wrong passphrase: {err}");
    assert!(err["message"].as_str().unwrap().contains("wallet.header"), "the message names the file");
    assert_eq!(snapshot(&w.dir), before);

    std::fs::write(&header, b"").unwrap();
    assert_eq!(json(&w.run(&["list"]))["error"]["code"], "header_corrupt", "an empty header too");
}

#[test]
fn truncated_database_is_its_own_error() {
    let w = wallet_with_one();
    // Fold the WAL into the main file so the truncation hits real pages.
    let db = w.file("wallet.db");
    for cut in [4096u64, 100] {
        let full = std::fs::read(&db).unwrap();
        assert!(full.len() as u64 > cut);
        std::fs::write(&db, &full[..cut as usize]).unwrap();
        let _ = std::fs::remove_file(w.file("wallet.db-wal"));
        let _ = std::fs::remove_file(w.file("wallet.db-shm"));
        let before = snapshot(&w.dir);
        let out = w.run(&["list"]);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(json(&out)["error"]["code"], "database_corrupt", "cut at {cut} bytes");
        assert_eq!(snapshot(&w.dir).get("wallet.db"), before.get("wallet.db"), "the damaged file is left for recovery");
        assert_eq!(snapshot(&w.dir).get("wallet.header"), before.get("wallet.header"));
    }
}

#[test]
fn missing_database_is_not_recreated() {
    let w = wallet_with_one();
    for f in ["wallet.db", "wallet.db-wal", "wallet.db-shm"] {
        let _ = std::fs::remove_file(w.file(f));
    }
    let out = w.run(&["list"]);
    assert_eq!(json(&out)["error"]["code"], "database_missing");
    assert!(!w.file("wallet.db").exists(), "opening never creates an empty wallet in its place");
}
