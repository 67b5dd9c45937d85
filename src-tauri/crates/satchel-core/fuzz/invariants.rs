//! What each fuzz target checks beyond "no panic": one function per target,
//! shared by the libFuzzer targets (`fuzz_targets/*.rs`, long runs) and by
//! the core's `fuzz_seeds` test, which runs each function over the committed
//! seed corpus (`fuzz/seeds/<target>/`) in every `cargo test`.
//!
//! Every function panics, with the input's story, when its invariant breaks;
//! errors on bad input are fine. Time is a fixed clock, so a run can be
//! replayed: the same input gives the same report on any day.
// Each fuzz target includes this file and uses one of its functions.
#![allow(dead_code)]

use satchel_core::clock::FixedClock;
use satchel_core::fetch::{Error, Fetched, Fetcher, Origin};
use satchel_core::verify::{verify, Check, Outcome, Report, Verdict, VerifyOptions};

/// 2026-01-01T00:00:00Z. (Read through serde so the fuzz crate needs no
/// chrono of its own: the type is `FixedClock`'s.)
pub fn clock() -> FixedClock {
    FixedClock(serde_json::from_value(serde_json::json!("2026-01-01T00:00:00Z")).expect("a fixed RFC 3339 time"))
}

/// A report's verdict is the one its checks add up to, and `valid` means
/// the signature was checked and passed.
fn report_holds(report: &Report, input: &[u8]) {
    assert_eq!(
        Verdict::of(&report.checks),
        report.verdict,
        "the verdict disagrees with the checks {:?} for {:?}",
        report.checks,
        String::from_utf8_lossy(input)
    );
    if report.verdict == Verdict::Valid {
        assert_eq!(
            report.check(Check::Signature).map(|c| c.outcome),
            Some(Outcome::Passed),
            "`valid` without a passed signature check: {:?} for {:?}",
            report.checks,
            String::from_utf8_lossy(input)
        );
    }
}

/// `detect`: the same bytes read the same way twice, and a compact JWS it
/// reads keeps the header and payload its bytes carry.
pub fn detect(data: &[u8]) {
    let first = satchel_core::credential::detect(data);
    let again = satchel_core::credential::detect(data);
    assert_eq!(format!("{first:?}"), format!("{again:?}"), "detection is not a function of the bytes");
    jws(data);
}

/// The whole verifier offline: the report adds up, and verifying again
/// gives the same report.
pub fn verify_offline(data: &[u8]) {
    let clock = clock();
    let options = VerifyOptions { clock: &clock, fetcher: None, trust: None };
    if let Ok(report) = verify(data, &options) {
        report_holds(&report, data);
        assert_eq!(verify(data, &options).ok().as_ref(), Some(&report), "verifying twice gave two reports");
    }
}

/// A network that answers every address with the same hostile bytes.
#[derive(Debug)]
pub struct Hostile<'a>(pub &'a [u8]);

impl Fetcher for Hostile<'_> {
    fn get(&self, url: &str, limit: usize) -> Result<Fetched, Error> {
        if self.0.len() > limit {
            return Err(Error::TooLarge { url: url.to_string(), limit });
        }
        Ok(Fetched { url: url.to_string(), media_type: None, body: self.0.to_vec(), origin: Origin::Network })
    }
}

/// The verifier with a hostile network; the input is `credential 0xFF
/// document`. The report adds up whatever the network says.
pub fn verify_networked(data: &[u8]) {
    let (credential, document) = match data.iter().position(|b| *b == 0xff) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b"{}"[..]),
    };
    let network = Hostile(document);
    let clock = clock();
    if let Ok(report) = verify(credential, &VerifyOptions { clock: &clock, fetcher: Some(&network), trust: None }) {
        report_holds(&report, credential);
    }
}

/// Status lists: a decoded list has a bit exactly where it has bytes, and a
/// token status value stays within its width, at every width, and exists
/// exactly where the bytes reach.
pub fn status_list(data: &[u8]) {
    use satchel_core::verify::status;
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(bits) = status::decode_list(text.trim()) {
            let n = bits.len() * 8;
            assert!(n == 0 || status::bit(&bits, n - 1).is_some(), "the last bit of a {}-byte list is readable", bits.len());
            assert!(status::bit(&bits, n).is_none(), "no bit past the end of a {}-byte list", bits.len());
        }
    }
    for width in [1u32, 2, 4, 8] {
        let per_byte = 8 / width as u64;
        let entries = data.len() as u64 * per_byte;
        for index in [0, entries / 2, entries.saturating_sub(1), entries, entries + 1] {
            let value = status::status_value(data, index, width);
            assert_eq!(value.is_some(), index < entries, "index {index} of {entries} {width}-bit entries");
            if let Some(v) = value {
                assert!(u32::from(v) < 1 << width, "a {width}-bit status read as {v}");
            }
        }
    }
}

/// JSON-LD: canonicalisation is stable when repeated (the same document
/// gives the same N-Quads every time, and safe mode's, when it has them,
/// are the plain ones), and, built with the `fuzzing` feature, the fast
/// path agrees with oxjsonld whenever it answers.
pub fn jsonld(data: &[u8]) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    use satchel_core::jsonld::{self, RdfcHash};
    let plain = jsonld::canonical_nquads(&value).map_err(|e| e.to_string());
    assert_eq!(plain, jsonld::canonical_nquads(&value).map_err(|e| e.to_string()), "canonicalising {value} twice gave two answers");
    if let Ok(checked) = jsonld::check(&value) {
        let probed = checked.canonical_nquads(RdfcHash::Sha256);
        assert_eq!(probed, checked.canonical_nquads(RdfcHash::Sha256), "the checked document's N-Quads changed when asked again: {value}");
        // (Too complex for the work budget is an answer too, and the same one each time.)
        if let (Some(Ok(probed)), Ok(plain)) = (&probed, &plain) {
            assert_eq!(probed, plain, "safe mode's N-Quads differ from the plain canonical form of {value}");
        }
    }
    #[cfg(feature = "fuzzing")]
    for probe in [false, true] {
        if let (Some(fast), reference) = satchel_core::jsonld::fast_and_reference(&value, probe) {
            assert_eq!(fast, reference, "the fast path disagrees with oxjsonld (probe: {probe}) on {value}");
        }
    }
}

/// Compact JWS: what `parse` reads is what the bytes say (the header and
/// payload are the JSON of the first two segments); a key in the header
/// verifies the same way twice.
pub fn jws(data: &[u8]) {
    use base64::Engine as _;
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(compact) = satchel_core::jws::parse(text) else { return };
    let mut parts = text.trim().splitn(3, '.');
    let decode = |part: Option<&str>| -> Option<serde_json::Value> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part?).ok()?;
        serde_json::from_slice(&bytes).ok()
    };
    assert_eq!(decode(parts.next()).as_ref(), Some(&compact.header), "the header is not the one the bytes carry: {text}");
    let payload = decode(parts.next());
    assert!(payload.is_none() || payload.as_ref() == Some(&compact.payload), "the payload is not the one the bytes carry: {text}");
    if let Some(jwk) = compact.header.get("jwk") {
        if let Ok(key) = satchel_core::jws::key_from_jwk(jwk) {
            assert_eq!(compact.verify(&key).is_ok(), compact.verify(&key).is_ok(), "a signature check changed its mind");
        }
    }
}

/// Baked badges: reading is stable. An SVG's badge is what the crate's XML
/// tree holds (the badge reader accepts the documents the tree accepts, and
/// carries what the tree's first badge element holds), and, unless XML
/// itself makes text that is not in the bytes, it is in the bytes.
///
/// The last is checked word by word with CDATA markers left out: a correct
/// reader normalises line ends (`\r\n` to `\n`) and whitespace in attribute
/// values (to spaces), joins text around CDATA section boundaries, and
/// resolves references (`&...;`); text around a comment, a processing
/// instruction or a child element inside the badge element is joined too.
/// (The first reader failed this when it cut `<?...?>` out of an attribute
/// value; the reader of the XML tree refuses such a document.)
pub fn baked(data: &[u8]) {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(data);
    let carried = satchel_core::credential::png_baked_text(&png);
    assert_eq!(format!("{carried:?}"), format!("{:?}", satchel_core::credential::png_baked_text(&png)), "PNG reading is not stable");
    let Ok(text) = std::str::from_utf8(data) else { return };
    let carried = satchel_core::credential::svg_baked_text(text);
    assert_eq!(carried, satchel_core::credential::svg_baked_text(text), "SVG reading is not stable");
    use satchel_core::trust::xml;
    let tree = xml::parse_with(data, xml::Doctype::ExternalIdOnly);
    assert_eq!(carried.is_ok(), tree.is_ok(), "the badge reader says {carried:?}, the XML tree {:?}, for {text:?}", tree.as_ref().err());
    let Ok(doc) = tree else { return };
    let badge = tree_badge(&doc);
    assert_eq!(
        carried.as_ref().ok().cloned().flatten(),
        badge.as_ref().map(|(c, _)| c.clone()),
        "the badge reader and the XML tree disagree on what {text:?} carries"
    );
    if let Some((c, only_text)) = badge {
        if only_text && !text.contains('&') {
            // (An attribute value may hold `]]>` too: words are looked for as written as well.)
            let joined = text.replace("<![CDATA[", "").replace("]]>", "");
            for word in c.split_whitespace() {
                assert!(text.contains(word) || joined.contains(word), "the SVG carries {c:?}, whose {word:?} is not in its bytes");
            }
        }
    }
}

/// The badge an SVG's tree holds, read straight from the tree as the specs
/// say, and whether it came from an attribute or from an element holding
/// text only (no comment, processing instruction or child element).
fn tree_badge(doc: &satchel_core::trust::xml::Document) -> Option<(String, bool)> {
    use satchel_core::trust::xml::{Element, Node, Scope};
    let first = |local: &str, namespaces: &[&str]| {
        doc.root
            .find(&Scope::new(), &|e: &Element, s: &Scope| e.local_name() == local && namespaces.contains(&e.namespace(s)))
            .map(|(e, _, _)| e)
    };
    let read = |e: &Element, verify_first: bool| -> Option<(String, bool)> {
        let verify = e.attribute("verify").map(str::trim).filter(|v| !v.is_empty()).map(|v| (v.to_string(), true));
        let own: String = e.children.iter().filter_map(|n| if let Node::Text(t) = n { Some(t.as_str()) } else { None }).collect();
        let only_text = e.children.iter().all(|n| matches!(n, Node::Text(_)));
        let body = Some(own.trim().to_string()).filter(|t| !t.is_empty()).map(|t| (t, only_text));
        if verify_first {
            verify.or(body)
        } else {
            body.or(verify)
        }
    };
    let ob3 = first("credential", &["https://purl.imsglobal.org/ob/v3p0", "https://purl.imsglobal.org/spec/ob/v3p0"]);
    let ob2 = first("assertion", &["http://openbadges.org"]);
    ob3.and_then(|e| read(e, true)).or_else(|| ob2.and_then(|e| read(e, false)))
}

/// XML: canonicalisation is stable when repeated: the canonical form of a
/// document, parsed and canonicalised again, is itself.
pub fn xml(data: &[u8]) {
    use satchel_core::trust::{dsig, list, xml};
    if let Ok(doc) = xml::parse(data) {
        for method in [xml::Method::Inclusive { comments: true }, xml::Method::Exclusive { comments: false }] {
            let once = xml::document(&doc, method, None);
            if let Ok(again) = xml::parse(once.as_bytes()) {
                assert_eq!(xml::document(&again, method, None), once, "canonicalising the canonical form changed it");
            }
        }
        let _ = dsig::verify_enveloped(&doc);
    }
    let _ = list::read(data);
}

/// The rdfc target's graph from bytes: the first byte says how many blank
/// nodes (1-16); then each group of four is one statement (subject,
/// predicate, object, graph), where small values pick a blank node (named
/// by `label`) and the rest an IRI, a literal or the default graph.
pub fn rdfc_graph(data: &[u8], label: &dyn Fn(u8) -> String) -> oxrdf::Dataset {
    use oxrdf::{BlankNode, Dataset, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
    let blanks = 1 + data.first().copied().unwrap_or(0) % 16;
    let blank = |b: u8| BlankNode::new_unchecked(label(b % blanks));
    let mut d = Dataset::new();
    for q in data.get(1..).unwrap_or_default().chunks_exact(4) {
        let subject: NamedOrBlankNode =
            if q[0] < 0xf0 { blank(q[0]).into() } else { NamedNode::new_unchecked(format!("https://s.example/{}", q[0] & 3)).into() };
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

/// The canonical N-Quads with blank node labels blanked out, sorted: two
/// canonical forms of one graph have the same shape.
fn nquads_shape(nquads: &str) -> Vec<String> {
    let mut lines: Vec<String> =
        nquads.lines().map(|l| l.split(' ').map(|t| if t.starts_with("_:") { "_:" } else { t }).collect::<Vec<_>>().join(" ")).collect();
    lines.sort();
    lines
}

/// RDFC-1.0 over a blank-node graph built from the bytes: it ends within its
/// work budget (an answer or "too complex", never a hang); gives the same
/// answer again, also for the same graph built afresh (oxrdf seeds each
/// dataset's order at random); gives the same answer under other labels
/// unless a tie between equal hashes fell to the labels (RDFC-1.0 cannot
/// tell some different nodes apart: then the answer is still the same
/// graph); and agrees with oxrdf wherever oxrdf follows the spec (no such
/// tie, no neighbour met twice in one role, which oxrdf counts once).
pub fn rdfc(data: &[u8]) {
    use oxrdf::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};
    use satchel_core::jsonld::rdfc::{canonical_form, TooComplex, DEFAULT_BUDGET};
    use satchel_core::jsonld::RdfcHash;
    if data.len() > 4 * 200 {
        return;
    }
    let hash = if data.len() % 2 == 0 { RdfcHash::Sha256 } else { RdfcHash::Sha384 };
    let d = rdfc_graph(data, &|b| format!("n{b}"));
    let started = std::time::Instant::now();
    let first = canonical_form(&d, hash, DEFAULT_BUDGET);
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(2), "the budget bounds the time: {took:?} for {data:?}");
    if let Err(e) = &first {
        assert_eq!(*e, TooComplex { budget: DEFAULT_BUDGET }, "{data:?}");
    }
    assert_eq!(first, canonical_form(&d, hash, DEFAULT_BUDGET), "the same answer when run again for {data:?}");
    let rebuilt = rdfc_graph(data, &|b| format!("n{b}"));
    assert_eq!(first, canonical_form(&rebuilt, hash, DEFAULT_BUDGET), "the same answer for the same graph built again: {data:?}");
    let renamed = rdfc_graph(data, &|b| format!("other{}", 97 - u32::from(b) * 5));
    if let (Ok(a), Ok(b)) = (&first, &canonical_form(&renamed, hash, DEFAULT_BUDGET)) {
        if !a.tie_broken_by_order && !b.tie_broken_by_order {
            assert_eq!(a.nquads, b.nquads, "the canonical form does not depend on the blank node labels: {data:?}");
        } else {
            assert_eq!(nquads_shape(&a.nquads), nquads_shape(&b.nquads), "either labelling gives the same graph: {data:?}");
        }
    }
    if let Ok(ours) = first {
        if !ours.tie_broken_by_order && !ours.repeated_neighbour {
            let mut reference = d.clone();
            let hash_algorithm = match hash {
                RdfcHash::Sha256 => CanonicalizationHashAlgorithm::Sha256,
                RdfcHash::Sha384 => CanonicalizationHashAlgorithm::Sha384,
            };
            reference.canonicalize(CanonicalizationAlgorithm::Rdfc10 { hash_algorithm });
            let mut lines: Vec<String> = reference.iter().map(|q| format!("{q} .\n")).collect();
            lines.sort();
            assert_eq!(ours.nquads, lines.concat(), "agrees with oxrdf on\n{d}");
        }
    }
}
