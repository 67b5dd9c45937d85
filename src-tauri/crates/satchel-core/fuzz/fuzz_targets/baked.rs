//! Baked-badge extraction: PNG chunk walking and SVG element/attribute reads.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(data);
    let _ = satchel_core::credential::png_baked_text(&png);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = satchel_core::credential::svg_baked_text(text);
    }
});
