//! Store benchmarks against the issue's goals: open a wallet of 10,000
//! credentials (< 200 ms), list its first page (< 20 ms), import one credential
//! without verification (< 5 ms). Plus the Argon2id cost of a passphrase unlock
//! (tuned to about 0.5 s). Run: `cargo bench -p satchel-core --bench store`.

use std::sync::atomic::{AtomicUsize, Ordering};

use criterion::{criterion_group, criterion_main, Criterion};
use satchel_core::store::credentials::Page;
use satchel_core::vault::{KdfCost, Passphrase};
use satchel_core::wallet::{Env, Secret};
use satchel_core::{ImportSource, Wallet};

fn credential(n: usize) -> Vec<u8> {
    format!(
        r#"{{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],"id":"urn:uuid:bench-{n}","type":["VerifiableCredential","OpenBadgeCredential"],"issuer":{{"id":"https://bench.example/issuer","type":["Profile"],"name":"Benchmark University"}},"validFrom":"2026-01-15T09:00:00Z","name":"Course {n}","credentialSubject":{{"type":["AchievementSubject"],"achievement":{{"id":"https://bench.example/a/{n}","type":["Achievement"],"name":"Course {n}","description":"A course description of a realistic length, describing what the learner did and what they can now do, for benchmark {n}.","criteria":{{"narrative":"Passed the final assessment with a grade of at least 60%."}}}}}},"proof":{{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","created":"2026-01-15T09:00:00Z","verificationMethod":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK","proofPurpose":"assertionMethod","proofValue":"z58DAdFfa9SkqZMVPxAQpic7ndSayn1PzZs6ZjWp1CktyGesjuTSwRdoWhAfGFCF5bppETSTojQCrfFPP2oumHKtz"}}}}"#
    )
    .into_bytes()
}

fn env() -> Env {
    // The real Argon2 cost: the unlock benchmark measures it.
    Env { kdf_cost: KdfCost::DEFAULT, ..Env::throwaway() }
}

fn store_benches(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let env = env();
    let wallet = Wallet::at(tmp.path().join("w"));
    {
        let mut w = wallet.create(Secret::Keyring, &env).unwrap();
        for n in 0..10_000 {
            w.import_unverified(&credential(n), ImportSource::Sample).unwrap();
        }
    }
    c.bench_function("open_wallet_10k", |b| b.iter(|| wallet.unlock(None, &env).unwrap()));
    let open = wallet.unlock(None, &env).unwrap();
    c.bench_function("list_first_page_10k", |b| b.iter(|| open.list(Page { offset: 0, limit: 50 }).unwrap()));
    // What open pays for checking the file: quick_check runs on every open.
    c.bench_function("quick_check_10k", |b| b.iter(|| open.quick_check().unwrap()));
    c.bench_function("integrity_check_10k", |b| b.iter(|| open.integrity_check().unwrap()));
    drop(open);
    let mut open = wallet.unlock(None, &env).unwrap();
    let next = AtomicUsize::new(1_000_000);
    c.bench_function("import_one_unverified", |b| {
        b.iter(|| open.import_unverified(&credential(next.fetch_add(1, Ordering::Relaxed)), ImportSource::Sample).unwrap())
    });
}

fn kdf_bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let env = env();
    let wallet = Wallet::at(tmp.path().join("p"));
    let pass = Passphrase::new("benchmark passphrase");
    drop(wallet.create(Secret::Passphrase(&pass), &env).unwrap());
    let mut group = c.benchmark_group("kdf");
    group.sample_size(10);
    group.bench_function("unlock_with_passphrase_default_cost", |b| b.iter(|| wallet.unlock(Some(&pass), &env).unwrap()));
    group.finish();
}

criterion_group!(benches, store_benches, kdf_bench);
criterion_main!(benches);
