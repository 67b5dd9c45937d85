//! Backups through the public API: a round trip that loses nothing, every
//! way a backup file can be wrong (each a clear error that changes nothing),
//! the merge rules, and automatic backups.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use satchel_core::backup::{self, auto, BackupKey, BackupSecret, CreateOptions, RecoveryCode, RestoreOptions};
use satchel_core::clock::FixedClock;
use satchel_core::store::credentials::Page;
use satchel_core::vault::Passphrase;
use satchel_core::wallet::{Env, Secret, ShareMethod};
use satchel_core::{ErrorCode, ImportSource, UnlockedWallet, Wallet};

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-27T12:00:00Z").unwrap().into()
}

fn env_at(t: DateTime<Utc>) -> Env {
    Env { clock: Arc::new(FixedClock(t)), ..Env::throwaway() }
}

fn new_wallet(dir: &Path, name: &str) -> UnlockedWallet {
    Wallet::at(dir.join(name)).create(Secret::Keyring, &env_at(t0())).unwrap()
}

/// A small, distinct, unsigned Open Badges 3.0 credential (test data).
fn credential(n: usize) -> Vec<u8> {
    serde_json::to_vec_pretty(&serde_json::json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": format!("urn:uuid:0b5a0000-0000-4000-8000-{n:012}"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://backup-test.invalid/issuer", "type": ["Profile"], "name": "Backup Test Issuer (test data)"},
        "validFrom": "2026-01-15T09:00:00Z",
        "name": format!("Course {n}"),
        "credentialSubject": {"type": ["AchievementSubject"], "achievement": {
            "id": format!("https://backup-test.invalid/a/{n}"), "type": ["Achievement"], "name": format!("Course {n}"),
            "criteria": {"narrative": "Completed."}}}
    }))
    .unwrap()
}

/// Everything a learner would miss: per credential its record, bytes and
/// stored report; the share log; the profiles; the settings.
#[derive(Debug, PartialEq)]
struct Snapshot {
    credentials: Vec<(satchel_core::store::credentials::CredentialRecord, Vec<u8>, Option<String>)>,
    shares: Vec<satchel_core::wallet::LoggedShare>,
    profiles: Vec<satchel_core::store::holder_keys::Profile>,
    settings: Vec<(String, String)>,
}

fn snapshot(w: &mut UnlockedWallet) -> Snapshot {
    let records = w.list(Page { offset: 0, limit: 100_000 }).unwrap();
    let credentials = records
        .into_iter()
        .map(|r| {
            let bytes = w.export(&r.id).unwrap().1;
            let report = w.report_json(&r.id).unwrap();
            (r, bytes, report)
        })
        .collect();
    Snapshot {
        credentials,
        shares: w.shares().unwrap(),
        profiles: w.profiles().unwrap(),
        settings: w.settings().unwrap().into_iter().map(|(s, v)| (s.key().to_string(), v)).collect(),
    }
}

fn code_pair() -> (BackupKey, BackupSecret) {
    let code = RecoveryCode::generate();
    let key = BackupKey::Recipient(code.recipient());
    (key, BackupSecret::RecoveryCode(RecoveryCode::parse(&code.reveal()).unwrap()))
}

fn no_verify() -> RestoreOptions {
    RestoreOptions { settings: true, verify: false, now: t0() }
}

#[test]
fn a_round_trip_of_1000_credentials_loses_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mut w = new_wallet(tmp.path(), "w");
    let mut ids = Vec::new();
    for n in 0..1000 {
        let out = w.import_unverified(&credential(n), ImportSource::File(format!("course-{n}.json"))).unwrap();
        ids.push(out.credential().id.clone());
    }
    for (i, id) in ids.iter().enumerate().step_by(7) {
        w.annotate(id, &[format!("tag-{}", i % 5), "work".into()], &format!("note for {i}: ünïcode ✓")).unwrap();
    }
    for id in ids.iter().take(20) {
        w.reverify(id).unwrap();
    }
    w.record_share(&[&ids[0], &ids[1]], ShareMethod::Link, Some("ACME & Co")).unwrap();
    w.record_share(&[&ids[2]], ShareMethod::Linkedin, None).unwrap();
    w.set_setting("lock_after_minutes", "25").unwrap();
    let before = snapshot(&mut w);
    assert_eq!(before.credentials.iter().filter(|c| c.2.is_some()).count(), 20, "20 credentials carry a report");

    let (key, secret) = code_pair();
    let file = tmp.path().join("b.age");
    let made = backup::create(&mut w, &key, t0(), &file, &CreateOptions::default()).unwrap();
    assert_eq!((made.counts.credentials, made.counts.holder_keys, made.counts.shares, made.counts.settings), (1000, 1, 2, 1));
    let checked = backup::check(&file, &secret).unwrap();
    assert_eq!(checked.files, 2 * 1000 + 4, "a file and a record per credential, and README, keys, share log, settings");

    let target = Wallet::at(tmp.path().join("restored"));
    let (mut r, outcome) = backup::restore_new(&target, Secret::Keyring, &env_at(t0()), &file, &secret, &no_verify()).unwrap();
    assert_eq!(outcome.added.len(), 1000);
    assert!(outcome.refused.is_empty() && outcome.already_there.is_empty(), "{outcome:?}");
    let after = snapshot(&mut r);
    assert_eq!(after.profiles, before.profiles, "the same holder keys, in the same order: no extra key from the new wallet");
    assert_eq!(after.shares, before.shares, "the same share log");
    assert_eq!(after.settings, before.settings, "the same settings");
    assert_eq!(after.credentials.len(), 1000);
    for (a, b) in after.credentials.iter().zip(&before.credentials) {
        assert_eq!(a, b, "credential {} comes back with identical bytes, record, tags, note and report", b.0.id);
    }
    // The restored key is the same key: it signs as the same DID.
    let did = before.profiles[0].did.clone();
    assert_eq!(
        r.holder_signing_key(&did).unwrap().to_bytes(),
        w.holder_signing_key(&did).unwrap().to_bytes(),
        "the private key itself came back"
    );
}

#[test]
fn restored_credentials_are_verified_again() {
    let tmp = tempfile::tempdir().unwrap();
    let mut w = new_wallet(tmp.path(), "w");
    for sample in satchel_core::samples::make(t0()).unwrap() {
        w.import_unverified(&sample, ImportSource::Sample).unwrap();
    }
    let (key, secret) = code_pair();
    let file = tmp.path().join("b.age");
    backup::create(&mut w, &key, t0(), &file, &CreateOptions::default()).unwrap();
    let later = t0() + Duration::hours(3);
    let target = Wallet::at(tmp.path().join("r"));
    let options = RestoreOptions { settings: true, verify: true, now: later };
    let (r, outcome) = backup::restore_new(&target, Secret::Keyring, &env_at(later), &file, &secret, &options).unwrap();
    let n = outcome.added.len();
    assert!(n >= 3, "the samples were restored: {outcome:?}");
    assert_eq!(outcome.verdicts.values().sum::<usize>(), n, "every restored credential was verified again: {outcome:?}");
    assert!(outcome.verdicts.get("valid").is_some_and(|v| *v >= 3), "the signed samples verify: {outcome:?}");
    assert_eq!(outcome.changed.len(), n, "not verified in the backup, a verdict now: each is listed as changed");
    for c in &outcome.changed {
        let record = r.get(&c.id).unwrap();
        assert_eq!(record.verdict.as_deref(), Some(c.after.as_str()), "the new verdict is the stored one");
        assert_eq!(record.verified_at.as_deref(), Some("2026-11-27T15:00:00Z"), "verified at the restoring wallet's time");
    }
}

fn flip(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut b = bytes.to_vec();
    b[at] ^= 0x01;
    b
}

#[test]
fn every_damaged_or_foreign_file_is_a_clear_error_that_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mut w = new_wallet(tmp.path(), "w");
    for n in 0..40 {
        w.import_unverified(&credential(n), ImportSource::Paste).unwrap();
    }
    let (key, secret) = code_pair();
    let file = tmp.path().join("b.age");
    backup::create(&mut w, &key, t0(), &file, &CreateOptions::default()).unwrap();
    let good = std::fs::read(&file).unwrap();
    assert!(good.len() > 64 * 1024, "more than one age chunk, so flips land in several chunks: {}", good.len());

    // The wallet the failed restores are tried on.
    let mut target = new_wallet(tmp.path(), "target");
    target.import_unverified(&credential(999), ImportSource::Paste).unwrap();
    let before = snapshot(&mut target);
    let bad = tmp.path().join("bad.age");
    let try_restore = |bytes: &[u8], secret: &BackupSecret, target: &mut UnlockedWallet| {
        std::fs::write(&bad, bytes).unwrap();
        let checked = backup::check(&bad, secret).map(|_| ()).map_err(|e| e.code());
        let restored = backup::restore(target, &bad, secret, &no_verify()).map(|_| ()).map_err(|e| e.code());
        assert_eq!(checked, restored, "check and restore agree");
        restored
    };

    // One flipped byte anywhere: the header, every chunk, the last byte.
    let mut positions: Vec<usize> = (0..200).collect();
    positions.extend((200..good.len()).step_by(good.len() / 150));
    positions.push(good.len() - 1);
    for at in positions {
        let code = try_restore(&flip(&good, at), &secret, &mut target).expect_err("a flipped byte is never accepted");
        assert!(matches!(code, ErrorCode::BackupDamaged | ErrorCode::BackupWrongSecret | ErrorCode::NotABackup), "byte {at}: {code:?}");
    }
    // Cut short anywhere.
    for len in [0, 10, 21, 100, good.len() / 3, good.len() - 65_000, good.len() - 17, good.len() - 1] {
        let code = try_restore(&good[..len], &secret, &mut target).expect_err("a truncated file is never accepted");
        assert!(matches!(code, ErrorCode::BackupDamaged | ErrorCode::NotABackup), "{len} bytes: {code:?}");
    }
    // Extra bytes after the end.
    let mut longer = good.clone();
    longer.extend_from_slice(b"more");
    assert_eq!(try_restore(&longer, &secret, &mut target), Err(ErrorCode::BackupDamaged));
    // The wrong secret, of either kind.
    let (_, other_code) = code_pair();
    assert_eq!(try_restore(&good, &other_code, &mut target), Err(ErrorCode::BackupWrongSecret), "another recovery code");
    let pass = BackupSecret::Passphrase(Passphrase::new("some passphrase"));
    assert_eq!(try_restore(&good, &pass, &mut target), Err(ErrorCode::BackupWrongSecret), "a passphrase for a recovery-code backup");
    // Not a backup at all.
    assert_eq!(try_restore(&credential(1), &secret, &mut target), Err(ErrorCode::NotABackup), "a credential");
    assert_eq!(try_restore(b"", &secret, &mut target), Err(ErrorCode::NotABackup), "an empty file");
    let code = RecoveryCode::generate();
    let open_with = BackupSecret::RecoveryCode(RecoveryCode::parse(&code.reveal()).unwrap());
    let recipient: age::x25519::Recipient = code.recipient().parse().unwrap();
    let not_tar = age::encrypt(&recipient, b"hello, this is no archive").unwrap();
    assert_eq!(try_restore(&not_tar, &open_with, &mut target), Err(ErrorCode::NotABackup), "an age file of something else");
    // A newer format version.
    let manifest = br#"{"format":"satchel-backup","version":2,"wallet_id":"x","created":"2030-01-01T00:00:00Z","counts":{},"entries":[]}"#;
    let mut tar = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_ustar();
    h.set_size(manifest.len() as u64);
    h.set_mode(0o600);
    tar.append_data(&mut h, "manifest.json", &manifest[..]).unwrap();
    let newer = age::encrypt(&recipient, &tar.into_inner().unwrap()).unwrap();
    assert_eq!(try_restore(&newer, &open_with, &mut target), Err(ErrorCode::BackupTooNew), "format 2");

    assert_eq!(snapshot(&mut target), before, "no failed restore changed the wallet");
    assert_eq!(std::fs::read(&file).unwrap(), good, "and the backup itself is untouched");
}

#[test]
fn a_passphrase_backup_opens_with_its_passphrase_only() {
    let tmp = tempfile::tempdir().unwrap();
    let mut w = new_wallet(tmp.path(), "w");
    w.import_unverified(&credential(1), ImportSource::Paste).unwrap();
    let file = tmp.path().join("b.age");
    let weak = backup::create(&mut w, &BackupKey::Passphrase(Passphrase::new("short")), t0(), &file, &CreateOptions::default());
    assert_eq!(weak.unwrap_err().code(), ErrorCode::WeakPassphrase, "a short passphrase is refused");
    assert!(!file.exists(), "and nothing was written");
    let key = BackupKey::Passphrase(Passphrase::new("backup passphrase 1"));
    backup::create(&mut w, &key, t0(), &file, &CreateOptions::default()).unwrap();
    let head = std::fs::read(&file).unwrap();
    assert!(head.starts_with(b"age-encryption.org/v1\n-> scrypt "), "an age scrypt file");
    assert!(String::from_utf8_lossy(&head[..100]).contains(" 18\n"), "work factor 2^18");
    let wrong = backup::check(&file, &BackupSecret::from_text("backup passphrase 2")).unwrap_err();
    assert_eq!(wrong.code(), ErrorCode::BackupWrongSecret);
    assert!(wrong.to_string().contains("nothing was changed"), "{wrong}");
    let (_, code) = code_pair();
    assert_eq!(backup::check(&file, &code).unwrap_err().code(), ErrorCode::BackupWrongSecret, "a recovery code for a passphrase backup");
    assert_eq!(backup::check(&file, &BackupSecret::from_text("backup passphrase 1")).unwrap().counts.credentials, 1);

    let again = backup::create(&mut w, &key, t0(), &file, &CreateOptions::default()).unwrap_err();
    assert_eq!(again.code(), ErrorCode::Io, "an existing file is not replaced unasked: {again}");
    backup::create(&mut w, &key, t0(), &file, &CreateOptions { overwrite: true, ..CreateOptions::default() }).unwrap();
    let leftovers: Vec<PathBuf> =
        std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().path()).filter(|p| p.to_string_lossy().ends_with(".tmp")).collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind: {leftovers:?}");
}

#[test]
fn merging_keeps_one_copy_prefers_the_authentic_one_and_asks_before_settings() {
    let tmp = tempfile::tempdir().unwrap();
    let samples = satchel_core::samples::make(t0()).unwrap();
    let authentic = samples[0].clone();
    let mut forged: serde_json::Value = serde_json::from_slice(&authentic).unwrap();
    forged["name"] = serde_json::json!("Changed after signing");
    let forged = serde_json::to_vec(&forged).unwrap();

    // The old wallet: a shared credential, the forged copy of the first
    // sample, the authentic second sample, its own key, a setting.
    let mut old = new_wallet(tmp.path(), "old");
    old.import(&credential(1), ImportSource::Paste).unwrap();
    old.import(&forged, ImportSource::Paste).unwrap();
    old.import(&samples[1], ImportSource::Sample).unwrap();
    old.set_setting("lock_after_minutes", "30").unwrap();
    let old_did = old.profiles().unwrap()[0].did.clone();
    let (key, secret) = code_pair();
    let file = tmp.path().join("old.age");
    backup::create(&mut old, &key, t0(), &file, &CreateOptions::default()).unwrap();

    // Today's wallet: the shared credential, the authentic first sample, a
    // forged second sample, its own key.
    let mut now = new_wallet(tmp.path(), "now");
    now.import(&credential(1), ImportSource::Paste).unwrap();
    now.annotate(&now.list(Page::default()).unwrap()[0].id.clone(), &["mine".into()], "kept").unwrap();
    now.import(&authentic, ImportSource::Sample).unwrap();
    let mut forged2: serde_json::Value = serde_json::from_slice(&samples[1]).unwrap();
    forged2["name"] = serde_json::json!("Also changed");
    now.import(&serde_json::to_vec(&forged2).unwrap(), ImportSource::Paste).unwrap();
    let own_did = now.profiles().unwrap()[0].did.clone();

    let merged = backup::restore(&mut now, &file, &secret, &RestoreOptions { settings: false, verify: true, now: t0() }).unwrap();
    let id = |b: &[u8]| satchel_core::credential::content_hash(b)[..12].to_string();
    assert_eq!(merged.already_there, vec![id(&credential(1))], "the same bytes are kept once");
    assert_eq!(merged.refused.len(), 1, "{merged:?}");
    assert_eq!(merged.refused[0].id, id(&forged), "a copy that does not verify never replaces the authentic one");
    assert_eq!(merged.replaced.len(), 1, "{merged:?}");
    assert_eq!(merged.replaced[0].id, id(&samples[1]), "the authentic copy replaces the one that does not verify");
    assert!(merged.added.is_empty());
    let list = now.list(Page::default()).unwrap();
    assert_eq!(list.len(), 3, "three credentials, one copy each: {list:?}");
    assert!(list.iter().any(|r| r.id == id(&authentic)) && list.iter().any(|r| r.id == id(&samples[1])));
    assert_eq!(now.get(&id(&credential(1))).unwrap().tags, vec!["mine".to_string()], "the wallet's own tags and note stay");
    assert_eq!(merged.verdicts.get("valid"), Some(&1), "the replacing copy was verified again: {merged:?}");

    let profiles: Vec<String> = now.profiles().unwrap().into_iter().map(|p| p.did).collect();
    assert_eq!(profiles, vec![own_did.clone(), old_did.clone()], "holder keys merged; the wallet's default stays first");
    assert_eq!(merged.settings_left, vec!["lock_after_minutes".to_string()], "the differing setting is named, not taken");
    assert_eq!(now.settings().unwrap()[0].1, "10");

    // Asked for: the settings come too; everything else is already there.
    let again = backup::restore(&mut now, &file, &secret, &RestoreOptions { settings: true, verify: true, now: t0() }).unwrap();
    assert_eq!(again.settings_applied, vec!["lock_after_minutes".to_string()]);
    assert_eq!(now.settings().unwrap()[0].1, "30");
    assert_eq!(again.holder_keys_already_there, 1);
    assert_eq!(again.holder_keys_added, 0);
    assert_eq!(now.list(Page::default()).unwrap().len(), 3, "a second merge adds nothing");
}

#[test]
fn automatic_backups_follow_changes_at_most_daily_and_keep_the_last_n() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("sync").join("satchel");
    let mut w = new_wallet(tmp.path(), "w");
    let code = RecoveryCode::generate();
    assert!(auto::run_if_due(&mut w, t0()).unwrap().is_none(), "off: nothing is made");
    let status = auto::configure(&mut w, &folder, 2, auto::AutoKey::Recipient(code.recipient())).unwrap();
    assert_eq!(status.encryption.as_deref(), Some("recovery_code"));
    let files = || {
        let mut f: Vec<String> =
            std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        f.sort();
        f
    };
    std::fs::write(folder.join("notes.txt"), b"mine").unwrap();

    let first = auto::run_if_due(&mut w, t0()).unwrap().expect("never backed up: due");
    w.import_unverified(&credential(1), ImportSource::Paste).unwrap();
    assert!(auto::run_if_due(&mut w, t0() + Duration::hours(23)).unwrap().is_none(), "changed, but the last one is not a day old");
    let second = auto::run_if_due(&mut w, t0() + Duration::hours(24)).unwrap().expect("changed and a day old: due");
    assert_eq!(second.counts.credentials, 1);
    assert!(auto::run_if_due(&mut w, t0() + Duration::hours(72)).unwrap().is_none(), "a day old but unchanged: not due");
    w.import_unverified(&credential(2), ImportSource::Paste).unwrap();
    let third = auto::run_if_due(&mut w, t0() + Duration::hours(73)).unwrap().expect("changed again");
    let names = files();
    assert_eq!(names.len(), 3, "the last two backups and the learner's own file: {names:?}");
    assert!(names.contains(&"notes.txt".to_string()), "files that are not Satchel's are never touched");
    assert!(!Path::new(&first.path).exists(), "the oldest backup went");
    assert!(Path::new(&second.path).exists() && Path::new(&third.path).exists());
    let secret = BackupSecret::RecoveryCode(RecoveryCode::parse(&code.reveal()).unwrap());
    assert_eq!(backup::check(Path::new(&third.path), &secret).unwrap().counts.credentials, 2, "opens with the recovery code");
    assert_eq!(auto::status(&w).unwrap().last_at.as_deref(), Some(third.created.as_str()));

    // The automatic settings describe this computer: never inside a backup.
    let (key, secret) = code_pair();
    let file = tmp.path().join("manual.age");
    backup::create(&mut w, &key, t0(), &file, &CreateOptions::default()).unwrap();
    let target = Wallet::at(tmp.path().join("r"));
    let (r, _) = backup::restore_new(&target, Secret::Keyring, &env_at(t0()), &file, &secret, &no_verify()).unwrap();
    assert_eq!(auto::status(&r).unwrap().folder, None, "the restored wallet has no automatic folder of the old computer");
    auto::disable(&mut w).unwrap();
    assert!(auto::run_now(&mut w, t0()).is_err(), "off: `now` says so");
}

#[test]
fn restoring_as_a_new_wallet_refuses_an_existing_one() {
    let tmp = tempfile::tempdir().unwrap();
    let mut w = new_wallet(tmp.path(), "w");
    let (key, secret) = code_pair();
    let file = tmp.path().join("b.age");
    backup::create(&mut w, &key, t0(), &file, &CreateOptions::default()).unwrap();
    let err = backup::restore_new(w.wallet(), Secret::Keyring, &env_at(t0()), &file, &secret, &no_verify()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WalletExists, "an existing wallet is merged into on purpose, never overwritten");
    let bad = tmp.path().join("none");
    let err =
        backup::restore_new(&Wallet::at(&bad), Secret::Keyring, &env_at(t0()), &tmp.path().join("missing.age"), &secret, &no_verify())
            .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Io);
    assert!(!bad.exists(), "a restore that could not start leaves no wallet folder");
}

#[test]
fn a_backup_found_inconsistent_while_restoring_leaves_no_wallet_behind() {
    let tmp = tempfile::tempdir().unwrap();
    // Every hash matches, but the manifest counts a credential it has no record of.
    let settings = b"{}".to_vec();
    let keys = b"[]".to_vec();
    let shares = b"[]".to_vec();
    let files = [("holder-keys.json", keys), ("share-log.json", shares), ("settings.json", settings)];
    let entries: Vec<serde_json::Value> = files
        .iter()
        .map(|(p, b)| serde_json::json!({"path": p, "size": b.len(), "sha256": satchel_core::credential::content_hash(b)}))
        .collect();
    let manifest = serde_json::to_vec(&serde_json::json!({"format": "satchel-backup", "version": 1, "wallet_id": "x",
        "created": "2026-01-01T00:00:00Z", "counts": {"credentials": 1, "holder_keys": 0, "shares": 0, "settings": 0, "cached_documents": 0},
        "entries": entries}))
    .unwrap();
    let mut tar = tar::Builder::new(Vec::new());
    for (p, b) in std::iter::once(("manifest.json", manifest)).chain(files) {
        let mut h = tar::Header::new_ustar();
        h.set_size(b.len() as u64);
        h.set_mode(0o600);
        tar.append_data(&mut h, p, b.as_slice()).unwrap();
    }
    let code = RecoveryCode::generate();
    let recipient: age::x25519::Recipient = code.recipient().parse().unwrap();
    let file = tmp.path().join("odd.age");
    std::fs::write(&file, age::encrypt(&recipient, &tar.into_inner().unwrap()).unwrap()).unwrap();
    let secret = BackupSecret::RecoveryCode(RecoveryCode::parse(&code.reveal()).unwrap());
    let checked = backup::check(&file, &secret).unwrap_err();
    assert_eq!(checked.code(), ErrorCode::BackupDamaged, "every file matches its hash, but `check` sees the count is wrong: {checked}");
    let env = env_at(t0());
    let err = backup::restore_new(&Wallet::at(tmp.path().join("w")), Secret::Keyring, &env, &file, &secret, &no_verify()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::BackupDamaged, "{err}");
    let left: Vec<String> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(left, vec!["odd.age".to_string()], "neither the wallet nor its staging folder is left");
}
