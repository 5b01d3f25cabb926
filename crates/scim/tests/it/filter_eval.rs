//! Evaluating filters against resources with the RFC 7643 core schemas: every operator, each
//! attribute type, caseExact, dateTime instants, multi-valued attributes, absent values, and the
//! comparisons that are `invalidFilter`.

use scim::error::ScimType;
use scim::filter::{FilterErrorKind, parse};
use scim::schema::core::user;
use scim::schema::{AttrType, Attribute, ResourceSchema, Schema};
use serde_json::{Value, json};

/// Barbara Jensen, close to RFC 7643 §8.2's full user.
fn bjensen() -> Value {
    json!({
        "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        ],
        "id": "2819c223-7f76-453a-919d-413861904646",
        "externalId": "701984",
        "userName": "bjensen",
        "name": {"formatted": "Ms. Barbara J Jensen, III", "familyName": "O'Malley", "givenName": "Barbara"},
        "displayName": "Émile Jensen",
        "title": "Tour Guide",
        "userType": "Employee",
        "active": true,
        "emails": [
            {"value": "bjensen@example.com", "type": "work", "primary": true},
            {"value": "babs@jensen.org", "type": "home"}
        ],
        "ims": [{"value": "someaimhandle", "type": "aim"}],
        "x509Certificates": [{"value": "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAw"}],
        "meta": {
            "resourceType": "User",
            "created": "2010-01-23T04:56:22Z",
            "lastModified": "2011-05-13T04:42:34Z"
        },
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "employeeNumber": "701984",
            "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d"}
        }
    })
}

/// An intern with no title, home email at example.org and an xmpp handle.
fn jsmith() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "c75ad752-64ae-4823-840d-ffa80929976c",
        "userName": "Jsmith",
        "userType": "Intern",
        "active": false,
        "title": "",
        "emails": [{"value": "jsmith@example.org", "type": "home"}],
        "ims": [{"value": "js@foo.com", "type": "xmpp"}],
        "meta": {"lastModified": "2011-05-13T06:42:34.250+02:00"}
    })
}

fn matches(filter: &str, resource: &Value) -> bool {
    let parsed = parse(filter).unwrap_or_else(|e| panic!("{filter}: {e}"));
    parsed
        .matches(resource, user())
        .unwrap_or_else(|e| panic!("{filter}: {e}"))
}

/// Asserts the verdict for both sample users.
fn check(filter: &str, for_bjensen: bool, for_jsmith: bool) {
    assert_eq!(
        matches(filter, &bjensen()),
        for_bjensen,
        "bjensen: {filter}"
    );
    assert_eq!(matches(filter, &jsmith()), for_jsmith, "jsmith: {filter}");
}

fn refused(filter: &str) -> String {
    let error = parse(filter)
        .unwrap()
        .matches(&bjensen(), user())
        .expect_err(filter);
    assert_eq!(error.kind(), FilterErrorKind::Unsupported, "{filter}");
    assert_eq!(error.scim_type(), ScimType::InvalidFilter);
    error.to_string()
}

#[test]
fn the_rfc_examples_select_the_right_users() {
    check(r#"userName eq "bjensen""#, true, false);
    check(r#"name.familyName co "O'Malley""#, true, false);
    check(r#"userName sw "J""#, false, true);
    check(
        r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#,
        false,
        true,
    );
    check("title pr", true, false);
    // jsmith's lastModified is 04:42:34.250Z, a quarter second after bjensen's.
    check(
        r#"meta.lastModified gt "2011-05-13T04:42:34Z""#,
        false,
        true,
    );
    check(r#"meta.lastModified ge "2011-05-13T04:42:34Z""#, true, true);
    check(
        r#"meta.lastModified lt "2011-05-13T04:42:34Z""#,
        false,
        false,
    );
    check(
        r#"meta.lastModified le "2011-05-13T04:42:34Z""#,
        true,
        false,
    );
    check(r#"title pr and userType eq "Employee""#, true, false);
    check(r#"title pr or userType eq "Intern""#, true, true);
    check(
        r#"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
        true,
        false,
    );
    check(
        r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
        true,
        false,
    );
    check(
        r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
        false,
        false,
    );
    check(
        r#"userType eq "Employee" and (emails.type eq "work")"#,
        true,
        false,
    );
    check(
        r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
        true,
        false,
    );
    check(
        r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
        true,
        true,
    );
}

#[test]
fn every_operator_on_strings() {
    check(r#"userName eq "bjensen""#, true, false);
    check(r#"userName ne "bjensen""#, false, true);
    check(r#"userName co "ense""#, true, false);
    check(r#"userName sw "bje""#, true, false);
    check(r#"userName ew "sen""#, true, false);
    check(r#"userName gt "c""#, false, true);
    check(r#"userName ge "bjensen""#, true, true);
    check(r#"userName lt "c""#, true, false);
    check(r#"userName le "bjensen""#, true, false);
    check(r#"userName co """#, true, true);
}

#[test]
fn case_exact_false_folds_case_and_case_exact_true_does_not() {
    // userName is caseExact false; id and externalId are caseExact true.
    check(r#"userName eq "BJENSEN""#, true, false);
    check(r#"userName sw "BJ" and userName ew "SEN""#, true, false);
    check(r#"userName lt "C""#, true, false);
    check(
        r#"id eq "2819C223-7F76-453A-919D-413861904646""#,
        false,
        false,
    );
    check(
        r#"id eq "2819c223-7f76-453a-919d-413861904646""#,
        true,
        false,
    );
    check(r#"id sw "2819C""#, false, false);
    // Case folding is Unicode-aware, not only ASCII.
    check(r#"displayName eq "ÉMILE JENSEN""#, true, false);
    check(
        r#"displayName sw "émile" and displayName co "LE JEN""#,
        true,
        false,
    );
    check(r#"displayName ew "JENSEN""#, true, false);
    // Attributes the schema does not define compare case-insensitively.
    let custom = json!({"favoriteColor": "Blue"});
    assert!(matches(r#"favoriteColor eq "BLUE""#, &custom));
    assert!(!matches(r#"favoriteColor eq "green""#, &custom));
}

#[test]
fn attribute_names_are_case_insensitive_in_filter_and_resource() {
    check(r#"USERNAME eq "bjensen""#, true, false);
    check(r#"NAME.FAMILYNAME eq "o'malley""#, true, false);
    let shouting = json!({"USERNAME": "bjensen", "Emails": [{"VALUE": "a@b.c", "TYPE": "work"}]});
    assert!(matches(r#"userName eq "bjensen""#, &shouting));
    assert!(matches(
        r#"emails[type eq "WORK"] and emails.value eq "a@b.c""#,
        &shouting
    ));
}

#[test]
fn date_times_compare_as_instants() {
    // Same instant written with an offset and a fraction.
    let offset = json!({"meta": {"lastModified": "2011-05-13T06:42:34.000+02:00"}});
    assert!(matches(
        r#"meta.lastModified eq "2011-05-13T04:42:34Z""#,
        &offset
    ));
    assert!(!matches(
        r#"meta.lastModified gt "2011-05-13T04:42:34Z""#,
        &offset
    ));
    assert!(matches(
        r#"meta.lastModified lt "2011-05-13T04:42:34.001Z""#,
        &offset
    ));
    // Without an offset a dateTime is read as UTC.
    assert!(matches(
        r#"meta.lastModified eq "2011-05-13T04:42:34""#,
        &offset
    ));
    // co / sw / ew work on the text as written.
    assert!(matches(r#"meta.lastModified sw "2011-05-13T06""#, &offset));
    assert!(!matches(r#"meta.lastModified sw "2011-05-13T04""#, &offset));
    // A stored value that is not a dateTime is never equal, always "ne".
    let garbage = json!({"meta": {"lastModified": "yesterday"}});
    assert!(!matches(
        r#"meta.lastModified le "2099-01-01T00:00:00Z""#,
        &garbage
    ));
    assert!(matches(
        r#"meta.lastModified ne "2099-01-01T00:00:00Z""#,
        &garbage
    ));
    // An operand that is not a dateTime is invalidFilter.
    assert!(refused(r#"meta.lastModified gt "last tuesday""#).contains("xsd:dateTime"));
    assert!(refused(r#"meta.lastModified gt 5"#).contains("dateTime"));
}

fn numbers_schema() -> ResourceSchema {
    ResourceSchema {
        core: Schema {
            id: "urn:example:Device".into(),
            name: "Device".into(),
            description: String::new(),
            attributes: vec![
                Attribute::new("loginCount", AttrType::Integer),
                Attribute::new("score", AttrType::Decimal),
                Attribute::new("ports", AttrType::Integer).multi(),
            ],
        },
        extensions: Vec::new(),
    }
}

fn device_matches(filter: &str) -> Result<bool, scim::filter::FilterError> {
    let device = json!({"loginCount": 5, "score": 2.5, "ports": [22, 443], "uptime": 99});
    parse(filter).unwrap().matches(&device, &numbers_schema())
}

#[test]
fn numbers_compare_numerically() {
    for (filter, expected) in [
        ("loginCount eq 5", true),
        ("loginCount eq 5.0", true),
        ("loginCount ne 5", false),
        ("loginCount gt 4.5", true),
        ("loginCount ge 5", true),
        ("loginCount lt 5", false),
        ("loginCount le 4", false),
        ("score gt 2", true),
        ("score lt 2.49", false),
        ("score eq 25e-1", true),
        ("ports eq 443", true),
        ("ports gt 1000", false),
        ("ports ne 22", true),
        // Not in the schema: the operand's type decides.
        ("uptime ge 99", true),
        ("uptime eq \"99\"", false),
    ] {
        assert_eq!(device_matches(filter).unwrap(), expected, "{filter}");
    }
    for filter in [
        "loginCount co 5",
        "loginCount sw 5",
        "loginCount eq \"5\"",
        "score eq true",
    ] {
        let error = device_matches(filter).expect_err(filter);
        assert_eq!(error.kind(), FilterErrorKind::Unsupported, "{filter}");
    }
}

#[test]
fn booleans_support_only_eq_and_ne() {
    check("active eq true", true, false);
    check("active eq false", false, true);
    check("active ne true", false, true);
    for op in ["gt", "ge", "lt", "le"] {
        assert!(refused(&format!("active {op} true")).contains("only eq and ne"));
    }
    assert!(refused(r#"active co "t""#).contains("only eq and ne"));
    assert!(refused(r#"active eq "true""#).contains("true or false"));
}

#[test]
fn binary_supports_only_eq_and_ne() {
    check(
        r#"x509Certificates.value eq "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAw""#,
        true,
        false,
    );
    // Binary is case-exact.
    check(
        r#"x509Certificates.value eq "miidqzccaqygawibagiceaawdqyjkozihvcnaqefbqaw""#,
        false,
        false,
    );
    for op in ["gt", "ge", "lt", "le", "co", "sw", "ew"] {
        assert!(
            refused(&format!(r#"x509Certificates.value {op} "M""#)).contains("only eq and ne"),
            "{op}"
        );
    }
}

#[test]
fn strings_compare_only_with_strings() {
    assert!(refused("userName eq 5").contains("only with a \"string\""));
    assert!(refused("userName gt true").contains("only with a \"string\""));
}

#[test]
fn multi_valued_attributes_match_if_any_value_matches() {
    check(r#"emails.type eq "home""#, true, true);
    check(r#"emails.type eq "work""#, true, false);
    // `ne` is per value too: bjensen has a non-work email, so she matches.
    check(r#"emails.type ne "work""#, true, true);
    check(r#"not (emails.type eq "work")"#, false, true);
    // Without a sub-attribute a multi-valued complex attribute compares its `value`.
    check(r#"emails eq "babs@jensen.org""#, true, false);
    check(r#"emails ew ".org""#, true, true);
    check(r#"emails[type eq "home" and value ew ".org"]"#, true, true);
    check(
        r#"emails[type eq "work" and value ew ".org"]"#,
        false,
        false,
    );
    check(r#"emails[not (type eq "work")]"#, true, true);
    check(r#"emails[primary eq true]"#, true, false);
}

#[test]
fn complex_attributes_need_a_sub_attribute() {
    assert!(refused(r#"name eq "Barbara""#).contains("compare one of its sub-attributes"));
    // addresses is multi-valued but has no `value` sub-attribute.
    assert!(refused(r#"addresses co "Main""#).contains("'addresses' is complex"));
    // pr on a complex attribute is fine.
    check("name pr", true, false);
}

#[test]
fn presence_is_false_for_null_empty_string_empty_array_and_empty_object() {
    for empty in [
        json!(null),
        json!(""),
        json!([]),
        json!({}),
        json!([null, ""]),
    ] {
        let resource = json!({"title": empty.clone(), "userName": "x"});
        assert!(!matches("title pr", &resource), "{empty}");
    }
    assert!(!matches("title pr", &json!({"userName": "x"})));
    for present in [
        json!("x"),
        json!(0),
        json!(false),
        json!(["", "a"]),
        json!({"a": 1}),
    ] {
        let resource = json!({"title": present.clone()});
        assert!(matches("title pr", &resource), "{present}");
    }
    check("emails.primary pr", true, false);
    check("emails pr", true, true);
}

#[test]
fn absent_attributes_are_null_so_ne_holds_and_other_operators_do_not() {
    let nobody = json!({"userName": "nobody"});
    assert!(matches(r#"title ne "Boss""#, &nobody));
    for op in ["eq", "co", "sw", "ew", "gt", "ge", "lt", "le"] {
        assert!(!matches(&format!(r#"title {op} "Boss""#), &nobody), "{op}");
    }
    assert!(matches(
        r#"emails.value ne "x""#,
        &json!({"emails": [{"type": "work"}]})
    ));
}

#[test]
fn eq_null_means_unassigned_and_ne_null_assigned() {
    check("title eq null", false, true);
    check("title ne null", true, false);
    check("nickName eq null", true, true);
    assert!(refused("title gt null").contains("use 'title pr'"));
    assert!(refused("title co null").contains("only eq and ne accept null"));
}

#[test]
fn extension_attributes_are_found_by_urn() {
    let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    check(
        &format!(r#"{enterprise}:employeeNumber eq "701984""#),
        true,
        false,
    );
    check(
        &format!(r#"{enterprise}:manager.value sw "26118915""#),
        true,
        false,
    );
    // Unqualified, employeeNumber is looked for in the core schema's place (top level).
    check(r#"employeeNumber eq "701984""#, false, false);
    // The manager is single-valued complex: compare its sub-attributes.
    assert!(refused(&format!(r#"{enterprise}:manager eq "x""#)).contains("complex"));
    // A URN no resource uses finds nothing.
    check(r#"urn:example:Nope:userName eq "bjensen""#, false, false);
}

#[test]
fn type_errors_do_not_depend_on_the_data() {
    // The first branch is true for bjensen, and jsmith has no such attribute at all, yet the
    // invalid second branch is still refused.
    let filter = parse(r#"userName eq "bjensen" or active gt true"#).unwrap();
    assert!(filter.matches(&bjensen(), user()).is_err());
    assert!(filter.matches(&json!({}), user()).is_err());
    let inside = parse(r#"emails[primary gt true]"#).unwrap();
    assert!(inside.matches(&json!({}), user()).is_err());
    // The same check without a resource, for a server that must not read its data first.
    assert!(filter.check_types(user()).is_err());
    assert!(inside.check_types(user()).is_err());
    let fine = parse(r#"userName eq "bjensen" or active eq true"#).unwrap();
    assert!(fine.check_types(user()).is_ok());
}

#[test]
fn matches_element_evaluates_a_value_filter_against_one_element() {
    let emails = user().core.attribute("emails");
    assert!(emails.is_some());
    let work = json!({"value": "bjensen@example.com", "type": "work", "primary": true});
    let home = json!({"value": "babs@jensen.org", "type": "home"});
    let filter = parse(r#"type eq "WORK" and value co "@example.com""#).unwrap();
    assert!(filter.matches_element(&work, emails).unwrap());
    assert!(!filter.matches_element(&home, emails).unwrap());
    let primary = parse("primary eq true").unwrap();
    assert!(primary.matches_element(&work, emails).unwrap());
    assert!(!primary.matches_element(&home, emails).unwrap());
    // The element's sub-attribute types apply: primary is boolean.
    let ordered = parse("primary gt false").unwrap();
    assert!(ordered.matches_element(&work, emails).is_err());
    // Without a definition, the operand's type decides: booleans still have no order, and
    // strings compare case-insensitively.
    assert!(ordered.matches_element(&work, None).is_err());
    let loose = parse(r#"value eq "BJENSEN@EXAMPLE.COM""#).unwrap();
    assert!(loose.matches_element(&work, None).unwrap());
    // Group members by value, as PATCH paths use them.
    let members = scim::schema::core::group().core.attribute("members");
    let member = json!({"value": "2819c223", "display": "Babs"});
    let by_id = parse(r#"value eq "2819c223""#).unwrap();
    assert!(by_id.matches_element(&member, members).unwrap());
    assert!(
        !by_id
            .matches_element(&json!({"value": "other"}), members)
            .unwrap()
    );
}

#[test]
fn the_filters_okta_and_entra_send() {
    let group = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": "e9e30dba-f08f-4109-8486-d5c6a331660a",
        "displayName": "Tour Guides",
        "members": [
            {"value": "2819c223-7f76-453a-919d-413861904646", "display": "Babs Jensen"},
            {"value": "902c246b-6245-4190-8e05-00816be7344a", "display": "Mandy Pepperidge"}
        ]
    });
    let groups = scim::schema::core::group();
    let group_matches = |filter: &str| parse(filter).unwrap().matches(&group, groups).unwrap();
    // Okta: look a group up by name; Entra: is this user a member of this group?
    assert!(group_matches(r#"displayName eq "tour guides""#));
    assert!(group_matches(
        r#"id eq "e9e30dba-f08f-4109-8486-d5c6a331660a" and members[value eq "902c246b-6245-4190-8e05-00816be7344a"]"#
    ));
    assert!(!group_matches(
        r#"id eq "e9e30dba-f08f-4109-8486-d5c6a331660a" and members[value eq "00000000-0000-0000-0000-000000000000"]"#
    ));
    // Without a sub-attribute, members compares its `value`, with `value`'s own caseExact
    // (false in RFC 7643 §8.7.1), unlike the caseExact `id` it points to.
    assert!(group_matches(
        r#"members eq "2819C223-7F76-453A-919D-413861904646""#
    ));
    // Okta: look a user up by userName; Entra: by userName, then by externalId.
    check(r#"userName eq "BJensen""#, true, false);
    check(r#"externalId eq "701984""#, true, false);
}
