//! Every command over IPC, on Tauri's mock runtime with the app's real
//! configuration and capabilities: what the UI gets back, errors included
//! (always `{code, message}`).

use satchel_app::state::AppState;
use satchel_core::wallet::Env;
use satchel_core::Wallet;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;

struct Ui {
    _dir: tempfile::TempDir,
    webview: tauri::WebviewWindow<tauri::test::MockRuntime>,
    _app: tauri::App<tauri::test::MockRuntime>,
}

fn ui() -> Ui {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::new(Wallet::at(dir.path().join("wallet")), Env::throwaway());
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

    // Import: a file, pasted text, refusals in words.
    let path = fixture("dcc-ob3-v2-spec-example-eddsa-rdfc-2022.json");
    let added = ui.ok("credential_import_file", json!({"path": path.to_str().unwrap()}));
    assert_eq!(added["outcome"], "added", "{added}");
    let id = added["credential"]["id"].as_str().unwrap().to_string();
    assert_eq!(added["credential"]["verdict"], "valid");
    let again = ui.ok("credential_import_file", json!({"path": path.to_str().unwrap()}));
    assert_eq!(again["outcome"], "duplicate");
    assert_eq!(ui.err("credential_import_text", json!({"text": "hello"})), "unsupported_format");
    assert_eq!(ui.err("credential_import_file", json!({"path": "/nonexistent/x.json"})), "io");
    assert_eq!(ui.err("credential_import_image", json!({"bytes": [1, 2, 3]})), "unsupported_format");
    assert_eq!(ui.err("credential_import_url", json!({"url": "http://example.org/x"})), "network");

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
    let copy = tempfile::NamedTempFile::new().unwrap();
    ui.ok("credential_save_copy", json!({"id": id, "path": copy.path().to_str().unwrap()}));
    assert_eq!(std::fs::read(copy.path()).unwrap(), std::fs::read(&path).unwrap(), "a copy is the exact bytes");

    // Settings and protection.
    let settings = ui.ok("settings_get", json!({}));
    assert!(settings.as_array().unwrap().iter().any(|s| s["key"] == "lock_after_minutes"), "{settings}");
    assert_eq!(ui.ok("settings_set", json!({"key": "lock_after_minutes", "value": "5"}))["value"], "5");
    assert_eq!(ui.err("settings_set", json!({"key": "lock_after_minutes", "value": "soon"})), "invalid_setting");
    assert_eq!(ui.err("wallet_protect", json!({"input": {"passphrase": "x"}})), "weak_passphrase");
    ui.ok("wallet_protect", json!({"input": {"passphrase": "another long test passphrase"}}));

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
    assert_eq!(ui.ok("wallet_unlock", json!({"input": {"passphrase": "another long test passphrase"}}))["unlocked"], true);
    assert_eq!(ui.ok("credentials_search", json!({"query": {}}))["total"], 0);
}

#[test]
fn sharing_commands_make_save_log_and_check_packages() {
    let ui = ui();
    // Employer mode needs no wallet at all.
    assert_eq!(ui.err("package_check", json!({"input": {"paths": [], "text": "hello"}})), "unsupported_format");
    for (cmd, args) in [
        ("share_preview", json!({"id": "abcdef"})),
        ("share_create", json!({"request": {"ids": [], "disclose": {}, "validDays": 30}})),
        ("share_save", json!({"path": "/tmp/x.json", "what": "package"})),
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
    assert_eq!(ui.err("share_save", json!({"path": at("p.json"), "what": "package"})), "cannot_share");
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

    let saved = ui.ok("share_save", json!({"path": at("p.json"), "what": "package"}));
    assert_eq!(saved, json!([at("p.json")]));
    let bytes = std::fs::read(at("p.json")).unwrap();
    let summary = ui.ok("share_save", json!({"path": at("summary.html"), "what": "summary"}));
    assert!(std::fs::read_to_string(summary[0].as_str().unwrap()).unwrap().contains("<svg"));
    let pngs = ui.ok("share_save", json!({"path": at("code.png"), "what": "qr"}));
    assert_eq!(pngs.as_array().unwrap().len(), codes.len(), "one picture a code");
    assert_eq!(ui.err("share_save", json!({"path": "/nonexistent/dir/p.json", "what": "package"})), "io");

    // The employer checks the file, then the pictures of its codes, with the right and a wrong challenge.
    let checked = ui.ok("package_check", json!({"input": {"paths": [at("p.json")], "challenge": "c-77", "domain": "acme.example"}}));
    assert_eq!((checked["kind"].clone(), checked["verdict"].clone()), (json!("package"), json!("valid")), "{checked}");
    assert_eq!(checked["credentials"].as_array().unwrap().len(), 3);
    let pictures = ui.ok("package_check", json!({"input": {"paths": pngs, "challenge": "c-77"}}));
    assert_eq!(pictures["verdict"], "valid", "{pictures}");
    let replayed =
        ui.ok("package_check", json!({"input": {"paths": [], "text": String::from_utf8(bytes).unwrap(), "challenge": "c-other"}}));
    assert_eq!(replayed["verdict"], "invalid", "another challenge is a failed check, not an error");
    let image = std::fs::read(pngs[0].as_str().unwrap()).unwrap();
    let lone = ui.call("package_check", json!({"input": {"paths": [], "image": image}}));
    if codes.len() > 1 {
        assert_eq!(lone.unwrap_err()["code"], "unsupported_format", "one code of a sequence is not enough");
    } else {
        assert_eq!(lone.unwrap()["verdict"], "valid");
    }
    assert_eq!(ui.err("package_check", json!({"input": {"paths": ["/nonexistent.json"]}})), "io");
    let huge = "x".repeat(satchel_core::credential::MAX_INPUT_BYTES + 1);
    assert_eq!(ui.err("package_check", json!({"input": {"paths": [], "text": huge}})), "input_too_large");

    // Links and LinkedIn: the samples name no public page; the learner gives one.
    let links = ui.ok("credential_link", json!({"id": ids[1]}));
    let cert = &links["certification"];
    assert!(cert["add_to_profile"].as_str().unwrap().starts_with("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME"));
    assert_eq!((cert["cert_url"].clone(), links["qr"].clone()), (Value::Null, Value::Null), "no public page, no link QR: {links}");
    assert_eq!(ui.err("share_save", json!({"path": at("none.png"), "what": "qr"})), "cannot_share", "no code to save");
    let given = ui.ok("credential_link", json!({"id": ids[1], "link": "https://learner.example/my-badge"}));
    assert_eq!(given["certification"]["cert_url"], "https://learner.example/my-badge");
    assert!(given["qr"].as_str().unwrap().contains("<svg"));
    let svg = ui.ok("share_save", json!({"path": at("link.svg"), "what": "qr"}));
    assert!(std::fs::read_to_string(svg[0].as_str().unwrap()).unwrap().contains("<svg"));
    assert_eq!(ui.err("share_save", json!({"path": at("link.json"), "what": "package"})), "cannot_share", "a link has no package");
    let url = ui.ok("linkedin_share", json!({"id": ids[1], "link": "https://learner.example/my-badge", "post": true}));
    assert_eq!(url, "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Flearner.example%2Fmy-badge");
    assert_eq!(ui.err("linkedin_share", json!({"id": ids[1], "link": "https://learner.example/#frag", "post": true})), "cannot_share");
    assert!(ui.ok("linkedin_share", json!({"id": ids[1], "post": false})).as_str().unwrap().contains("CERTIFICATION_NAME"));

    let log = ui.ok("shares_list", json!({}));
    let methods: Vec<&str> = log.as_array().unwrap().iter().map(|s| s["method"].as_str().unwrap()).collect();
    assert_eq!(methods.iter().filter(|m| **m == "package").count(), 1, "{log}");
    assert_eq!(methods.iter().filter(|m| **m == "linkedin").count(), 2, "a refused post is not logged: {log}");
    assert_eq!(methods.iter().filter(|m| **m == "link").count(), 1, "saving a link's QR code is a share: {log}");
    let package_entry = log.as_array().unwrap().iter().find(|s| s["method"] == "package").unwrap();
    assert_eq!(package_entry["recipient"], "ACME & Co");
    assert_eq!(package_entry["titles"].as_array().unwrap().len(), 3);

    // Locking drops what was made: nothing of it can be saved afterwards.
    ui.ok("share_create", json!({"request": request}));
    ui.ok("share_save", json!({"path": at("before-lock.json"), "what": "package"}));
    ui.ok("wallet_lock", json!({}));
    ui.ok("wallet_unlock", json!({"input": {"passphrase": "a long enough test passphrase"}}));
    assert_eq!(ui.err("share_save", json!({"path": at("again.json"), "what": "package"})), "cannot_share");
}
