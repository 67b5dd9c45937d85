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

/// Baked badges: what a PNG or SVG carries reads the same twice, and text
/// carried in CDATA or an attribute without entities is a slice of the
/// image's own bytes.
pub fn baked(data: &[u8]) {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(data);
    let carried = satchel_core::credential::png_baked_text(&png);
    assert_eq!(format!("{carried:?}"), format!("{:?}", satchel_core::credential::png_baked_text(&png)), "PNG reading is not stable");
    if let Ok(text) = std::str::from_utf8(data) {
        let carried = satchel_core::credential::svg_baked_text(text);
        assert_eq!(carried, satchel_core::credential::svg_baked_text(text), "SVG reading is not stable");
        if let Some(c) = carried {
            if !text.contains('&') {
                assert!(text.contains(&c), "the SVG carries {c:?}, which is not in its bytes");
            }
        }
    }
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
