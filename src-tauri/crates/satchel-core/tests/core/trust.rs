//! The qualified path of EDC seals, offline both ways: a test PKI made here
//! with `openssl` (a CA for seals, a seal certificate with QC statements, a
//! CA nobody lists), a List of Trusted Lists and a national list signed by
//! `xmlsec1` (an XML-DSig implementation that is not Satchel's), served over
//! real HTTP on 127.0.0.1.

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use satchel_core::clock::FixedClock;
use satchel_core::fetch::HttpsFetcher;
use satchel_core::trust::{certificates_from_pem, Anchors};
use satchel_core::verify::{verify, Check, Outcome, Report, Verdict, VerifyOptions};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::support::serve;

/// QCStatements: QcCompliance, QcType eseal, QcSSCD (ETSI EN 319 412-5).
const QC_STATEMENTS: &str = "30293008060604008e4601013013060604008e4601063009060704008e460106023008060604008e460104";

fn run(dir: &Path, program: &str, args: &[&str]) {
    let out =
        Command::new(program).args(args).current_dir(dir).output().unwrap_or_else(|e| panic!("{program} is needed for this test: {e}"));
    assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A self-signed CA certificate and key: `NAME.pem`, `NAME.key`.
fn ca(dir: &Path, name: &str, subject: &str) {
    run(
        dir,
        "openssl",
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.pem"),
            "-days",
            "3650",
            "-subj",
            subject,
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign,digitalSignature",
        ],
    );
}

/// A seal certificate `NAME.pem` / `NAME.key` issued by `issuer`, with QC statements.
fn seal_certificate(dir: &Path, name: &str, issuer: &str, subject: &str) {
    std::fs::write(
        dir.join(format!("{name}.ext")),
        format!(
            "keyUsage=critical,digitalSignature,nonRepudiation\n1.3.6.1.5.5.7.1.3=DER:{QC_STATEMENTS}\ncrlDistributionPoints=URI:http://crl.test/{issuer}.crl\n"
        ),
    )
    .unwrap();
    run(
        dir,
        "openssl",
        &[
            "req",
            "-new",
            "-utf8",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.csr"),
            "-subj",
            subject,
        ],
    );
    run(
        dir,
        "openssl",
        &[
            "x509",
            "-req",
            "-in",
            &format!("{name}.csr"),
            "-CA",
            &format!("{issuer}.pem"),
            "-CAkey",
            &format!("{issuer}.key"),
            "-CAcreateserial",
            "-out",
            &format!("{name}.pem"),
            "-days",
            "1000",
            "-extfile",
            &format!("{name}.ext"),
        ],
    );
}

/// An empty CRL of CA `name` (DER), issued now for 30 days.
fn empty_crl(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::write(dir.join("crl-index.txt"), "").unwrap();
    std::fs::write(dir.join("crl.cnf"), crate::edc_pki::CA_CONFIG.replace("./index.txt", "./crl-index.txt")).unwrap();
    let pem = format!("{name}.crl.pem");
    run(
        dir,
        "openssl",
        &[
            "ca",
            "-batch",
            "-config",
            "crl.cnf",
            "-gencrl",
            "-cert",
            &format!("{name}.pem"),
            "-keyfile",
            &format!("{name}.key"),
            "-crldays",
            "30",
            "-out",
            &pem,
        ],
    );
    run(dir, "openssl", &["crl", "-in", &pem, "-outform", "DER", "-out", &format!("{name}.crl")]);
    std::fs::read(dir.join(format!("{name}.crl"))).unwrap()
}

fn der_b64(dir: &Path, name: &str) -> String {
    STANDARD.encode(&certificates_from_pem(&std::fs::read_to_string(dir.join(format!("{name}.pem"))).unwrap())[0])
}

/// An EDC sealed (JAdES, b64 false) with `key`'s certificate.
fn sealed_edc(dir: &Path, key: &str) -> Vec<u8> {
    sealed_edc_with_chain(dir, key, &[])
}

/// As [`sealed_edc`], with more certificates after the leaf in `x5c`.
fn sealed_edc_with_chain(dir: &Path, key: &str, chain: &[&str]) -> Vec<u8> {
    let payload = json!({
        "@context": ["https://www.w3.org/2018/credentials/v1", "http://data.europa.eu/snb/model/context/edc-ap"],
        "id": "urn:credential:trust-test",
        "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
        "credentialProfiles": {"id": "http://data.europa.eu/snb/credential/e34929035b", "type": "Concept"},
        "displayParameter": {"id": "urn:epass:displayParameter:1", "type": "DisplayParameter", "title": {"en": "Certificate of test"}},
        "credentialSubject": {"id": "urn:epass:person:1", "type": "Person", "fullName": {"en": "Test Learner"}},
        "issuer": {"id": "urn:epass:org:1", "type": "Organisation", "legalName": {"en": "Université Test"},
                   "eIDASIdentifier": {"id": "urn:epass:legalIdentifier:1", "type": "LegalIdentifier", "notation": "VATLU-12345678"}},
        "issued": "2026-01-05T10:00:00Z",
        "validFrom": "2026-01-05T10:00:00Z"
    })
    .to_string();
    let leaf = der_b64(dir, key);
    let thumb = URL_SAFE_NO_PAD.encode(Sha256::digest(STANDARD.decode(&leaf).unwrap()));
    let x5c: Vec<String> = std::iter::once(leaf.clone()).chain(chain.iter().map(|c| der_b64(dir, c))).collect();
    // Sealed now: the certificates were made a moment ago.
    let sig_t = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let header = json!({"alg": "RS256", "b64": false, "crit": ["b64", "sigT"], "sigT": sig_t, "x5c": x5c, "x5t#S256": thumb});
    let protected = URL_SAFE_NO_PAD.encode(header.to_string());
    std::fs::write(dir.join("input"), format!("{protected}.{payload}")).unwrap();
    run(dir, "openssl", &["dgst", "-sha256", "-sign", &format!("{key}.key"), "-out", "sig.bin", "input"]);
    let signature = URL_SAFE_NO_PAD.encode(std::fs::read(dir.join("sig.bin")).unwrap());
    serde_json::to_vec(&json!({"payload": payload, "signatures": [{"protected": protected, "signature": signature}]})).unwrap()
}

fn signature_template(id: &str) -> String {
    format!(
        r#"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="{id}"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference></ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature>"#
    )
}

/// Signs `xml` (which holds a signature template) with `signer`'s key, by xmlsec1.
fn sign_xml(dir: &Path, name: &str, xml: &str, signer: &str) -> Vec<u8> {
    std::fs::write(dir.join(format!("{name}.tmpl.xml")), xml).unwrap();
    run(
        dir,
        "xmlsec1",
        &[
            "--sign",
            "--privkey-pem",
            &format!("{signer}.key,{signer}.pem"),
            "--output",
            &format!("{name}.xml"),
            &format!("{name}.tmpl.xml"),
        ],
    );
    std::fs::read(dir.join(format!("{name}.xml"))).unwrap()
}

const NS: &str = r#"xmlns="http://uri.etsi.org/02231/v2#" xmlns:tie="http://uri.etsi.org/02231/v2/additionaltypes#""#;

/// `(issued, next update)` of the test lists: around the real clock, as the
/// certificates are made at the real time.
fn list_dates() -> (String, String) {
    let now = chrono::Utc::now();
    let at = |d: chrono::DateTime<chrono::Utc>| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    (at(now - chrono::Duration::days(1)), at(now + chrono::Duration::days(180)))
}

fn lotl(dir: &Path, national_signer: &str) -> String {
    let (issued, next) = list_dates();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<TrustServiceStatusList {NS} Id="lotl" TSLTag="http://uri.etsi.org/19612/TSLTag">
  <SchemeInformation>
    <TSLVersionIdentifier>6</TSLVersionIdentifier>
    <SchemeTerritory>EU</SchemeTerritory>
    <PointersToOtherTSL>
      <OtherTSLPointer>
        <ServiceDigitalIdentities><ServiceDigitalIdentity><DigitalId><X509Certificate>{}</X509Certificate></DigitalId></ServiceDigitalIdentity></ServiceDigitalIdentities>
        <TSLLocation>https://lists.test/LU.xml</TSLLocation>
        <AdditionalInformation>
          <OtherInformation><SchemeTerritory>LU</SchemeTerritory></OtherInformation>
          <OtherInformation><tie:MimeType>application/vnd.etsi.tsl+xml</tie:MimeType></OtherInformation>
        </AdditionalInformation>
      </OtherTSLPointer>
    </PointersToOtherTSL>
    <ListIssueDateTime>{issued}</ListIssueDateTime>
    <NextUpdate><dateTime>{next}</dateTime></NextUpdate>
  </SchemeInformation>
  {}
</TrustServiceStatusList>
"#,
        der_b64(dir, national_signer),
        signature_template("lotl-signature")
    )
}

fn national(dir: &Path, ca_name: &str, service_name: &str) -> String {
    let (issued, next) = list_dates();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<TrustServiceStatusList {NS} Id="tl-lu">
  <SchemeInformation>
    <TSLVersionIdentifier>6</TSLVersionIdentifier>
    <SchemeTerritory>LU</SchemeTerritory>
    <ListIssueDateTime>{issued}</ListIssueDateTime>
    <NextUpdate><dateTime>{next}</dateTime></NextUpdate>
  </SchemeInformation>
  <TrustServiceProviderList>
    <TrustServiceProvider>
      <TSPInformation><TSPName><Name xml:lang="en">Test QTSP</Name></TSPName></TSPInformation>
      <TSPServices>
        <TSPService>
          <ServiceInformation>
            <ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</ServiceTypeIdentifier>
            <ServiceName><Name xml:lang="en">{service_name}</Name></ServiceName>
            <ServiceDigitalIdentity><DigitalId><X509Certificate>{}</X509Certificate></DigitalId></ServiceDigitalIdentity>
            <ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted</ServiceStatus>
            <StatusStartingTime>2020-01-01T00:00:00Z</StatusStartingTime>
            <ServiceInformationExtensions>
              <Extension Critical="false"><AdditionalServiceInformation><URI xml:lang="en">http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSeals</URI></AdditionalServiceInformation></Extension>
            </ServiceInformationExtensions>
          </ServiceInformation>
        </TSPService>
      </TSPServices>
    </TrustServiceProvider>
  </TrustServiceProviderList>
  {}
</TrustServiceStatusList>
"#,
        der_b64(dir, ca_name),
        signature_template("tl-signature")
    )
}

fn trust_of(report: &Report) -> (Outcome, String) {
    let c = report
        .checks
        .iter()
        .find(|c| c.check == Check::Trust)
        .unwrap_or_else(|| panic!("a trust check: {:?} {:?}", report.format, report.checks));
    (c.outcome, c.detail.clone().unwrap_or_default())
}

#[test]
fn seals_are_trusted_only_through_verified_trusted_lists() {
    let tmp = tempfile::tempdir().unwrap();
    let dir: PathBuf = tmp.path().to_path_buf();
    ca(&dir, "qtsp", "/C=LU/O=Test QTSP/CN=Test QTSP CA for seals");
    ca(&dir, "rogue", "/C=LU/O=Rogue/CN=Rogue CA");
    ca(&dir, "lotl-signer", "/C=BE/O=Test Commission/CN=Test LOTL signer");
    ca(&dir, "lu-signer", "/C=LU/O=Test Supervisor/CN=Test LU list signer");
    let subject = "/C=LU/O=Université Test/organizationIdentifier=VATLU-12345678/CN=Test seal";
    seal_certificate(&dir, "seal", "qtsp", subject);
    seal_certificate(&dir, "rogue-seal", "rogue", subject);

    let lotl_xml = sign_xml(&dir, "lotl", &lotl(&dir, "lu-signer"), "lotl-signer");
    let lu_xml = sign_xml(&dir, "lu", &national(&dir, "qtsp", "Test qualified certificates for seals"), "lu-signer");
    // The same list, altered after signing.
    let altered = String::from_utf8(lu_xml.clone()).unwrap().replace("Test qualified certificates", "Test qualified certificatez");
    // A list for LU signed by a key the LOTL does not name for it.
    let impostor = sign_xml(&dir, "impostor", &national(&dir, "rogue", "Rogue service"), "rogue");
    let port = serve(vec![
        ("/lotl.test/eu-lotl.xml", 200, lotl_xml.clone()),
        ("/lists.test/LU.xml", 200, lu_xml),
        ("/altered.test/eu-lotl.xml", 200, lotl_xml.clone()),
        ("/crl.test/qtsp.crl", 200, empty_crl(&dir, "qtsp")),
    ]);
    let altered_port = serve(vec![("/lotl.test/eu-lotl.xml", 200, lotl_xml.clone()), ("/lists.test/LU.xml", 200, altered.into_bytes())]);
    let impostor_port = serve(vec![("/lotl.test/eu-lotl.xml", 200, lotl_xml), ("/lists.test/LU.xml", 200, impostor)]);
    let fetcher_on = |port: u16| HttpsFetcher::new().with_loopback_rewrite("https://", &format!("http://127.0.0.1:{port}/")).unwrap();
    let lotl_signer = certificates_from_pem(&std::fs::read_to_string(dir.join("lotl-signer.pem")).unwrap());
    let anchors = Anchors::new("https://lotl.test/eu-lotl.xml", lotl_signer);
    // The real clock: the certificates and lists are made at the real time.
    let clock = FixedClock(chrono::Utc::now());
    let check = |edc: &[u8], port: u16, anchors: &Anchors| {
        let fetcher = fetcher_on(port);
        verify(edc, &VerifyOptions { clock: &clock, fetcher: Some(&fetcher), trust: Some(anchors) }).unwrap()
    };

    let good = sealed_edc(&dir, "seal");
    let report = check(&good, port, &anchors);
    let (outcome, detail) = trust_of(&report);
    assert_eq!(outcome, Outcome::Passed, "{detail}\n{:?}", report.checks);
    assert!(detail.contains("a qualified electronic seal") && detail.contains("Test QTSP"), "{detail}");
    assert!(detail.contains("not revoked (CRL answer"), "the seal certificate's CRL was read: {detail}");
    assert_eq!(report.verdict, Verdict::Valid, "a qualified seal with every other check passing is valid: {:?}", report.checks);

    let rogue = sealed_edc(&dir, "rogue-seal");
    let report = check(&rogue, port, &anchors);
    let (outcome, detail) = trust_of(&report);
    assert_eq!(outcome, Outcome::Failed, "{detail}");
    assert!(detail.contains("leads to no trust service"), "{detail}");
    assert_eq!(report.verdict, Verdict::Unverifiable, "the seal holds, but nothing confirms who made it");

    // A real seal certificate used as if it were a CA: its holder signs a
    // "seal certificate" for any organisation and sends both along.
    seal_certificate(&dir, "forged", "seal", "/C=LU/O=Another University/organizationIdentifier=VATLU-99999999/CN=Forged seal");
    let forged = sealed_edc_with_chain(&dir, "forged", &["seal"]);
    let report = check(&forged, port, &anchors);
    let (outcome, detail) = trust_of(&report);
    assert_eq!(outcome, Outcome::Failed, "a seal certificate cannot issue others: {detail}");
    assert_ne!(report.verdict, Verdict::Valid);

    let (outcome, detail) = trust_of(&check(&good, altered_port, &anchors));
    assert_eq!(outcome, Outcome::Skipped, "a list altered after signing is not used: {detail}");
    assert!(detail.contains("does not match its signature"), "{detail}");
    let (outcome, detail) = trust_of(&check(&good, impostor_port, &anchors));
    assert_eq!(outcome, Outcome::Skipped, "a national list signed by someone the LOTL does not name: {detail}");

    let strangers = Anchors::new(anchors.lotl_url.clone(), certificates_from_pem(&std::fs::read_to_string(dir.join("rogue.pem")).unwrap()));
    let (outcome, detail) = trust_of(&check(&good, port, &strangers));
    assert_eq!(outcome, Outcome::Skipped, "a LOTL signed by a key Satchel was not given: {detail}");
    let offline = verify(&good, &VerifyOptions { clock: &clock, fetcher: None, trust: Some(&anchors) }).unwrap();
    assert_eq!(trust_of(&offline).0, Outcome::Skipped);
    assert_eq!(offline.verdict, Verdict::Unverifiable);
}
