//! satchel-core's integration tests: the public API against real files, a real
//! HTTP server on 127.0.0.1 and the public test vectors.

mod attacks;
mod backup;
mod detect;
mod edc_pki;
mod edc_trust;
mod envelopes;
mod fuzz_seeds;
mod import_url;
mod issuer_binding;
mod layers;
mod learning;
mod mixed_package;
mod network_policy;
mod ob2;
mod ob2_hosting;
mod seal;
mod share;
mod signed_graph;
mod support;
mod token_status;
mod tokens;
mod trust;
