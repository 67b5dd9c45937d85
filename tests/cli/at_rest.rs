//! At rest, a wallet's files hold no credential text: the database, its WAL
//! and the header are searched byte for byte.

use satchel_core::vault::{KdfCost, Passphrase};
use satchel_core::wallet::{Env, Secret};
use satchel_core::{ImportSource, Wallet};
use satchel_tests::{sample_credential, TestWallet};

const MARKERS: &[&str] =
    &["Secret-Marker-Course", "Marker text the at-rest test", "Satchel Demo Issuer", "OpenBadgeCredential", "demo.satchel.invalid"];

fn assert_clean(path: &std::path::Path) {
    let bytes = std::fs::read(path).unwrap_or_default();
    for m in MARKERS {
        let found = bytes.windows(m.len()).any(|w| w == m.as_bytes());
        assert!(!found, "`{m}` appears in clear in {}", path.display());
    }
}

#[test]
fn files_hold_no_credential_text_while_open_and_after_close() {
    let w = TestWallet::new();
    let env = Env { kdf_cost: KdfCost { m_kib: 1024, t: 1, p: 1 }, ..Env::throwaway() };
    let wallet = Wallet::at(&w.dir);
    let pass = Passphrase::new("at-rest test passphrase");
    let mut open = wallet.create(Secret::Passphrase(&pass), &env).unwrap();
    for n in 0..20 {
        open.import(&sample_credential(n), ImportSource::Paste).unwrap();
    }
    let wal = w.file("wallet.db-wal");
    assert!(std::fs::metadata(&wal).map(|m| m.len() > 0).unwrap_or(false), "the imports sit in the WAL while the wallet is open");
    for f in ["wallet.db", "wallet.db-wal", "wallet.db-shm", "wallet.header"] {
        assert_clean(&w.file(f));
    }
    open.lock();
    for f in ["wallet.db", "wallet.db-wal", "wallet.header"] {
        assert_clean(&w.file(f));
    }
    // Sanity: the markers really are in what was imported.
    let sample = sample_credential(3);
    assert!(sample.windows(MARKERS[0].len()).any(|x| x == MARKERS[0].as_bytes()));
}

#[test]
fn cli_import_leaves_no_text_behind() {
    let w = TestWallet::new().init_passphrase();
    let f = w.scratch("c.json", &sample_credential(42));
    assert_eq!(w.run(&["import", f.to_str().unwrap()]).status.code(), Some(0));
    for name in ["wallet.db", "wallet.db-wal", "wallet.header"] {
        assert_clean(&w.file(name));
    }
    let mut leftovers: Vec<_> = std::fs::read_dir(&w.dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    leftovers.sort();
    for name in &leftovers {
        assert_clean(&w.file(name));
    }
}
