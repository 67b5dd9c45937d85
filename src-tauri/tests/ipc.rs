//! Every command over IPC, on Tauri's mock runtime with the app's real
//! configuration and capabilities: what the UI gets back, errors included
//! (always `{code, message}`).

use satchel_app::dialogs::{Answer, Dialogs, Script};
use satchel_app::state::AppState;
use satchel_core::wallet::Env;
use satchel_core::Wallet;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::Manager;

struct Ui {
    _dir: tempfile::TempDir,
    webview: tauri::WebviewWindow<tauri::test::MockRuntime>,
    _app: tauri::App<tauri::test::MockRuntime>,
}

fn ui() -> Ui {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::new(Wallet::at(dir.path().join("wallet")), Env::throwaway()).with_dialogs(Dialogs::Scripted(Script::default()));
    let app = satchel_app::build_app(mock_builder(), state).build(tauri::generate_context!()).expect("the app builds on the mock runtime");
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    Ui { _dir: dir, webview, _app: app }
}

impl Ui {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|b| b.deserialize::<Value>().unwrap())
    }

    /// The learner's answers to the native dialogs Rust opens (the window never sees them).
    fn learner(&self) -> &Script {
        match &self._app.state::<AppState>().inner().dialogs {
            Dialogs::Scripted(script) => script,
            Dialogs::Native => unreachable!("tests script the dialogs"),
        }
    }

    /// The learner picks `paths` in the file dialog; returns the batch the window gets.
    fn choose(&self, paths: &[&std::path::Path]) -> Value {
        self.learner().answer(Answer::Open(paths.iter().map(|p| p.to_path_buf()).collect()));
        self.ok("files_choose", json!({"purpose": "import"}))
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args).unwrap_or_else(|e| panic!("{cmd}: {e}"))
    }

    fn err(&self, cmd: &str, args: Value) -> String {
        let e = self.call(cmd, args).expect_err(cmd);
        assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{cmd}: errors carry a message: {e}");
        e["code"].as_str().unwrap_or_else(|| panic!("{cmd}: errors are {{code, message}}: {e}")).to_string()
    }
}

fn fixture(name: &str) -> std::path::PathBuf {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    std::env::var_os("SATCHEL_VECTORS").map(std::path::PathBuf::from).unwrap_or_else(|| root.join("tests/vectors")).join(name)
}

#[test]
fn locked_until_created_then_every_command_works() {
    let ui = ui();
    assert_eq!(ui.ok("wallet_status", json!({}))["exists"], false);
    for (cmd, args) in [
        ("credentials_search", json!({"query": {}})),
        ("credentials_facets", json!({})),
        ("credential_detail", json!({"id": "abcdef", "languages": ["en"]})),
        ("credential_import_text", json!({"text": "{}"})),
        ("credential_delete", json!({"id": "abcdef"})),
        ("settings_get", json!({})),
    ] {
        assert_eq!(ui.err(cmd, args), "locked", "{cmd} needs an open wallet");
    }
    assert_eq!(ui.err("wallet_create", json!({"input": {"passphrase": "short"}})), "weak_passphrase");
    let status = ui.ok("wallet_create", json!({"input": {"passphrase": "a long enough test passphrase"}}));
    assert_eq!(status["unlocked"], true, "{status}");

    // Import: a file the learner chose in the dialog, pasted text, refusals in words.
    let path = fixture("dcc-ob3-v2-spec-example-eddsa-rdfc-2022.json");
    let chosen = ui.choose(&[&path]);
    assert_eq!(chosen["names"], json!(["dcc-ob3-v2-spec-example-eddsa-rdfc-2022.json"]), "the window gets names to show, no paths");
    let added = ui.ok("credential_import_file", json!({"batch": chosen["batch"], "index": 0}));
    assert_eq!(added["outcome"], "added", "{added}");
    let id = added["credential"]["id"].as_str().unwrap().to_string();
    assert_eq!(added["credential"]["verdict"], "valid");
    let again = ui.ok("credential_import_file", json!({"batch": chosen["batch"], "index": 0}));
    assert_eq!(again["outcome"], "duplicate");
    assert_eq!(ui.err("credential_import_file", json!({"batch": chosen["batch"], "index": 1})), "not_found", "only what was chosen");
    let cancelled = ui.ok("files_choose", json!({"purpose": "import"}));
    assert_eq!(cancelled["names"], json!([]), "a cancelled dialog chooses nothing");
    assert_eq!(ui.err("credential_import_file", json!({"batch": chosen["batch"], "index": 0})), "not_found", "an older batch is gone");
    assert_eq!(ui.err("credential_import_text", json!({"text": "hello"})), "unsupported_format");
    let gone = std::path::Path::new("/nonexistent/x.json");
    let batch = ui.choose(&[gone])["batch"].clone();
    assert_eq!(ui.err("credential_import_file", json!({"batch": batch, "index": 0})), "io");
    assert_eq!(ui.err("credential_import_image", json!({"bytes": [1, 2, 3]})), "unsupported_format");
    assert_eq!(ui.err("credential_import_url", json!({"url": "http://example.org/x"})), "network");
    // A link is fetched only when the learner says yes to that address in a native dialog.
    ui.learner().answer(Answer::Confirm(false));
    assert_eq!(ui.err("credential_import_url", json!({"url": "https://issuer.example/cred.json"})), "cancelled");
    ui.learner().answer(Answer::Confirm(false));
    assert_eq!(ui.err("credential_import_text", json!({"text": " https://issuer.example/cred.json "})), "cancelled", "a pasted link too");

    // The gallery and the detail screen.
    let found = ui.ok("credentials_search", json!({"query": {"text": "", "sort": "title", "page": {"offset": 0, "limit": 50}}}));
    assert_eq!(found["total"], 1);
    let facets = ui.ok("credentials_facets", json!({}));
    assert_eq!(facets["verdicts"][0], json!(["valid", 1]));
    let detail = ui.ok("credential_detail", json!({"id": id, "languages": ["fr", "en"]}));
    assert_eq!(detail["report"]["verdict"], "valid");
    assert!(detail["view"]["title"].is_string());
    assert_eq!(ui.err("credential_detail", json!({"id": "ffffff", "languages": []})), "not_found");
    let re = ui.ok("credential_reverify", json!({"id": id}));
    assert_eq!(re["report"]["verdict"], "valid");
    let annotated = ui.ok("credential_annotate", json!({"id": id, "tags": [" job ", ""], "note": "for ACME"}));
    assert_eq!((annotated["tags"].clone(), annotated["note"].clone()), (json!(["job"]), json!("for ACME")));
    let raw = ui.ok("credential_raw", json!({"id": id}));
    assert!(raw["text"].as_str().unwrap().contains("\"proof\""));
    let out = tempfile::tempdir().unwrap();
    let copy = out.path().join("copy.json");
    ui.learner().answer(Answer::Save(Some(copy.clone())));
    assert_eq!(ui.ok("credential_save_copy", json!({"id": id})), json!(copy.to_str().unwrap()));
    assert_eq!(std::fs::read(&copy).unwrap(), std::fs::read(&path).unwrap(), "a copy is the exact bytes");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o600, "a saved credential is the owner's only");
    }
    assert_eq!(ui.ok("credential_save_copy", json!({"id": id})), Value::Null, "a cancelled save dialog saves nothing");

    // Settings and protection.
    let settings = ui.ok("settings_get", json!({}));
    assert!(settings.as_array().unwrap().iter().any(|s| s["key"] == "lock_after_minutes"), "{settings}");
    // What Settings sends for the lock time (issue 15, bug 2: it sent the number 5).
    assert_eq!(ui.ok("settings_set", json!({"key": "lock_after_minutes", "value": "5"}))["value"], "5");
    assert!(ui.call("settings_set", json!({"key": "lock_after_minutes", "value": 5})).is_err(), "the value is text: a number is refused");
    let settings = ui.ok("settings_get", json!({}));
    let lock = settings.as_array().unwrap().iter().find(|s| s["key"] == "lock_after_minutes").unwrap();
    assert_eq!(lock["value"], "5", "the saved value is read back");
    assert_eq!(ui.err("settings_set", json!({"key": "lock_after_minutes", "value": "soon"})), "invalid_setting");
    // Changing the protection needs the current passphrase in the command itself.
    let first = "a long enough test passphrase";
    let second = "another long test passphrase";
    assert_eq!(
        ui.err("wallet_protect", json!({"input": {"passphrase": second, "change": "rewrap"}})),
        "passphrase_required",
        "an open window alone cannot change the protection"
    );
    assert_eq!(
        ui.err("wallet_protect", json!({"input": {"current": "a guess at it", "passphrase": second, "change": "rewrap"}})),
        "wrong_passphrase"
    );
    assert_eq!(ui.err("wallet_protect", json!({"input": {"current": first, "passphrase": "x", "change": "rewrap"}})), "weak_passphrase");
    ui.ok("wallet_protect", json!({"input": {"current": first, "passphrase": second, "change": "rekey"}}));

    // Samples: signed by a demo issuer, labelled, one expired on purpose.
    let samples = ui.ok("samples_add", json!({}));
    let verdicts: Vec<&str> = samples.as_array().unwrap().iter().map(|o| o["credential"]["verdict"].as_str().unwrap()).collect();
    assert_eq!(verdicts, ["valid", "valid", "valid", "expired"]);
    assert!(samples[0]["credential"]["issuer_name"].as_str().unwrap().contains("sample"));
    let found = ui.ok("credentials_search", json!({"query": {"text": "sample", "page": {"offset": 0, "limit": 10}}}));
    assert_eq!(found["total"], 4);
    // Check everything again: one at a time, to the end.
    let progress = ui.ok("credentials_reverify_all", json!({}));
    assert_eq!((progress["done"].clone(), progress["total"].clone(), progress["cancelled"].clone()), (json!(5), json!(5), json!(false)));
    assert!(ui.call("work_cancel", json!({})).is_ok());
    for s in samples.as_array().unwrap() {
        ui.ok("credential_delete", json!({"id": s["credential"]["id"]}));
    }

    // Delete, lock, unlock with a wrong then the right passphrase.
    assert_eq!(ui.ok("credential_delete", json!({"id": id}))["id"], id.as_str());
    assert_eq!(ui.err("credential_delete", json!({"id": id})), "not_found");
    ui.ok("wallet_touch", json!({}));
    assert_eq!(ui.ok("wallet_lock", json!({}))["unlocked"], false);
    assert_eq!(ui.err("wallet_unlock", json!({"input": {"passphrase": "a long enough test passphrase"}})), "wrong_passphrase");
    assert_eq!(ui.err("wallet_unlock", json!({"input": {"passphrase": null}})), "passphrase_required");
    assert_eq!(ui.ok("wallet_unlock", json!({"input": {"passphrase": "another long test passphrase"}}))["unlocked"], true);
    assert_eq!(ui.ok("credentials_search", json!({"query": {}}))["total"], 0);
}

#[test]
fn sharing_commands_make_save_log_and_check_packages() {
    let ui = ui();
    // Employer mode needs no wallet at all.
    assert_eq!(ui.err("package_check", json!({"input": {"text": "hello"}})), "unsupported_format");
    for (cmd, args) in [
        ("share_preview", json!({"id": "abcdef"})),
        ("share_create", json!({"request": {"ids": [], "disclose": {}, "validDays": 30}})),
        ("share_save", json!({"what": "package"})),
        ("shares_list", json!({})),
        ("profiles_list", json!({})),
        ("credential_link", json!({"id": "abcdef"})),
        ("linkedin_share", json!({"id": "abcdef", "post": false})),
    ] {
        assert_eq!(ui.err(cmd, args), "locked", "{cmd} needs an open wallet");
    }
    ui.ok("wallet_create", json!({"input": {"passphrase": "a long enough test passphrase"}}));
    let samples = ui.ok("samples_add", json!({}));
    let ids: Vec<String> = samples.as_array().unwrap()[..3].iter().map(|o| o["credential"]["id"].as_str().unwrap().to_string()).collect();

    let preview = ui.ok("share_preview", json!({"id": ids[0]}));
    assert_eq!((preview["carried"].clone(), preview["optional"].clone()), (json!("embedded"), json!([])), "{preview}");
    assert_eq!(ui.err("share_preview", json!({"id": "ffffffffff"})), "not_found");
    let profiles = ui.ok("profiles_list", json!({}));
    let holder = profiles[0]["did"].as_str().unwrap().to_string();
    assert!(holder.starts_with("did:key:z6Mk"), "{profiles}");

    // Nothing made yet: nothing to save.
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    assert_eq!(ui.err("share_save", json!({"what": "package"})), "cannot_share");
    assert_eq!(ui.err("share_create", json!({"request": {"ids": [], "disclose": {}, "validDays": 30}})), "cannot_share");
    assert_eq!(ui.err("share_create", json!({"request": {"ids": [ids[0]], "disclose": {}, "validDays": 0}})), "cannot_share");
    assert_eq!(ui.err("share_create", json!({"request": {"ids": [ids[0]], "disclose": {}, "validDays": u32::MAX}})), "cannot_share");
    assert!(ui.call("profiles_list", json!({})).is_ok(), "a refused request leaves the app working");
    assert_eq!(
        ui.err("share_create", json!({"request": {"ids": [ids[0]], "disclose": {ids[0].clone(): ["name"]}, "validDays": 30}})),
        "cannot_share",
        "a credential signed whole cannot lose a field"
    );
    let request = json!({"ids": ids, "disclose": {}, "recipient": "ACME & Co", "domain": "acme.example", "challenge": "c-77", "validDays": 14, "profile": ""});
    let shared = ui.ok("share_create", json!({"request": request}));
    let package = &shared["package"];
    assert_eq!(
        (package["holder"].as_str(), package["challenge"].as_str(), package["domain"].as_str()),
        (Some(holder.as_str()), Some("c-77"), Some("acme.example"))
    );
    assert_eq!(package["contents"].as_array().unwrap().len(), 3);
    let codes = shared["codes"].as_array().unwrap();
    assert!(!codes.is_empty() && codes.iter().all(|c| c.as_str().unwrap().contains("<svg")), "QR codes come as SVG");

    let save_as = |name: &str| ui.learner().answer(Answer::Save(Some(dir.path().join(name))));
    save_as("p.json");
    let saved = ui.ok("share_save", json!({"path": at("elsewhere.json"), "what": "package"}));
    assert_eq!(saved, json!([at("p.json")]), "saved where the learner chose in the dialog");
    assert!(!dir.path().join("elsewhere.json").exists(), "a path from the window is never written");
    let bytes = std::fs::read(at("p.json")).unwrap();
    save_as("summary.html");
    let summary = ui.ok("share_save", json!({"what": "summary"}));
    assert!(std::fs::read_to_string(summary[0].as_str().unwrap()).unwrap().contains("<svg"));
    save_as("code.png");
    let pngs = ui.ok("share_save", json!({"what": "qr"}));
    assert_eq!(pngs.as_array().unwrap().len(), codes.len(), "one picture a code");
    ui.learner().answer(Answer::Save(Some("/nonexistent/dir/p.json".into())));
    assert_eq!(ui.err("share_save", json!({"what": "package"})), "io");
    assert_eq!(ui.ok("share_save", json!({"what": "package"})), json!([]), "a cancelled dialog writes nothing");

    // The employer checks the file, then the pictures of its codes, with the right and a wrong challenge.
    let check_batch = |paths: Vec<std::path::PathBuf>| {
        ui.learner().answer(Answer::Open(paths));
        ui.ok("files_choose", json!({"purpose": "check"}))["batch"].clone()
    };
    let batch = check_batch(vec![dir.path().join("p.json")]);
    let checked = ui.ok("package_check", json!({"input": {"batch": batch, "challenge": "c-77", "domain": "acme.example"}}));
    assert_eq!((checked["kind"].clone(), checked["verdict"].clone()), (json!("package"), json!("valid")), "{checked}");
    assert_eq!(checked["credentials"].as_array().unwrap().len(), 3);
    let batch = check_batch(pngs.as_array().unwrap().iter().map(|p| std::path::PathBuf::from(p.as_str().unwrap())).collect());
    let pictures = ui.ok("package_check", json!({"input": {"batch": batch, "challenge": "c-77"}}));
    assert_eq!(pictures["verdict"], "valid", "{pictures}");
    let replayed = ui.ok("package_check", json!({"input": {"text": String::from_utf8(bytes).unwrap(), "challenge": "c-other"}}));
    assert_eq!(replayed["verdict"], "invalid", "another challenge is a failed check, not an error");
    let image = std::fs::read(pngs[0].as_str().unwrap()).unwrap();
    let lone = ui.call("package_check", json!({"input": {"image": image}}));
    if codes.len() > 1 {
        assert_eq!(lone.unwrap_err()["code"], "unsupported_format", "one code of a sequence is not enough");
    } else {
        assert_eq!(lone.unwrap()["verdict"], "valid");
    }
    let batch = check_batch(vec!["/nonexistent.json".into()]);
    assert_eq!(ui.err("package_check", json!({"input": {"batch": batch}})), "io");
    let huge = "x".repeat(satchel_core::credential::MAX_INPUT_BYTES + 1);
    assert_eq!(ui.err("package_check", json!({"input": {"text": huge}})), "input_too_large");

    // Links and LinkedIn: the samples name no public page; the learner gives one.
    let links = ui.ok("credential_link", json!({"id": ids[1]}));
    let cert = &links["certification"];
    assert!(cert["add_to_profile"].as_str().unwrap().starts_with("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME"));
    assert_eq!((cert["cert_url"].clone(), links["qr"].clone()), (Value::Null, Value::Null), "no public page, no link QR: {links}");
    assert_eq!(ui.err("share_save", json!({"what": "qr"})), "cannot_share", "no code to save");
    let given = ui.ok("credential_link", json!({"id": ids[1], "link": "https://learner.example/my-badge"}));
    assert_eq!(given["certification"]["cert_url"], "https://learner.example/my-badge");
    assert!(given["qr"].as_str().unwrap().contains("<svg"));
    save_as("link.svg");
    let svg = ui.ok("share_save", json!({"what": "qr"}));
    assert!(std::fs::read_to_string(svg[0].as_str().unwrap()).unwrap().contains("<svg"));
    assert_eq!(ui.err("share_save", json!({"what": "package"})), "cannot_share", "a link has no package");
    // LinkedIn opens in the browser only after a yes in a native dialog.
    ui.learner().answer(Answer::Confirm(true));
    assert_eq!(ui.ok("linkedin_share", json!({"id": ids[1], "link": "https://learner.example/my-badge", "post": true})), true);
    assert_eq!(
        ui.learner().opened(),
        ["https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Flearner.example%2Fmy-badge"],
        "the address Rust built was opened"
    );
    assert_eq!(ui.err("linkedin_share", json!({"id": ids[1], "link": "https://learner.example/#frag", "post": true})), "cannot_share");
    ui.learner().answer(Answer::Confirm(true));
    assert_eq!(ui.ok("linkedin_share", json!({"id": ids[1], "post": false})), true);
    assert!(ui.learner().opened()[1].contains("CERTIFICATION_NAME"));
    assert_eq!(ui.ok("linkedin_share", json!({"id": ids[1], "post": false})), false, "no yes, nothing opened");
    assert_eq!(ui.learner().opened().len(), 2);
    ui.learner().answer(Answer::Confirm(true));
    assert_eq!(ui.ok("link_open", json!({"url": "https://issuer.example/about"})), true);
    assert_eq!(ui.learner().opened()[2], "https://issuer.example/about");
    assert_eq!(ui.err("link_open", json!({"url": "file:///etc/passwd"})), "network", "only https addresses are ever opened");
    assert_eq!(ui.ok("link_open", json!({"url": "https://issuer.example/unasked"})), false, "not opened without the learner's yes");

    let log = ui.ok("shares_list", json!({}));
    let methods: Vec<&str> = log.as_array().unwrap().iter().map(|s| s["method"].as_str().unwrap()).collect();
    assert_eq!(methods.iter().filter(|m| **m == "package").count(), 1, "{log}");
    assert_eq!(
        methods.iter().filter(|m| **m == "linkedin").count(),
        2,
        "a refused post, or one the learner said no to, is not logged: {log}"
    );
    assert_eq!(methods.iter().filter(|m| **m == "link").count(), 1, "saving a link's QR code is a share: {log}");
    let package_entry = log.as_array().unwrap().iter().find(|s| s["method"] == "package").unwrap();
    assert_eq!(package_entry["recipient"], "ACME & Co");
    assert_eq!(package_entry["titles"].as_array().unwrap().len(), 3);

    // Locking drops what was made: nothing of it can be saved afterwards.
    ui.ok("share_create", json!({"request": request}));
    save_as("before-lock.json");
    ui.ok("share_save", json!({"what": "package"}));
    ui.ok("wallet_lock", json!({}));
    ui.ok("wallet_unlock", json!({"input": {"passphrase": "a long enough test passphrase"}}));
    save_as("again.json");
    assert_eq!(ui.err("share_save", json!({"what": "package"})), "cannot_share");
}

/// Issue 12: the window cannot name files. Whatever path it sends is refused
/// or ignored; only what the learner chose in Rust's dialog (or dropped) is used.
#[test]
fn a_path_from_the_window_is_refused() {
    let ui = ui();
    ui.ok("wallet_create", json!({"input": {"passphrase": "a long enough test passphrase"}}));
    let secret = tempfile::tempdir().unwrap();
    let target = secret.path().join("credential.json");
    std::fs::copy(fixture("dcc-ob3-v2-spec-example-eddsa-rdfc-2022.json"), &target).unwrap();
    let path = target.to_str().unwrap();

    assert!(ui.call("credential_import_file", json!({"path": path})).is_err(), "a path instead of a batch is refused");
    assert_eq!(ui.ok("credentials_search", json!({"query": {}}))["total"], 0, "nothing was read from it");
    let refused = ui.call("package_check", json!({"input": {"paths": [path]}})).expect_err("paths are not an input any more");
    assert!(refused.to_string().contains("paths"), "the refusal names the field: {refused}");

    let samples = ui.ok("samples_add", json!({}));
    let id = samples[0]["credential"]["id"].clone();
    let victim = secret.path().join("victim.txt");
    std::fs::write(&victim, b"keep me").unwrap();
    assert_eq!(ui.ok("credential_save_copy", json!({"id": id, "path": victim.to_str().unwrap()})), Value::Null);
    assert_eq!(std::fs::read(&victim).unwrap(), b"keep me", "a save path from the window is never written");

    // Files the window system reports as dropped are a batch like a dialog's.
    let dropped = ui._app.state::<AppState>().choose(vec![target.clone()]);
    let added = ui.ok("credential_import_file", json!({"batch": dropped.batch, "index": 0}));
    assert_eq!(added["outcome"], "added", "{added}");
}

/// Issue 15, bug 1: after Lock, a keyring wallet opens with the keyring
/// again, and only so: no passphrase is asked for, and one given is refused
/// rather than ignored.
#[test]
fn a_locked_keyring_wallet_opens_with_the_keyring_only() {
    let ui = ui();
    let status = ui.ok("wallet_create", json!({"input": {"passphrase": null}}));
    assert_eq!(status["protection"], "keyring", "{status}");
    assert_eq!(ui.ok("wallet_lock", json!({}))["unlocked"], false);
    assert_eq!(ui.err("wallet_unlock", json!({"input": {"passphrase": "any text at all"}})), "passphrase_not_used", "no unchecked secret");
    assert_eq!(ui.err("credentials_search", json!({"query": {}})), "locked", "still locked after that");
    assert_eq!(ui.ok("wallet_unlock", json!({"input": {"passphrase": null}}))["unlocked"], true, "the keyring opens it");
    // Switching to a passphrase: the keyring is the current secret, and a passphrase for it is refused.
    assert_eq!(
        ui.err(
            "wallet_protect",
            json!({"input": {"current": "any text", "passphrase": "a long enough test passphrase", "change": "rewrap"}})
        ),
        "passphrase_not_used"
    );
    let status =
        ui.ok("wallet_protect", json!({"input": {"current": null, "passphrase": "a long enough test passphrase", "change": "rekey"}}));
    assert_eq!(status["protection"], "passphrase");
    ui.ok("wallet_lock", json!({}));
    assert_eq!(ui.err("wallet_unlock", json!({"input": {"passphrase": null}})), "passphrase_required", "now a passphrase is needed");
}

/// Issue 12: in the app's import view too, a forged twin never shadows the
/// genuine credential, and the window is told which stored copy is forged.
#[test]
fn a_forged_twin_never_shadows_the_genuine_credential() {
    let ui = ui();
    ui.ok("wallet_create", json!({"input": {"passphrase": "a long enough test passphrase"}}));
    let genuine = satchel_core::samples::make(chrono::Utc::now()).expect("a freshly signed credential").remove(0);
    let mut forged: Value = serde_json::from_slice(&genuine).unwrap();
    forged["name"] = "Forged: Doctor of Medicine".into();
    let first = ui.ok("credential_import_text", json!({"text": forged.to_string()}));
    assert_eq!((first["outcome"].clone(), first["credential"]["verdict"].clone()), (json!("added"), json!("invalid")), "{first}");
    let second = ui.ok("credential_import_text", json!({"text": String::from_utf8(genuine).unwrap()}));
    assert_eq!(second["outcome"], "added_beside_invalid", "{second}");
    assert_eq!(second["credential"]["verdict"], "valid");
    assert_eq!(second["invalid"]["id"], first["credential"]["id"]);
    forged["name"] = "Forged again".into();
    let again = ui.ok("credential_import_text", json!({"text": forged.to_string()}));
    assert_eq!(
        (again["outcome"].clone(), again["credential"]["verdict"].clone()),
        (json!("duplicate"), json!("valid")),
        "another forgery is reported against the genuine copy: {again}"
    );
}

// Backups (issue 17), in their own file.
#[path = "ipc/backup.rs"]
mod backup;

/// Issue 15, bug 6: a failed link import says what happened in a field the
/// window turns into one sentence (`fetch`), whatever the transport's words.
#[test]
fn a_failed_link_import_says_what_happened() {
    let ui = ui();
    ui.ok("wallet_create", json!({"input": {"passphrase": "a long enough test passphrase"}}));
    ui.learner().answer(Answer::Confirm(true));
    // `.invalid` never resolves (RFC 2606): no answer at all, with or without a network.
    let e = ui.call("credential_import_url", json!({"url": "https://nowhere.invalid/cred.json"})).expect_err("nothing answers");
    assert_eq!(e["code"], "network", "{e}");
    assert_eq!(e["fetch"], json!({"kind": "unreachable"}), "said as no answer, not as a DNS error text: {e}");
    ui.learner().answer(Answer::Confirm(true));
    let e = ui.call("credential_import_url", json!({"url": "https://127.0.0.1:9/cred.json"})).expect_err("a private address");
    assert_eq!(e["fetch"], json!({"kind": "refused"}), "Satchel would not contact it: {e}");
    let e = ui.call("credentials_search", json!({"query": {"text": null, "verdict": null, "format": null, "issuer": null, "sort": "added", "page": {"offset": 0, "limit": 10}}}));
    assert_eq!(e.expect("search")["total"], 0, "nothing was stored");
}

/// Issue 15, bug 5: a paste larger than any credential is refused by its
/// size, and 5 MB that only look like one are refused as not a credential;
/// nothing is stored either way.
#[test]
fn large_pastes_are_refused_and_nothing_is_stored() {
    let ui = ui();
    ui.ok("wallet_create", json!({"input": {"passphrase": "a long enough test passphrase"}}));
    let nine = "x".repeat(9 * 1024 * 1024);
    assert_eq!(ui.err("credential_import_text", json!({"text": nine})), "input_too_large", "over the 8 MiB limit");
    let typed = format!(
        r#"{{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"credentialSubject":{{"pad":"{}"}}}}"#,
        "y".repeat(5 * 1024 * 1024)
    );
    let started = std::time::Instant::now();
    assert_eq!(ui.err("credential_import_text", json!({"text": typed})), "unsupported_format", "no title, no issuer: not a credential");
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "refused in {:?}", started.elapsed());
    let found = ui.ok("credentials_search", json!({"query": {"text": null, "verdict": null, "format": null, "issuer": null, "sort": "added", "page": {"offset": 0, "limit": 10}}}));
    assert_eq!(found["total"], 0, "no untitled credential stored: {found}");
}
