//! Status list decoding (multibase/base64, gzip with a size cap) and bit
//! reads; token status list reads at every width.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(bits) = satchel_core::verify::status::decode_list(text) {
            let _ = satchel_core::verify::status::bit(&bits, bits.len() * 8 / 2);
        }
    }
    for width in [1, 2, 4, 8] {
        let _ = satchel_core::verify::status::status_value(data, data.len() as u64 * 8 / width as u64 / 2, width);
    }
});
