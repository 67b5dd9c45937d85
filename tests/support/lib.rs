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
    // Build it once per test run: a binary left from an older build would
    // test old code (cargo builds another package's binary only on demand).
    static BUILT: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "-p", "satchel-cli"])
            .current_dir(workspace_root())
            .status()
            .expect("run cargo build");
        assert!(status.success(), "building satchel-cli failed");
    });
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

/// The public test vectors: the project's copy (`tests/vectors`), or the
/// folder `SATCHEL_VECTORS` names. Missing is a failure, never a skip.
pub fn vectors_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SATCHEL_VECTORS").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("tests/vectors"));
    assert!(dir.join("MANIFEST.tsv").is_file(), "public test vectors not found at `{}` (`make vectors` refreshes them)", dir.display());
    Some(dir)
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

/// Serves the documents of the vectors' `urls.tsv` over real HTTP on
/// 127.0.0.1: a request for `/HOST/PATH` answers with the file listed for
/// `https://HOST/PATH` (or `http://HOST/PATH`: Satchel upgrades the http key
/// and list URLs of Open Badges 2.0 to https); other paths on a listed host
/// get 404 (the host is there, the document is not); a host not listed gets
/// its connection closed unanswered ("nothing else is reachable"). It also
/// publishes the issuer keys that the manifest says are "in" support files
/// but that `urls.tsv` gives no address for ([`published_issuer_keys`]).
/// Returns the port; the server lives as long as the test process. Pair it
/// with `HttpsFetcher::with_loopback_rewrite("https://", "http://127.0.0.1:PORT/")`.
pub fn serve_vectors(dir: &Path) -> u16 {
    use std::io::{BufRead, BufReader, Write};
    let table = std::fs::read_to_string(dir.join("urls.tsv")).expect("urls.tsv");
    let mut routes: std::collections::HashMap<String, Vec<u8>> = table
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let url = cols.next()?;
            let file = cols.next()?;
            let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
            Some((format!("/{rest}"), std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))))
        })
        .collect();
    for (url, body) in published_issuer_keys(dir) {
        routes.insert(format!("/{}", url.strip_prefix("https://").expect("https")), body);
    }
    let hosts: std::collections::HashSet<String> = routes.keys().filter_map(|p| p.split('/').nth(1).map(str::to_string)).collect();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let port = listener.local_addr().expect("local addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request_line = String::new();
            let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            let path = request_line.split_whitespace().nth(1).unwrap_or("/").to_string();
            if !path.split('/').nth(1).is_some_and(|h| hosts.contains(h)) {
                continue; // dropping the stream closes it: unreachable
            }
            let (status, body) = match routes.get(&path) {
                Some(body) => ("200 OK", body.clone()),
                None => ("404 Not Found", b"not found".to_vec()),
            };
            let head = format!(
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    port
}

/// The keys the manifest says issuers publish, published the way those
/// issuers would (the vectors hold the keys, not the documents around them):
/// - the W3C VC-JOSE-COSE test issuer `https://example.issuer/vc-jose-cose`:
///   a controller document at its URL with its `vm-*.json` methods (private
///   parts removed), listed for assertions;
/// - the RFC 9901 example issuer `https://issuer.example.com`: JWT VC issuer
///   metadata at `/.well-known/jwt-vc-issuer` with its example key.
pub fn published_issuer_keys(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let issuer = "https://example.issuer/vc-jose-cose";
    let mut methods = Vec::new();
    for entry in std::fs::read_dir(dir.join("vc-jose-cose-ts")).expect("vc-jose-cose-ts") {
        let path = entry.expect("dir entry").path();
        if !path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("vm-")) {
            continue;
        }
        let mut vm: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).expect("vm file")).expect("vm JSON");
        if vm["controller"] != issuer {
            continue;
        }
        vm.as_object_mut().expect("vm object").remove("secretKeyJwk");
        methods.push(vm);
    }
    methods.sort_by_key(|m| m["id"].to_string());
    let ids: Vec<_> = methods.iter().map(|m| m["id"].clone()).collect();
    let controller = serde_json::json!({"@context": "https://www.w3.org/ns/controller/v1", "id": issuer, "verificationMethod": methods, "assertionMethod": ids});
    let jwk: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("ietf-sdjwt-example-issuer-jwk.json")).expect("IETF issuer key")).expect("JWK");
    let metadata = serde_json::json!({"issuer": "https://issuer.example.com", "jwks": {"keys": [jwk]}});
    vec![
        (issuer.to_string(), serde_json::to_vec(&controller).expect("JSON")),
        ("https://issuer.example.com/.well-known/jwt-vc-issuer".to_string(), serde_json::to_vec(&metadata).expect("JSON")),
    ]
}

/// Whether a verdict reached while some checks could not run (`missing`)
/// is consistent with the manifest's `expected` one: a missing check could
/// still move it there. `unverifiable` always is; the expected verdict itself
/// is (unless it is `valid`, which needs every check); and, with the status
/// missing, `expired`/`not_yet_valid` are for a credential the manifest
/// calls revoked or suspended, which outrank them.
pub fn consistent_with_missing(verdict: &str, expected: &str, missing: &[String]) -> bool {
    let status_missing = missing.iter().any(|m| m.starts_with("status"));
    verdict == "unverifiable"
        || verdict == expected && verdict != "valid"
        || status_missing && matches!(expected, "revoked" | "suspended") && matches!(verdict, "expired" | "not_yet_valid")
}

/// Phrases with which a report says a check could not run because Satchel
/// does not do it yet.
pub const NOT_YET: &[&str] = &["not supported yet", "not fetched yet", "is not bundled"];
