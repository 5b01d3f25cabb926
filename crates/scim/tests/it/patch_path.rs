//! PATCH path grammar (RFC 7644 §3.5.2): what parses to what, printing, and the errors.

use proptest::prelude::*;
use scim::error::ScimType;
use scim::filter::{AttrPath, CompareOp, Filter};
use scim::patch::PatchPath;
use serde_json::json;

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn attr(schema: Option<&str>, name: &str, sub: Option<&str>) -> AttrPath {
    AttrPath {
        schema: schema.map(str::to_owned),
        name: name.to_owned(),
        sub: sub.map(str::to_owned),
    }
}

fn eq(name: &str, value: &str) -> Filter {
    Filter::Compare {
        path: attr(None, name, None),
        op: CompareOp::Eq,
        value: json!(value),
    }
}

#[test]
fn the_rfc_path_forms_parse() {
    let cases = [
        ("members", attr(None, "members", None), None),
        (
            "name.givenName",
            attr(None, "name", Some("givenName")),
            None,
        ),
        (
            "members[value eq \"x\"]",
            attr(None, "members", None),
            Some(eq("value", "x")),
        ),
        (
            "emails[type eq \"work\"].value",
            attr(None, "emails", Some("value")),
            Some(eq("type", "work")),
        ),
        (
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            attr(Some(ENTERPRISE), "manager", None),
            None,
        ),
        (
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
            attr(Some(ENTERPRISE), "manager", Some("value")),
            None,
        ),
        ("members.$ref", attr(None, "members", Some("$ref")), None),
    ];
    for (text, want_attr, want_filter) in cases {
        let path = PatchPath::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(path.attr, want_attr, "{text}");
        assert_eq!(path.filter, want_filter, "{text}");
        assert_eq!(path.to_string(), text);
    }
}

#[test]
fn a_bracket_inside_a_string_does_not_end_the_filter() {
    let path: PatchPath = "emails[value eq \"a]b\"].display".parse().unwrap();
    assert_eq!(path.filter, Some(eq("value", "a]b")));
    assert_eq!(path.attr.sub.as_deref(), Some("display"));
}

#[test]
fn errors_say_where_and_what() {
    let cases = [
        ("", 0, "empty"),
        ("emails[type eq \"work\"", 6, "closing ']'"),
        ("emails[]", 7, "empty"),
        ("emails[type eq]", 14, "value filter"),
        ("name.givenName[type eq \"x\"]", 14, "not a sub-attribute"),
        ("emails[type eq \"work\"]value", 22, "expected '.'"),
        ("emails[type eq \"work\"].", 23, "after ']'"),
        ("1emails", 0, "not an attribute name"),
        ("urn:x:", 6, "missing an attribute name"),
    ];
    for (text, position, words) in cases {
        let e = PatchPath::parse(text).expect_err(text);
        assert_eq!(e.position(), position, "{text}: {e}");
        assert!(e.message().contains(words), "{text}: {e}");
        assert!(
            e.to_string().contains(&format!("position {position}")),
            "{e}"
        );
        assert_eq!(e.scim_type(), ScimType::InvalidPath);
    }
}

/// A value filter over sub-attributes: `sub op "literal"`, possibly joined by `and`.
fn value_filter() -> impl Strategy<Value = Filter> {
    let compare = (
        "[a-zA-Z][a-zA-Z0-9_-]{0,6}",
        prop::sample::select(vec![
            CompareOp::Eq,
            CompareOp::Ne,
            CompareOp::Co,
            CompareOp::Sw,
        ]),
        "[ -~]{0,8}",
    )
        .prop_map(|(name, op, text)| Filter::Compare {
            path: attr(None, &name, None),
            op,
            value: json!(text),
        });
    (compare.clone(), prop::option::of(compare)).prop_map(|(left, right)| match right {
        Some(right) => Filter::And(Box::new(left), Box::new(right)),
        None => left,
    })
}

fn patch_path() -> impl Strategy<Value = PatchPath> {
    (
        prop::option::of(prop::sample::select(vec![
            ENTERPRISE,
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:example:custom:1.0:Thing",
        ])),
        "[a-zA-Z][a-zA-Z0-9_-]{0,10}",
        prop::option::of(value_filter()),
        prop::option::of("[a-zA-Z][a-zA-Z0-9_-]{0,10}|\\$ref"),
    )
        .prop_map(|(schema, name, filter, sub)| PatchPath {
            attr: AttrPath {
                schema: schema.map(str::to_owned),
                name,
                sub,
            },
            filter,
        })
}

proptest! {
    #[test]
    fn printing_then_parsing_gives_the_same_path(path in patch_path()) {
        let text = path.to_string();
        let parsed = PatchPath::parse(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        prop_assert_eq!(&parsed, &path);
        prop_assert_eq!(parsed.to_string(), text);
    }

    #[test]
    fn no_input_makes_the_parser_panic(text in "[a-z\\[\\]\". :$0-9]{0,30}") {
        if let Err(e) = PatchPath::parse(&text) {
            prop_assert!(e.position() <= text.chars().count(), "{}: {}", text, e);
        }
    }
}
