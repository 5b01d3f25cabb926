//! Fuzzes the SCIM filter parser: no input may panic, every accepted filter must print to text
//! that parses back to the same tree, and evaluating it must not panic either.

#![no_main]

use libfuzzer_sys::fuzz_target;
use scim::filter::parse;
use scim::schema::core::user;
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(filter) = parse(text) else {
        return;
    };
    let printed = filter.to_string();
    assert_eq!(
        parse(&printed).as_ref(),
        Ok(&filter),
        "{text:?} printed as {printed:?}"
    );
    let resource = json!({
        "userName": "bjensen", "active": true,
        "emails": [{"value": "b@example.com", "type": "work"}],
        "meta": {"lastModified": "2011-05-13T04:42:34Z"}
    });
    let _verdict = filter.matches(&resource, user());
});
