//! Status list decoding (multibase/base64, gzip with a size cap) and bit reads.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(bits) = satchel_core::verify::status::decode_list(text) {
            let _ = satchel_core::verify::status::bit(&bits, bits.len() * 8 / 2);
        }
    }
});
