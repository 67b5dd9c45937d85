//! satchel-core's integration tests: the public API against real files, a real
//! HTTP server on 127.0.0.1 and the public test vectors.

mod detect;
mod envelopes;
mod import_url;
mod issuer_binding;
mod learning;
mod ob2;
mod ob2_hosting;
mod seal;
mod share;
mod support;
mod token_status;
mod trust;
