//! Conformance: every row of the public vectors' MANIFEST.tsv, verified
//! in-process with the documents of `urls.tsv` served by a real HTTP server on
//! 127.0.0.1 (the product fetcher stays https-only; the test maps https URLs
//! onto the loopback server).
//!
//! Where every check a vector needs is implemented, the verdict must be the
//! manifest's exactly. Where Satchel cannot do a check yet, the report must
//! say so and the verdict must be one that check could still move to the
//! manifest's: never one the manifest contradicts, never `valid`.

use satchel_core::clock::FixedClock;
use satchel_core::fetch::HttpsFetcher;
use satchel_core::verify::{verify, Outcome, VerifyOptions};
use satchel_tests::{consistent_with_missing, serve_vectors, vectors_dir, NOT_YET};

#[test]
fn every_manifest_verdict_is_met_or_honestly_pending() {
    let Some(dir) = vectors_dir() else { return };
    let port = serve_vectors(&dir);
    let fetcher = HttpsFetcher::new().with_loopback_rewrite("https://", &format!("http://127.0.0.1:{port}/")).unwrap();
    let clock = FixedClock(chrono::DateTime::parse_from_rfc3339("2026-11-27T00:00:00Z").unwrap().into());
    let options = VerifyOptions { clock: &clock, fetcher: Some(&fetcher), trust: None };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let (mut exact, mut pending, mut wrong) = (Vec::new(), Vec::new(), Vec::new());
    for row in manifest.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let (file, expected) = (cols[0], cols[1]);
        if expected == "support" || expected == "suite" {
            continue;
        }
        let report = verify(&std::fs::read(dir.join(file)).unwrap(), &options).unwrap_or_else(|e| panic!("{file}: could not check: {e}"));
        let verdict = report.verdict.as_str();
        // Where the manifest says the seal itself holds, the report must say so.
        if cols.get(2).is_some_and(|why| why.contains("seal (signature) passes")) {
            let seal = report.checks.iter().find(|c| c.check == satchel_core::verify::Check::Signature);
            if seal.map(|c| c.outcome) != Some(Outcome::Passed) {
                wrong.push(format!("{file}: the manifest says the seal passes, the report says {seal:?}"));
            }
        }
        let missing: Vec<String> = report
            .checks
            .iter()
            .filter(|c| c.outcome == Outcome::Skipped && NOT_YET.iter().any(|n| c.detail.as_deref().unwrap_or("").contains(n)))
            .map(|c| format!("{}: {}", c.check.as_str(), c.detail.as_deref().unwrap_or("")))
            .collect();
        if verdict == expected && missing.is_empty() {
            exact.push(file);
        } else if !missing.is_empty() && consistent_with_missing(verdict, expected, &missing) {
            pending.push(file);
        } else {
            wrong.push(format!("{file}: expected {expected}, got {verdict}; checks: {:?}", report.checks));
        }
    }
    assert!(wrong.is_empty(), "verdicts that contradict the manifest:\n{}", wrong.join("\n"));
    eprintln!("conformance: {} exact, {} waiting on checks not built yet: {pending:?}", exact.len(), pending.len());
    assert!(exact.len() >= 79, "the vectors decided exactly today stay decided ({} now)", exact.len());
}
