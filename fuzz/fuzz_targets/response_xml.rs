//! Fuzzes `response_xml`: a hostile server chooses the body and a hostile suite the expression;
//! neither may panic, whatever is parsed or selected.

#![no_main]

use libfuzzer_sys::fuzz_target;
use scimcheck_engine::runscope::xml::Document;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The first line is the expression, the rest the body.
    let (expression, body) = text.split_once('\n').unwrap_or((text, ""));
    if let Ok(document) = Document::parse(body) {
        let _value = document.select(expression);
    }
});
