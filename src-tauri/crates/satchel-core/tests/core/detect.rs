//! Format detection on public vectors: by content, never by file name.

use satchel_core::credential::{detect, Container};

use crate::support::vectors;

#[test]
fn formats_of_known_vectors() {
    let Some(dir) = vectors() else { return };
    let cases = [
        ("dcc-ob3-v2-eddsa-rdfc-2022-valid-status.json", "ob3-vc2-di", Container::Bare),
        ("dcc-ob3-vcdm11-ed25519sig2020-valid-status.json", "ob3-vc11-di", Container::Bare),
        ("w3c-eddsa-rdfc-2022-alumni.json", "vc-vc2-di", Container::Bare),
        ("1edtech-validator-ob30-simple.jwt.txt", "ob3-vc11-jwt", Container::Bare),
        ("1edtech-validator-ob30-baked-json.png", "ob3-vc2-di", Container::Png),
        ("1edtech-validator-ob30-baked-jwt.png", "ob3-vc2-jwt", Container::Png),
        ("1edtech-validator-ob30-baked-jwt.svg", "ob3-vc2-jwt", Container::Svg),
        ("vc-jose-cose-ts/credential-jose-minimal.txt", "vc-vc2-jwt", Container::Bare),
        ("vc-jose-cose-ts/credential-sdjwt-selective.txt", "vc-vc2-sd-jwt", Container::Bare),
        ("ietf-rfc9901-A3-sdjwt.txt", "vc-sd-jwt", Container::Bare),
        ("edc/Sample-MC-Annex1-signed.jsonld", "edc-vc11-jades", Container::Bare),
        ("edc/Sample-CertOfPart-unsigned.jsonld", "edc-vc11-none", Container::Bare),
        ("edc/json_sealed_advanced.json", "vp-vc11-jades", Container::Bare),
        ("edc/EDC_DiplomaSupplement_AA.xml", "edc-xades", Container::Bare),
        ("ob20-signed/simple.jwt.txt", "ob2-jwt", Container::Bare),
        ("dcc-bitstring-status-list-e5WK8CbZ1GjycuPombrj.json", "vc-vc2-di", Container::Bare),
    ];
    for (file, format, container) in cases {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let d = detect(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(d.format.id(), format, "{file}");
        assert_eq!(d.container, container, "{file}");
    }
}

#[test]
fn summaries_read_the_learning() {
    let Some(dir) = vectors() else { return };
    let mc = detect(&std::fs::read(dir.join("edc/Sample-MC-Annex1-signed.jsonld")).unwrap()).unwrap();
    assert_eq!(mc.summary.title.as_deref(), Some("Micro-Credential"), "EDC title from displayParameter, in English");
    assert!(mc.summary.issuer_name.is_some(), "EDC issuer legalName");
    let png = detect(&std::fs::read(dir.join("1edtech-validator-ob30-baked-json.png")).unwrap()).unwrap();
    assert_eq!(png.media_type, "image/png", "a baked badge is kept as the image");
    assert_eq!(png.summary.title.as_deref(), Some("Teamwork Badge"), "its summary comes from the baked credential");
    let sd = detect(&std::fs::read(dir.join("ietf-rfc9901-A3-sdjwt.txt")).unwrap()).unwrap();
    assert!(sd.summary.subject.is_some(), "disclosed name claims become the subject: {:?}", sd.summary);
}

#[test]
fn extension_never_decides() {
    let Some(dir) = vectors() else { return };
    let jwt = std::fs::read(dir.join("1edtech-validator-ob30-simple.jwt.txt")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let renamed = tmp.path().join("looks-like.png");
    std::fs::write(&renamed, &jwt).unwrap();
    let d = detect(&std::fs::read(&renamed).unwrap()).unwrap();
    assert_eq!(d.container, Container::Bare, "a JWT named .png is still a JWT");
}
