//! Validation of POST/PUT bodies: the RFC 7643 §8 examples pass, each kind of bad input fails
//! with the right keyword and a message naming the attribute, and leniency changes only what it
//! says.

use scim::error::{ScimError, ScimType};
use scim::leniency::Leniency;
use scim::schema::{core, urn};
use scim::validate::{self, carry_over, check_immutable};
use serde_json::{Value, json};

const STRICT: Leniency = Leniency::strict();

fn user(body: Value) -> Result<Value, ScimError> {
    validate::resource(&body, core::user(), &STRICT)
}

fn user_error(body: Value) -> ScimError {
    match user(body.clone()) {
        Ok(v) => panic!("expected an error for {body}, got {v}"),
        Err(e) => e,
    }
}

/// RFC 7643 §8.3: the enterprise user example (trimmed of nothing but `meta` and `groups`, which
/// are kept to show they are dropped).
fn rfc_enterprise_user() -> Value {
    json!({
      "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
      "id": "2819c223-7f76-453a-919d-413861904646",
      "externalId": "701984",
      "userName": "bjensen@example.com",
      "name": {"formatted": "Ms. Barbara J Jensen, III", "familyName": "Jensen",
               "givenName": "Barbara", "middleName": "Jane", "honorificPrefix": "Ms.",
               "honorificSuffix": "III"},
      "displayName": "Babs Jensen",
      "nickName": "Babs",
      "profileUrl": "https://login.example.com/bjensen",
      "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
                 {"value": "babs@jensen.org", "type": "home"}],
      "addresses": [{"streetAddress": "100 Universal City Plaza", "locality": "Hollywood",
                     "region": "CA", "postalCode": "91608", "country": "USA",
                     "formatted": "100 Universal City Plaza\nHollywood, CA 91608 USA",
                     "type": "work", "primary": true}],
      "phoneNumbers": [{"value": "555-555-5555", "type": "work"},
                       {"value": "555-555-4444", "type": "mobile"}],
      "ims": [{"value": "someaimhandle", "type": "aim"}],
      "photos": [{"value": "https://photos.example.com/profilephoto/72930000000Ccne/F",
                  "type": "photo"}],
      "userType": "Employee",
      "title": "Tour Guide",
      "preferredLanguage": "en-US",
      "locale": "en-US",
      "timezone": "America/Los_Angeles",
      "active": true,
      "password": "t1meMa$heen",
      "groups": [{"value": "e9e30dba-f08f-4109-8486-d5c6a331660a",
                  "$ref": "https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a",
                  "display": "Tour Guides"}],
      "x509Certificates": [{"value": "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx"}],
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
        "employeeNumber": "701984", "costCenter": "4130", "organization": "Universal Studios",
        "division": "Theme Park", "department": "Tour Operations",
        "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d",
                    "$ref": "../Users/26118915-6090-4610-87e4-49d8ca9f808d",
                    "displayName": "John Smith"}
      },
      "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z",
               "lastModified": "2011-05-13T04:42:34Z", "version": "W/\"3694e05e9dff591\"",
               "location": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646"}
    })
}

#[test]
fn rfc_enterprise_user_validates_and_loses_only_read_only_members() {
    let out = user(rfc_enterprise_user()).unwrap();
    for gone in ["id", "meta", "groups"] {
        assert!(out.get(gone).is_none(), "{gone} should be dropped");
    }
    assert_eq!(out["userName"], "bjensen@example.com");
    assert_eq!(out["password"], "t1meMa$heen");
    assert_eq!(out["externalId"], "701984");
    let enterprise = &out[urn::ENTERPRISE_USER];
    assert_eq!(enterprise["employeeNumber"], "701984");
    assert!(enterprise["manager"].get("displayName").is_none());
    assert_eq!(
        enterprise["manager"]["value"],
        "26118915-6090-4610-87e4-49d8ca9f808d"
    );
    assert_eq!(out["emails"][1]["value"], "babs@jensen.org");
}

#[test]
fn rfc_minimal_user_and_group_validate() {
    let out = user(json!({"schemas": [urn::USER], "userName": "bjensen"})).unwrap();
    assert_eq!(out, json!({"userName": "bjensen", "schemas": [urn::USER]}));
    // RFC 7643 §8.4.
    let group = json!({
      "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      "id": "e9e30dba-f08f-4109-8486-d5c6a331660a",
      "displayName": "Tour Guides",
      "members": [
        {"value": "2819c223-7f76-453a-919d-413861904646",
         "$ref": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
         "display": "Babs Jensen"},
        {"value": "902c246b-6245-4190-8e05-00816be7344a",
         "$ref": "https://example.com/v2/Users/902c246b-6245-4190-8e05-00816be7344a",
         "display": "Mandy Pepperidge"}
      ]
    });
    let out = validate::resource(&group, core::group(), &STRICT).unwrap();
    assert_eq!(out["members"].as_array().map(Vec::len), Some(2));
    assert!(out.get("id").is_none());
}

#[test]
fn names_come_out_in_the_schema_spelling() {
    let out = user(
        json!({"SCHEMAS": [urn::USER.to_uppercase()], "USERNAME": "a",
                          "Name": {"GIVENNAME": "Al"}}),
    )
    .unwrap();
    assert_eq!(
        out,
        json!({"userName": "a", "name": {"givenName": "Al"}, "schemas": [urn::USER]})
    );
}

#[test]
fn unknown_attributes_and_nulls_are_dropped() {
    let out = user(
        json!({"schemas": [urn::USER], "userName": "a", "oktaCustom": 5,
                          "title": null, "emails": [], "name": {"nickname": "x"}}),
    )
    .unwrap();
    assert_eq!(out, json!({"userName": "a", "schemas": [urn::USER]}));
}

#[test]
fn shape_errors_are_invalid_syntax() {
    for body in [
        json!([1]),
        json!({"userName": "a"}),
        json!({"schemas": urn::USER, "userName": "a"}),
        json!({"schemas": [5], "userName": "a"}),
        json!({"schemas": [urn::USER], "userName": "a", "USERNAME": "b"}),
    ] {
        assert_eq!(
            user_error(body.clone()).scim_type,
            ScimType::InvalidSyntax,
            "{body}"
        );
    }
}

#[test]
fn content_errors_are_invalid_value_and_name_the_attribute() {
    let cases = [
        (json!({"schemas": [urn::USER]}), "userName"),
        (
            json!({"schemas": [urn::USER], "userName": "  "}),
            "userName",
        ),
        (
            json!({"schemas": [urn::ENTERPRISE_USER], "userName": "a"}),
            urn::USER,
        ),
        (
            json!({"schemas": [urn::USER, "urn:example:Other"], "userName": "a"}),
            "urn:example:Other",
        ),
        (json!({"schemas": [urn::USER], "userName": 5}), "userName"),
        (
            json!({"schemas": [urn::USER], "userName": "a", "active": "yes"}),
            "active",
        ),
        (
            json!({"schemas": [urn::USER], "userName": "a", "emails": {"value": "x"}}),
            "emails",
        ),
        (
            json!({"schemas": [urn::USER], "userName": ["a"]}),
            "userName",
        ),
        (
            json!({"schemas": [urn::USER], "userName": "a", "name": "Al"}),
            "name",
        ),
        (
            json!({"schemas": [urn::USER], "userName": "a", "emails": [{"value": 1}]}),
            "emails[0].value",
        ),
        (
            json!({"schemas": [urn::USER], "userName": "a",
                "emails": [{"value": "a@x", "primary": true}, {"value": "b@x", "primary": true}]}),
            "emails",
        ),
        (
            json!({"schemas": [urn::USER], "userName": "a",
                "x509Certificates": [{"value": "not base64!"}]}),
            "x509Certificates[0].value",
        ),
        (
            json!({"schemas": [urn::USER], "userName": "a",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "1"}}),
            urn::ENTERPRISE_USER,
        ),
        (
            json!({"schemas": [urn::USER, urn::ENTERPRISE_USER], "userName": "a",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": "x"}),
            urn::ENTERPRISE_USER,
        ),
    ];
    for (body, named) in cases {
        let error = user_error(body.clone());
        assert_eq!(
            error.scim_type,
            ScimType::InvalidValue,
            "{body}: {}",
            error.detail
        );
        assert!(error.detail.contains(named), "{body}: {}", error.detail);
    }
}

#[test]
fn date_times_are_checked_as_xsd_date_times() {
    let schema = scim::schema::ResourceSchema {
        core: scim::schema::Schema {
            id: "urn:example:Event".into(),
            name: "Event".into(),
            description: String::new(),
            attributes: vec![
                scim::schema::Attribute::new("at", scim::schema::AttrType::DateTime),
                scim::schema::Attribute::new("n", scim::schema::AttrType::Integer),
            ],
        },
        extensions: vec![],
    };
    let check = |at: Value| {
        validate::resource(
            &json!({"schemas": ["urn:example:Event"], "at": at}),
            &schema,
            &STRICT,
        )
    };
    assert!(check(json!("2011-05-13T04:42:34Z")).is_ok());
    assert!(check(json!("2011-05-13T04:42:34.5+02:00")).is_ok());
    assert!(check(json!("2011-05-13T04:42:34")).is_ok());
    assert!(check(json!("13/05/2011")).is_err());
    assert!(check(json!(1305)).is_err());
    let n = |n: Value| {
        validate::resource(
            &json!({"schemas": ["urn:example:Event"], "n": n}),
            &schema,
            &STRICT,
        )
    };
    assert!(n(json!(3)).is_ok());
    assert!(n(json!(3.5)).is_err());
}

#[test]
fn interop_leniency_accepts_string_booleans_and_implied_schemas() {
    let body = json!({"userName": "a", "active": "False",
                      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "R&D"}});
    assert!(user(body.clone()).is_err());
    let out = validate::resource(&body, core::user(), &Leniency::interop()).unwrap();
    assert_eq!(out["active"], json!(false));
    assert_eq!(out["schemas"], json!([urn::USER, urn::ENTERPRISE_USER]));

    let only_booleans = Leniency {
        string_booleans: true,
        ..Leniency::strict()
    };
    let out = validate::resource(
        &json!({"schemas": [urn::USER], "userName": "a", "active": "TRUE"}),
        core::user(),
        &only_booleans,
    )
    .unwrap();
    assert_eq!(out["active"], json!(true));
    let error = validate::resource(&body, core::user(), &only_booleans).unwrap_err();
    assert_eq!(error.scim_type, ScimType::InvalidSyntax);
}

#[test]
fn an_empty_string_sub_attribute_is_no_value_as_in_patch() {
    let out = user(json!({"schemas": [urn::USER], "userName": "a",
                          "name": {"givenName": "", "familyName": "Jensen"},
                          "emails": [{"value": "", "type": "work"}, {"value": ""}]}))
    .unwrap();
    assert_eq!(out["name"], json!({"familyName": "Jensen"}));
    assert_eq!(out["emails"], json!([{"type": "work"}]));
    // Its type is still checked.
    let error = user_error(json!({"schemas": [urn::USER], "userName": "a",
                                  "emails": [{"value": "a@b", "primary": ""}]}));
    assert!(
        error.detail.contains("emails[0].primary"),
        "{}",
        error.detail
    );
}

#[test]
fn a_bare_manager_id_is_read_as_its_value_only_under_interop() {
    let body = json!({"schemas": [urn::USER, urn::ENTERPRISE_USER], "userName": "a",
                      urn::ENTERPRISE_USER: {"manager": "26118915", "department": "R&D"}});
    let out = validate::resource(&body, core::user(), &Leniency::interop()).unwrap();
    assert_eq!(
        out[urn::ENTERPRISE_USER]["manager"],
        json!({"value": "26118915"})
    );

    let error = user_error(body);
    assert_eq!(error.scim_type, ScimType::InvalidValue);
    assert!(error.detail.contains("manager"), "{}", error.detail);
    assert!(error.detail.contains("interop"), "{}", error.detail);

    // A bare number is wrapped too, and then fails as `manager.value`, which is a string.
    let number = json!({"schemas": [urn::USER], "userName": "a",
                        urn::ENTERPRISE_USER: {"manager": 7}});
    let error = validate::resource(&number, core::user(), &Leniency::interop()).unwrap_err();
    assert!(error.detail.contains("manager.value"), "{}", error.detail);
}

/// The core User schema with `nickName` made `immutable`, as a server may declare it.
fn user_with_immutable_nick_name() -> scim::schema::ResourceSchema {
    let mut schema = core::user().clone();
    if let Some(attr) = schema
        .core
        .attributes
        .iter_mut()
        .find(|a| a.name == "nickName")
    {
        attr.mutability = scim::schema::Mutability::Immutable;
    }
    schema
}

#[test]
fn changing_an_immutable_value_is_a_mutability_error() {
    let schema = user_with_immutable_nick_name();
    let old = json!({"userName": "a", "nickName": "Babs"});
    assert!(check_immutable(&old, &json!({"userName": "b", "nickName": "BABS"}), &schema).is_ok());
    assert!(check_immutable(&old, &json!({"userName": "b"}), &schema).is_ok());
    let error = check_immutable(&old, &json!({"nickName": "Bee"}), &schema).unwrap_err();
    assert_eq!(error.scim_type, ScimType::Mutability);
    assert!(error.detail.contains("nickName"), "{}", error.detail);
    // Group members may be swapped wholesale even though their sub-attributes are immutable.
    let old_group = json!({"displayName": "g", "members": [{"value": "1"}]});
    let new_group = json!({"displayName": "g", "members": [{"value": "2"}]});
    assert!(check_immutable(&old_group, &new_group, core::group()).is_ok());
}

#[test]
fn an_immutable_value_set_where_there_was_none_is_named() {
    let schema = user_with_immutable_nick_name();
    let unset = json!({"userName": "a", "nickName": null});
    assert_eq!(
        validate::newly_set_immutable(
            &unset,
            &json!({"userName": "a", "NICKNAME": "Babs"}),
            &schema
        ),
        Some("nickName"),
        "any spelling of the name"
    );
    let set = json!({"userName": "a", "nickName": "Babs"});
    assert_eq!(
        validate::newly_set_immutable(&set, &json!({"nickName": "Bee"}), &schema),
        None,
        "a change, not a first value"
    );
    assert_eq!(
        validate::newly_set_immutable(&unset, &json!({"userName": "b"}), &schema),
        None
    );
    // An extension's immutable attribute counts under its own URN only.
    let mut schema = core::user().clone();
    let ext = schema
        .extensions
        .iter_mut()
        .find(|e| e.id == urn::ENTERPRISE_USER)
        .unwrap();
    ext.attributes
        .iter_mut()
        .find(|a| a.name == "employeeNumber")
        .unwrap()
        .mutability = scim::schema::Mutability::Immutable;
    let top = json!({"employeeNumber": "7"});
    assert_eq!(
        validate::newly_set_immutable(&json!({}), &top, &schema),
        None
    );
    let under = json!({urn::ENTERPRISE_USER: {"employeeNumber": "7"}});
    assert_eq!(
        validate::newly_set_immutable(&json!({}), &under, &schema),
        Some("employeeNumber")
    );
}

#[test]
fn carry_over_keeps_server_owned_and_unreadable_values() {
    let old = json!({"id": "42", "userName": "a", "password": "secret", "title": "Boss",
                     "meta": {"resourceType": "User"},
                     "groups": [{"value": "g1"}]});
    let new = json!({"schemas": [urn::USER], "userName": "b"});
    let merged = carry_over(&old, &new, core::user()).unwrap();
    assert_eq!(merged["id"], "42");
    assert_eq!(merged["password"], "secret");
    assert_eq!(merged["groups"], json!([{"value": "g1"}]));
    assert_eq!(merged["userName"], "b");
    assert!(
        merged.get("title").is_none(),
        "readWrite values omitted by a PUT are cleared"
    );
}
