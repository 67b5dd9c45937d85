//! Compact JWS parsing, JWK key reading and signature checks over arbitrary
//! text: errors are fine, panics are not.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(compact) = satchel_core::jws::parse(text) {
            if let Some(jwk) = compact.header.get("jwk") {
                if let Ok(key) = satchel_core::jws::key_from_jwk(jwk) {
                    let _ = compact.verify(&key);
                }
            }
        }
    }
});
