//! Building, signing and QR-encoding a package of three credentials.
//! Goal: under 50 ms.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use satchel_core::share::{build, Audience, Item};
use satchel_core::store::credentials::CredentialRecord;

fn items() -> Vec<Item> {
    let dir = std::env::var_os("SATCHEL_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../tests/vectors"));
    [
        "dcc-ob3-v2-spec-example-eddsa-rdfc-2022.json",
        "dcc-fixtures/v2_ed25519_didKey_legacy-noStatus-noExpiry.json",
        "dcc-fixtures/v2_dataIntegrityProof_didKey_legacyRegistry-noStatus-notExpired-withSchema.json",
    ]
    .iter()
    .map(|f| {
        let bytes = std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e} (SATCHEL_VECTORS)"));
        let detected = satchel_core::credential::detect(&bytes).unwrap();
        let record = CredentialRecord {
            id: f.to_string(),
            hash: f.to_string(),
            credential_id: None,
            media_type: detected.media_type.to_string(),
            format: detected.format.id(),
            container: "bare".into(),
            summary: detected.summary,
            verdict: None,
            verified_at: None,
            source_kind: "file".into(),
            source: None,
            added_at: String::new(),
            tags: vec![],
            note: String::new(),
        };
        Item { record, bytes, disclose: None }
    })
    .collect()
}

fn bench(c: &mut Criterion) {
    let items = items();
    let key = ed25519_dalek::SigningKey::from_bytes(&[11u8; 32]);
    let did = satchel_core::keys::did_key(&key.verifying_key());
    let audience = Audience { recipient: None, domain: Some("employer.example".into()), challenge: Some("bench".into()) };
    let now = chrono::Utc::now();
    let make = || {
        let package = build(&items, &audience, chrono::Duration::days(30), &did, &key, now).unwrap();
        let codes: Vec<_> = satchel_core::qr::encode_package(&package.bytes).iter().map(|t| satchel_core::qr::code(t).unwrap()).collect();
        (package, codes)
    };
    let (package, codes) = make();
    eprintln!(
        "a 3-credential package: {} bytes of JSON, {} QR code(s) of version(s) {:?}",
        package.bytes.len(),
        codes.len(),
        codes.iter().map(|c| c.version()).collect::<Vec<_>>()
    );
    c.bench_function("share_3_credentials_sign_and_qr", |b| b.iter(make));
}

criterion_group!(benches, bench);
criterion_main!(benches);
