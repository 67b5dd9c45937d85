//! The product's own https path against a real TLS server on 127.0.0.1:
//! the server's certificate comes from a certificate authority the test
//! makes, which the CLI trusts only because the test names it in
//! `SSL_CERT_FILE` (as an organisation's own CA is trusted through the
//! system's store). No code-level rewrite: the address in the command is
//! the one connected to.

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use satchel_tests::{json, sample_credential, TestWallet};

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl").args(args).current_dir(dir).output().expect("run openssl");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A test-only CA (`ca.pem`) and a certificate for 127.0.0.1 it issued
/// (`server.pem`, `server.key`), valid from now for a month.
fn test_pki(dir: &Path) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "30",
            "-subj",
            "/CN=Satchel test-only CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign",
        ],
    );
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=127.0.0.1",
        ],
    );
    std::fs::write(dir.join("server.ext"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n")
        .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "30",
            "-extfile",
            "server.ext",
        ],
    );
}

/// `openssl s_server` serving the files of `dir` over https on 127.0.0.1;
/// stopped when dropped.
struct Server(Child, u16);

impl Server {
    fn start(dir: &Path) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new("openssl")
            .args(["s_server", "-quiet", "-WWW", "-accept", &format!("127.0.0.1:{port}"), "-cert", "server.pem", "-key", "server.key"])
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("openssl s_server");
        let until = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < until, "openssl s_server listens on {port}");
            std::thread::sleep(Duration::from_millis(20));
        }
        Self(child, port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn https_import_trusts_the_system_store_and_nothing_else() {
    let pki = tempfile::tempdir().unwrap();
    test_pki(pki.path());
    std::fs::write(pki.path().join("badge.json"), sample_credential(7)).unwrap();
    let server = Server::start(pki.path());
    let url = format!("https://127.0.0.1:{}/badge.json", server.1);
    let allow = format!("127.0.0.1:{}", server.1);
    let w = TestWallet::new().init_passphrase();

    // The test CA is not in the trust store: the certificate is refused.
    let out = w
        .cmd()
        .args(["--json", "--allow-host", &allow, "import", &url])
        .env("SSL_CERT_FILE", "/nonexistent-satchel-test-roots.pem")
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0), "an unknown CA is not trusted: {}", String::from_utf8_lossy(&out.stdout));
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(said.to_lowercase().contains("certificate"), "the error names the certificate: {said}");

    // With the CA in the store (SSL_CERT_FILE), the same command imports it.
    let out =
        w.cmd().args(["--json", "--allow-host", &allow, "import", &url]).env("SSL_CERT_FILE", pki.path().join("ca.pem")).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "imported over https: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let imported = json(&out);
    assert!(imported["credential"]["id"].is_string(), "the served credential is in the wallet: {imported}");

    // Without --allow-host, 127.0.0.1 is refused before any connection,
    // trusted CA or not.
    let out = w.cmd().args(["--json", "import", &url]).env("SSL_CERT_FILE", pki.path().join("ca.pem")).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("non-public address"), "the policy still applies: {said}");
}
