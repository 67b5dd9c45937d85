//! Format detection and summaries over arbitrary bytes: JSON, compact JWS,
//! SD-JWT, PNG chunks, SVG and EDCI XML. Must never panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = satchel_core::credential::detect(data);
});
