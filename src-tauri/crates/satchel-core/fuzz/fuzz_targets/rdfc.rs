//! RDFC-1.0 over blank-node graphs built from the fuzzer's bytes: it must end
//! within its work budget (an answer or "too complex", never a hang or a
//! runaway allocation), give the same answer when run again and when the
//! blank nodes are renamed, and agree with oxrdf whenever it answers.
//!
//! Bytes: the first says how many blank nodes (1-16); then each group of
//! four is one statement (subject, predicate, object, graph), where small
//! values pick a blank node and the rest an IRI, a literal or the default graph.
#![no_main]
use oxrdf::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};
use oxrdf::{BlankNode, Dataset, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use satchel_core::jsonld::rdfc::{canonical_nquads, TooComplex, DEFAULT_BUDGET};
use satchel_core::jsonld::RdfcHash;

fn graph(data: &[u8], label: &dyn Fn(u8) -> String) -> Dataset {
    let blanks = 1 + data.first().copied().unwrap_or(0) % 16;
    let blank = |b: u8| BlankNode::new_unchecked(label(b % blanks));
    let mut d = Dataset::new();
    for q in data.get(1..).unwrap_or_default().chunks_exact(4) {
        let subject: NamedOrBlankNode = if q[0] < 0xf0 { blank(q[0]).into() } else { NamedNode::new_unchecked(format!("https://s.example/{}", q[0] & 3)).into() };
        let predicate = NamedNode::new_unchecked(format!("https://p.example/{}", q[1] % 3));
        let object: Term = match q[2] {
            0..=0xdf => blank(q[2]).into(),
            0xe0..=0xef => NamedNode::new_unchecked(format!("https://o.example/{}", q[2] & 3)).into(),
            _ => Literal::new_simple_literal(format!("v{}", q[2] & 3)).into(),
        };
        let graph = match q[3] {
            0..=0x3f => GraphName::BlankNode(blank(q[3])),
            0x40..=0x4f => GraphName::NamedNode(NamedNode::new_unchecked("https://g.example/")),
            _ => GraphName::DefaultGraph,
        };
        d.insert(&Quad::new(subject, predicate, object, graph));
    }
    d
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if data.len() > 4 * 200 {
        return;
    }
    let hash = if data.len() % 2 == 0 { RdfcHash::Sha256 } else { RdfcHash::Sha384 };
    let d = graph(data, &|b| format!("n{b}"));
    let started = std::time::Instant::now();
    let first = canonical_nquads(&d, hash, DEFAULT_BUDGET);
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(2), "the budget bounds the time: {took:?}");
    if let Err(e) = &first {
        assert_eq!(*e, TooComplex { budget: DEFAULT_BUDGET });
    }
    assert_eq!(first, canonical_nquads(&d, hash, DEFAULT_BUDGET), "the same answer when run again");
    let renamed = graph(data, &|b| format!("other{}", 97 - u32::from(b) * 5));
    let again = canonical_nquads(&renamed, hash, DEFAULT_BUDGET);
    if let (Ok(a), Ok(b)) = (&first, &again) {
        assert_eq!(a, b, "the canonical form does not depend on the blank node labels");
    }
    if let Ok(ours) = first {
        let mut reference = d.clone();
        let hash_algorithm = match hash {
            RdfcHash::Sha256 => CanonicalizationHashAlgorithm::Sha256,
            RdfcHash::Sha384 => CanonicalizationHashAlgorithm::Sha384,
        };
        reference.canonicalize(CanonicalizationAlgorithm::Rdfc10 { hash_algorithm });
        let mut lines: Vec<String> = reference.iter().map(|q| format!("{q} .\n")).collect();
        lines.sort();
        assert_eq!(ours, lines.concat(), "agrees with oxrdf on\n{d}");
    }
});
