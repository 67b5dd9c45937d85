//! Backups over IPC (issue 17): each command's success, a wrong secret, a
//! file that is damaged or not a backup (each changes nothing), the
//! recovery code shown once, the automatic folder, and the reminder.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use satchel_core::clock::Clock;

use super::*;

const WALLET_PASSPHRASE: &str = "a long enough test passphrase";
const BACKUP_PASSPHRASE: &str = "the backup's own passphrase";

/// A clock the test moves forward (the reminder counts days).
#[derive(Debug)]
struct Movable(Mutex<DateTime<Utc>>);

impl Clock for Movable {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

fn ui_with(env: Env) -> Ui {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::new(Wallet::at(dir.path().join("wallet")), env).with_dialogs(Dialogs::Scripted(Script::default()));
    let app = satchel_app::build_app(mock_builder(), state).build(tauri::generate_context!()).expect("the app builds on the mock runtime");
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    Ui { _dir: dir, webview, _app: app }
}

impl Ui {
    /// The learner picks `path` in the "Choose a backup" dialog; the batch the window gets.
    fn choose_backup(&self, path: &std::path::Path) -> Value {
        self.learner().answer(Answer::Open(vec![path.to_path_buf()]));
        let chosen = self.ok("files_choose", json!({"purpose": "backup"}));
        assert_eq!(chosen["names"], json!([path.file_name().unwrap().to_str().unwrap()]), "the window gets the name, not the path");
        chosen["batch"].clone()
    }

    fn titles(&self) -> Vec<String> {
        let found = self.ok("credentials_search", json!({"query": {"sort": "title", "page": {"offset": 0, "limit": 100}}}));
        found["items"].as_array().unwrap().iter().map(|r| r["title"].as_str().unwrap_or_default().to_string()).collect()
    }
}

/// A wallet with the four samples and one spec credential.
fn filled() -> Ui {
    let ui = ui();
    ui.ok("wallet_create", json!({"input": {"passphrase": WALLET_PASSPHRASE}}));
    ui.ok("samples_add", json!({}));
    let batch = ui.choose(&[&fixture("dcc-ob3-v2-spec-example-eddsa-rdfc-2022.json")])["batch"].clone();
    ui.ok("credential_import_file", json!({"batch": batch, "index": 0}));
    ui
}

#[test]
fn back_up_to_a_file_then_restore_as_a_new_wallet_on_another_computer() {
    let old = filled();
    let titles = old.titles();
    assert_eq!(titles.len(), 5, "{titles:?}");
    let status = old.ok("backup_status", json!({}));
    assert_eq!(status["auto"]["last_at"], Value::Null, "never backed up: {status}");
    assert_eq!(status["reminder"], Value::Null, "credentials added today are no reason to nag");

    let out = tempfile::tempdir().unwrap();
    assert_eq!(old.err("backup_create", json!({"input": {"passphrase": "short"}})), "weak_passphrase", "refused before any dialog");
    assert_eq!(old.ok("backup_create", json!({"input": {"passphrase": null}})), Value::Null, "a cancelled save dialog makes nothing");
    let by_code = out.path().join("by-code.age");
    old.learner().answer(Answer::Save(Some(by_code.clone())));
    let made = old.ok("backup_create", json!({"input": {"passphrase": null}}));
    let code = made["recovery_code"].as_str().expect("a recovery code is made and shown once").to_string();
    assert!(code.starts_with("AGE-SECRET-KEY-1"), "{code}");
    assert_eq!(made["made"]["counts"]["credentials"], 5, "{made}");
    assert_eq!(made["made"]["path"], by_code.to_str().unwrap());
    let by_passphrase = out.path().join("by-passphrase.age");
    old.learner().answer(Answer::Save(Some(by_passphrase.clone())));
    let made = old.ok("backup_create", json!({"input": {"passphrase": BACKUP_PASSPHRASE}}));
    assert_eq!(made["recovery_code"], Value::Null, "a passphrase backup has no code");
    let status = old.ok("backup_status", json!({}));
    assert!(status["auto"]["last_at"].is_string(), "the last backup is remembered: {status}");

    // A new computer: every refusal leaves it without a wallet.
    let new = ui();
    let damaged = out.path().join("damaged.age");
    let mut bytes = std::fs::read(&by_code).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&damaged, &bytes).unwrap();
    let truncated = out.path().join("truncated.age");
    std::fs::write(&truncated, &std::fs::read(&by_code).unwrap()[..middle]).unwrap();
    let not_a_backup = fixture("dcc-ob3-v2-spec-example-eddsa-rdfc-2022.json");
    let another_code = satchel_core::backup::RecoveryCode::generate().reveal().to_string();
    for (file, secret, code_expected) in [
        (&by_code, another_code.as_str(), "backup_wrong_secret"),
        (&by_passphrase, "not the passphrase", "backup_wrong_secret"),
        (&damaged, code.as_str(), "backup_damaged"),
        (&truncated, code.as_str(), "backup_damaged"),
        (&not_a_backup, code.as_str(), "not_a_backup"),
    ] {
        let batch = new.choose_backup(file);
        let got = new.err("backup_restore_new", json!({"input": {"batch": batch, "secret": secret, "passphrase": WALLET_PASSPHRASE}}));
        assert_eq!(got, code_expected, "{}", file.display());
        let status = new.ok("wallet_status", json!({}));
        assert_eq!((status["exists"].clone(), status["unlocked"].clone()), (json!(false), json!(false)), "nothing was made: {status}");
        assert!(!new._dir.path().join("wallet").exists(), "no folder is left behind");
    }
    let batch = new.choose_backup(&by_code);
    assert_eq!(
        new.err("backup_restore_new", json!({"input": {"batch": batch, "secret": code, "passphrase": "short"}})),
        "weak_passphrase",
        "the new wallet's own protection is checked before anything is written"
    );
    let done = new
        .ok("backup_restore_new", json!({"input": {"batch": batch, "secret": format!("  {}\n", code.to_lowercase()), "passphrase": null}}));
    assert_eq!(done["status"]["unlocked"], true, "the restored wallet is open: {}", done["status"]);
    assert_eq!(done["status"]["protection"], "keyring", "protected as the learner chose on the new computer");
    assert_eq!(done["restored"]["added"].as_array().unwrap().len(), 5, "{}", done["restored"]);
    assert_eq!(done["restored"]["refused"], json!([]));
    assert_eq!(new.titles(), titles, "the gallery holds the same credentials");
    assert_eq!(
        new.err("backup_restore_new", json!({"input": {"batch": batch, "secret": code, "passphrase": null}})),
        "wallet_exists",
        "a second restore never replaces a wallet"
    );

    // The passphrase backup restores too, as a passphrase wallet.
    let third = ui();
    let batch = third.choose_backup(&by_passphrase);
    let done =
        third.ok("backup_restore_new", json!({"input": {"batch": batch, "secret": BACKUP_PASSPHRASE, "passphrase": WALLET_PASSPHRASE}}));
    assert_eq!(done["status"]["protection"], "passphrase");
    assert_eq!(third.titles(), titles);
}

#[test]
fn merging_a_backup_is_all_or_nothing() {
    let ui = filled();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("b.age");
    ui.learner().answer(Answer::Save(Some(path.clone())));
    ui.ok("backup_create", json!({"input": {"passphrase": BACKUP_PASSPHRASE}}));
    let damaged = out.path().join("damaged.age");
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 10;
    bytes[last] ^= 0x80;
    std::fs::write(&damaged, &bytes).unwrap();
    let before = ui.titles();

    let batch = ui.choose_backup(&path);
    assert_eq!(
        ui.err("backup_restore", json!({"input": {"batch": batch, "secret": "wrong passphrase!", "settings": false}})),
        "backup_wrong_secret"
    );
    assert_eq!(ui.titles(), before, "a wrong passphrase changes nothing");
    let batch = ui.choose_backup(&damaged);
    assert_eq!(
        ui.err("backup_restore", json!({"input": {"batch": batch, "secret": BACKUP_PASSPHRASE, "settings": false}})),
        "backup_damaged"
    );
    assert_eq!(ui.titles(), before, "a damaged backup changes nothing");
    ui.ok("credential_delete", json!({"id": ui.ok("credentials_search", json!({"query": {}}))["items"][0]["id"]}));
    let batch = ui.choose_backup(&path);
    let merged = ui.ok("backup_restore", json!({"input": {"batch": batch, "secret": BACKUP_PASSPHRASE, "settings": false}}));
    assert_eq!(
        (merged["added"].as_array().unwrap().len(), merged["already_there"].as_array().unwrap().len()),
        (1, 4),
        "the deleted one comes back, the others are kept once: {merged}"
    );
    assert_eq!(ui.titles(), before);
    ui.ok("wallet_lock", json!({}));
    assert_eq!(ui.err("backup_restore", json!({"input": {"batch": batch, "secret": BACKUP_PASSPHRASE, "settings": false}})), "locked");
}

#[test]
fn the_automatic_folder_is_chosen_in_a_dialog_and_keeps_the_last_n() {
    let ui = filled();
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("Sync/satchel");
    assert_eq!(ui.err("backup_now", json!({})), "invalid_setting", "no folder yet");
    assert_eq!(
        ui.ok("backup_auto_set", json!({"input": {"passphrase": null, "keep": 2}})),
        Value::Null,
        "a cancelled folder dialog sets nothing"
    );
    assert_eq!(ui.ok("backup_status", json!({}))["auto"]["folder"], Value::Null);
    assert_eq!(ui.err("backup_auto_set", json!({"input": {"passphrase": null, "keep": 0}})), "invalid_setting");
    ui.learner().answer(Answer::Folder(Some(folder.clone())));
    let set = ui.ok("backup_auto_set", json!({"input": {"passphrase": null, "keep": 2}}));
    assert!(set["recovery_code"].as_str().is_some_and(|c| c.starts_with("AGE-SECRET-KEY-1")), "{set}");
    assert_eq!(set["auto"]["encryption"], "recovery_code");
    assert_eq!(set["auto"]["keep"], 2);
    let folder = std::fs::canonicalize(&folder).unwrap();
    assert_eq!(set["auto"]["folder"], folder.to_str().unwrap());
    assert!(std::path::Path::new(set["made"]["path"].as_str().unwrap()).starts_with(&folder), "a first backup is made at once: {set}");
    for _ in 0..3 {
        std::thread::sleep(std::time::Duration::from_millis(5));
        let made = ui.ok("backup_now", json!({}));
        assert_eq!(made["counts"]["credentials"], 5);
    }
    let kept = std::fs::read_dir(&folder).unwrap().count();
    assert_eq!(kept, 2, "only the newest 2 are kept");
    let off = ui.ok("backup_auto_off", json!({}));
    assert_eq!(off["folder"], Value::Null);
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 2, "turning them off deletes nothing");
    assert_eq!(ui.err("backup_now", json!({})), "invalid_setting");
    // A passphrase for automatic backups is checked before the dialog opens.
    assert_eq!(ui.err("backup_auto_set", json!({"input": {"passphrase": "short", "keep": 2}})), "weak_passphrase");
}

#[test]
fn the_reminder_comes_after_fourteen_days_and_can_be_put_off() {
    let clock = Arc::new(Movable(Mutex::new(Utc::now())));
    let ui = ui_with(Env { clock: clock.clone(), ..Env::throwaway() });
    ui.ok("wallet_create", json!({"input": {"passphrase": WALLET_PASSPHRASE}}));
    let later = |days: i64| *clock.0.lock().unwrap() += Duration::days(days);
    later(30);
    assert_eq!(ui.ok("backup_status", json!({}))["reminder"], Value::Null, "an empty wallet has nothing to lose");
    ui.ok("samples_add", json!({}));
    later(15);
    let reminder = ui.ok("backup_status", json!({}))["reminder"].clone();
    assert_eq!(
        (reminder["last_at"].clone(), reminder["days"].clone(), reminder["credentials"].clone()),
        (Value::Null, json!(15), json!(4)),
        "{reminder}"
    );
    assert_eq!(ui.ok("backup_reminder_snooze", json!({})), Value::Null);
    assert_eq!(ui.ok("backup_status", json!({}))["reminder"], Value::Null, "put off");
    later(15);
    assert!(ui.ok("backup_status", json!({}))["reminder"].is_object(), "back after 14 days more");
    let out = tempfile::tempdir().unwrap();
    ui.learner().answer(Answer::Save(Some(out.path().join("b.age"))));
    ui.ok("backup_create", json!({"input": {"passphrase": BACKUP_PASSPHRASE}}));
    assert_eq!(ui.ok("backup_status", json!({}))["reminder"], Value::Null, "a backup answers it");
}
