//! Compact JWS parsing, JWK key reading and signature checks over arbitrary
//! text: the header and payload are what the bytes carry.
//! The invariant is in `../invariants.rs`, shared with the core's seed test.
#![no_main]
#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::jws(data));
