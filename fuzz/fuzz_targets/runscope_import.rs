//! Fuzzes the Runscope importer: no input may panic — neither parsing a test export, nor filling
//! the templates of its steps, nor reading its assertions' JSON paths.

#![no_main]

use libfuzzer_sys::fuzz_target;
use scimcheck_engine::runscope::format::{self, StepKind};
use scimcheck_engine::runscope::{Variables, property, template};
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(test) = format::parse(text) else {
        return;
    };
    let variables: Variables = [(
        "SCIMBaseURL".to_owned(),
        "http://127.0.0.1/scim/v2".to_owned(),
    )]
    .into();
    let document =
        json!({"Resources": [{"id": "1", "emails": [{"value": "a@x"}]}], "totalResults": 1});
    for step in &test.steps {
        if let StepKind::Request(request) = &step.kind {
            let _ = template::render(&request.url, &variables);
            let _ = template::render(&request.body, &variables);
            for assertion in &request.assertions {
                let _ = property::read(&document, &assertion.property);
            }
        }
    }
});
