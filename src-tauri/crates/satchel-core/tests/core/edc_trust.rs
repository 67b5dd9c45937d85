//! "A seal is trusted only when everything behind it is": each attack on
//! EDC trust built with its own test PKI and trusted lists (see `edc_pki`),
//! judged at a fixed clock that matches the certificates' fixed dates.

use satchel_core::trust::Anchors;
use satchel_core::verify::{Check, Outcome, Verdict};
use serde_json::json;

use crate::edc_pki::*;

#[test]
fn a_qualified_seal_with_a_clean_crl_is_valid_and_says_why() {
    let w = World::new();
    let report = w.verify(&Seal::new("seal").make(&w.pki));
    let (outcome_, detail) = outcome(&report, Check::Trust);
    assert_eq!(outcome_, Outcome::Passed, "{detail}\n{:?}", report.checks);
    assert!(detail.contains("a qualified electronic seal") && detail.contains("granted for seals"), "{detail}");
    assert!(detail.contains("not revoked (CRL answer") && detail.contains("crl.test"), "the CRL was asked and named: {detail}");
    assert!(detail.contains("as no trusted time-stamp dates the seal"), "judged today, and said so: {detail}");
    assert_eq!(report.verdict, Verdict::Valid, "{:?}", report.checks);
    let (_, signature) = outcome(&report, Check::Signature);
    assert!(signature.contains("which says it was sealed on 2026-06-01 (the sealer's own word)"), "{signature}");
}

// Section 1: time-stamps count only from trusted time-stamp authorities.
#[test]
fn time_stamps_count_only_from_trusted_authorities() {
    let w = World::new();
    let p = &w.pki;
    // A seal certificate that expired on 2024-01-01, from the qualified CA.
    p.seal_cert_dated("old", "qtsp", SEAL_SUBJECT, "", ("20220101000000Z", "20240101000000Z"));
    // "Totally a TSA": self-signed, no timeStamping extended key usage.
    p.root("fake-tsa", "/C=LU/O=Totally a TSA/CN=Totally a TSA", false, "");
    // A TSU with the right usage, under a CA no list names.
    p.root("rogue-tsa-ca", "/C=LU/O=Rogue/CN=Rogue TSA CA", false, "");
    p.tsa_cert("rogue-tsa", "rogue-tsa-ca", "/C=LU/O=Rogue/CN=Rogue TSU", true);
    w.net.serve("https://crl.test/qtsp.crl", p.crl("qtsp", "20260601110000Z", &[]));

    let sealed_with = |tsa: &'static str, chain: &'static [&'static str]| {
        let mut seal = Seal::new("old");
        seal.sig_t = Some("2023-06-01T10:00:00Z");
        seal.signature_stamps = vec![(tsa, chain, "20230601100500Z")];
        seal.make(p)
    };

    // An old key with a home-made time-stamp: the seal matches, but nothing
    // dates it, so the certificate is judged today, when it has expired.
    let report = w.verify(&sealed_with("fake-tsa", &[]));
    let (_, detail) = outcome(&report, Check::Signature);
    assert!(detail.contains("`Totally a TSA`, which does not count") && detail.contains("timeStamping"), "{detail}");
    assert!(detail.contains("expired on 2024-01-01 and no trusted time-stamp proves"), "judged today: {detail}");
    assert!(!detail.contains("sealed no later than"), "no proved time is shown: {detail}");
    let (o, trust) = outcome(&report, Check::Trust);
    assert_eq!(o, Outcome::Failed, "{trust}");
    assert!(trust.contains("the sealing certificate was not valid on 2026-06-01"), "{trust}");
    assert_eq!(report.verdict, Verdict::Unverifiable, "who made it is unconfirmed: {:?}", report.checks);

    let report = w.verify(&sealed_with("rogue-tsa", &["rogue-tsa-ca"]));
    let (_, detail) = outcome(&report, Check::Signature);
    assert!(
        detail.contains("no qualified time-stamping service on the trusted list of LU"),
        "a TSA no trusted list names does not count: {detail}"
    );
    assert_eq!(outcome(&report, Check::Trust).0, Outcome::Failed);
    assert_eq!(report.verdict, Verdict::Unverifiable);

    // The same seal stamped by the qualified TSU: the time is proved, and
    // the certificate (and the service) are judged then.
    let report = w.verify(&sealed_with("tsa", &["tsa-ca"]));
    let (o, detail) = outcome(&report, Check::Signature);
    assert_eq!(o, Outcome::Passed, "a qualified time-stamp dates the seal: {detail}");
    assert!(
        detail.contains("sealed no later than 2023-06-01 10:05 UTC") && detail.contains("a qualified time-stamping service"),
        "{detail}"
    );
    let (o, trust) = outcome(&report, Check::Trust);
    assert_eq!(o, Outcome::Passed, "{trust}");
    assert!(trust.contains("on 2023-06-01, when a time-stamp proves the seal existed"), "{trust}");
    assert_eq!(report.verdict, Verdict::Valid, "{:?}", report.checks);

    // A TSA named in the trust configuration counts, and is said to be weaker.
    let mut configured = Anchors::new(w.anchors.lotl_url.clone(), w.anchors.lotl_signers.clone());
    configured.tsas = vec![p.der("rogue-tsa-ca")];
    let report = w.verify_with(&sealed_with("rogue-tsa", &["rogue-tsa-ca"]), &configured);
    let (o, detail) = outcome(&report, Check::Signature);
    assert_eq!(o, Outcome::Passed, "{detail}");
    assert!(detail.contains("trust configuration names (not a qualified time-stamping service"), "{detail}");

    // adoTst: the same rules, and a content time-stamp is shown for what it is.
    let mut seal = Seal::new("seal");
    seal.content_stamps = vec![("fake-tsa", &[], "20260601095000Z")];
    let report = w.verify(&seal.make(p));
    let (o, detail) = outcome(&report, Check::Signature);
    assert_eq!(o, Outcome::Passed, "{detail}");
    assert!(
        detail.contains("content time-stamp (`adoTst`): time-stamped 2026-06-01 09:50:00 UTC by `Totally a TSA`, which does not count"),
        "{detail}"
    );
}

// Section 2: the issuer shown is the issuer checked.
#[test]
fn every_issuer_name_shown_is_compared_with_the_seal() {
    let w = World::new();
    let p = &w.pki;
    p.seal_cert("widgets", "qtsp", "/C=LU/O=RT Widgets S.a r.l./organizationIdentifier=VATLU-66666666/CN=Widgets seal", "");
    let mut seal = Seal::new("widgets");
    seal.payload = edc_payload(json!({"lb": "RT Widgets S.a r.l.", "fr": "Sorbonne Université"}), Some("VATLU-66666666"));
    let bytes = seal.make(p);
    let report = w.verify(&bytes);
    let (o, detail) = outcome(&report, Check::Issuer);
    assert_eq!(o, Outcome::Failed, "one language matching is not enough: {detail}");
    assert!(detail.contains("`Sorbonne Université` (in `legalName (fr)`)"), "the name that differs is named: {detail}");
    assert_ne!(report.verdict, Verdict::Valid);

    // `issuer.name` is shown by the gallery: it is compared too.
    let mut payload = edc_payload(json!({"en": "RT Widgets S.a r.l."}), Some("VATLU-66666666"));
    payload["issuer"]["name"] = json!("Sorbonne Université");
    seal.payload = payload;
    let (o, detail) = outcome(&w.verify(&seal.make(p)), Check::Issuer);
    assert_eq!(o, Outcome::Failed, "{detail}");
    assert!(detail.contains("Sorbonne Université"), "{detail}");

    // The certificate carries an organizationIdentifier: the credential must match it.
    seal.payload = edc_payload(json!({"en": "RT Widgets S.a r.l."}), None);
    let (o, detail) = outcome(&w.verify(&seal.make(p)), Check::Issuer);
    assert_eq!(o, Outcome::Failed, "{detail}");
    assert!(detail.contains("no eIDAS identifier"), "{detail}");

    // Every name equal: passed, and the name shown is the name compared.
    seal.payload = edc_payload(json!({"en": "RT Widgets S.a r.l.", "lb": "RT Widgets S.a r.l."}), Some("VATLU-66666666"));
    let bytes = seal.make(p);
    let (o, detail) = outcome(&w.verify(&bytes), Check::Issuer);
    assert_eq!(o, Outcome::Passed, "{detail}");
    assert!(detail.contains("`RT Widgets S.a r.l.` (VATLU-66666666)"), "{detail}");
    let view = satchel_core::learning::view(&bytes, &["fr"]).unwrap();
    assert_eq!(view.issuer.name.as_deref(), Some("RT Widgets S.a r.l."), "the view shows the name the check compared");
}

#[test]
fn a_sealed_presentation_shows_only_what_its_check_reads() {
    let w = World::new();
    let p = &w.pki;
    // The top level names Oxford, an MSc, a learner and a grade; the
    // presentation holds a credential the check cannot read.
    let presentation = json!({
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": ["VerifiablePresentation"],
        "issuer": {"id": "urn:oxford", "legalName": {"en": "University of Oxford"}, "name": "University of Oxford"},
        "displayParameter": {"title": {"en": "MSc in Advanced Computer Science"}},
        "credentialSubject": {"fullName": {"en": "Someone Else"}, "grade": "Distinction"},
        "name": "MSc in Advanced Computer Science",
        "verifiableCredential": ["eyJhbGciOiJub25lIn0.e30."]
    });
    let mut seal = Seal::new("seal");
    seal.payload = presentation.clone();
    let bytes = seal.make(p);
    let report = w.verify(&bytes);
    assert_ne!(report.verdict, Verdict::Valid, "{:?}", report.checks);
    let view = satchel_core::learning::view(&bytes, &["en"]).unwrap();
    let shown = serde_json::to_string(&view).unwrap();
    for forged in ["Oxford", "MSc", "Someone Else", "Distinction"] {
        assert!(!shown.contains(forged), "the view shows nothing the check did not read ({forged}): {shown}");
    }
    let detected = satchel_core::credential::detect(&bytes).unwrap();
    let summary = serde_json::to_string(&detected.summary).unwrap();
    assert!(!summary.contains("Oxford") && !summary.contains("MSc"), "nor does the gallery's summary: {summary}");

    // With a readable inner credential, every screen shows that one.
    let mut with_inner = presentation;
    with_inner["verifiableCredential"] = json!([usual_payload()]);
    seal.payload = with_inner;
    let bytes = seal.make(p);
    let report = w.verify(&bytes);
    assert_eq!(outcome(&report, Check::Issuer).0, Outcome::Passed, "{:?}", report.checks);
    let view = satchel_core::learning::view(&bytes, &["en"]).unwrap();
    assert_eq!(view.title.as_deref(), Some("Certificate of test"), "the inner credential's title");
    assert_eq!(view.issuer.name.as_deref(), Some("Université Test"), "the inner credential's issuer: the one checked");
    assert_eq!(detected_title(&bytes).as_deref(), Some("Certificate of test"), "the gallery reads the same credential");
}

fn detected_title(bytes: &[u8]) -> Option<String> {
    satchel_core::credential::detect(bytes).unwrap().summary.title
}

// Section 3: the trusted-list service must be granted for seals.
#[test]
fn the_trust_service_must_be_granted_for_seals() {
    let w = World::new();
    let p = &w.pki;
    let bytes = Seal::new("seal").make(p);
    let since = "2020-01-01T00:00:00Z";

    w.list(&service(p, CA_QC, "Test web certificates", "qtsp", (GRANTED, since), &[FOR_WEB], ""));
    let report = w.verify(&bytes);
    let (o, detail) = outcome(&report, Check::Trust);
    assert_eq!(o, Outcome::Failed, "a CA granted for websites only: {detail}");
    assert!(detail.contains("is not granted for seals (it is for ForWebSiteAuthentication)"), "{detail}");
    assert_ne!(report.verdict, Verdict::Valid);

    // Listed twice: a withdrawn seal service, a granted web one.
    w.list(
        &(service(p, CA_QC, "Old seal service", "qtsp", (WITHDRAWN, "2025-06-01T00:00:00Z"), &[FOR_SEALS], "")
            + &service(p, CA_QC, "Test web certificates", "qtsp", (GRANTED, since), &[FOR_WEB], "")),
    );
    let (o, detail) = outcome(&w.verify(&bytes), Check::Trust);
    assert_eq!(o, Outcome::Failed, "no service grants seals today: {detail}");
    assert!(detail.contains("`Old seal service`") && detail.contains("was not granted on 2026-06-01"), "{detail}");
    assert!(detail.contains("`Test web certificates`") && detail.contains("not granted for seals"), "{detail}");

    // Withdrawn today, granted (by its history) at the time a qualified
    // time-stamp proves: the seal is judged then.
    let history = format!(
        "<ServiceHistory><ServiceHistoryInstance><ServiceTypeIdentifier>{CA_QC}</ServiceTypeIdentifier><ServiceName><Name xml:lang=\"en\">Test seals</Name></ServiceName><ServiceDigitalIdentity/><ServiceStatus>{GRANTED}</ServiceStatus><StatusStartingTime>{since}</StatusStartingTime></ServiceHistoryInstance></ServiceHistory></TSPService>"
    );
    let withdrawn =
        service(p, CA_QC, "Test seals", "qtsp", (WITHDRAWN, "2026-05-01T00:00:00Z"), &[FOR_SEALS], "").replace("</TSPService>", &history);
    w.list(&(withdrawn + &service(p, QTST, "Test qualified time-stamps", "tsa-ca", (GRANTED, since), &[], "")));
    let (o, detail) = outcome(&w.verify(&bytes), Check::Trust);
    assert_eq!(o, Outcome::Failed, "judged today, the service is withdrawn: {detail}");
    let mut stamped = Seal::new("seal");
    stamped.sig_t = Some("2026-03-01T10:00:00Z");
    stamped.signature_stamps = vec![("tsa", &["tsa-ca"], "20260301100500Z")];
    let (o, detail) = outcome(&w.verify(&stamped.make(p)), Check::Trust);
    assert_eq!(o, Outcome::Passed, "granted when the seal was made: {detail}");
    assert!(detail.contains("on 2026-03-01, when a time-stamp proves the seal existed"), "{detail}");

    // The Qualifications extension overrides the certificate's claims.
    let qualification = |qualifier: &str| {
        format!(
            r#"<Extension Critical="true"><Qualifications xmlns="http://uri.etsi.org/TrstSvc/SvcInfoExt/eSigDir-1999-93-EC-TrustedList/#"><QualificationElement><Qualifiers><Qualifier uri="http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/{qualifier}"/></Qualifiers><CriteriaList assert="all"><KeyUsage><KeyUsageBit name="nonRepudiation">true</KeyUsageBit></KeyUsage></CriteriaList></QualificationElement></Qualifications></Extension>"#
        )
    };
    for (qualifier, expected, words) in [
        ("NotQualified", Outcome::Failed, "is not a qualified certificate"),
        ("QCForESig", Outcome::Failed, "a qualified certificate for signatures, not for electronic seals"),
        ("QCNoQSCD", Outcome::Passed, "an advanced electronic seal based on a qualified certificate"),
    ] {
        w.list(&service(p, CA_QC, "Test seals", "qtsp", (GRANTED, since), &[FOR_SEALS], &qualification(qualifier)));
        let (o, detail) = outcome(&w.verify(&bytes), Check::Trust);
        assert_eq!(o, expected, "{qualifier}: {detail}");
        assert!(detail.contains(words), "{qualifier}: {detail}");
    }
}

// Section 4: revocation of the seal certificate.
#[test]
fn a_revoked_seal_certificate_is_refused_and_unknown_revocation_is_said() {
    let w = World::new();
    let p = &w.pki;
    let bytes = Seal::new("seal").make(p);
    w.net.serve("https://crl.test/qtsp.crl", p.crl("qtsp", "20260601110000Z", &[("seal", "260501000000Z", "keyCompromise")]));
    let report = w.verify(&bytes);
    let (o, detail) = outcome(&report, Check::Trust);
    assert_eq!(o, Outcome::Failed, "{detail}");
    assert!(detail.contains("revoked on 2026-05-01 for key compromise") && detail.contains("CRL answer"), "{detail}");
    assert_eq!(report.verdict, Verdict::Invalid, "a seal made with a revoked key: {:?}", report.checks);

    // A CRL signed by someone else is not believed.
    p.root("other-ca", "/C=LU/O=Test QTSP/CN=Test QTSP CA for seals", false, "");
    w.net.serve("https://crl.test/qtsp.crl", p.crl("other-ca", "20260601110000Z", &[]));
    let (o, detail) = outcome(&w.verify(&bytes), Check::Trust);
    assert_eq!(o, Outcome::Skipped, "{detail}");
    assert!(detail.contains("could not check revocation") && detail.contains("not signed by the certificate's CA"), "{detail}");

    // Unreachable: said plainly, and the verdict is not `valid`.
    w.net.serve("https://crl.test/qtsp.crl", vec![]);
    let report = w.verify(&bytes);
    let (o, detail) = outcome(&report, Check::Trust);
    assert_eq!(o, Outcome::Skipped, "{detail}");
    assert!(detail.starts_with("could not check revocation of the seal certificate"), "{detail}");
    assert_eq!(report.verdict, Verdict::Unverifiable);

    // rVals carried by the seal serve first, without the network.
    let fresh = World::new();
    let mut seal = Seal::new("seal");
    seal.crls = vec![fresh.pki.crl("qtsp", "20260601110000Z", &[])];
    let bytes = seal.make(&fresh.pki);
    fresh.net.serve("https://crl.test/qtsp.crl", vec![]);
    let (o, detail) = outcome(&fresh.verify(&bytes), Check::Trust);
    assert_eq!(o, Outcome::Passed, "{detail}");
    assert!(detail.contains("carried by the seal"), "{detail}");
    assert!(!fresh.net.was_asked("https://crl.test/"), "the seal's own CRL answered");

    // OCSP first, when the certificate names a responder.
    let o_world = World::new();
    let q = &o_world.pki;
    q.seal_cert("ocsp-seal", "qtsp", SEAL_SUBJECT, "authorityInfoAccess=OCSP;URI:http://ocsp.test/qtsp\n");
    let bytes = Seal::new("ocsp-seal").make(q);
    o_world.net.serve("https://ocsp.test/qtsp/", q.ocsp("qtsp", "ocsp-seal", None));
    let (o, detail) = outcome(&o_world.verify(&bytes), Check::Trust);
    assert_eq!(o, Outcome::Passed, "{detail}");
    assert!(detail.contains("not revoked (OCSP answer") && detail.contains("ocsp.test"), "{detail}");
    assert!(!o_world.net.was_asked("https://crl.test/"), "OCSP answered before the CRL was needed");
    o_world.net.serve("https://ocsp.test/qtsp/", q.ocsp("qtsp", "ocsp-seal", Some(("260520000000Z", "keyCompromise"))));
    let report = o_world.verify(&bytes);
    let (o, detail) = outcome(&report, Check::Trust);
    assert_eq!(o, Outcome::Failed, "{detail}");
    assert!(detail.contains("revoked on 2026-05-20 for key compromise (OCSP answer"), "{detail}");
    assert_eq!(report.verdict, Verdict::Invalid);

    // Revoked after the time a qualified time-stamp proves: the seal stands.
    let mut seal = Seal::new("seal");
    seal.sig_t = Some("2026-03-01T10:00:00Z");
    seal.signature_stamps = vec![("tsa", &["tsa-ca"], "20260301100500Z")];
    let bytes = seal.make(p);
    w.net.serve("https://crl.test/qtsp.crl", p.crl("qtsp", "20260601110000Z", &[("seal", "260501000000Z", "keyCompromise")]));
    let (o, detail) = outcome(&w.verify(&bytes), Check::Trust);
    assert_eq!(o, Outcome::Passed, "{detail}");
    assert!(detail.contains("revoked only on 2026-05-01, after the time the time-stamp proves"), "{detail}");
}

// Section 5: times in the future, list rollback, path constraints.
#[test]
fn times_still_to_come_are_refused_and_the_proved_time_is_shown() {
    let w = World::new();
    let p = &w.pki;
    let mut seal = Seal::new("seal");
    seal.sig_t = Some("2027-06-01T10:00:00Z");
    let report = w.verify(&seal.make(p));
    let (o, detail) = outcome(&report, Check::Signature);
    assert_eq!(o, Outcome::Failed, "{detail}");
    assert!(detail.contains("2027-06-01 10:00 UTC, a time still to come"), "{detail}");
    assert_eq!(report.verdict, Verdict::Invalid);

    let mut seal = Seal::new("seal");
    seal.signature_stamps = vec![("tsa", &["tsa-ca"], "20270601100000Z")];
    let (o, detail) = outcome(&w.verify(&seal.make(p)), Check::Signature);
    assert_eq!(o, Outcome::Failed, "a qualified TSA's stamp from the future: {detail}");
    assert!(detail.contains("claims a time still to come (2027-06-01 10:00:00 UTC)"), "{detail}");

    // The claimed sigT is not what is shown when a time-stamp proves another time.
    let mut seal = Seal::new("seal");
    seal.sig_t = Some("2026-01-01T00:00:00Z");
    seal.signature_stamps = vec![("tsa", &["tsa-ca"], "20260520080000Z")];
    let (o, detail) = outcome(&w.verify(&seal.make(p)), Check::Signature);
    assert_eq!(o, Outcome::Passed, "{detail}");
    assert!(detail.contains("sealed no later than 2026-05-20 08:00 UTC") && !detail.contains("2026-01-01"), "{detail}");
}

#[test]
fn a_trusted_list_never_goes_back() {
    let w = World::new();
    let p = &w.pki;
    let bytes = Seal::new("seal").make(p);
    assert_eq!(outcome(&w.verify(&bytes), Check::Trust).0, Outcome::Passed, "number 7 is seen");
    // An older, correctly signed copy that still shows a withdrawn service as granted.
    w.net.serve("https://lists.test/LU.xml", national_list(p, &usual_services(p), 6, "2026-04-01T00:00:00Z"));
    let (o, detail) = outcome(&w.verify(&bytes), Check::Trust);
    assert_eq!(o, Outcome::Skipped, "{detail}");
    assert!(detail.contains("(number 6, issued 2026-04-01) is older than one already seen (number 7, issued 2026-05-01)"), "{detail}");
    // Newer ones are taken, and the memory survives a restart when kept in a file.
    let file = p.dir.join("lists-seen.tsv");
    let mut anchors =
        Anchors::new(w.anchors.lotl_url.clone(), w.anchors.lotl_signers.clone()).remembering(satchel_core::trust::ListMemory::at(&file));
    w.net.serve("https://lists.test/LU.xml", national_list(p, &usual_services(p), 8, "2026-05-15T00:00:00Z"));
    assert_eq!(outcome(&w.verify_with(&bytes, &anchors), Check::Trust).0, Outcome::Passed);
    anchors.seen = std::sync::Arc::new(satchel_core::trust::ListMemory::at(&file));
    w.net.serve("https://lists.test/LU.xml", national_list(p, &usual_services(p), 7, "2026-05-01T00:00:00Z"));
    let (o, detail) = outcome(&w.verify_with(&bytes, &anchors), Check::Trust);
    assert_eq!(o, Outcome::Skipped, "remembered across a restart: {detail}");
}

#[test]
fn paths_respect_name_constraints_policies_and_purposes() {
    let w = World::new();
    let p = &w.pki;
    // A sub-CA under the listed CA, limited to names in LU and one policy.
    p.sub_ca(
        "sub",
        "qtsp",
        "/C=LU/O=Test QTSP/CN=Test sub-CA",
        "nameConstraints=critical,permitted;dirName:permitted_dn\ncertificatePolicies=1.3.6.1.4.1.99999.1\n[permitted_dn]\nC=LU\n",
    );
    w.net.serve("https://crl.test/sub.crl", p.crl("sub", "20260601110000Z", &[]));
    p.seal_cert("inside", "sub", SEAL_SUBJECT, "certificatePolicies=1.3.6.1.4.1.99999.1\n");
    let inside = Seal { chain: &["sub"], ..Seal::new("inside") }.make(p);
    let (o, detail) = outcome(&w.verify(&inside), Check::Trust);
    assert_eq!(o, Outcome::Passed, "within the sub-CA's constraints: {detail}");
    assert!(detail.contains("its CA `Test sub-CA` not revoked"), "the sub-CA's revocation is asked of the listed CA: {detail}");
    // A revoked sub-CA revokes what is under it.
    w.net.serve("https://crl.test/qtsp.crl", p.crl("qtsp", "20260601110000Z", &[("sub", "260401000000Z", "cACompromise")]));
    let (o, detail) = outcome(&w.verify(&inside), Check::Trust);
    assert_eq!(o, Outcome::Failed, "{detail}");
    assert!(detail.contains("the CA `Test sub-CA` above the seal certificate was revoked on 2026-04-01 for CA compromise"), "{detail}");
    w.net.serve("https://crl.test/qtsp.crl", p.crl("qtsp", "20260601110000Z", &[]));

    p.seal_cert("outside", "sub", "/C=FR/O=Another University/CN=Forged seal", "certificatePolicies=1.3.6.1.4.1.99999.1\n");
    let mut seal = Seal { chain: &["sub"], ..Seal::new("outside") };
    seal.payload = edc_payload(json!({"en": "Another University"}), None);
    let report = w.verify(&seal.make(p));
    let (o, detail) = outcome(&report, Check::Trust);
    assert_eq!(o, Outcome::Failed, "{detail}");
    assert!(detail.contains("outside the names its CA may certify"), "{detail}");
    assert_ne!(report.verdict, Verdict::Valid);

    p.seal_cert("no-policy", "sub", SEAL_SUBJECT, "certificatePolicies=1.3.6.1.4.1.99999.2\n");
    let (o, detail) = outcome(&w.verify(&Seal { chain: &["sub"], ..Seal::new("no-policy") }.make(p)), Check::Trust);
    assert_eq!(o, Outcome::Failed, "{detail}");
    assert!(detail.contains("none of the policies its CA"), "{detail}");

    // A sub-CA for web servers only: a leaf under it that states no purpose is not for seals.
    p.sub_ca("web-ca", "qtsp", "/C=LU/O=Test QTSP/CN=Test web sub-CA", "extendedKeyUsage=serverAuth\n");
    w.net.serve("https://crl.test/web-ca.crl", p.crl("web-ca", "20260601110000Z", &[]));
    p.seal_cert("under-web", "web-ca", SEAL_SUBJECT, "");
    let (o, detail) = outcome(&w.verify(&Seal { chain: &["web-ca"], ..Seal::new("under-web") }.make(p)), Check::Trust);
    assert_eq!(o, Outcome::Failed, "{detail}");
    assert!(detail.contains("may not be used for seals under its CA `Test web sub-CA`"), "{detail}");

    p.seal_cert("web", "qtsp", SEAL_SUBJECT, "extendedKeyUsage=serverAuth\n");
    let (o, detail) = outcome(&w.verify(&Seal::new("web").make(p)), Check::Trust);
    assert_eq!(o, Outcome::Failed, "{detail}");
    assert!(detail.contains("for other purposes than seals"), "{detail}");
}

#[test]
fn legacy_xades_seals_are_dated_by_trusted_time_stamps_only() {
    let w = World::new();
    let p = &w.pki;
    p.seal_cert_dated("old", "qtsp", SEAL_SUBJECT, "", ("20220101000000Z", "20240101000000Z"));
    p.root("fake-tsa", "/C=LU/O=Totally a TSA/CN=Totally a TSA", false, "");

    // A genuine old seal, time-stamped by a qualified TSA while its certificate was valid.
    let genuine = xades_credential(p, "old", "2023-06-01T10:00:00Z", Some(("tsa", &["tsa-ca"], "20230601100500Z")));
    let report = w.verify(&genuine);
    let (o, detail) = outcome(&report, Check::Signature);
    assert_eq!(o, Outcome::Passed, "{detail}");
    assert!(detail.contains("XAdES seal by `Université Test`, sealed no later than 2023-06-01 10:05 UTC"), "{detail}");
    let (o, trust) = outcome(&report, Check::Trust);
    assert_eq!(o, Outcome::Passed, "{trust}");
    assert!(trust.contains("on 2023-06-01, when a time-stamp proves the seal existed"), "{trust}");
    assert_eq!(outcome(&report, Check::Issuer).0, Outcome::Passed, "{:?}", report.checks);
    assert_eq!(report.verdict, Verdict::Valid, "{:?}", report.checks);

    // The same old key with a home-made time-stamp: judged today, unconfirmed.
    let forged = xades_credential(p, "old", "2023-06-01T10:00:00Z", Some(("fake-tsa", &[], "20230601100500Z")));
    let report = w.verify(&forged);
    let (_, detail) = outcome(&report, Check::Signature);
    assert!(detail.contains("by `Totally a TSA`, which does not count"), "{detail}");
    assert!(detail.contains("which says it was signed on 2023-06-01 (the sealer's own word)"), "{detail}");
    let (o, trust) = outcome(&report, Check::Trust);
    assert_eq!(o, Outcome::Failed, "{trust}");
    assert!(trust.contains("was not valid on 2026-06-01"), "{trust}");
    assert_eq!(report.verdict, Verdict::Unverifiable);

    // A signing time still to come is refused.
    p.seal_cert("seal-now", "qtsp", SEAL_SUBJECT, "");
    let report = w.verify(&xades_credential(p, "seal-now", "2027-06-01T10:00:00Z", None));
    let (o, detail) = outcome(&report, Check::Signature);
    assert_eq!(o, Outcome::Failed, "{detail}");
    assert!(detail.contains("a time still to come"), "{detail}");
    assert_eq!(report.verdict, Verdict::Invalid);
}
