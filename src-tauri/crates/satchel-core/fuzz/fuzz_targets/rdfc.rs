//! RDFC-1.0 over blank-node graphs built from the fuzzer's bytes: it must end
//! within its work budget (an answer or "too complex", never a hang or a
//! runaway allocation), give the same answer when run again, when the graph
//! is built again and (unless RDFC-1.0 itself must break a tie by the
//! labels) when the blank nodes are renamed, and agree with oxrdf wherever
//! oxrdf follows the spec. The invariant is in `../invariants.rs`, shared
//! with the core's seed test.
#![no_main]
#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::rdfc(data));
