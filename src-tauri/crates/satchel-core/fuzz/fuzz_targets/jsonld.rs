//! JSON-LD expansion with bundled contexts, safe mode and RDFC-1.0 over any
//! JSON object: errors are fine, panics and runaway work are not. And the
//! fast path must agree with oxjsonld whenever it answers, plainly and in
//! the safe-mode probe form.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        if let Ok(checked) = satchel_core::jsonld::check(&value) {
            let _ = checked.canonical_nquads(satchel_core::jsonld::RdfcHash::Sha256);
        }
        for probe in [false, true] {
            if let (Some(fast), reference) = satchel_core::jsonld::fast_and_reference(&value, probe) {
                assert_eq!(fast, reference, "the fast path disagrees with oxjsonld (probe: {probe}) on {value}");
            }
        }
    }
});
