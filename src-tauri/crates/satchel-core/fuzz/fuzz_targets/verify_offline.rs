//! The whole verifier, offline, at a fixed time, over arbitrary bytes: no
//! panic or hang, a verdict that agrees with its checks, `valid` only with a
//! passed signature, the same report twice.
//! The invariant is in `../invariants.rs`, shared with the core's seed test.
#![no_main]
#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::verify_offline(data));
