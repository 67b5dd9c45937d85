//! `satchel backup` end to end, with independent tools: the Debian `age`
//! command (Go) and the npm `age-encryption` package open Satchel's backups,
//! and the `tar` command reads what is inside as `docs/backup-format.md`
//! says; backups those tools make from the documented plaintext restore in
//! Satchel; a restored holder key signs packages `@digitalbazaar/vc` verifies
//! as the same DID; a backup or a restore killed with SIGKILL at any moment
//! leaves the last good backup and the wallet whole.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use satchel_tests::{json, sample_credential, workspace_root, TestWallet, TEST_PASSPHRASE};

const BACKUP_PASSPHRASE: &str = "test-only backup passphrase";

fn sha256(bytes: &[u8]) -> String {
    satchel_core::credential::content_hash(bytes)
}

/// Runs `satchel --json ARGS` with the backup passphrase (or code) in the environment.
fn run_with(w: &TestWallet, secret: &str, args: &[&str]) -> Output {
    w.cmd().env("SATCHEL_BACKUP_PASSPHRASE", secret).arg("--json").args(args).output().expect("run satchel")
}

fn ok(out: Output, what: &str) -> serde_json::Value {
    assert_eq!(out.status.code(), Some(0), "{what}: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    json(&out)
}

/// Runs `command` on a pseudo-terminal fed `typed`: the `age` command reads
/// passphrases from the terminal only, as it should.
fn on_terminal(command: &str, typed: &str, dir: &Path) -> Output {
    use std::io::Write;
    let mut child = Command::new("script")
        .args(["-qec", command, "/dev/null"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run script (util-linux)");
    child.stdin.take().unwrap().write_all(typed.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn age_peer(args: &[&str], env: &[(&str, &str)]) -> Output {
    let dir = workspace_root().join("tests/interop");
    assert!(dir.join("node_modules/age-encryption").is_dir(), "the npm `age-encryption` package is missing: npm ci in tests/interop");
    let mut c = Command::new("node");
    c.arg("age-peer.mjs").args(args).current_dir(&dir);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().expect("run node");
    assert!(out.status.success(), "age-peer {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn age_command() {
    let v = Command::new("age").arg("--version").output().expect("the `age` command is missing: apt-get install age (.ci/deps)");
    assert!(v.status.success());
}

/// A wallet with `n` sample credentials, imported through the CLI.
fn wallet_with(n: usize) -> (TestWallet, Vec<Vec<u8>>) {
    let w = TestWallet::new().init_passphrase();
    let mut paths = Vec::new();
    let mut sources = Vec::new();
    for i in 0..n {
        let bytes = sample_credential(7000 + i);
        paths.push(w.scratch(&format!("c{i}.json"), &bytes).to_string_lossy().into_owned());
        sources.push(bytes);
    }
    let mut args = vec!["import"];
    args.extend(paths.iter().map(String::as_str));
    let out = w.run(&args);
    assert!(out.status.code().is_some_and(|c| c <= 1), "import: {}", String::from_utf8_lossy(&out.stderr));
    (w, sources)
}

/// Checks an extracted backup folder against `docs/backup-format.md`: the
/// manifest lists every other file once with its size and hash, the
/// credentials are the exact bytes received, the keys are the wallet's.
fn assert_documented_plaintext(tar_file: &Path, extracted: &Path, sources: &[Vec<u8>], did: &str) {
    let listing = Command::new("tar").arg("-tf").arg(tar_file).output().unwrap();
    let members: Vec<String> = String::from_utf8_lossy(&listing.stdout).lines().map(str::to_string).collect();
    assert_eq!(members[0], "manifest.json", "the manifest is the archive's first member");
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(extracted.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["format"], "satchel-backup");
    assert_eq!(manifest["version"], 1);
    assert_eq!(manifest["counts"]["credentials"], sources.len());
    assert_eq!(manifest["counts"]["holder_keys"], 1);
    let entries = manifest["entries"].as_array().unwrap();
    assert_eq!(entries.len() + 1, members.len(), "the manifest lists every member but itself");
    for e in entries {
        let path = e["path"].as_str().unwrap();
        let bytes = std::fs::read(extracted.join(path)).unwrap_or_else(|_| panic!("`{path}` is in the archive"));
        assert_eq!(bytes.len() as u64, e["size"].as_u64().unwrap(), "{path}: size");
        assert_eq!(sha256(&bytes), e["sha256"].as_str().unwrap(), "{path}: SHA-256");
    }
    for source in sources {
        let hash = sha256(source);
        let file = extracted.join(format!("credentials/{hash}.json"));
        assert_eq!(&std::fs::read(&file).unwrap(), source, "credentials/<sha256>.json holds the exact bytes received");
        let record: serde_json::Value =
            serde_json::from_slice(&std::fs::read(extracted.join(format!("records/{hash}.json"))).unwrap()).unwrap();
        assert_eq!(record["file"], format!("credentials/{hash}.json"));
        assert_eq!(record["source"]["kind"], "file");
        assert!(record["added_at"].is_string() && record["tags"].is_array() && record["note"].is_string(), "{record}");
    }
    let keys: serde_json::Value = serde_json::from_slice(&std::fs::read(extracted.join("holder-keys.json")).unwrap()).unwrap();
    assert_eq!(keys[0]["did"], did, "the wallet's key");
    assert_eq!(keys[0]["jwk"]["kty"], "OKP");
    let x = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(keys[0]["jwk"]["x"].as_str().unwrap()).unwrap();
    assert_eq!(did_key(&x), did, "jwk.x is the DID's key");
    assert_eq!(
        base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(keys[0]["jwk"]["d"].as_str().unwrap()).unwrap().len(),
        32,
        "the private key is there"
    );
}

fn did_key(x: &[u8]) -> String {
    let mut raw = vec![0xed, 0x01];
    raw.extend_from_slice(x);
    format!("did:key:z{}", bs58::encode(raw).into_string())
}

fn extract(tar_file: &Path, into: &Path) {
    std::fs::create_dir_all(into).unwrap();
    let st = Command::new("tar").arg("-xf").arg(tar_file).arg("-C").arg(into).status().unwrap();
    assert!(st.success(), "tar -xf");
}

#[test]
fn the_age_command_and_age_encryption_open_backups_to_the_documented_plaintext() {
    age_command();
    let (w, sources) = wallet_with(3);
    let did = ok(w.run(&["profiles"]), "profiles")["profiles"][0]["did"].as_str().unwrap().to_string();
    let dir = w.tmp.path();

    // A passphrase backup: the Go `age` command, then typage.
    let b = dir.join("b.age");
    let made = ok(run_with(&w, BACKUP_PASSPHRASE, &["backup", "create", "--out", b.to_str().unwrap()]), "backup create");
    assert_eq!(made["counts"]["credentials"], 3);
    assert_eq!(made["encryption"], "passphrase");
    let out = on_terminal("age -d -o b.tar b.age", &format!("{BACKUP_PASSPHRASE}\n"), dir);
    assert!(out.status.success(), "age -d: {}", String::from_utf8_lossy(&out.stdout));
    extract(&dir.join("b.tar"), &dir.join("x"));
    assert_documented_plaintext(&dir.join("b.tar"), &dir.join("x"), &sources, &did);
    age_peer(
        &["decrypt", dir.join("b.age").to_str().unwrap(), dir.join("b2.tar").to_str().unwrap()],
        &[("AGE_PASSPHRASE", BACKUP_PASSPHRASE)],
    );
    assert_eq!(std::fs::read(dir.join("b2.tar")).unwrap(), std::fs::read(dir.join("b.tar")).unwrap(), "typage decrypts to the same bytes");
    let wrong = on_terminal("age -d -o w.tar b.age", "not the passphrase\n", dir);
    assert!(!wrong.status.success() && !dir.join("w.tar").exists_and_nonempty(), "the Go age refuses a wrong passphrase");

    // A recovery-code backup: `age -d -i`, then typage with the identity.
    let c = dir.join("c.age");
    let made = ok(w.run(&["backup", "create", "--recovery-code", "--out", c.to_str().unwrap()]), "backup create --recovery-code");
    let code = made["recovery_code"].as_str().unwrap().to_string();
    assert!(code.starts_with("AGE-SECRET-KEY-1"), "{code}");
    std::fs::write(dir.join("code.txt"), format!("{code}\n")).unwrap();
    let out = Command::new("age").args(["-d", "-i", "code.txt", "-o", "c.tar", "c.age"]).current_dir(dir).output().unwrap();
    assert!(out.status.success(), "age -d -i: {}", String::from_utf8_lossy(&out.stderr));
    extract(&dir.join("c.tar"), &dir.join("y"));
    assert_documented_plaintext(&dir.join("c.tar"), &dir.join("y"), &sources, &did);
    age_peer(&["decrypt", c.to_str().unwrap(), dir.join("c2.tar").to_str().unwrap()], &[("AGE_IDENTITY", &code)]);
    assert_eq!(std::fs::read(dir.join("c2.tar")).unwrap(), std::fs::read(dir.join("c.tar")).unwrap());
    // And Satchel checks it with the code given where a passphrase would be.
    let checked = ok(run_with(&w, &code, &["backup", "check", c.to_str().unwrap()]), "check with the code");
    assert_eq!(checked["encryption"], "recovery_code");
}

trait NonEmpty {
    fn exists_and_nonempty(&self) -> bool;
}
impl NonEmpty for PathBuf {
    fn exists_and_nonempty(&self) -> bool {
        std::fs::metadata(self).is_ok_and(|m| m.len() > 0)
    }
}

/// Writes the documented plaintext of a backup holding `sources` and one
/// holder key (a JWK made by node:crypto), and returns the key's DID.
fn documented_plaintext(dir: &Path, sources: &[Vec<u8>]) -> String {
    let jwk: serde_json::Value = serde_json::from_slice(&age_peer(&["jwk"], &[]).stdout).unwrap();
    let x = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(jwk["x"].as_str().unwrap()).unwrap();
    let did = did_key(&x);
    std::fs::create_dir_all(dir.join("credentials")).unwrap();
    std::fs::create_dir_all(dir.join("records")).unwrap();
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (
            "holder-keys.json".into(),
            serde_json::to_vec(&serde_json::json!([{"label": "Hand-made", "did": did, "algorithm": "Ed25519", "created_at": "2026-01-01T00:00:00Z", "jwk": jwk}])).unwrap(),
        ),
        (
            "share-log.json".into(),
            serde_json::to_vec(&serde_json::json!([{"credentials": [sha256(&sources[0])], "method": "link", "recipient": "ACME", "shared_at": "2026-02-01T00:00:00Z", "expires_at": null}])).unwrap(),
        ),
        ("settings.json".into(), br#"{"lock_after_minutes": "7"}"#.to_vec()),
    ];
    for (i, s) in sources.iter().enumerate() {
        let hash = sha256(s);
        files.push((format!("credentials/{hash}.json"), s.clone()));
        files.push((
            format!("records/{hash}.json"),
            serde_json::to_vec(&serde_json::json!({"file": format!("credentials/{hash}.json"), "media_type": "application/ld+json",
                "source": {"kind": "file", "name": format!("by-hand-{i}.json")}, "added_at": "2026-01-02T00:00:00Z",
                "tags": ["by hand"], "note": "assembled from the format document"}))
            .unwrap(),
        ));
    }
    let entries: Vec<serde_json::Value> =
        files.iter().map(|(p, b)| serde_json::json!({"path": p, "size": b.len(), "sha256": sha256(b)})).collect();
    let manifest = serde_json::json!({"format": "satchel-backup", "version": 1, "wallet_id": "hand-made", "created": "2026-03-01T00:00:00Z",
        "counts": {"credentials": sources.len(), "holder_keys": 1, "shares": 1, "settings": 1, "cached_documents": 0}, "entries": entries});
    std::fs::write(dir.join("manifest.json"), serde_json::to_vec_pretty(&manifest).unwrap()).unwrap();
    for (p, b) in &files {
        std::fs::write(dir.join(p), b).unwrap();
    }
    did
}

#[test]
fn backups_made_by_the_age_command_and_age_encryption_from_the_documented_plaintext_restore() {
    age_command();
    let tmp = tempfile::tempdir().unwrap();
    let plain = tmp.path().join("plain");
    let sources: Vec<Vec<u8>> = (0..2).map(|i| sample_credential(8100 + i)).collect();
    let did = documented_plaintext(&plain, &sources);
    let st = Command::new("tar")
        .args(["-cf", "../plain.tar", "manifest.json", "holder-keys.json", "share-log.json", "settings.json", "credentials", "records"])
        .current_dir(&plain)
        .status()
        .unwrap();
    assert!(st.success(), "tar -cf");
    let by_go = on_terminal("age -p -o by-go.age plain.tar", &format!("{BACKUP_PASSPHRASE}\n{BACKUP_PASSPHRASE}\n"), tmp.path());
    assert!(by_go.status.success() && tmp.path().join("by-go.age").exists(), "age -p: {}", String::from_utf8_lossy(&by_go.stdout));
    let tar_path = tmp.path().join("plain.tar");
    let by_js = tmp.path().join("by-js.age");
    age_peer(&["encrypt", tar_path.to_str().unwrap(), by_js.to_str().unwrap()], &[("AGE_PASSPHRASE", BACKUP_PASSPHRASE)]);

    for file in [tmp.path().join("by-go.age"), by_js] {
        let w = TestWallet::new();
        let restored = ok(run_with(&w, BACKUP_PASSPHRASE, &["backup", "restore", "--passphrase", file.to_str().unwrap()]), "restore");
        assert_eq!(restored["added"].as_array().unwrap().len(), 2, "{restored}");
        assert_eq!(restored["holder_keys_added"], 1);
        assert_eq!(restored["settings_applied"], serde_json::json!(["lock_after_minutes"]));
        let profiles = ok(w.run(&["profiles"]), "profiles");
        assert_eq!(profiles["profiles"].as_array().unwrap().len(), 1, "the hand-made key replaces the new wallet's unused one");
        assert_eq!(profiles["profiles"][0]["did"], did.as_str());
        for s in &sources {
            let out = w.cmd().args(["export", &sha256(s)[..12]]).output().unwrap();
            assert_eq!(&out.stdout, s, "{}: the exact bytes", file.display());
        }
        let list = ok(w.run(&["list"]), "list");
        assert_eq!(list["total"], 2);
        let shares = ok(w.run(&["shares"]), "shares");
        assert!(shares.to_string().contains("ACME"), "the share log came too: {shares}");
    }
}

#[test]
fn a_restored_holder_key_signs_packages_digitalbazaar_verifies_as_the_same_did() {
    let peer_dir = workspace_root().join("tests/interop");
    let peer = tempfile::tempdir().unwrap();
    let issued = Command::new("node").args(["peers.mjs", "issue"]).arg(peer.path()).current_dir(&peer_dir).output().unwrap();
    assert!(issued.status.success(), "{}", String::from_utf8_lossy(&issued.stderr));
    let w = TestWallet::new().init_passphrase();
    let cred = peer.path().join("eddsa-rdfc-2022-v2-signed.json");
    let id = ok(w.run(&["import", cred.to_str().unwrap()]), "import")["credential"]["id"].as_str().unwrap().to_string();
    let did = ok(w.run(&["profiles"]), "profiles")["profiles"][0]["did"].as_str().unwrap().to_string();
    let first = w.tmp.path().join("first.json");
    ok(w.run(&["share", &id, "--for", "ACME", "--challenge", "c-1", "--out", first.to_str().unwrap()]), "share");
    let b = w.tmp.path().join("b.age");
    ok(run_with(&w, BACKUP_PASSPHRASE, &["backup", "create", "--out", b.to_str().unwrap()]), "backup");

    let other = TestWallet::new();
    let restored = ok(run_with(&other, BACKUP_PASSPHRASE, &["backup", "restore", "--passphrase", b.to_str().unwrap()]), "restore");
    assert_eq!(restored["verdicts"]["valid"], 1, "the credential verified again after the restore: {restored}");
    assert_eq!(ok(other.run(&["profiles"]), "profiles")["profiles"][0]["did"], did.as_str(), "the same DID");
    assert!(ok(other.run(&["shares"]), "shares").to_string().contains("ACME"), "the share log came too");
    let package = other.tmp.path().join("package.json");
    ok(other.run(&["share", &id, "--challenge", "c-2", "--domain", "employer.example", "--out", package.to_str().unwrap()]), "share again");
    let verify = Command::new("node")
        .args(["peers.mjs", "verify-vp"])
        .arg(&package)
        .args(["c-2", "employer.example"])
        .current_dir(&peer_dir)
        .output()
        .unwrap();
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stderr));
    let theirs: serde_json::Value = serde_json::from_str(String::from_utf8_lossy(&verify.stdout).lines().last().unwrap()).unwrap();
    assert_eq!(theirs["verified"], true, "@digitalbazaar/vc verifies the package the restored key signed: {theirs}");
    let holder: serde_json::Value = serde_json::from_slice(&std::fs::read(&package).unwrap()).unwrap();
    assert_eq!(holder["holder"], did.as_str(), "signed as the same DID as before the move");
    // Both packages, the one made before and the one made after, verify in Satchel too.
    for (file, challenge) in [(&first, "c-1"), (&package, "c-2")] {
        let ours = json(&other.run(&["verify", "--offline", "--challenge", challenge, file.to_str().unwrap()]));
        assert_eq!(ours["verdict"], "valid", "{}: {ours}", file.display());
    }
}

#[test]
fn wrong_secrets_and_damaged_files_are_clear_errors_that_change_nothing() {
    let (w, _) = wallet_with(2);
    let b = w.tmp.path().join("b.age");
    ok(run_with(&w, BACKUP_PASSPHRASE, &["backup", "create", "--out", b.to_str().unwrap()]), "backup");
    let before = w.run(&["list"]).stdout;
    let good = std::fs::read(&b).unwrap();
    let mut flipped = good.clone();
    let at = good.len() / 2;
    flipped[at] ^= 0x20;
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("wrong passphrase", good.clone(), "another passphrase", "backup_wrong_secret"),
        ("truncated", good[..good.len() - 40].to_vec(), BACKUP_PASSPHRASE, "backup_damaged"),
        ("one flipped byte", flipped, BACKUP_PASSPHRASE, "backup_damaged"),
        ("not a backup", sample_credential(1), BACKUP_PASSPHRASE, "not_a_backup"),
    ];
    for (what, bytes, secret, code) in cases {
        let f = w.scratch("case.age", &bytes);
        for args in [vec!["backup", "check"], vec!["backup", "restore", "--merge"]] {
            let mut args = args.clone();
            args.push(f.to_str().unwrap());
            let out = run_with(&w, secret, &args);
            assert_eq!(out.status.code(), Some(2), "{what}: {args:?} exits 2");
            assert_eq!(json(&out)["error"]["code"], code, "{what}: {args:?}");
        }
        assert_eq!(w.run(&["list"]).stdout, before, "{what}: the wallet is unchanged");
    }
    let into_existing = run_with(&w, BACKUP_PASSPHRASE, &["backup", "restore", b.to_str().unwrap()]);
    assert_eq!(json(&into_existing)["error"]["code"], "wallet_exists", "without --merge an existing wallet is never overwritten");
    let again = run_with(&w, BACKUP_PASSPHRASE, &["backup", "create", "--out", b.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2), "an existing backup is not replaced without --force");
    assert_eq!(std::fs::read(&b).unwrap(), good);
}

/// A wallet of `n` credentials made through the core (fast), opened by the
/// CLI with the test passphrase.
fn big_wallet(n: usize) -> TestWallet {
    let w = TestWallet::new();
    let env = satchel_core::wallet::Env::throwaway();
    let pass = satchel_core::vault::Passphrase::new(TEST_PASSPHRASE);
    let mut open = satchel_core::Wallet::at(&w.dir).create(satchel_core::wallet::Secret::Passphrase(&pass), &env).unwrap();
    for i in 0..n {
        open.import_unverified(&sample_credential(20_000 + i), satchel_core::ImportSource::Paste).unwrap();
    }
    w
}

fn count(w: &TestWallet) -> u64 {
    ok(w.run(&["list", "--limit", "1"]), "list")["total"].as_u64().unwrap()
}

/// Starts `args`, kills it with SIGKILL after `delay` unless it ended; true when it was killed mid-way.
fn kill_after(mut cmd: Command, delay: Duration) -> bool {
    let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let start = Instant::now();
    while start.elapsed() < delay {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let killed = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    killed
}

#[test]
fn sigkill_during_a_backup_or_a_restore_leaves_the_last_good_backup_and_a_whole_wallet() {
    const N: usize = 1500;
    let source = big_wallet(N);
    let b = source.tmp.path().join("b.age");
    ok(run_with(&source, BACKUP_PASSPHRASE, &["backup", "create", "--out", b.to_str().unwrap()]), "backup");

    // Backups killed at increasing moments, each over the last good one.
    let mut killed = 0;
    for ms in [150, 400, 800, 1200, 1800, 2600, 3500] {
        let mut c = source.cmd();
        c.env("SATCHEL_BACKUP_PASSPHRASE", BACKUP_PASSPHRASE).args(["backup", "create", "--force", "--out", b.to_str().unwrap()]);
        if kill_after(c, Duration::from_millis(ms)) {
            killed += 1;
        }
        let checked = ok(run_with(&source, BACKUP_PASSPHRASE, &["backup", "check", b.to_str().unwrap()]), "check after a kill");
        assert_eq!(checked["counts"]["credentials"], N, "after a kill at {ms} ms the backup at the target is a whole one");
    }
    assert!(killed >= 2, "at least two backups were killed mid-way ({killed})");

    // Merge restores killed at increasing moments: all or nothing.
    let target = big_wallet(1);
    let mut killed = 0;
    for ms in [300, 800, 1500, 2500, 4000, 6000] {
        let mut c = target.cmd();
        c.env("SATCHEL_BACKUP_PASSPHRASE", BACKUP_PASSPHRASE).args(["backup", "restore", "--merge", b.to_str().unwrap()]);
        if kill_after(c, Duration::from_millis(ms)) {
            killed += 1;
        }
        let n = count(&target);
        // The target's one credential is also in the backup (kept once), so
        // the whole backup merged is N credentials.
        assert!(n == 1 || n == N as u64, "after a kill at {ms} ms the wallet holds all or nothing of the backup: {n}");
        if n > 1 {
            break;
        }
    }
    assert!(killed >= 1, "at least one restore was killed mid-way");

    // New-wallet restores killed at increasing moments: no wallet, or a whole one.
    let mut killed = 0;
    for ms in [300, 800, 1500, 2500, 4000, 6000] {
        let fresh = TestWallet::new();
        let mut c = fresh.cmd();
        c.env("SATCHEL_BACKUP_PASSPHRASE", BACKUP_PASSPHRASE).args(["backup", "restore", "--passphrase", b.to_str().unwrap()]);
        if kill_after(c, Duration::from_millis(ms)) {
            killed += 1;
        }
        if fresh.dir.join("wallet.header").exists() {
            assert_eq!(count(&fresh), N as u64, "after a kill at {ms} ms a wallet that exists is complete");
            break;
        }
        assert!(!fresh.dir.exists(), "after a kill at {ms} ms there is no half wallet at the target");
    }
    assert!(killed >= 1, "at least one new-wallet restore was killed mid-way");
}

/// Automatic backups through the CLI: turning them on (with a recovery
/// code) leaves a first backup in the folder as the command ends, which opens
/// with the code; a change within the day waits (at most daily); `backup now`
/// does not.
#[test]
fn automatic_backups_start_when_turned_on_and_follow_changes_at_most_daily() {
    let w = TestWallet::new().init_passphrase();
    let first = w.scratch("one.json", &sample_credential(1));
    ok(w.run(&["import", first.to_str().unwrap()]), "import");
    let folder = w.tmp.path().join("Sync/Satchel");
    let out = w.run(&["backup", "auto", "--folder", folder.to_str().unwrap(), "--keep", "3", "--recovery-code"]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("automatic backup written"),
        "said on stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let on = ok(out, "auto");
    let code = on["recovery_code"].as_str().unwrap().to_string();
    assert_eq!(on["encryption"], "recovery_code");
    assert_eq!(on["keep"], 3);
    let backups = || -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(&folder).map(|d| d.map(|e| e.unwrap().path()).collect()).unwrap_or_default();
        v.sort();
        v
    };
    let made = backups();
    assert_eq!(made.len(), 1, "the first automatic backup, made as automatic backups were turned on: {made:?}");
    let checked = ok(run_with(&w, &code, &["backup", "check", made[0].to_str().unwrap()]), "check");
    assert_eq!(checked["counts"]["credentials"], 1, "it holds the wallet as it was");
    let second = w.scratch("two.json", &sample_credential(2));
    ok(w.run(&["import", second.to_str().unwrap()]), "second import");
    assert_eq!(backups().len(), 1, "a change within the day waits: at most one a day");
    let status = ok(w.run(&["backup", "auto"]), "status");
    assert_eq!(status["last_file"], made[0].to_str().unwrap());
    assert!(status.get("recovery_code").is_none(), "the code is shown once, when made");
    let now = ok(w.run(&["backup", "now"]), "now");
    assert_eq!(now["counts"]["credentials"], 2, "`backup now` does not wait a day");
    assert_eq!(backups().len(), 2);
}
