//! Helpers for Satchel's end-to-end tests: find the real `satchel` binary,
//! run it against a throw-away wallet, read the public test vectors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The passphrase of test wallets. Test-only.
pub const TEST_PASSPHRASE: &str = "test-only passphrase 1";

/// The workspace root (where the root `Cargo.toml` is).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `satchel` binary of this build profile, built on demand with the same
/// profile (so nothing is rebuilt when the workspace was built already).
pub fn satchel_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    // target/<profile>/deps/<test>-<hash> → target/<profile>/satchel
    let profile_dir = exe.parent().and_then(Path::parent).expect("target/<profile>");
    let bin = profile_dir.join(format!("satchel{}", std::env::consts::EXE_SUFFIX));
    if !bin.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status =
            Command::new(cargo).args(["build", "-p", "satchel-cli"]).current_dir(workspace_root()).status().expect("run cargo build");
        assert!(status.success(), "building satchel-cli failed");
    }
    bin
}

/// A wallet folder in a fresh temporary directory, and a way to run the CLI on it.
#[derive(Debug)]
pub struct TestWallet {
    pub tmp: tempfile::TempDir,
    pub dir: PathBuf,
}

impl Default for TestWallet {
    fn default() -> Self {
        Self::new()
    }
}

impl TestWallet {
    pub fn new() -> Self {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("wallet");
        Self { tmp, dir }
    }

    /// A `satchel` command on this wallet with the test passphrase in the environment.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(satchel_bin());
        c.env("SATCHEL_WALLET", &self.dir)
            .env("SATCHEL_PASSPHRASE", TEST_PASSPHRASE)
            .env_remove("SATCHEL_NEW_PASSPHRASE")
            .stdin(std::process::Stdio::null());
        c
    }

    /// Runs `satchel --json ARGS`.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().arg("--json").args(args).output().expect("run satchel")
    }

    /// Creates a passphrase wallet.
    pub fn init_passphrase(self) -> Self {
        let out = self.run(&["init", "--passphrase"]);
        assert_eq!(out.status.code(), Some(0), "init failed: {}", String::from_utf8_lossy(&out.stdout));
        self
    }

    /// Path of a file in the wallet folder.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// A scratch file outside the wallet.
    pub fn scratch(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.tmp.path().join(name);
        std::fs::write(&p, bytes).expect("write scratch file");
        p
    }
}

/// Each stdout line parsed as JSON.
pub fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// The one JSON document on stdout.
pub fn json(out: &Output) -> serde_json::Value {
    let mut lines = json_lines(out);
    assert_eq!(lines.len(), 1, "expected one JSON line, got: {}", String::from_utf8_lossy(&out.stdout));
    lines.remove(0)
}

/// The public test vectors folder (`SATCHEL_VECTORS`, else `../shared/vectors`
/// beside the checkout). `None` when it is missing; under CI that is a failure.
pub fn vectors_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SATCHEL_VECTORS").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("../shared/vectors"));
    if dir.join("MANIFEST.tsv").is_file() {
        return Some(dir);
    }
    let msg = format!("public test vectors not found at `{}` (set SATCHEL_VECTORS)", dir.display());
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{msg}: conformance tests cannot run under CI without them");
    }
    eprintln!("{msg}: conformance test not run");
    None
}

/// A small, distinct Open Badges 3.0 credential (unsigned) for bulk tests.
pub fn sample_credential(n: usize) -> Vec<u8> {
    serde_json::to_vec_pretty(&serde_json::json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": format!("urn:uuid:6c1d0c52-0000-4000-8000-{n:012}"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://demo.satchel.invalid/issuer", "type": ["Profile"], "name": "Satchel Demo Issuer (test data)"},
        "validFrom": "2026-01-15T09:00:00Z",
        "name": format!("Secret-Marker-Course-{n}"),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": format!("https://demo.satchel.invalid/achievements/{n}"),
                "type": ["Achievement"],
                "name": format!("Secret-Marker-Course-{n}"),
                "description": "Marker text the at-rest test searches the wallet files for.",
                "criteria": {"narrative": "Completed every exercise."}
            }
        }
    }))
    .expect("JSON serialises")
}
