//! Parsing filters: the grammar of RFC 7644 §3.4.2.2, its precedence, case-insensitivity, and
//! the errors a person gets for text that is not a filter.

use scim::error::ScimType;
use scim::filter::{
    AttrPath, CompareOp, Filter, FilterErrorKind, MAX_NESTING, MAX_TERMS, parse, parse_attr_path,
    parse_value_filter,
};
use serde_json::{Value, json};

fn path(name: &str) -> AttrPath {
    AttrPath {
        schema: None,
        name: name.to_string(),
        sub: None,
    }
}

fn cmp(name: &str, op: CompareOp, value: Value) -> Filter {
    Filter::Compare {
        path: path(name),
        op,
        value,
    }
}

fn pr(name: &str) -> Filter {
    Filter::Present(path(name))
}

fn and(a: Filter, b: Filter) -> Filter {
    Filter::And(Box::new(a), Box::new(b))
}

fn or(a: Filter, b: Filter) -> Filter {
    Filter::Or(Box::new(a), Box::new(b))
}

/// The filter examples listed in RFC 7644 §3.4.2.2.
const RFC_EXAMPLES: &[&str] = &[
    r#"userName eq "bjensen""#,
    r#"name.familyName co "O'Malley""#,
    r#"userName sw "J""#,
    r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#,
    r#"title pr"#,
    r#"meta.lastModified gt "2011-05-13T04:42:34Z""#,
    r#"meta.lastModified ge "2011-05-13T04:42:34Z""#,
    r#"meta.lastModified lt "2011-05-13T04:42:34Z""#,
    r#"meta.lastModified le "2011-05-13T04:42:34Z""#,
    r#"title pr and userType eq "Employee""#,
    r#"title pr or userType eq "Intern""#,
    r#"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
    r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
    r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
    r#"userType eq "Employee" and (emails.type eq "work")"#,
    r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
    r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
];

#[test]
fn every_rfc_example_parses_and_prints_back() {
    for example in RFC_EXAMPLES {
        let filter = parse(example).unwrap_or_else(|e| panic!("{example}: {e}"));
        let printed = filter.to_string();
        assert_eq!(
            parse(&printed).unwrap(),
            filter,
            "{example} printed as {printed}"
        );
    }
    // The one example with redundant parentheses prints without them.
    assert_eq!(
        parse(RFC_EXAMPLES[14]).unwrap().to_string(),
        r#"userType eq "Employee" and emails.type eq "work""#
    );
}

#[test]
fn rfc_examples_have_the_expected_structure() {
    assert_eq!(
        parse(RFC_EXAMPLES[9]).unwrap(),
        and(
            pr("title"),
            cmp("userType", CompareOp::Eq, json!("Employee"))
        )
    );
    let qualified = parse(RFC_EXAMPLES[3]).unwrap();
    assert_eq!(
        qualified,
        Filter::Compare {
            path: AttrPath {
                schema: Some("urn:ietf:params:scim:schemas:core:2.0:User".into()),
                name: "userName".into(),
                sub: None,
            },
            op: CompareOp::Sw,
            value: json!("J"),
        }
    );
    let Filter::And(_, value_path) = parse(RFC_EXAMPLES[15]).unwrap() else {
        panic!("expected and");
    };
    assert_eq!(
        *value_path,
        Filter::ValuePath {
            path: path("emails"),
            filter: Box::new(and(
                cmp("type", CompareOp::Eq, json!("work")),
                cmp("value", CompareOp::Co, json!("@example.com"))
            )),
        }
    );
}

#[test]
fn every_operator_parses() {
    for (text, op) in [
        ("eq", CompareOp::Eq),
        ("ne", CompareOp::Ne),
        ("co", CompareOp::Co),
        ("sw", CompareOp::Sw),
        ("ew", CompareOp::Ew),
        ("gt", CompareOp::Gt),
        ("ge", CompareOp::Ge),
        ("lt", CompareOp::Lt),
        ("le", CompareOp::Le),
    ] {
        assert_eq!(
            parse(&format!("x {text} 1")).unwrap(),
            cmp("x", op, json!(1))
        );
        assert_eq!(
            parse(&format!("x {} 1", text.to_uppercase())).unwrap(),
            cmp("x", op, json!(1))
        );
    }
    assert_eq!(parse("x PR").unwrap(), pr("x"));
}

#[test]
fn and_binds_tighter_than_or_and_both_associate_left() {
    assert_eq!(
        parse("a pr or b pr and c pr").unwrap(),
        or(pr("a"), and(pr("b"), pr("c")))
    );
    assert_eq!(
        parse("a pr and b pr or c pr").unwrap(),
        or(and(pr("a"), pr("b")), pr("c"))
    );
    assert_eq!(
        parse("(a pr or b pr) and c pr").unwrap(),
        and(or(pr("a"), pr("b")), pr("c"))
    );
    assert_eq!(
        parse("a pr or b pr or c pr").unwrap(),
        or(or(pr("a"), pr("b")), pr("c"))
    );
    assert_eq!(
        parse("not (a pr) and b pr").unwrap(),
        and(Filter::Not(Box::new(pr("a"))), pr("b"))
    );
}

#[test]
fn keywords_and_names_are_case_insensitive_and_spelling_is_kept() {
    assert_eq!(
        parse(r#"USERNAME EQ "x" And active Eq TRUE OR NOT(title PR)"#).unwrap(),
        or(
            and(
                cmp("USERNAME", CompareOp::Eq, json!("x")),
                cmp("active", CompareOp::Eq, json!(true))
            ),
            Filter::Not(Box::new(pr("title")))
        )
    );
}

#[test]
fn literals_are_json() {
    for (text, value) in [
        (
            r#""a\"b\\c\/d\b\f\n\r\t""#,
            json!("a\"b\\c/d\u{8}\u{c}\n\r\t"),
        ),
        (r#""\u00e9\uD83D\uDE00""#, json!("é😀")),
        ("-12", json!(-12)),
        ("3.25", json!(3.25)),
        ("1e3", json!(1000.0)),
        ("-2.5E-1", json!(-0.25)),
        ("true", json!(true)),
        ("false", json!(false)),
        ("null", Value::Null),
        ("NULL", Value::Null),
    ] {
        assert_eq!(
            parse(&format!("x eq {text}")).unwrap(),
            cmp("x", CompareOp::Eq, value),
            "{text}"
        );
    }
}

#[test]
fn attribute_paths_take_an_optional_urn_and_one_sub_attribute() {
    let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    assert_eq!(
        parse_attr_path(&format!("{enterprise}:employeeNumber")).unwrap(),
        AttrPath {
            schema: Some(enterprise.into()),
            name: "employeeNumber".into(),
            sub: None
        }
    );
    assert_eq!(
        parse_attr_path("urn:ietf:params:scim:schemas:core:2.0:User:name.familyName").unwrap(),
        AttrPath {
            schema: Some("urn:ietf:params:scim:schemas:core:2.0:User".into()),
            name: "name".into(),
            sub: Some("familyName".into())
        }
    );
    assert_eq!(
        parse_attr_path("meta.lastModified").unwrap().to_string(),
        "meta.lastModified"
    );
    assert_eq!(
        parse_attr_path("members.$ref").unwrap().sub.as_deref(),
        Some("$ref")
    );
    for bad in [
        "", "name.", ".x", "a.b.c", "1abc", "urn:x:", ":x", "a b", "a$b", "emails[x",
    ] {
        let error = parse_attr_path(bad).unwrap_err();
        assert_eq!(error.kind(), FilterErrorKind::Syntax, "{bad}");
    }
}

#[test]
fn whitespace_between_tokens_is_flexible() {
    assert_eq!(
        parse("  a pr\tand\n( b eq 1 )  ").unwrap(),
        and(pr("a"), cmp("b", CompareOp::Eq, json!(1)))
    );
    assert_eq!(parse("not(a pr)").unwrap(), Filter::Not(Box::new(pr("a"))));
}

/// (input, expected position, a fragment of the message)
const ERRORS: &[(&str, usize, &str)] = &[
    ("userName", 8, "expected a comparison operator"),
    (
        "userName ",
        9,
        "after 'userName', found the end of the filter",
    ),
    (r#"userName  "x""#, 10, "found '\"x\"'"),
    (r#"userName xx "x""#, 9, "unknown operator 'xx'"),
    ("userName eq", 11, "expected a value"),
    ("userName eq bjensen", 12, "strings need double quotes"),
    (r#"userName eq "x" and"#, 19, "expected an attribute name"),
    (r#"userName eq "x" and "#, 20, "found the end of the filter"),
    (
        r#"(userName eq "x""#,
        16,
        "close the '(' opened at position 0",
    ),
    (r#"userName eq "x")"#, 15, "unmatched ')'"),
    (
        r#"emails[type eq "work""#,
        21,
        "close the '[' opened at position 6",
    ),
    (r#"emails[type eq "work"]]"#, 22, "unmatched ']'"),
    (
        r#"emails[type[value eq "x"]]"#,
        11,
        "value paths cannot be nested",
    ),
    (r#"not userName eq "x""#, 4, "'not' needs parentheses"),
    (r#"userName eq "abc"#, 12, "unterminated string"),
    (r#"userName eq "\q""#, 13, "unknown escape"),
    (r#"userName eq "\u12x""#, 13, "four hex digits"),
    (r#"userName eq "\uDC00""#, 13, "low surrogate"),
    ("x eq 01", 6, "leading zeros"),
    ("x eq 1.", 7, "decimal point"),
    ("x eq 1e999", 5, "out of range"),
    ("x eq 1x", 6, "expected whitespace after the value"),
    (r#"userName eq "x" bogus"#, 16, "unexpected 'bogus'"),
    ("name.a.b pr", 6, "more than one sub-attribute level"),
    ("1abc pr", 0, "not an attribute name"),
    ("", 0, "expected an attribute name"),
    ("a pr and and", 12, "expected a comparison operator"),
    // Positions count characters, not bytes: 'é' is two bytes.
    (r#"displayName eq "éé" foo"#, 20, "unexpected 'foo'"),
];

#[test]
fn errors_say_what_was_expected_and_where() {
    for (input, position, fragment) in ERRORS {
        let error = parse(input).expect_err(input);
        assert_eq!(error.position(), *position, "{input}: {error}");
        assert!(
            error.to_string().contains(fragment),
            "{input}: {error:?} should mention {fragment}"
        );
        assert!(
            error
                .to_string()
                .ends_with(&format!("at position {position}")),
            "{input}: {error}"
        );
        assert_eq!(error.kind(), FilterErrorKind::Syntax);
        assert_eq!(error.scim_type(), ScimType::InvalidFilter);
    }
}

#[test]
fn the_issue_example_message_reads_as_promised() {
    let error = parse(r#"userName "bjensen""#).unwrap_err();
    assert_eq!(
        error.to_string(),
        "expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after 'userName', found '\"bjensen\"' at position 9"
    );
}

#[test]
fn nesting_is_limited_instead_of_overflowing_the_stack() {
    let nested = |depth: usize| format!("{}a pr{}", "(".repeat(depth), ")".repeat(depth));
    assert!(parse(&nested(MAX_NESTING)).is_ok());
    let error = parse(&nested(MAX_NESTING + 1)).unwrap_err();
    assert_eq!(error.position(), MAX_NESTING);
    assert!(error.to_string().contains("nests deeper than 64"));

    let nots = format!(
        "{}a pr{}",
        "not (".repeat(MAX_NESTING + 1),
        ")".repeat(MAX_NESTING + 1)
    );
    assert!(
        parse(&nots)
            .unwrap_err()
            .to_string()
            .contains("nests deeper")
    );

    // A huge input fails fast on the limit rather than recursing a million times.
    assert!(parse(&nested(1_000_000)).is_err());
}

#[test]
fn the_number_of_terms_is_limited() {
    let chain = |n: usize| vec!["a pr"; n].join(" and ");
    let longest = parse(&chain(MAX_TERMS)).unwrap();
    // Printing, comparing, evaluating and dropping the deepest allowed tree must not overflow.
    assert_eq!(parse(&longest.to_string()).unwrap(), longest);
    let schema = scim::schema::core::user();
    assert_eq!(longest.matches(&json!({"a": "x"}), schema), Ok(true));
    assert_eq!(longest.matches(&json!({}), schema), Ok(false));
    let error = parse(&chain(MAX_TERMS + 1)).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("more than 1000 attribute expressions")
    );
}

#[test]
fn value_filters_parse_like_filters_but_refuse_nested_value_paths() {
    assert_eq!(
        parse_value_filter(r#"type eq "work" and primary eq true"#).unwrap(),
        and(
            cmp("type", CompareOp::Eq, json!("work")),
            cmp("primary", CompareOp::Eq, json!(true))
        )
    );
    assert!(parse(r#"x[y eq 1]"#).is_ok());
    let error = parse_value_filter(r#"type eq "work" or x[y eq 1]"#).unwrap_err();
    assert_eq!(error.position(), 19);
    assert!(error.to_string().contains("value paths cannot be nested"));
}

#[test]
fn attribute_paths_are_those_at_the_resource_level() {
    let filter =
        parse(r#"not (groups[value eq "g"]) or userName eq "groups" and title pr"#).unwrap();
    let mut names: Vec<&str> = filter
        .attribute_paths()
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    names.sort();
    assert_eq!(names, ["groups", "title", "userName"]);
}
