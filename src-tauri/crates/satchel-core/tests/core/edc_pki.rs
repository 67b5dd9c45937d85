//! A test PKI for EDC seals, made here with `openssl` at fixed dates (so the
//! tests pass on any day against a fixed clock): CAs, seal and time-stamping
//! certificates, CRLs, OCSP answers and RFC 3161 time-stamp tokens; trusted
//! lists signed by `xmlsec1`; JAdES seals made with `openssl dgst`; and a
//! fetcher that serves it all from memory and says what it was asked.
//! Every key here is a test key made for the test and thrown away with it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use satchel_core::clock::FixedClock;
use satchel_core::fetch::{self, Fetched, Fetcher, Origin};
use satchel_core::trust::{certificates_from_pem, Anchors};
use satchel_core::verify::{verify, Check, Outcome, Report, VerifyOptions};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// The tests' "now": every certificate and list below is dated around it.
pub const NOW: &str = "2026-06-01T12:00:00Z";

pub fn clock() -> FixedClock {
    FixedClock(chrono::DateTime::parse_from_rfc3339(NOW).unwrap().into())
}

/// QCStatements: QcCompliance, QcType eseal, QcSSCD (ETSI EN 319 412-5).
pub const QC_SEAL: &str = "30293008060604008e4601013013060604008e4601063009060704008e460106023008060604008e460104";

pub struct Pki {
    pub dir: PathBuf,
    _tmp: tempfile::TempDir,
    n: std::cell::Cell<u32>,
}

pub fn run(dir: &Path, program: &str, args: &[&str]) -> Vec<u8> {
    let out =
        Command::new(program).args(args).current_dir(dir).output().unwrap_or_else(|e| panic!("{program} is needed for this test: {e}"));
    assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

pub const CA_CONFIG: &str = "[ca]\ndefault_ca = test\n[test]\ndatabase = ./index.txt\nnew_certs_dir = ./newcerts\nserial = ./serial\ndefault_md = sha256\npolicy = anything\nunique_subject = no\ncopy_extensions = none\n[anything]\ncommonName = optional\n";

impl Pki {
    pub fn new() -> Pki {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        std::fs::create_dir(dir.join("newcerts")).unwrap();
        std::fs::write(dir.join("ca.cnf"), CA_CONFIG).unwrap();
        std::fs::write(dir.join("index.txt"), "").unwrap();
        std::fs::write(dir.join("serial"), "1000\n").unwrap();
        Pki { dir, _tmp: tmp, n: std::cell::Cell::new(0) }
    }

    fn run(&self, program: &str, args: &[&str]) -> Vec<u8> {
        run(&self.dir, program, args)
    }

    fn next(&self) -> u32 {
        self.n.set(self.n.get() + 1);
        self.n.get()
    }

    /// A key and a CSR for `subject`: RSA (for seals and list signers) or P-256.
    fn request(&self, name: &str, subject: &str, rsa: bool) {
        let key = format!("{name}.key");
        if rsa {
            self.run("openssl", &["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", &key]);
        } else {
            self.run("openssl", &["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", &key]);
        }
        self.run("openssl", &["req", "-new", "-utf8", "-key", &key, "-out", &format!("{name}.csr"), "-subj", subject]);
    }

    /// A self-signed CA `name` valid 2020-2040, with `extra` extensions.
    pub fn root(&self, name: &str, subject: &str, rsa: bool, extra: &str) {
        self.request(name, subject, rsa);
        let ext = format!("basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign,digitalSignature\n{extra}");
        std::fs::write(self.dir.join(format!("{name}.ext")), ext).unwrap();
        self.run(
            "openssl",
            &[
                "ca",
                "-batch",
                "-config",
                "ca.cnf",
                "-selfsign",
                "-utf8",
                "-preserveDN",
                "-notext",
                "-keyfile",
                &format!("{name}.key"),
                "-in",
                &format!("{name}.csr"),
                "-out",
                &format!("{name}.pem"),
                "-startdate",
                "20200101000000Z",
                "-enddate",
                "20400101000000Z",
                "-extfile",
                &format!("{name}.ext"),
            ],
        );
    }

    /// A certificate `name` issued by `issuer`, valid `from`..`until`
    /// (YYYYMMDDHHMMSSZ), with extensions `ext` (openssl syntax).
    pub fn issue(&self, name: &str, issuer: &str, subject: &str, ext: &str, (from, until): (&str, &str), rsa: bool) {
        self.request(name, subject, rsa);
        std::fs::write(self.dir.join(format!("{name}.ext")), ext).unwrap();
        self.run(
            "openssl",
            &[
                "ca",
                "-batch",
                "-config",
                "ca.cnf",
                "-utf8",
                "-preserveDN",
                "-notext",
                "-cert",
                &format!("{issuer}.pem"),
                "-keyfile",
                &format!("{issuer}.key"),
                "-in",
                &format!("{name}.csr"),
                "-out",
                &format!("{name}.pem"),
                "-startdate",
                from,
                "-enddate",
                until,
                "-extfile",
                &format!("{name}.ext"),
            ],
        );
    }

    /// A sub-CA `name` under `issuer` (valid 2020-2040, a CRL at
    /// `https://crl.test/ISSUER.crl`), with `extra` extensions.
    pub fn sub_ca(&self, name: &str, issuer: &str, subject: &str, extra: &str) {
        let ext = format!(
            "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\ncrlDistributionPoints=URI:http://crl.test/{issuer}.crl\n{extra}"
        );
        self.issue(name, issuer, subject, &ext, ("20200101000000Z", "20400101000000Z"), false);
    }

    /// A seal certificate (RSA, QC statements for seals, a CRL at
    /// `https://crl.test/ISSUER.crl`) valid 2025-2030, with `extra` extensions.
    pub fn seal_cert(&self, name: &str, issuer: &str, subject: &str, extra: &str) {
        self.seal_cert_dated(name, issuer, subject, extra, ("20250101000000Z", "20300101000000Z"));
    }

    pub fn seal_cert_dated(&self, name: &str, issuer: &str, subject: &str, extra: &str, dates: (&str, &str)) {
        let ext = format!(
            "keyUsage=critical,digitalSignature,nonRepudiation\n1.3.6.1.5.5.7.1.3=DER:{QC_SEAL}\ncrlDistributionPoints=URI:http://crl.test/{issuer}.crl\n{extra}"
        );
        self.issue(name, issuer, subject, &ext, dates, true);
    }

    /// A time-stamping unit certificate (P-256) under `issuer`, valid 2020-2035.
    pub fn tsa_cert(&self, name: &str, issuer: &str, subject: &str, time_stamping: bool) {
        let eku = if time_stamping { "extendedKeyUsage=critical,timeStamping\n" } else { "" };
        self.issue(
            name,
            issuer,
            subject,
            &format!("keyUsage=critical,digitalSignature\n{eku}"),
            ("20200101000000Z", "20350101000000Z"),
            false,
        );
    }

    pub fn der(&self, name: &str) -> Vec<u8> {
        certificates_from_pem(&std::fs::read_to_string(self.dir.join(format!("{name}.pem"))).unwrap()).remove(0)
    }

    pub fn b64(&self, name: &str) -> String {
        STANDARD.encode(self.der(name))
    }

    fn serial(&self, name: &str) -> String {
        let out = String::from_utf8(self.run("openssl", &["x509", "-in", &format!("{name}.pem"), "-noout", "-serial"])).unwrap();
        out.trim().trim_start_matches("serial=").to_string()
    }

    /// An index file for `openssl ca -gencrl` / `openssl ocsp`: each
    /// certificate valid, or revoked on a date (YYMMDDHHMMSSZ) for a reason.
    fn index(&self, entries: &[(&str, Option<(&str, &str)>)]) -> String {
        let name = format!("index-{}.txt", self.next());
        let text: String = entries
            .iter()
            .map(|(cert, revoked)| match revoked {
                Some((on, reason)) => format!("R\t300101000000Z\t{on},{reason}\t{}\tunknown\t/CN={cert}\n", self.serial(cert)),
                None => format!("V\t300101000000Z\t\t{}\tunknown\t/CN={cert}\n", self.serial(cert)),
            })
            .collect();
        std::fs::write(self.dir.join(&name), text).unwrap();
        std::fs::write(self.dir.join(format!("{name}.attr")), "unique_subject = no\n").unwrap();
        name
    }

    /// A CRL of `ca`, issued at `issued` (YYYYMMDDHHMMSSZ) for a week,
    /// revoking `revoked` (certificate, date YYMMDDHHMMSSZ, reason).
    pub fn crl(&self, ca: &str, issued: &str, revoked: &[(&str, &str, &str)]) -> Vec<u8> {
        let entries: Vec<(&str, Option<(&str, &str)>)> = revoked.iter().map(|(c, on, why)| (*c, Some((*on, *why)))).collect();
        let index = self.index(&entries);
        let config = format!("crl-{}.cnf", self.next());
        std::fs::write(self.dir.join(&config), CA_CONFIG.replace("./index.txt", &format!("./{index}"))).unwrap();
        let out = format!("crl-{}.pem", self.next());
        self.run(
            "openssl",
            &[
                "ca",
                "-batch",
                "-config",
                &config,
                "-gencrl",
                "-cert",
                &format!("{ca}.pem"),
                "-keyfile",
                &format!("{ca}.key"),
                "-out",
                &out,
                "-crl_lastupdate",
                issued,
                "-crl_nextupdate",
                "20360101000000Z",
            ],
        );
        let der = format!("{out}.der");
        self.run("openssl", &["crl", "-in", &out, "-outform", "DER", "-out", &der]);
        std::fs::read(self.dir.join(der)).unwrap()
    }

    /// An OCSP answer from `ca` about `cert`: good, or revoked on a date for a reason.
    pub fn ocsp(&self, ca: &str, cert: &str, revoked: Option<(&str, &str)>) -> Vec<u8> {
        let index = self.index(&[(cert, revoked)]);
        let n = self.next();
        let (req, resp) = (format!("req-{n}.der"), format!("resp-{n}.der"));
        self.run("openssl", &["ocsp", "-issuer", &format!("{ca}.pem"), "-cert", &format!("{cert}.pem"), "-no_nonce", "-reqout", &req]);
        self.run(
            "openssl",
            &[
                "ocsp",
                "-index",
                &index,
                "-rsigner",
                &format!("{ca}.pem"),
                "-rkey",
                &format!("{ca}.key"),
                "-CA",
                &format!("{ca}.pem"),
                "-reqin",
                &req,
                "-respout",
                &resp,
                "-ndays",
                "3650",
            ],
        );
        std::fs::read(self.dir.join(resp)).unwrap()
    }

    /// An RFC 3161 time-stamp token by `tsa` (carrying `chain` too) over
    /// `covered`, stating `gen_time` (YYYYMMDDHHMMSSZ): the TSTInfo is built
    /// here, the CMS signature is `openssl cms`'s.
    pub fn timestamp(&self, tsa: &str, chain: &[&str], gen_time: &str, covered: &[u8]) -> Vec<u8> {
        let tst = tst_info(gen_time, &Sha256::digest(covered));
        let n = self.next();
        let (input, out, certs) = (format!("tst-{n}.der"), format!("token-{n}.der"), format!("chain-{n}.pem"));
        std::fs::write(self.dir.join(&input), tst).unwrap();
        let pems: String = chain.iter().map(|c| std::fs::read_to_string(self.dir.join(format!("{c}.pem"))).unwrap()).collect();
        std::fs::write(self.dir.join(&certs), pems).unwrap();
        let mut args = vec![
            "cms",
            "-sign",
            "-binary",
            "-nodetach",
            "-nosmimecap",
            "-md",
            "sha256",
            "-econtent_type",
            "1.2.840.113549.1.9.16.1.4",
            "-in",
            &input,
            "-signer",
            &format!("{tsa}.pem"),
            "-inkey",
            &format!("{tsa}.key"),
            "-outform",
            "DER",
            "-out",
            &out,
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
        if !chain.is_empty() {
            args.extend(["-certfile".to_string(), certs]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.run("openssl", &args);
        std::fs::read(self.dir.join(out)).unwrap()
    }

    /// Signs `xml` (which holds a signature template) with `signer`'s key, by xmlsec1.
    pub fn sign_xml(&self, xml: &str, signer: &str) -> Vec<u8> {
        let n = self.next();
        let (tmpl, out) = (format!("doc-{n}.tmpl.xml"), format!("doc-{n}.xml"));
        std::fs::write(self.dir.join(&tmpl), xml).unwrap();
        self.run("xmlsec1", &["--sign", "--privkey-pem", &format!("{signer}.key,{signer}.pem"), "--output", &out, &tmpl]);
        std::fs::read(self.dir.join(out)).unwrap()
    }
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    match content.len() {
        n if n < 0x80 => out.push(n as u8),
        n if n < 0x100 => out.extend([0x81, n as u8]),
        n => out.extend([0x82, (n >> 8) as u8, n as u8]),
    }
    out.extend(content);
    out
}

/// TSTInfo (RFC 3161 2.4.2): version 1, a test policy, a SHA-256 imprint, a serial, genTime.
fn tst_info(gen_time: &str, digest: &[u8]) -> Vec<u8> {
    let sha256 = tlv(0x30, &[tlv(0x06, &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]), vec![0x05, 0x00]].concat());
    let imprint = tlv(0x30, &[sha256, tlv(0x04, digest)].concat());
    tlv(0x30, &[tlv(0x02, &[1]), tlv(0x06, &[0x2A, 0x03, 0x04]), imprint, tlv(0x02, &[0x05]), tlv(0x18, gen_time.as_bytes())].concat())
}

/// An EDC payload issued by `legal_name` (a language map or string) with
/// eIDAS identifier `id` (none when `None`).
pub fn edc_payload(legal_name: Value, id: Option<&str>) -> Value {
    let mut issuer = json!({"id": "urn:epass:org:1", "type": "Organisation", "legalName": legal_name});
    if let Some(id) = id {
        issuer["eIDASIdentifier"] = json!({"id": "urn:epass:legalIdentifier:1", "type": "LegalIdentifier", "notation": id});
    }
    json!({
        "@context": ["https://www.w3.org/2018/credentials/v1", "http://data.europa.eu/snb/model/context/edc-ap"],
        "id": "urn:credential:edc-trust-test",
        "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
        "credentialProfiles": {"id": "http://data.europa.eu/snb/credential/e34929035b", "type": "Concept"},
        "displayParameter": {"id": "urn:epass:displayParameter:1", "type": "DisplayParameter", "title": {"en": "Certificate of test"}},
        "credentialSubject": {"id": "urn:epass:person:1", "type": "Person", "fullName": {"en": "Test Learner"}},
        "issuer": issuer,
        "issued": "2026-01-05T10:00:00Z",
        "validFrom": "2026-01-05T10:00:00Z"
    })
}

/// The usual payload: Université Test, VATLU-12345678 (the seal certificate's).
pub fn usual_payload() -> Value {
    edc_payload(json!({"en": "Université Test"}), Some("VATLU-12345678"))
}

/// A signature time-stamp to add after sealing: (TSA, chain, genTime).
pub type StampSpec<'a> = (&'a str, &'a [&'a str], &'a str);

/// How to seal an EDC.
pub struct Seal<'a> {
    pub cert: &'a str,
    pub chain: &'a [&'a str],
    pub payload: Value,
    /// `sigT`, RFC 3339.
    pub sig_t: Option<&'a str>,
    pub signature_stamps: Vec<StampSpec<'a>>,
    pub content_stamps: Vec<StampSpec<'a>>,
    pub crls: Vec<Vec<u8>>,
    pub ocsp: Vec<Vec<u8>>,
}

impl<'a> Seal<'a> {
    pub fn new(cert: &'a str) -> Self {
        Seal {
            cert,
            chain: &[],
            payload: usual_payload(),
            sig_t: Some("2026-06-01T10:00:00Z"),
            signature_stamps: vec![],
            content_stamps: vec![],
            crls: vec![],
            ocsp: vec![],
        }
    }

    /// The JAdES seal (JSON serialization, b64 false, RS256).
    pub fn make(&self, pki: &Pki) -> Vec<u8> {
        let payload = self.payload.to_string();
        let leaf = pki.b64(self.cert);
        let thumb = URL_SAFE_NO_PAD.encode(Sha256::digest(STANDARD.decode(&leaf).unwrap()));
        let x5c: Vec<String> = std::iter::once(leaf).chain(self.chain.iter().map(|c| pki.b64(c))).collect();
        let mut header = json!({"alg": "RS256", "b64": false, "crit": ["b64"], "x5c": x5c, "x5t#S256": thumb});
        if let Some(t) = self.sig_t {
            header["sigT"] = json!(t);
            header["crit"].as_array_mut().unwrap().push(json!("sigT"));
        }
        if !self.content_stamps.is_empty() {
            let tokens: Vec<Value> = self
                .content_stamps
                .iter()
                .map(|(tsa, chain, at)| json!({"val": STANDARD.encode(pki.timestamp(tsa, chain, at, payload.as_bytes()))}))
                .collect();
            header["adoTst"] = json!({"tstTokens": tokens});
            header["crit"].as_array_mut().unwrap().push(json!("adoTst"));
        }
        let protected = URL_SAFE_NO_PAD.encode(header.to_string());
        let n = pki.next();
        let (input, sig) = (format!("input-{n}"), format!("sig-{n}.bin"));
        std::fs::write(pki.dir.join(&input), format!("{protected}.{payload}")).unwrap();
        pki.run("openssl", &["dgst", "-sha256", "-sign", &format!("{}.key", self.cert), "-out", &sig, &input]);
        let signature = URL_SAFE_NO_PAD.encode(std::fs::read(pki.dir.join(sig)).unwrap());
        let mut unsigned = Vec::new();
        for (tsa, chain, at) in &self.signature_stamps {
            let token = pki.timestamp(tsa, chain, at, signature.as_bytes());
            unsigned.push(json!({"sigTst": {"tstTokens": [{"val": STANDARD.encode(token)}]}}));
        }
        if !self.crls.is_empty() || !self.ocsp.is_empty() {
            let vals = |v: &[Vec<u8>]| v.iter().map(|d| json!({"val": STANDARD.encode(d)})).collect::<Vec<_>>();
            unsigned.push(json!({"rVals": {"crlVals": vals(&self.crls), "ocspVals": vals(&self.ocsp)}}));
        }
        let mut sig = json!({"protected": protected, "signature": signature});
        if !unsigned.is_empty() {
            sig["header"] = json!({"etsiU": unsigned});
        }
        serde_json::to_vec(&json!({"payload": payload, "signatures": [sig]})).unwrap()
    }
}

pub fn signature_template() -> &'static str {
    r#"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference></ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature>"#
}

const NS: &str = r#"xmlns="http://uri.etsi.org/02231/v2#" xmlns:tie="http://uri.etsi.org/02231/v2/additionaltypes#""#;
pub const CA_QC: &str = "http://uri.etsi.org/TrstSvc/Svctype/CA/QC";
pub const QTST: &str = "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST";
pub const GRANTED: &str = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted";
pub const WITHDRAWN: &str = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn";
pub const FOR_SEALS: &str = "http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSeals";
pub const FOR_WEB: &str = "http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForWebSiteAuthentication";

/// One TSPService: type, name, listed certificate, (status, since when),
/// additional service information URIs, and more extension XML.
pub fn service(pki: &Pki, kind: &str, name: &str, cert: &str, (status, since): (&str, &str), additional: &[&str], more: &str) -> String {
    let info: String = additional
        .iter()
        .map(|u| format!(r#"<Extension Critical="false"><AdditionalServiceInformation><URI xml:lang="en">{u}</URI></AdditionalServiceInformation></Extension>"#))
        .collect();
    format!(
        r#"<TSPService><ServiceInformation><ServiceTypeIdentifier>{kind}</ServiceTypeIdentifier><ServiceName><Name xml:lang="en">{name}</Name></ServiceName><ServiceDigitalIdentity><DigitalId><X509Certificate>{}</X509Certificate></DigitalId></ServiceDigitalIdentity><ServiceStatus>{status}</ServiceStatus><StatusStartingTime>{since}</StatusStartingTime><ServiceInformationExtensions>{info}{more}</ServiceInformationExtensions></ServiceInformation></TSPService>"#,
        pki.b64(cert)
    )
}

/// The usual services: a CA/QC for seals (`qtsp`), a QTST (`tsa-ca`).
pub fn usual_services(pki: &Pki) -> String {
    service(pki, CA_QC, "Test qualified certificates for seals", "qtsp", (GRANTED, "2020-01-01T00:00:00Z"), &[FOR_SEALS], "")
        + &service(pki, QTST, "Test qualified time-stamps", "tsa-ca", (GRANTED, "2020-01-01T00:00:00Z"), &[], "")
}

/// A trusted list for LU holding `services`, signed by `lu-signer`.
pub fn national_list(pki: &Pki, services: &str, sequence: u32, issued: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<TrustServiceStatusList {NS} Id="tl-lu"><SchemeInformation><TSLVersionIdentifier>6</TSLVersionIdentifier><TSLSequenceNumber>{sequence}</TSLSequenceNumber><SchemeTerritory>LU</SchemeTerritory><ListIssueDateTime>{issued}</ListIssueDateTime><NextUpdate><dateTime>2026-11-01T00:00:00Z</dateTime></NextUpdate></SchemeInformation><TrustServiceProviderList><TrustServiceProvider><TSPInformation><TSPName><Name xml:lang="en">Test QTSP</Name></TSPName></TSPInformation><TSPServices>{services}</TSPServices></TrustServiceProvider></TrustServiceProviderList>{}</TrustServiceStatusList>
"#,
        signature_template()
    );
    pki.sign_xml(&xml, "lu-signer")
}

pub fn lotl(pki: &Pki) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<TrustServiceStatusList {NS} Id="lotl"><SchemeInformation><TSLVersionIdentifier>6</TSLVersionIdentifier><TSLSequenceNumber>300</TSLSequenceNumber><SchemeTerritory>EU</SchemeTerritory><PointersToOtherTSL><OtherTSLPointer><ServiceDigitalIdentities><ServiceDigitalIdentity><DigitalId><X509Certificate>{}</X509Certificate></DigitalId></ServiceDigitalIdentity></ServiceDigitalIdentities><TSLLocation>https://lists.test/LU.xml</TSLLocation><AdditionalInformation><OtherInformation><SchemeTerritory>LU</SchemeTerritory></OtherInformation><OtherInformation><tie:MimeType>application/vnd.etsi.tsl+xml</tie:MimeType></OtherInformation></AdditionalInformation></OtherTSLPointer></PointersToOtherTSL><ListIssueDateTime>2026-05-01T00:00:00Z</ListIssueDateTime><NextUpdate><dateTime>2026-11-01T00:00:00Z</dateTime></NextUpdate></SchemeInformation>{}</TrustServiceStatusList>
"#,
        pki.b64("lu-signer"),
        signature_template()
    );
    pki.sign_xml(&xml, "lotl-signer")
}

/// The network of a test: documents by address (a prefix serves every
/// address under it), and every address asked.
#[derive(Debug, Default)]
pub struct Net {
    docs: Mutex<Vec<(String, Vec<u8>)>>,
    pub asked: Mutex<Vec<String>>,
}

impl Net {
    pub fn serve(&self, url: &str, body: Vec<u8>) {
        let mut docs = self.docs.lock().unwrap();
        docs.retain(|(u, _)| u != url);
        docs.push((url.to_string(), body));
    }

    pub fn was_asked(&self, prefix: &str) -> bool {
        self.asked.lock().unwrap().iter().any(|u| u.starts_with(prefix))
    }
}

impl Fetcher for Net {
    fn get(&self, url: &str, limit: usize) -> Result<Fetched, fetch::Error> {
        self.asked.lock().unwrap().push(url.to_string());
        let docs = self.docs.lock().unwrap();
        let found = docs.iter().find(|(u, _)| url == u || (u.ends_with('/') && url.starts_with(u.as_str())));
        match found {
            Some((_, body)) if body.len() <= limit => {
                Ok(Fetched { url: url.to_string(), media_type: None, body: body.clone(), origin: Origin::Network })
            }
            Some(_) => Err(fetch::Error::TooLarge { url: url.to_string(), limit }),
            None => Err(fetch::Error::Transport { url: url.to_string(), reason: "nothing is served there in this test".into() }),
        }
    }
}

/// The usual world: list signers, a QTSP CA for seals (`qtsp`, LU) with a
/// seal certificate (`seal`) for Université Test, a time-stamping CA
/// (`tsa-ca`) with a qualified TSU (`tsa`), the LOTL and LU list with the
/// usual services, and an empty CRL of `qtsp` issued just before [`NOW`].
pub struct World {
    pub pki: Pki,
    pub net: Net,
    pub anchors: Anchors,
}

pub const SEAL_SUBJECT: &str = "/C=LU/O=Université Test/organizationIdentifier=VATLU-12345678/CN=Test seal";

impl World {
    pub fn new() -> World {
        let pki = Pki::new();
        pki.root("lotl-signer", "/C=BE/O=Test Commission/CN=Test LOTL signer", true, "");
        pki.root("lu-signer", "/C=LU/O=Test Supervisor/CN=Test LU list signer", true, "");
        pki.root("qtsp", "/C=LU/O=Test QTSP/CN=Test QTSP CA for seals", false, "");
        pki.root("tsa-ca", "/C=LU/O=Test QTSP/CN=Test TSA CA", false, "");
        pki.tsa_cert("tsa", "tsa-ca", "/C=LU/O=Test QTSP/CN=Test qualified TSU", true);
        pki.seal_cert("seal", "qtsp", SEAL_SUBJECT, "");
        let net = Net::default();
        net.serve("https://lotl.test/eu-lotl.xml", lotl(&pki));
        net.serve("https://lists.test/LU.xml", national_list(&pki, &usual_services(&pki), 7, "2026-05-01T00:00:00Z"));
        net.serve("https://crl.test/qtsp.crl", pki.crl("qtsp", "20260601110000Z", &[]));
        let anchors = Anchors::new("https://lotl.test/eu-lotl.xml", vec![pki.der("lotl-signer")]);
        World { pki, net, anchors }
    }

    /// Serves the LU list with `services` instead.
    pub fn list(&self, services: &str) {
        self.net.serve("https://lists.test/LU.xml", national_list(&self.pki, services, 7, "2026-05-01T00:00:00Z"));
    }

    pub fn verify(&self, bytes: &[u8]) -> Report {
        self.verify_with(bytes, &self.anchors)
    }

    pub fn verify_with(&self, bytes: &[u8], anchors: &Anchors) -> Report {
        verify(bytes, &VerifyOptions { clock: &clock(), fetcher: Some(&self.net), trust: Some(anchors) }).unwrap()
    }
}

/// A check's outcome and detail.
pub fn outcome(report: &Report, check: Check) -> (Outcome, String) {
    let c = report.checks.iter().find(|c| c.check == check).unwrap_or_else(|| panic!("a {check:?} check: {:?}", report.checks));
    (c.outcome, c.detail.clone().unwrap_or_default())
}

/// A legacy Europass credential (ELM 2 XML) issued by Université Test,
/// sealed with an enveloped XAdES signature by `cert` (xmlsec1), claiming
/// `signing_time`; then, unsigned, a signature time-stamp by `stamp` (TSA,
/// chain, genTime) over the exclusive-canonical `ds:SignatureValue`.
pub fn xades_credential(pki: &Pki, cert: &str, signing_time: &str, stamp: Option<StampSpec<'_>>) -> Vec<u8> {
    let digest = STANDARD.encode(Sha256::digest(pki.der(cert)));
    let xml = format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<europassCredential xmlns="http://data.europa.eu/snb" id="urn:credential:xades-test"><issuer idref="urn:epass:org:1"/><title><text content-type="text/plain" lang="en">Diploma of test</text></title><organization id="urn:epass:org:1"><registration>VATLU-12345678</registration><prefLabel><text content-type="text/plain" lang="en">Université Test</text></prefLabel></organization><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="sig"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference><ds:Reference Type="http://uri.etsi.org/01903#SignedProperties" URI="#xades-sig"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference></ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{}</ds:X509Certificate></ds:X509Data></ds:KeyInfo><ds:Object><xades:QualifyingProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" Target="#sig"><xades:SignedProperties Id="xades-sig"><xades:SignedSignatureProperties><xades:SigningTime>{signing_time}</xades:SigningTime><xades:SigningCertificateV2><xades:Cert><xades:CertDigest><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>{digest}</ds:DigestValue></xades:CertDigest></xades:Cert></xades:SigningCertificateV2></xades:SignedSignatureProperties></xades:SignedProperties></xades:QualifyingProperties></ds:Object></ds:Signature></europassCredential>
"##,
        pki.b64(cert)
    );
    let n = pki.next();
    let (tmpl, out) = (format!("xades-{n}.tmpl.xml"), format!("xades-{n}.xml"));
    std::fs::write(pki.dir.join(&tmpl), xml).unwrap();
    pki.run(
        "xmlsec1",
        &[
            "--sign",
            "--id-attr:Id",
            "http://uri.etsi.org/01903/v1.3.2#:SignedProperties",
            "--privkey-pem",
            &format!("{cert}.key,{cert}.pem"),
            "--output",
            &out,
            &tmpl,
        ],
    );
    let signed = String::from_utf8(std::fs::read(pki.dir.join(out)).unwrap()).unwrap();
    let Some((tsa, chain, at)) = stamp else { return signed.into_bytes() };
    // Exclusive canonical form of the SignatureValue element, computed here
    // (not by Satchel): its own namespace, its text as it stands.
    let start = signed.find("<ds:SignatureValue>").expect("xmlsec1 wrote the value") + "<ds:SignatureValue>".len();
    let end = signed.find("</ds:SignatureValue>").unwrap();
    let canonical =
        format!(r#"<ds:SignatureValue xmlns:ds="http://www.w3.org/2000/09/xmldsig#">{}</ds:SignatureValue>"#, &signed[start..end]);
    let token = STANDARD.encode(pki.timestamp(tsa, chain, at, canonical.as_bytes()));
    let unsigned = format!(
        r#"<xades:UnsignedProperties><xades:UnsignedSignatureProperties><xades:SignatureTimeStamp><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><xades:EncapsulatedTimeStamp>{token}</xades:EncapsulatedTimeStamp></xades:SignatureTimeStamp></xades:UnsignedSignatureProperties></xades:UnsignedProperties>"#
    );
    signed.replacen("</xades:SignedProperties>", &format!("</xades:SignedProperties>{unsigned}"), 1).into_bytes()
}
