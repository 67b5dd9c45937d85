//! XML for trusted lists and legacy EDCs: parsing, both canonical forms,
//! XML-DSig checks and trusted-list reading. Must never panic or hang.
#![no_main]
use satchel_core::trust::{dsig, list, xml};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = xml::parse(data) {
        for method in [xml::Method::Inclusive { comments: true }, xml::Method::Exclusive { comments: false }] {
            let _ = xml::document(&doc, method, None);
        }
        let _ = dsig::verify_enveloped(&doc);
    }
    let _ = list::read(data);
});
