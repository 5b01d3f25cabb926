//! Properties of the filter parser and printer: any filter tree prints to text that parses back
//! to the same tree, and no input — random text or a damaged filter — makes parsing or
//! evaluation panic.

use proptest::prelude::*;
use scim::filter::{AttrPath, CompareOp, Filter, parse, parse_attr_path};
use scim::schema::core::user;
use serde_json::{Value, json};

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        9 => "[a-zA-Z][a-zA-Z0-9_-]{0,8}",
        1 => Just("$ref".to_string()),
    ]
}

fn urn() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("urn:ietf:params:scim:schemas:core:2.0:User".to_string()),
        Just("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User".to_string()),
        "[a-z][a-z0-9]{0,4}(:[a-zA-Z0-9.-]{1,5}){0,3}",
    ]
}

fn attr_path() -> impl Strategy<Value = AttrPath> {
    (
        proptest::option::weighted(0.2, urn()),
        name(),
        proptest::option::weighted(0.3, name()),
    )
        .prop_map(|(schema, name, sub)| AttrPath { schema, name, sub })
}

fn literal() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<String>().prop_map(Value::from),
        "[ -~]{0,12}".prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON numbers are finite", |f| f.is_finite())
            .prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
    ]
}

fn op() -> impl Strategy<Value = CompareOp> {
    prop_oneof![
        Just(CompareOp::Eq),
        Just(CompareOp::Ne),
        Just(CompareOp::Co),
        Just(CompareOp::Sw),
        Just(CompareOp::Ew),
        Just(CompareOp::Gt),
        Just(CompareOp::Ge),
        Just(CompareOp::Lt),
        Just(CompareOp::Le),
    ]
}

fn attr_exp() -> impl Strategy<Value = Filter> {
    prop_oneof![
        (attr_path(), op(), literal()).prop_map(|(path, op, value)| Filter::Compare {
            path,
            op,
            value
        }),
        attr_path().prop_map(Filter::Present),
    ]
}

/// Combines `leaf` with and / or / not, a few levels deep.
fn logic(leaf: BoxedStrategy<Filter>) -> impl Strategy<Value = Filter> {
    leaf.prop_recursive(5, 24, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Filter::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Filter::Or(Box::new(a), Box::new(b))),
            inner.prop_map(|a| Filter::Not(Box::new(a))),
        ]
    })
}

/// Any filter the grammar allows: value paths hold no value paths (RFC 7644 errata 4690).
fn filter() -> impl Strategy<Value = Filter> {
    let value_path =
        (attr_path(), logic(attr_exp().boxed())).prop_map(|(path, inner)| Filter::ValuePath {
            path,
            filter: Box::new(inner),
        });
    logic(prop_oneof![3 => attr_exp(), 1 => value_path].boxed())
}

/// Text close to a filter: a printed filter with characters cut out or spliced in.
fn damaged_filter() -> impl Strategy<Value = String> {
    (
        filter(),
        proptest::collection::vec(
            (
                any::<usize>(),
                any::<usize>(),
                "[()\\[\\]\" \\\\a-z0-9.:-]{0,3}",
            ),
            1..4,
        ),
    )
        .prop_map(|(filter, edits)| {
            let mut chars: Vec<char> = filter.to_string().chars().collect();
            for (at, cut, insert) in edits {
                let at = at % (chars.len() + 1);
                let cut = (cut % 3).min(chars.len() - at);
                chars.splice(at..at + cut, insert.chars());
            }
            chars.into_iter().collect()
        })
}

fn sample_user() -> Value {
    json!({
        "userName": "bjensen", "active": true, "title": "",
        "name": {"givenName": "Barbara"},
        "emails": [{"value": "b@example.com", "type": "work", "primary": true}, "loose", 7],
        "meta": {"lastModified": "2011-05-13T04:42:34Z"},
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "7"}
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn printed_filters_parse_back_to_the_same_tree(filter in filter()) {
        let printed = filter.to_string();
        let reparsed = parse(&printed);
        prop_assert_eq!(reparsed.as_ref(), Ok(&filter), "printed as {}", printed);
    }

    #[test]
    fn printed_paths_parse_back(path in attr_path()) {
        prop_assert_eq!(parse_attr_path(&path.to_string()), Ok(path));
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        if let Ok(filter) = parse(&text) {
            let _verdict = filter.matches(&sample_user(), user());
        }
        let _path = parse_attr_path(&text);
    }

    #[test]
    fn damaged_filters_never_panic_and_errors_point_inside_the_text(text in damaged_filter()) {
        match parse(&text) {
            Ok(filter) => {
                let _verdict = filter.matches(&sample_user(), user());
                prop_assert_eq!(parse(&filter.to_string()), Ok(filter));
            }
            Err(error) => prop_assert!(error.position() <= text.chars().count(), "{}", error),
        }
    }

    #[test]
    fn evaluation_never_panics(filter in filter()) {
        let _verdict = filter.matches(&sample_user(), user());
        let element = json!({"value": "x", "type": "work"});
        let _element = filter.matches_element(&element, user().core.attribute("emails"));
    }
}
