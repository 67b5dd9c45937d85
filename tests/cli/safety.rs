//! The wallet's own safety through the CLI (issue 14): output files, the
//! wallet folder, passphrase files, re-keying, a closed pipe, core dumps,
//! and usage errors that say `usage`.

use std::os::unix::fs::PermissionsExt;

use satchel_tests::{json, sample_credential, TestWallet};

fn mode(path: &std::path::Path) -> u32 {
    std::fs::symlink_metadata(path).unwrap().permissions().mode() & 0o7777
}

fn wallet_with_one() -> (TestWallet, String) {
    let w = TestWallet::new().init_passphrase();
    let f = w.scratch("c.json", &sample_credential(41));
    let out = w.run(&["import", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let id = json(&out)["credential"]["id"].as_str().unwrap().to_string();
    (w, id)
}

#[test]
fn output_files_are_new_private_and_never_followed() {
    let (w, id) = wallet_with_one();
    let out = w.tmp.path().join("export.json");
    let first = w.run(&["export", &id, "--out", out.to_str().unwrap()]);
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stdout));
    assert_eq!(mode(&out), 0o600, "a file holding a credential is its owner's only");

    let again = w.run(&["export", &id, "--out", out.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(json(&again)["error"]["code"], "file_exists", "an existing file is not overwritten without --force");
    assert!(json(&again)["error"]["message"].as_str().unwrap().contains("--force"), "the message says how to replace it");

    // A symlink planted at the output name: refused, and with --force replaced, never written through.
    let victim = w.scratch("victim.txt", b"precious");
    let link = w.tmp.path().join("planted.json");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let through = w.run(&["export", &id, "--out", link.to_str().unwrap()]);
    assert_eq!(json(&through)["error"]["code"], "file_exists", "a symlink at the name is something there");
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    let forced = w.run(&["--force", "export", &id, "--out", link.to_str().unwrap()]);
    assert_eq!(forced.status.code(), Some(0), "{}", String::from_utf8_lossy(&forced.stdout));
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious", "--force replaces the link itself, not the file it points at");
    assert!(!std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read(&link).unwrap(), sample_credential(41));
    assert_eq!(mode(&link), 0o600);

    // A package whose name is taken is refused before anything is signed or logged.
    let taken = w.scratch("package.json", b"mine");
    let share = w.run(&["share", &id, "--out", taken.to_str().unwrap()]);
    assert_eq!(json(&share)["error"]["code"], "file_exists");
    assert_eq!(std::fs::read(&taken).unwrap(), b"mine");
    assert_eq!(json(&w.run(&["shares"]))["shares"].as_array().map(Vec::len), Some(0), "no share was logged");
    let fresh = w.tmp.path().join("fresh.json");
    let summary = w.tmp.path().join("summary.html");
    let made = w.run(&["share", &id, "--out", fresh.to_str().unwrap(), "--summary", summary.to_str().unwrap()]);
    assert_eq!(made.status.code(), Some(0), "{}", String::from_utf8_lossy(&made.stdout));
    assert_eq!((mode(&fresh), mode(&summary)), (0o600, 0o600), "a package and its summary hold credentials");
}

#[test]
fn a_wallet_folder_others_can_write_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let w = TestWallet::new();
    let out = w.cmd().env("SATCHEL_WALLET", &shared).args(["--json", "init", "--passphrase"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = &json(&out)["error"];
    assert_eq!(err["code"], "unsafe_folder", "{err}");
    assert!(err["message"].as_str().unwrap().contains("every user"), "it says why: {err}");
    assert_eq!(mode(&shared), 0o1777, "never silently chmod-ed");
    assert_eq!(std::fs::read_dir(&shared).unwrap().count(), 0, "nothing was written there");

    // A wallet made safely, whose folder is later opened to others: unlock refuses it.
    let w = TestWallet::new().init_passphrase();
    assert_eq!(mode(&w.dir), 0o700);
    assert_eq!((mode(&w.file("wallet.db")), mode(&w.file("wallet.header"))), (0o600, 0o600), "wallet files are the owner's only");
    std::fs::set_permissions(&w.dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    assert_eq!(json(&w.run(&["list"]))["error"]["code"], "unsafe_folder", "unlock checks the folder");
    std::fs::set_permissions(&w.dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(json(&w.run(&["list"]))["total"], 0);
}

#[test]
fn a_passphrase_file_others_can_read_is_warned_about() {
    let w = TestWallet::new().init_passphrase();
    let pf = w.scratch("pass.txt", format!("{}\n", satchel_tests::TEST_PASSPHRASE).as_bytes());
    std::fs::set_permissions(&pf, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run =
        || w.cmd().env_remove("SATCHEL_PASSPHRASE").args(["--json", "--passphrase-file", pf.to_str().unwrap(), "list"]).output().unwrap();
    let open = run();
    assert_eq!(json(&open)["total"], 0, "it still works: a warning, not a refusal");
    let stderr = String::from_utf8_lossy(&open.stderr);
    assert!(stderr.contains("warning") && stderr.contains("can be read by other users") && stderr.contains("chmod 600"), "{stderr}");
    std::fs::set_permissions(&pf, std::fs::Permissions::from_mode(0o600)).unwrap();
    let private = run();
    assert!(!String::from_utf8_lossy(&private.stderr).contains("warning"), "a private file is not warned about");
}

#[test]
fn passphrase_change_can_rekey_and_says_which_it_did() {
    let (w, _) = wallet_with_one();
    let old_header = std::fs::read(w.file("wallet.header")).unwrap();
    let wrong = w
        .cmd()
        .env("SATCHEL_PASSPHRASE", "not the passphrase")
        .env("SATCHEL_NEW_PASSPHRASE", "a brand new passphrase")
        .args(["--json", "passphrase", "change"])
        .output()
        .unwrap();
    assert_eq!(json(&wrong)["error"]["code"], "wrong_passphrase", "the current passphrase is needed to change it");

    let rewrap = w.cmd().env("SATCHEL_NEW_PASSPHRASE", "a brand new passphrase").args(["passphrase", "change"]).output().unwrap();
    assert_eq!(rewrap.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&rewrap.stdout).contains("not re-encrypted"), "it says it only re-wrapped");
    let rekey = w
        .cmd()
        .env("SATCHEL_PASSPHRASE", "a brand new passphrase")
        .env("SATCHEL_NEW_PASSPHRASE", "a third passphrase here")
        .args(["passphrase", "change", "--rekey"])
        .output()
        .unwrap();
    assert_eq!(rekey.status.code(), Some(0), "{}", String::from_utf8_lossy(&rekey.stderr));
    assert!(String::from_utf8_lossy(&rekey.stdout).contains("re-encrypted with a new key"), "it says it re-keyed");

    // An old header (as in an old backup) with the old passphrase no longer opens today's database.
    let new_header = std::fs::read(w.file("wallet.header")).unwrap();
    std::fs::write(w.file("wallet.header"), &old_header).unwrap();
    assert_eq!(json(&w.run(&["list"]))["error"]["code"], "database_corrupt", "the old key does not decrypt it");
    std::fs::write(w.file("wallet.header"), &new_header).unwrap();
    let now = w.cmd().env("SATCHEL_PASSPHRASE", "a third passphrase here").args(["--json", "list"]).output().unwrap();
    assert_eq!(json(&now)["total"], 1, "everything came through the re-key");

    let same = w.cmd().env("SATCHEL_PASSPHRASE", "a third passphrase here").args(["passphrase", "rekey"]).output().unwrap();
    assert_eq!(same.status.code(), Some(0), "{}", String::from_utf8_lossy(&same.stderr));
    let after = w.cmd().env("SATCHEL_PASSPHRASE", "a third passphrase here").args(["--json", "list"]).output().unwrap();
    assert_eq!(json(&after)["total"], 1, "`passphrase rekey` keeps the passphrase");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let (w, id) = wallet_with_one();
    for args in [vec!["list"], vec!["linkedin", id.as_str()]] {
        let mut child = w.cmd().args(&args).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
        // The reader goes away before anything is written (`| head -0`).
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: no panic: {stderr}");
        assert_eq!(out.status.code(), Some(141), "{args:?}: exit 141, as a process ended by SIGPIPE: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: nothing said about it: {stderr}");
    }
}

#[test]
fn core_dumps_are_off_while_the_wallet_is_open() {
    let w = TestWallet::new().init_passphrase();
    // `import -` unlocks the wallet, then waits for standard input: look at it then.
    let mut child = w.cmd().args(["import", "-"]).stdin(std::process::Stdio::piped()).stderr(std::process::Stdio::null()).spawn().unwrap();
    let limits = format!("/proc/{}/limits", child.id());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let core = loop {
        let text = std::fs::read_to_string(&limits).unwrap_or_default();
        let line = text.lines().find(|l| l.starts_with("Max core file size")).unwrap_or_default().to_string();
        // Soft and hard: many systems start with a soft limit of 0 already.
        if line.split_whitespace().skip(4).take(2).eq(["0", "0"]) || std::time::Instant::now() > deadline {
            break line;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    drop(child.stdin.take());
    let _ = child.wait();
    let fields: Vec<&str> = core.split_whitespace().collect();
    assert_eq!(fields.get(4..6), Some(&["0", "0"][..]), "soft and hard core limits are 0: {core}");
}

#[test]
fn usage_errors_say_usage() {
    let (w, id) = wallet_with_one();
    let out = w.tmp.path().join("p.json");
    let bad = w.run(&["share", &id, "--expires", "soon", "--out", out.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(json(&bad)["error"]["code"], "usage", "a bad option value is a usage error, not `io`");
    let missing = w.run(&["import"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(json(&missing)["error"]["code"], "usage", "clap's own errors too, under --json");
    let unknown = w.run(&["frobnicate"]);
    assert_eq!(json(&unknown)["error"]["code"], "usage");
    let unreadable = satchel_tests::json_lines(&w.run(&["import", "/nonexistent/file.json"]));
    assert_eq!(unreadable.last().unwrap()["error"]["code"], "io", "an unreadable file is still `io`");
}

/// A genuine signed credential and a tampered twin (same `id`, changed name).
fn genuine_and_forged() -> (Vec<u8>, Vec<u8>) {
    let genuine = satchel_core::samples::make(chrono::Utc::now()).expect("a freshly signed credential").remove(0);
    let mut forged: serde_json::Value = serde_json::from_slice(&genuine).unwrap();
    forged["name"] = "Forged: Doctor of Medicine".into();
    (genuine, serde_json::to_vec_pretty(&forged).unwrap())
}

#[test]
fn a_forged_copy_never_shadows_the_real_one() {
    let w = TestWallet::new().init_passphrase();
    let (genuine, forged) = genuine_and_forged();
    // The tampered file sorts first, as in a folder.
    let a = w.scratch("a-forged.json", &forged);
    let b = w.scratch("b-genuine.json", &genuine);
    let out = w.run(&["import", a.to_str().unwrap(), b.to_str().unwrap()]);
    let lines = satchel_tests::json_lines(&out);
    assert_eq!((lines[0]["outcome"].as_str(), lines[0]["credential"]["verdict"].as_str()), (Some("added"), Some("invalid")), "{lines:?}");
    assert_eq!(lines[1]["outcome"], "added_beside_invalid", "the genuine file is stored, not refused as a duplicate: {lines:?}");
    assert_eq!(lines[1]["credential"]["verdict"], "valid");
    assert_eq!(lines[1]["invalid"]["id"], lines[0]["credential"]["id"], "and the learner is told which stored copy is the forgery");
    let mut other: serde_json::Value = serde_json::from_slice(&forged).unwrap();
    other["name"] = "Forged again".into();
    let c = w.scratch("c-forged.json", &serde_json::to_vec(&other).unwrap());
    let text = w.cmd().args(["import", c.to_str().unwrap()]).output().unwrap();
    let said = String::from_utf8_lossy(&text.stdout);
    assert!(
        said.contains("already in") && said.contains(lines[1]["credential"]["id"].as_str().unwrap()),
        "another forgery is reported against the genuine copy: {said}"
    );
    assert_eq!(json(&w.run(&["list"]))["total"], 2, "the forgery is kept for the learner to see and delete, beside the real one");

    // The other order: the genuine one first, then the forgery adds nothing.
    let w = TestWallet::new().init_passphrase();
    let b = w.scratch("b-genuine.json", &genuine);
    let a = w.scratch("a-forged.json", &forged);
    assert_eq!(json(&w.run(&["import", b.to_str().unwrap()]))["outcome"], "added");
    let again = json(&w.run(&["import", a.to_str().unwrap()]));
    assert_eq!((again["outcome"].as_str(), again["credential"]["verdict"].as_str()), (Some("duplicate"), Some("valid")), "{again}");
    assert_eq!(json(&w.run(&["list"]))["total"], 1, "an invalid copy never replaces a valid one");
}
