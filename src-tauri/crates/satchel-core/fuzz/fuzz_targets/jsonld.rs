//! JSON-LD expansion with bundled contexts, safe mode and RDFC-1.0 over any
//! JSON: canonical N-Quads stable when repeated, and the fast path agrees
//! with oxjsonld whenever it answers, plainly and in the safe-mode probe form.
//! The invariant is in `../invariants.rs`, shared with the core's seed test.
#![no_main]
#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::jsonld(data));
