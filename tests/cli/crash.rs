//! A process killed in the middle of a bulk import leaves every finished
//! credential whole and no partial row.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use satchel_tests::{json, sample_credential, TestWallet};

#[test]
fn sigkill_during_bulk_import_loses_nothing_finished() {
    let w = TestWallet::new().init_passphrase();
    let src = w.tmp.path().join("src");
    std::fs::create_dir(&src).unwrap();
    let mut sources = std::collections::HashMap::new();
    let mut paths = Vec::new();
    for n in 0..500 {
        let bytes = sample_credential(1000 + n);
        let p = src.join(format!("c{n:03}.json"));
        std::fs::write(&p, &bytes).unwrap();
        sources.insert(satchel_core::credential::content_hash(&bytes), bytes);
        paths.push(p.to_string_lossy().into_owned());
    }
    let mut child = w.cmd().arg("--json").arg("import").args(&paths).stdout(Stdio::piped()).spawn().unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut reported = 0;
    let mut line = String::new();
    while reported < 150 && reader.read_line(&mut line).unwrap() > 0 {
        reported += 1;
        line.clear();
    }
    child.kill().expect("SIGKILL the importer");
    child.wait().unwrap();
    assert_eq!(reported, 150, "the importer was killed part way, after 150 reported imports");

    // The database itself: integrity_check over every page and index, then
    // every row's bytes against its source (one unlock, not one per row).
    let env = satchel_core::wallet::Env::system();
    let wallet = satchel_core::Wallet::at(&w.dir);
    let open = wallet.unlock(Some(&satchel_core::vault::Passphrase::new(satchel_tests::TEST_PASSPHRASE)), &env).unwrap();
    assert_eq!(open.integrity_check().unwrap(), Vec::<String>::new(), "integrity_check is ok");
    let listed = open.list(satchel_core::store::credentials::Page { offset: 0, limit: 1000 }).unwrap();
    let total = listed.len();
    assert!((150..500).contains(&total), "every reported import survived, and the kill came before the end: {total}");
    for c in &listed {
        let (_, bytes) = open.export(&c.id).unwrap();
        assert_eq!(Some(&bytes), sources.get(&c.hash), "credential {} exports byte-identical to its source", c.id);
    }
    drop(open);

    // And through the CLI, as a user would, for the newest and the oldest.
    for c in [&listed[0], &listed[total - 1]] {
        let out = w.cmd().args(["export", &c.id]).output().unwrap();
        assert_eq!(Some(&out.stdout), sources.get(&c.hash), "`satchel export {}` gives the source bytes", c.id);
    }
    assert_eq!(json(&w.run(&["list", "--limit", "1"]))["total"], total as u64);
}
