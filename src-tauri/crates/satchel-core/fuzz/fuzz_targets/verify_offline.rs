//! The whole verifier, offline, over arbitrary bytes: detection, safe-mode
//! JSON-LD, RDFC, proofs, dates. Must never panic or hang.
#![no_main]
use satchel_core::clock::SystemClock;
use satchel_core::verify::{verify, VerifyOptions};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = verify(data, &VerifyOptions { clock: &SystemClock, fetcher: None, trust: None });
});
