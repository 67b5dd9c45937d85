//! Conformance: every row of the public vectors' MANIFEST.tsv, verified
//! in-process with the documents of `urls.tsv` served by a real HTTP server on
//! 127.0.0.1 (the product fetcher stays https-only; the test maps https URLs
//! onto the loopback server).
//!
//! A row is decided right only for the manifest's reason: `conformance.tsv`
//! beside this file says, for each row, which checks decide it (read from the
//! manifest's `why` column), and a right verdict reached by another route is
//! a failure. Every row also goes through the path users take
//! (`share::check`, behind `satchel verify` and the employer mode), which must
//! reach the same report.
//!
//! Where Satchel cannot do a check yet (its detail says so, whatever its
//! outcome), the verdict must be one that check could still move to the
//! manifest's: never one the manifest contradicts, never `valid`.

use std::collections::HashMap;

use satchel_core::clock::FixedClock;
use satchel_core::fetch::HttpsFetcher;
use satchel_core::share::{self, Expectation};
use satchel_core::verify::{verify, Report, VerifyOptions};
use satchel_tests::{consistent_with_missing, serve_vectors, vectors_dir, workspace_root, NOT_YET};

/// One condition on a report: `signature=passed`, `status=skipped,failed`,
/// `issuer!=passed`, or `issuer~unconfirmed` (a finding).
fn holds(report: &Report, condition: &str) -> bool {
    if let Some((check, finding)) = condition.split_once('~') {
        return report
            .checks
            .iter()
            .any(|c| c.check.as_str() == check && c.finding.and_then(|f| serde_json::to_value(f).ok()).is_some_and(|f| f == finding));
    }
    let (check, negated, outcomes) = match condition.split_once("!=") {
        Some((c, o)) => (c, true, o),
        None => {
            let (c, o) = condition.split_once('=').unwrap_or_else(|| panic!("`{condition}` is no condition"));
            (c, false, o)
        }
    };
    let outcome = report.checks.iter().filter(|c| c.check.as_str() == check).map(|c| c.outcome.as_str()).collect::<Vec<_>>();
    // A check that appears more than once (a proof set) is judged by each appearance.
    let any = outcomes.split(',').any(|o| outcome.contains(&o));
    let all = !outcome.is_empty() && outcome.iter().all(|o| outcomes.split(',').any(|w| w == *o));
    if negated {
        !any
    } else {
        all
    }
}

fn expectations() -> HashMap<String, Vec<String>> {
    let text = std::fs::read_to_string(workspace_root().join("tests/cli/conformance.tsv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let (file, checks) = l.split_once('\t').unwrap_or_else(|| panic!("conformance.tsv: `{l}`"));
            (file.to_string(), checks.split_whitespace().map(str::to_string).collect())
        })
        .collect()
}

fn summary(report: &Report) -> String {
    let checks: Vec<String> = report
        .checks
        .iter()
        .map(|c| format!("{}={} ({})", c.check.as_str(), c.outcome.as_str(), c.detail.as_deref().unwrap_or("")))
        .collect();
    format!("{} [{}]", report.verdict.as_str(), checks.join("; "))
}

#[test]
fn every_manifest_verdict_is_met_for_its_reason_or_honestly_pending() {
    let Some(dir) = vectors_dir() else { return };
    let port = serve_vectors(&dir);
    let fetcher = HttpsFetcher::new().with_loopback_rewrite("https://", &format!("http://127.0.0.1:{port}/")).unwrap();
    let clock = FixedClock(chrono::DateTime::parse_from_rfc3339("2026-11-27T00:00:00Z").unwrap().into());
    let options = VerifyOptions { clock: &clock, fetcher: Some(&fetcher), trust: None };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let expect = expectations();
    let (mut exact, mut pending, mut wrong) = (Vec::new(), Vec::new(), Vec::new());
    for row in manifest.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let (file, expected) = (cols[0], cols[1]);
        if expected == "support" || expected == "suite" {
            continue;
        }
        let Some(conditions) = expect.get(file) else {
            wrong.push(format!("{file}: no row in conformance.tsv says which checks decide it"));
            continue;
        };
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let report = verify(&bytes, &options).unwrap_or_else(|e| panic!("{file}: could not check: {e}"));
        eprintln!("{file}: {}", summary(&report));
        // The path `satchel verify` and the employer mode take.
        match share::check(&bytes, &Expectation::default(), &options) {
            Ok(share::Checked::Credential(user)) if user.verdict == report.verdict && user.checks == report.checks => {}
            Ok(share::Checked::Credential(user)) => {
                wrong.push(format!("{file}: `satchel verify` reports {} where the library reports {}", summary(&user), summary(&report)))
            }
            Ok(share::Checked::Package(p)) => wrong.push(format!("{file}: `satchel verify` takes it for a package ({:?})", p.verdict)),
            Err(e) => wrong.push(format!("{file}: `satchel verify` could not check it: {e}")),
        }
        let verdict = report.verdict.as_str();
        let missing: Vec<String> = report
            .checks
            .iter()
            .filter(|c| NOT_YET.iter().any(|n| c.detail.as_deref().unwrap_or("").contains(n)))
            .map(|c| format!("{}: {}", c.check.as_str(), c.detail.as_deref().unwrap_or("")))
            .collect();
        let unmet: Vec<&String> = conditions.iter().filter(|c| !holds(&report, c)).collect();
        if verdict == expected && missing.is_empty() && unmet.is_empty() {
            exact.push(file);
        } else if !missing.is_empty() && consistent_with_missing(verdict, expected, &missing) {
            pending.push(format!("{file} ({})", missing.join("; ")));
        } else if verdict == expected {
            wrong.push(format!(
                "{file}: {expected} as the manifest says, but not for its reason: {unmet:?} do not hold in {}",
                summary(&report)
            ));
        } else {
            wrong.push(format!("{file}: expected {expected}, got {}", summary(&report)));
        }
    }
    assert!(wrong.is_empty(), "rows decided against the manifest, or for another reason:\n{}", wrong.join("\n"));
    eprintln!(
        "conformance: {} decided for the manifest's reason, {} waiting on checks not built yet: {pending:#?}",
        exact.len(),
        pending.len()
    );
    assert!(exact.len() >= 79, "the vectors decided exactly today stay decided ({} now)", exact.len());
}
