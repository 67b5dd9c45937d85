//! Baked-badge extraction (PNG chunks, SVG elements and attributes): stable,
//! and carried text without entities is a slice of the image's bytes.
//! The invariant is in `../invariants.rs`, shared with the core's seed test.
#![no_main]
#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::baked(data));
