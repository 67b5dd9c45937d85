//! JSON-LD expansion with bundled contexts, safe mode and RDFC-1.0 over any
//! JSON object: errors are fine, panics and runaway work are not.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        if let Ok(checked) = satchel_core::jsonld::check(&value) {
            let _ = checked.canonical_nquads(satchel_core::jsonld::RdfcHash::Sha256);
        }
    }
});
