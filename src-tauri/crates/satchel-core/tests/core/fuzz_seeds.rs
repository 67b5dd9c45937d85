//! Every fuzz target's invariant (`fuzz/invariants.rs`) over its committed
//! seed corpus (`fuzz/seeds/<target>/`, drawn from the public vectors), and
//! over a few mutations of each seed, as an ordinary test: the short run of
//! the fuzzers that every `cargo test` makes. The long runs use libFuzzer
//! (`make fuzz`; see the README's tests section).

#[path = "../../fuzz/invariants.rs"]
mod invariants;

use std::path::Path;

type Invariant = fn(&[u8]);

const TARGETS: [(&str, Invariant); 9] = [
    ("detect", invariants::detect),
    ("verify_offline", invariants::verify_offline),
    ("verify_networked", invariants::verify_networked),
    ("status_list", invariants::status_list),
    ("jsonld", invariants::jsonld),
    ("jws", invariants::jws),
    ("baked", invariants::baked),
    ("xml", invariants::xml),
    ("rdfc", invariants::rdfc),
];

/// A few cheap, deterministic mutations: truncations, a flipped byte in
/// the middle, and a byte dropped, as a fuzzer's first steps would be.
fn mutations(seed: &[u8]) -> Vec<Vec<u8>> {
    let n = seed.len();
    let mut out = vec![seed.to_vec(), seed[..n / 2].to_vec(), seed[..n.saturating_sub(1)].to_vec()];
    if n > 2 {
        let mut flipped = seed.to_vec();
        flipped[n / 2] ^= 0x20;
        out.push(flipped);
        let mut dropped = seed.to_vec();
        dropped.remove(n / 3);
        out.push(dropped);
    }
    out
}

/// Every finding a fuzzer made (`fuzz/findings/<target>-<what>-<date>`)
/// holds its target's invariant now: a regression test for each.
#[test]
fn every_fuzz_finding_holds_its_targets_invariant() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/findings");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz/findings") {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (_, invariant) = TARGETS
            .iter()
            .filter(|(t, _)| name.starts_with(&format!("{t}-")))
            .max_by_key(|(t, _)| t.len())
            .unwrap_or_else(|| panic!("the finding {name} names no fuzz target"));
        invariant(&std::fs::read(&path).unwrap());
        checked += 1;
    }
    assert!(checked > 0, "the findings folder holds at least the baked finding");
}

#[test]
fn every_fuzz_target_holds_its_invariant_over_its_seeds() {
    // (Each seed and four mutations of it; the libFuzzer runs go further.)
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let fuzz_targets = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/fuzz_targets");
    let mut targets_on_disk: Vec<String> = std::fs::read_dir(&fuzz_targets)
        .expect("fuzz/fuzz_targets")
        .map(|e| e.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    targets_on_disk.sort();
    let mut known: Vec<String> = TARGETS.iter().map(|(t, _)| t.to_string()).collect();
    known.sort();
    let unchecked: Vec<&String> = targets_on_disk.iter().filter(|t| !known.contains(t)).collect();
    // A target added later (another branch) needs its seeds and a line above.
    assert!(unchecked.iter().all(|t| root.join(t).is_dir()), "fuzz targets without a seed corpus: {unchecked:?}");
    for (target, invariant) in TARGETS {
        let dir = root.join(target);
        let mut seeds: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{target}: the seed corpus {} is missing: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        seeds.sort();
        assert!(seeds.len() >= 2, "{target}: a seed corpus of at least two inputs, found {}", seeds.len());
        for seed in seeds {
            let bytes = std::fs::read(&seed).unwrap();
            for input in mutations(&bytes) {
                invariant(&input);
            }
        }
    }
}

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds").join(target);
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// The seeds are worth their place: each reaches what its target's invariant
/// is about (a verdict to compare with the checks, both `valid` and not;
/// N-Quads to compare; a JWS, a status list, a baked credential, an XML
/// document to read), not only the first parse error.
#[test]
fn the_seeds_reach_what_the_invariants_check() {
    use satchel_core::verify::{verify, Check, Outcome, Verdict, VerifyOptions};
    let clock = invariants::clock();
    let offline = VerifyOptions { clock: &clock, fetcher: None, trust: None };
    let verdicts: Vec<Verdict> =
        seeds("verify_offline").iter().map(|s| verify(s, &offline).expect("a seed credential reads").verdict).collect();
    assert!(verdicts.contains(&Verdict::Valid), "some offline seed is valid at the fixed time: {verdicts:?}");
    assert!(verdicts.iter().any(|v| *v != Verdict::Valid), "and some is not: {verdicts:?}");
    for seed in seeds("verify_networked") {
        let i = seed.iter().position(|b| *b == 0xff).expect("a networked seed is `credential 0xFF document`");
        let network = invariants::Hostile(&seed[i + 1..]);
        let report = verify(&seed[..i], &VerifyOptions { clock: &clock, fetcher: Some(&network), trust: None }).unwrap();
        let fetched = [Check::Status, Check::Issuer, Check::Signature]
            .iter()
            .filter_map(|c| report.check(*c))
            .any(|c| c.outcome != Outcome::Skipped && c.detail.as_deref().is_some_and(|d| !d.contains("no status entry")));
        assert!(fetched, "the networked seed's checks used what the network served: {:?}", report.checks);
    }
    for seed in seeds("detect") {
        assert!(satchel_core::credential::detect(&seed).is_ok(), "each detect seed is a credential");
    }
    for seed in seeds("jsonld") {
        let value: serde_json::Value = serde_json::from_slice(&seed).unwrap();
        assert!(satchel_core::jsonld::canonical_nquads(&value).is_ok_and(|q| !q.is_empty()), "each JSON-LD seed canonicalises");
    }
    for seed in seeds("jws") {
        assert!(satchel_core::jws::parse(std::str::from_utf8(&seed).unwrap()).is_ok(), "each JWS seed parses");
    }
    let lists = seeds("status_list");
    assert!(
        lists.iter().any(|l| std::str::from_utf8(l).is_ok_and(|t| satchel_core::verify::status::decode_list(t.trim()).is_ok())),
        "a status list seed decodes"
    );
    let baked = seeds("baked");
    assert!(
        baked.iter().any(|b| {
            let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
            png.extend_from_slice(b);
            matches!(satchel_core::credential::png_baked_text(&png), Ok(Some(_)))
        }),
        "a PNG seed carries a credential"
    );
    assert!(
        baked.iter().any(|b| std::str::from_utf8(b).is_ok_and(|t| matches!(satchel_core::credential::svg_baked_text(t), Ok(Some(_))))),
        "an SVG seed carries a credential"
    );
    // The rdfc seeds reach the N-degree hash, a tie RDFC-1.0 must break by
    // the labels, and a neighbour met twice in one role.
    let forms: Vec<_> = seeds("rdfc")
        .iter()
        .map(|s| {
            let d = invariants::rdfc_graph(s, &|b| format!("n{b}"));
            satchel_core::jsonld::rdfc::canonical_form(&d, satchel_core::jsonld::RdfcHash::Sha256, 10_000)
                .expect("each rdfc seed is within the budget")
        })
        .collect();
    assert!(forms.iter().any(|f| f.tie_broken_by_order), "an rdfc seed has a tie broken by the labels");
    assert!(forms.iter().any(|f| !f.tie_broken_by_order), "and one has none");
    assert!(forms.iter().any(|f| f.repeated_neighbour), "an rdfc seed meets a neighbour twice in one role");
    // The EDC's signature parses; the SVG is there for the refusal path: it
    // declares a DOCTYPE, which the XML reader refuses by design.
    for seed in seeds("xml") {
        let doctype = String::from_utf8_lossy(&seed).contains("<!DOCTYPE");
        assert_eq!(satchel_core::trust::xml::parse(&seed).is_ok(), !doctype, "an XML seed parses unless it declares a DOCTYPE");
    }
}
