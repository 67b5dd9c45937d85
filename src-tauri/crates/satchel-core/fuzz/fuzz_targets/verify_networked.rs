//! The verifier with a network that answers every address with hostile
//! bytes (input: `credential 0xFF document`), at a fixed time: no panic or
//! hang, and a report whose verdict agrees with its checks.
//! The invariant is in `../invariants.rs`, shared with the core's seed test.
#![no_main]
#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::verify_networked(data));
