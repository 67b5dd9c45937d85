//! Format detection over arbitrary bytes (JSON, compact JWS, SD-JWT, PNG,
//! SVG, EDCI XML): no panic, the same answer twice, a JWS read as its bytes say.
//! The invariant is in `../invariants.rs`, shared with the core's seed test.
#![no_main]
#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::detect(data));
