//! XML for trusted lists and legacy EDCs: parsing, both canonical forms
//! (stable when the canonical form is canonicalised again), XML-DSig checks
//! and trusted-list reading. Must never panic or hang.
//! The invariant is in `../invariants.rs`, shared with the core's seed test.
#![no_main]
#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::xml(data));
