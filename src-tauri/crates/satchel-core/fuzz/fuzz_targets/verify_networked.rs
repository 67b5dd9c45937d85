//! The verifier with a network that answers every address with hostile
//! bytes: DID and controller documents, issuer metadata, OB 2.0 keys,
//! profiles and revocation lists, status list credentials and tokens. The
//! input is `credential 0xFF document`. Must never panic or hang.
#![no_main]
use satchel_core::clock::SystemClock;
use satchel_core::fetch::{Error, Fetched, Fetcher, Origin};
use satchel_core::verify::{verify, VerifyOptions};

#[derive(Debug)]
struct Hostile<'a>(&'a [u8]);

impl Fetcher for Hostile<'_> {
    fn get(&self, url: &str, limit: usize) -> Result<Fetched, Error> {
        if self.0.len() > limit {
            return Err(Error::TooLarge { url: url.to_string(), limit });
        }
        Ok(Fetched { url: url.to_string(), media_type: None, body: self.0.to_vec(), origin: Origin::Network })
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (credential, document) = match data.iter().position(|b| *b == 0xff) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b"{}"[..]),
    };
    let network = Hostile(document);
    let _ = verify(credential, &VerifyOptions { clock: &SystemClock, fetcher: Some(&network), trust: None });
});
