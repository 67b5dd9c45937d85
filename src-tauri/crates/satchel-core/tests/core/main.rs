//! satchel-core's integration tests: the public API against real files, a real
//! HTTP server on 127.0.0.1 and the public test vectors.

mod detect;
mod edc_pki;
mod edc_trust;
mod fuzz_seeds;
mod import_url;
mod learning;
mod ob2;
mod seal;
mod share;
mod support;
mod token_status;
mod trust;
