//! The OS keyring, for real: the Secret Service of gnome-keyring-daemon on a
//! D-Bus session bus (`make test` starts both). No mock.

use satchel_tests::{json, sample_credential, TestWallet};

fn require_secret_service() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "the keyring tests need a D-Bus session with a Secret Service: run them with `make test`, which starts gnome-keyring-daemon"
    );
}

#[test]
fn keyring_wallet_round_trip_and_switches() {
    require_secret_service();
    let w = TestWallet::new();
    // No passphrase anywhere: the keyring alone must open the wallet.
    let keyring_cmd = |args: &[&str]| w.cmd().env_remove("SATCHEL_PASSPHRASE").arg("--json").args(args).output().unwrap();
    let init = keyring_cmd(&["init"]);
    assert_eq!(init.status.code(), Some(0), "init with the keyring: {}", String::from_utf8_lossy(&init.stdout));
    assert_eq!(json(&init)["protection"], "keyring");
    let f = w.scratch("c.json", &sample_credential(77));
    assert_eq!(keyring_cmd(&["import", f.to_str().unwrap()]).status.code(), Some(0));
    assert_eq!(json(&keyring_cmd(&["list"]))["total"], 1, "reopened from the keyring alone");

    // The key really is in the Secret Service, and nowhere in the header.
    let header = std::fs::read_to_string(w.file("wallet.header")).unwrap();
    let body: serde_json::Value = serde_json::from_str(header.lines().next().unwrap()).unwrap();
    assert_eq!(body["protection"]["kind"], "keyring");
    let wallet_id = body["wallet_id"].as_str().unwrap();
    let lookup = std::process::Command::new("secret-tool")
        .args(["lookup", "service", "org.satchel.wallet", "username", wallet_id])
        .output()
        .expect("secret-tool (libsecret-tools) is installed by .ci/deps");
    let key = String::from_utf8(lookup.stdout).unwrap();
    assert_eq!(key.trim().len(), 64, "the Secret Service holds the 256-bit key as hex: {key:?}");
    assert!(!header.contains(key.trim()), "the key is in the keyring, not the header");

    // Switch to a passphrase: the keyring entry goes, the passphrase opens it.
    let switched = w
        .cmd()
        .env_remove("SATCHEL_PASSPHRASE")
        .env("SATCHEL_NEW_PASSPHRASE", "switched passphrase")
        .args(["--json", "passphrase", "change"])
        .output()
        .unwrap();
    assert_eq!(switched.status.code(), Some(0), "{}", String::from_utf8_lossy(&switched.stdout));
    assert_eq!(json(&keyring_cmd(&["list"]))["error"]["code"], "passphrase_required", "no longer opens without the passphrase");
    let with_pass = w.cmd().env("SATCHEL_PASSPHRASE", "switched passphrase").args(["--json", "list"]).output().unwrap();
    assert_eq!(json(&with_pass)["total"], 1);

    // And back into the keyring.
    let back = w.cmd().env("SATCHEL_PASSPHRASE", "switched passphrase").args(["--json", "passphrase", "use-keyring"]).output().unwrap();
    assert_eq!(back.status.code(), Some(0));
    assert_eq!(json(&keyring_cmd(&["list"]))["total"], 1, "the keyring opens it again");

    // Leave the test keyring clean: move the key out of it once more.
    let cleanup = w
        .cmd()
        .env_remove("SATCHEL_PASSPHRASE")
        .env("SATCHEL_NEW_PASSPHRASE", "cleanup passphrase")
        .args(["--json", "passphrase", "change"])
        .output()
        .unwrap();
    assert_eq!(cleanup.status.code(), Some(0));
}

/// Issue 14: the keyring entry is the wallet id's under Satchel's own
/// service, whatever the (unsigned) header names. An edited header that
/// points at another program's secret is refused, and that secret is never
/// read or deleted by a protection switch.
#[test]
fn a_header_cannot_point_satchel_at_another_secret() {
    require_secret_service();
    let w = TestWallet::new();
    let keyring_cmd = |args: &[&str]| w.cmd().env_remove("SATCHEL_PASSPHRASE").arg("--json").args(args).output().unwrap();
    assert_eq!(keyring_cmd(&["init"]).status.code(), Some(0));
    let store = std::process::Command::new("secret-tool")
        .args(["store", "--label", "another program", "service", "another-program", "username", "its-account"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(b"its secret")?;
            c.wait()
        })
        .expect("secret-tool stores a secret");
    assert!(store.success());
    let path = w.file("wallet.header");
    let mut header = satchel_core::vault::Header::read(&path).unwrap();
    let real = header.protection.clone();
    header.protection = satchel_core::vault::Protection::Keyring { service: "another-program".into(), account: "its-account".into() };
    header.write_atomic(&path).unwrap();

    let switched = w
        .cmd()
        .env_remove("SATCHEL_PASSPHRASE")
        .env("SATCHEL_NEW_PASSPHRASE", "switched passphrase")
        .args(["--json", "passphrase", "change"])
        .output()
        .unwrap();
    assert_eq!(
        json(&switched)["error"]["code"],
        "header_corrupt",
        "a header naming another entry is damage: {}",
        String::from_utf8_lossy(&switched.stdout)
    );
    let lookup = std::process::Command::new("secret-tool")
        .args(["lookup", "service", "another-program", "username", "its-account"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&lookup.stdout).trim(), "its secret", "the other program's secret is still there");

    // Put the real header back, and leave the test keyring clean.
    header.protection = real;
    header.write_atomic(&path).unwrap();
    let cleanup = w
        .cmd()
        .env_remove("SATCHEL_PASSPHRASE")
        .env("SATCHEL_NEW_PASSPHRASE", "cleanup passphrase")
        .args(["--json", "passphrase", "change"])
        .output()
        .unwrap();
    assert_eq!(cleanup.status.code(), Some(0), "{}", String::from_utf8_lossy(&cleanup.stdout));
    let _ = std::process::Command::new("secret-tool").args(["clear", "service", "another-program", "username", "its-account"]).status();
}
