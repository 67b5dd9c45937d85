//! Offline verification speed: an OB 3.0 credential with an eddsa-rdfc-2022
//! proof and one with Ed25519Signature2020. `make bench-verify` runs this on
//! credentials the interop peer issues fresh (`SATCHEL_BENCH_CREDENTIALS`),
//! then times `@digitalbazaar/vc` on the same files and prints the ratio.
//! Without that folder it uses two public vectors.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use satchel_core::clock::SystemClock;
use satchel_core::verify::{verify, Verdict, VerifyOptions};

fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    let (dir, files) = match std::env::var_os("SATCHEL_BENCH_CREDENTIALS") {
        Some(d) => (PathBuf::from(d), ["eddsa-rdfc-2022-v2-signed.json", "ed25519-2020-v2-signed.json"]),
        None => (
            std::env::var_os("SATCHEL_VECTORS")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../tests/vectors")),
            ["dcc-ob3-v2-spec-example-eddsa-rdfc-2022.json", "dcc-fixtures/v2_ed25519_didKey_legacy-noStatus-noExpiry.json"],
        ),
    };
    ["verify_eddsa_rdfc_2022", "verify_ed25519_signature_2020"]
        .into_iter()
        .zip(files)
        .map(|(name, f)| (name, std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(f).display()))))
        .collect()
}

fn bench(c: &mut Criterion) {
    let options = VerifyOptions { clock: &SystemClock, fetcher: None, trust: None };
    for (name, bytes) in inputs() {
        assert_eq!(verify(&bytes, &options).unwrap().verdict, Verdict::Valid, "{name}: the benchmark input must verify");
        c.bench_function(name, |b| b.iter(|| verify(&bytes, &options).unwrap()));
    }
}

/// Where the time goes: the JSON-LD phases of one eddsa-rdfc-2022 verify.
fn phases(c: &mut Criterion) {
    let (_, bytes) = inputs().remove(0);
    let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let mut unsecured = doc.clone();
    unsecured.as_object_mut().unwrap().remove("proof");
    c.bench_function("phase_safe_mode_probe", |b| b.iter(|| satchel_core::jsonld::undefined_terms(&unsecured).unwrap()));
    c.bench_function("phase_canonicalize_document", |b| b.iter(|| satchel_core::jsonld::canonical_nquads(&unsecured).unwrap()));
    let mut options = doc["proof"].clone();
    options.as_object_mut().unwrap().remove("proofValue");
    options["@context"] = doc["@context"].clone();
    c.bench_function("phase_canonicalize_proof_options", |b| b.iter(|| satchel_core::jsonld::canonical_nquads(&options).unwrap()));
    c.bench_function("phase_load_context_ob303", |b| {
        b.iter(|| satchel_core::jsonld::context("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json").unwrap())
    });
}

/// The largest EDC sample (~150 KB, JAdES seal with time-stamps), offline.
/// Goal: under 20 ms.
fn edc(c: &mut Criterion) {
    let dir = std::env::var_os("SATCHEL_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../tests/vectors"));
    let bytes = std::fs::read(dir.join("edc/Sample-MC-Annex1-signed.jsonld")).expect("the EDC sample (SATCHEL_VECTORS)");
    let options = VerifyOptions { clock: &SystemClock, fetcher: None, trust: None };
    let report = verify(&bytes, &options).unwrap();
    assert!(report
        .checks
        .iter()
        .any(|c| c.check == satchel_core::verify::Check::Signature && c.outcome == satchel_core::verify::Outcome::Passed));
    c.bench_function("verify_edc_sealed_150kb", |b| b.iter(|| verify(&bytes, &options).unwrap()));
}

criterion_group!(benches, bench, phases, edc);
criterion_main!(benches);
