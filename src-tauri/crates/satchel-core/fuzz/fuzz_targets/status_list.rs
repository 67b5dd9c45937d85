//! Status list decoding (multibase/base64, gzip with a size cap) and bit
//! reads, token status values at every width: each value within its width,
//! present exactly where the bytes reach.
//! The invariant is in `../invariants.rs`, shared with the core's seed test.
#![no_main]
#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::status_list(data));
