//! A learner's everyday flows through the CLI, and its contract: `--json`
//! output, exit codes 0/1/2.

use satchel_tests::{json, json_lines, sample_credential, vectors_dir, TestWallet};

#[test]
fn init_import_list_show_export_delete() {
    let w = TestWallet::new().init_passphrase();
    let file = w.scratch("badge.json", &sample_credential(1));
    let out = w.run(&["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "import of a good credential exits 0");
    let added = json(&out);
    assert_eq!(added["outcome"], "added");
    assert_eq!(added["credential"]["format"], "ob3-vc2-none", "an unsigned OB 3.0 credential on VCDM 2.0");
    assert_eq!(added["credential"]["title"], "Secret-Marker-Course-1");
    assert_eq!(added["credential"]["source"], "badge.json", "the file name is kept as provenance");
    let id = added["credential"]["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 12, "ids shown are short");

    let again = json(&w.run(&["import", file.to_str().unwrap()]));
    assert_eq!(again["outcome"], "duplicate", "the same file twice is recognised");
    assert_eq!(again["of"], "same_content");
    assert_eq!(again["credential"]["id"], id.as_str(), "and points at the row already there");

    let list = json(&w.run(&["list"]));
    assert_eq!(list["total"], 1, "a duplicate adds no row");
    assert_eq!(list["credentials"][0]["id"], id.as_str(), "ids are stable across runs");

    let shown = json(&w.run(&["show", &id[..6]]));
    assert_eq!(shown["credential"]["issuer_name"], "Satchel Demo Issuer (test data)", "a unique prefix is enough");

    let exported = w.cmd().args(["export", &id]).output().unwrap();
    assert_eq!(exported.stdout, sample_credential(1), "export gives back the exact bytes received");

    let deleted = json(&w.run(&["delete", &id]));
    assert_eq!(deleted["deleted"]["id"], id.as_str());
    assert_eq!(json(&w.run(&["list"]))["total"], 0);
    let gone = w.run(&["show", &id]);
    assert_eq!(gone.status.code(), Some(2));
    assert_eq!(json(&gone)["error"]["code"], "not_found");
}

#[test]
fn many_inputs_refused_items_and_exit_codes() {
    let w = TestWallet::new().init_passphrase();
    let good = w.scratch("good.json", &sample_credential(2));
    let pdf = w.scratch("cv.pdf", b"%PDF-1.7\n...");
    let out = w.run(&["import", good.to_str().unwrap(), pdf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "an item refused: exit 1");
    let lines = json_lines(&out);
    assert_eq!(lines[0]["outcome"], "added", "the good one still goes in");
    assert_eq!(lines[1]["outcome"], "error");
    assert_eq!(lines[1]["error"]["code"], "unsupported_format");
    assert!(lines[1]["error"]["message"].as_str().unwrap().contains("PDF"), "the reason names what was seen");

    let missing = w.run(&["import", "/nonexistent/file.json"]);
    assert_eq!(missing.status.code(), Some(2), "unreadable input: exit 2");
    assert_eq!(json_lines(&missing)[0]["error"]["code"], "io");

    let usage = w.cmd().args(["import"]).output().unwrap();
    assert_eq!(usage.status.code(), Some(2), "usage error: exit 2");

    let http = w.run(&["import", "http://example.org/badge.json"]);
    assert_eq!(json_lines(&http)[0]["error"]["code"], "network", "plain http is refused before any connection");
    assert_eq!(json(&w.run(&["list"]))["total"], 1, "refused inputs store nothing");
}

#[test]
fn import_from_standard_input_is_a_paste() {
    let w = TestWallet::new().init_passphrase();
    let mut child =
        w.cmd().args(["--json", "import", "-"]).stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped()).spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&sample_credential(3)).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["credential"]["source_kind"], "paste");
}

#[test]
fn status_without_and_with_a_wallet() {
    let w = TestWallet::new();
    let before = json(&w.run(&["status"]));
    assert_eq!(before["exists"], false, "no wallet yet");
    let w = w.init_passphrase();
    let after = json(&w.run(&["status"]));
    assert_eq!(after["exists"], true);
    assert_eq!(after["protection"], "passphrase");
    assert_eq!(after["credentials"], 0);
    let twice = w.run(&["init", "--passphrase"]);
    assert_eq!(json(&twice)["error"]["code"], "wallet_exists", "init never overwrites a wallet");
}

#[test]
fn passphrase_change_rewraps_without_reencrypting() {
    let w = TestWallet::new().init_passphrase();
    let f = w.scratch("c.json", &sample_credential(4));
    assert_eq!(w.run(&["import", f.to_str().unwrap()]).status.code(), Some(0));
    // Checkpoint state: the main database file as it is after the import.
    let _ = w.run(&["list"]);
    let db_before = std::fs::read(w.file("wallet.db")).unwrap();
    let header_before = std::fs::read(w.file("wallet.header")).unwrap();
    let out = w.cmd().env("SATCHEL_NEW_PASSPHRASE", "a brand new passphrase").args(["--json", "passphrase", "change"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(std::fs::read(w.file("wallet.db")).unwrap(), db_before, "only the header changes");
    assert_ne!(std::fs::read(w.file("wallet.header")).unwrap(), header_before);
    let old = w.run(&["list"]);
    assert_eq!(json(&old)["error"]["code"], "wrong_passphrase", "the old passphrase no longer opens it");
    let new = w.cmd().env("SATCHEL_PASSPHRASE", "a brand new passphrase").args(["--json", "list"]).output().unwrap();
    assert_eq!(json(&new)["total"], 1, "the new one does, with everything still there");

    let weak = w
        .cmd()
        .env("SATCHEL_PASSPHRASE", "a brand new passphrase")
        .env("SATCHEL_NEW_PASSPHRASE", "short")
        .args(["--json", "passphrase", "change"])
        .output()
        .unwrap();
    assert_eq!(json(&weak)["error"]["code"], "weak_passphrase");
}

#[test]
fn passphrase_file_and_no_tty() {
    let w = TestWallet::new();
    let pf = w.scratch("pass.txt", b"passphrase from a file\n");
    let init = w
        .cmd()
        .env_remove("SATCHEL_PASSPHRASE")
        .args(["--json", "--passphrase-file", pf.to_str().unwrap(), "init", "--passphrase"])
        .output()
        .unwrap();
    assert_eq!(init.status.code(), Some(0), "{}", String::from_utf8_lossy(&init.stdout));
    let ok = w.cmd().env_remove("SATCHEL_PASSPHRASE").args(["--json", "--passphrase-file", pf.to_str().unwrap(), "list"]).output().unwrap();
    assert_eq!(json(&ok)["total"], 0, "the first line of the file is the passphrase");
    let none = w.cmd().env_remove("SATCHEL_PASSPHRASE").args(["--json", "list"]).output().unwrap();
    assert_eq!(none.status.code(), Some(2));
    assert_eq!(json(&none)["error"]["code"], "passphrase_required", "no terminal to ask on: say how to give it");
}

#[test]
fn every_public_vector_is_recognised_or_refused_with_a_reason() {
    let Some(dir) = vectors_dir() else { return };
    let w = TestWallet::new().init_passphrase();
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let mut files = Vec::new();
    for row in manifest.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        if cols.len() >= 2 && cols[1] != "support" && cols[1] != "suite" {
            files.push(dir.join(cols[0]).to_string_lossy().into_owned());
        }
    }
    assert!(files.len() > 40, "the manifest lists the vectors ({} found)", files.len());
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    let out = w.run(&args);
    for line in json_lines(&out) {
        assert_ne!(line["outcome"], "error", "every credential in the manifest is recognised: {line}");
        assert!(line["credential"]["format"].as_str().is_some_and(|f| !f.is_empty()));
    }
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn settings_are_validated_and_kept_in_the_wallet() {
    let w = TestWallet::new().init_passphrase();
    assert_eq!(json(&w.run(&["settings"]))["lock_after_minutes"], "10", "the default idle lock");
    assert_eq!(json(&w.run(&["settings", "lock-after-minutes", "5"]))["lock_after_minutes"], "5");
    assert_eq!(json(&w.run(&["settings", "lock_after_minutes"]))["lock_after_minutes"], "5", "kept across runs");
    let bad = w.run(&["settings", "lock-after-minutes", "forever"]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(json(&bad)["error"]["code"], "invalid_setting");
    assert_eq!(json(&w.run(&["settings", "colour", "red"]))["error"]["code"], "invalid_setting");
    assert_eq!(json(&w.run(&["settings"]))["lock_after_minutes"], "5", "a refused value changes nothing");
}

#[test]
fn show_renders_the_learning_of_a_european_digital_credential() {
    let Some(dir) = vectors_dir() else { return };
    let w = TestWallet::new().init_passphrase();
    let added = json(&w.run(&["import", dir.join("edc/Sample-MC-Annex1-signed.jsonld").to_str().unwrap()]));
    let id = added["credential"]["id"].as_str().unwrap().to_string();
    let shown = json(&w.run(&["show", &id, "--lang", "fr,en"]));
    let view = &shown["view"];
    assert_eq!(view["language"], "en", "French is asked for first, the credential has English only");
    assert_eq!(view["learner"], "Ana Andromeda");
    assert_eq!(view["sealed_by"], "ORGANIZACION TEST");
    let achievement = &view["achievements"][0];
    assert_eq!(achievement["eqf_level"], 6);
    assert_eq!(achievement["credits"][0]["points"], "2");
    assert_eq!(achievement["learning_outcomes"].as_array().map(Vec::len), Some(2));
    assert_eq!(shown["report"]["checks"][1]["check"], "signature");
    assert_eq!(shown["report"]["checks"][1]["outcome"], "passed", "the seal was checked on import");
    let text = w.cmd().args(["show", &id]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("EQF 6") && text.contains("60 hours") && text.contains("Developing digital content"), "{text}");
}

#[test]
fn share_with_qr_codes_a_summary_and_linkedin() {
    let Some(dir) = vectors_dir() else { return };
    let w = TestWallet::new().init_passphrase();
    let added = json(&w.run(&["import", dir.join("dcc-ob3-v2-spec-example-eddsa-rdfc-2022.json").to_str().unwrap()]));
    let id = added["credential"]["id"].as_str().unwrap().to_string();
    let package = w.tmp.path().join("package.json");
    let qr = w.tmp.path().join("package.png");
    let summary = w.tmp.path().join("package.html");
    let made = w.run(&[
        "share",
        &id,
        "--for",
        "ACME & Co",
        "--expires",
        "2w",
        "--out",
        package.to_str().unwrap(),
        "--qr",
        qr.to_str().unwrap(),
        "--summary",
        summary.to_str().unwrap(),
    ]);
    assert_eq!(made.status.code(), Some(0), "{}", String::from_utf8_lossy(&made.stderr));
    let made = json(&made);
    let challenge = made["package"]["challenge"].as_str().unwrap().to_string();
    assert!(challenge.len() >= 16, "a random challenge when none is given");
    let html = std::fs::read_to_string(&summary).unwrap();
    assert!(html.contains("<svg") && html.contains(&challenge), "the summary prints the QR code and the challenge");

    let images: Vec<String> = std::fs::read_dir(w.tmp.path())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "png"))
        .map(|p| p.display().to_string())
        .collect();
    assert!(!images.is_empty());
    let mut args = vec!["verify", "--offline", "--qr", "--challenge", challenge.as_str()];
    args.extend(images.iter().map(String::as_str));
    let scanned = w.run(&args);
    assert_eq!(scanned.status.code(), Some(0), "{}", String::from_utf8_lossy(&scanned.stdout));
    assert_eq!(json(&scanned)["verdict"], "valid");
    assert_eq!(json(&scanned)["credentials"].as_array().map(Vec::len), Some(1));

    let shares = json(&w.run(&["shares"]));
    assert_eq!(shares["shares"][0]["recipient"], "ACME & Co");
    assert_eq!(shares["shares"][0]["method"], "package");

    let linkedin = json(&w.run(&["linkedin", &id]));
    let url = linkedin["linkedin"]["add_to_profile"].as_str().unwrap();
    assert!(url.starts_with("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name="), "{url}");
    let no_link = w.run(&["qr", &id, "--out", w.tmp.path().join("link.png").to_str().unwrap(), "--link", "https://me.example/#cv"]);
    assert_eq!(no_link.status.code(), Some(2), "a link resting on a fragment is refused");
    let link = w.run(&["qr", &id, "--out", w.tmp.path().join("link.svg").to_str().unwrap(), "--link", "https://me.example/cv"]);
    assert_eq!(link.status.code(), Some(0), "{}", String::from_utf8_lossy(&link.stderr));
    assert!(std::fs::read_to_string(w.tmp.path().join("link.svg")).unwrap().contains("<svg"));
}

/// Issue 15: LinkedIn is never handed a credential whose check failed, and
/// the same credential made whole is (the refusal is by verdict, not format).
#[test]
fn linkedin_refuses_a_credential_that_failed_its_check() {
    let dir = vectors_dir().expect("vectors");
    let w = TestWallet::new().init_passphrase();
    let run_on = |name: &str| {
        let added = json(&w.run(&["import", "--offline", dir.join(name).to_str().unwrap()]));
        let id = added["credential"]["id"].as_str().unwrap().to_string();
        (added["credential"]["verdict"].as_str().unwrap_or_default().to_string(), w.run(&["linkedin", &id]))
    };
    let (verdict, refused) = run_on("1edtech-validator-ob30-err-proof-value.json");
    assert_eq!(verdict, "invalid", "the vector's proof value was changed");
    assert_eq!(refused.status.code(), Some(2), "refused: {}", String::from_utf8_lossy(&refused.stdout));
    let said = String::from_utf8_lossy(&refused.stderr).to_string() + &String::from_utf8_lossy(&refused.stdout);
    assert!(said.contains("cannot go on a LinkedIn profile") && said.contains("cannot_share"), "{said}");
    assert!(!said.contains("linkedin.com/profile/add"), "no link is given out: {said}");

    let (verdict, given) = run_on("dcc-ob3-v2-spec-example-eddsa-rdfc-2022.json");
    assert_eq!(verdict, "valid");
    assert_eq!(given.status.code(), Some(0), "{}", String::from_utf8_lossy(&given.stderr));
    assert!(json(&given)["linkedin"]["add_to_profile"].as_str().is_some_and(|u| u.contains("name=Teamwork")));
}
