//! Shared helpers: a wallet in a temp folder with a cheap KDF and an
//! in-memory keyring (the real keyring is tested end to end at the root).

use std::path::PathBuf;
use std::sync::Arc;

use satchel_core::clock::FixedClock;
use satchel_core::wallet::{Env, Secret};
use satchel_core::{UnlockedWallet, Wallet};

pub fn env() -> Env {
    Env { clock: Arc::new(FixedClock(chrono::DateTime::parse_from_rfc3339("2026-11-27T12:00:00Z").unwrap().into())), ..Env::throwaway() }
}

pub fn wallet() -> (tempfile::TempDir, UnlockedWallet) {
    let dir = tempfile::tempdir().unwrap();
    let w = Wallet::at(dir.path().join("w")).create(Secret::Keyring, &env()).unwrap();
    (dir, w)
}

/// The public test vectors: the project's copy (`tests/vectors`), or the
/// folder `SATCHEL_VECTORS` names. Missing is a failure, never a skip.
pub fn vectors() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let dir = std::env::var_os("SATCHEL_VECTORS").map(PathBuf::from).unwrap_or_else(|| root.join("tests/vectors"));
    assert!(dir.join("MANIFEST.tsv").is_file(), "public test vectors not found at `{}` (`make vectors` refreshes them)", dir.display());
    Some(dir)
}

/// Serves `routes` (path → status, body) on 127.0.0.1 until the test ends.
pub fn serve(routes: Vec<(&'static str, u16, Vec<u8>)>) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let mut buf = [0u8; 4096];
            let n = std::io::Read::read(&mut s, &mut buf).unwrap_or(0);
            let req = String::from_utf8_lossy(&buf[..n]);
            let path = req.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (status, body) = routes.iter().find(|r| r.0 == path).map(|r| (r.1, r.2.clone())).unwrap_or((404, b"not found".to_vec()));
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = std::io::Write::write_all(&mut s, head.as_bytes());
            let _ = std::io::Write::write_all(&mut s, &body);
        }
    });
    port
}
