//! PATCH semantics (RFC 7644 §3.5.2): the RFC's own examples, then the rules it leaves to servers
//! and the errors each mistake yields.

use scim::error::ScimType;
use scim::leniency::Leniency;
use scim::message::PatchOperation;
use scim::patch::{PatchError, apply};
use scim::schema::{ResourceSchema, core};
use serde_json::{Value, json};

const BABS: &str = "2819c223-7f76-453a-919d-413861904646";
const MANDY: &str = "902c246b-6245-4190-8e05-00816be7344a";

/// Applies `operations` (the `Operations` array of a PatchOp body) under the strict policy.
fn patch(
    schema: &ResourceSchema,
    resource: &Value,
    operations: Value,
) -> Result<Value, PatchError> {
    let operations: Vec<PatchOperation> =
        serde_json::from_value(operations).expect("test operations are well-formed");
    apply(resource, &operations, schema, &Leniency::strict())
}

fn group() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": "e9e30dba-f08f-4109-8486-d5c6a331660a",
        "displayName": "Tour Guides",
        "members": [
            {"value": BABS, "display": "Babs Jensen"},
            {"value": MANDY, "display": "Mandy Pepperidge"}
        ]
    })
}

fn user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": BABS,
        "userName": "bjensen",
        "name": {"givenName": "Barbara", "familyName": "Jensen"},
        "emails": [
            {"value": "bjensen@example.com", "type": "work", "primary": true},
            {"value": "babs@jensen.org", "type": "home"}
        ],
        "addresses": [
            {"type": "work", "streetAddress": "100 Universal City Plaza", "locality": "Hollywood"},
            {"type": "home", "streetAddress": "456 Hollywood Blvd", "locality": "Hollywood"}
        ]
    })
}

fn error_of(result: Result<Value, PatchError>) -> PatchError {
    match result {
        Ok(value) => panic!("expected an error, got {value}"),
        Err(e) => e,
    }
}

// ---- RFC 7644 §3.5.2.1 add ----

#[test]
fn rfc_add_member_to_group() {
    let mut start = group();
    start["members"] = json!([{"value": MANDY}]);
    let out = patch(
        core::group(),
        &start,
        json!([{"op": "add", "path": "members", "value": [{
            "display": "Babs Jensen",
            "$ref": format!("https://example.com/v2/Users/{BABS}"),
            "value": BABS
        }]}]),
    )
    .unwrap();
    assert_eq!(out["members"].as_array().unwrap().len(), 2);
    assert_eq!(out["members"][1]["value"], BABS);
    assert_eq!(out["members"][1]["display"], "Babs Jensen");
}

#[test]
fn rfc_add_without_path_merges_attributes_and_canonicalizes_names() {
    let out = patch(
        core::user(),
        &user(),
        json!([{"op": "add", "value": {
            "emails": [{"value": "babs@jensen.org", "type": "home"}, {"value": "b@x.org", "type": "other"}],
            "nickname": "Babs"
        }}]),
    )
    .unwrap();
    // The home address was already there: not duplicated.
    assert_eq!(out["emails"].as_array().unwrap().len(), 3);
    assert_eq!(out["emails"][2]["value"], "b@x.org");
    assert_eq!(out["nickName"], "Babs");
    assert!(out.get("nickname").is_none());
}

#[test]
fn add_of_an_existing_value_changes_nothing() {
    let start = group();
    let out = patch(
        core::group(),
        &start,
        json!([{"op": "add", "path": "members", "value": [{"value": BABS, "display": "Babs Jensen"}]}]),
    )
    .unwrap();
    assert_eq!(out, start);
}

#[test]
fn add_to_a_complex_attribute_merges_sub_attributes() {
    let out = patch(
        core::user(),
        &user(),
        json!([{"op": "add", "path": "name", "value": {"middleName": "Jane"}}]),
    )
    .unwrap();
    assert_eq!(
        out["name"],
        json!({"givenName": "Barbara", "familyName": "Jensen", "middleName": "Jane"})
    );
}

#[test]
fn add_with_a_new_primary_clears_the_old_one() {
    let out = patch(
        core::user(),
        &user(),
        json!([{"op": "add", "path": "emails", "value": [{"value": "new@example.com", "type": "work", "primary": true}]}]),
    )
    .unwrap();
    let primaries: Vec<&Value> = out["emails"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["primary"] == true)
        .collect();
    assert_eq!(primaries.len(), 1);
    assert_eq!(primaries[0]["value"], "new@example.com");
    assert_eq!(out["emails"][0]["primary"], false);
}

#[test]
fn two_primaries_in_one_value_are_invalid() {
    let e = error_of(patch(
        core::user(),
        &user(),
        json!([{"op": "replace", "path": "emails", "value": [
            {"value": "a@example.com", "primary": true},
            {"value": "b@example.com", "primary": true}
        ]}]),
    ));
    assert_eq!(e.scim_type(), ScimType::InvalidValue);
    assert!(e.to_string().contains("primary"), "{e}");
}

// ---- RFC 7644 §3.5.2.2 remove ----

#[test]
fn rfc_remove_all_members() {
    let out = patch(
        core::group(),
        &group(),
        json!([{"op": "remove", "path": "members"}]),
    )
    .unwrap();
    assert!(out.get("members").is_none());
    assert_eq!(out["displayName"], "Tour Guides");
}

#[test]
fn rfc_remove_one_member_by_filter() {
    let out = patch(
        core::group(),
        &group(),
        json!([{"op": "remove", "path": format!("members[value eq \"{BABS}\"]")}]),
    )
    .unwrap();
    assert_eq!(
        out["members"],
        json!([{"value": MANDY, "display": "Mandy Pepperidge"}])
    );
}

#[test]
fn rfc_remove_by_complex_filter() {
    let out = patch(
        core::user(),
        &user(),
        json!([{"op": "remove", "path": "emails[type eq \"work\" and value ew \"example.com\"]"}]),
    )
    .unwrap();
    assert_eq!(
        out["emails"],
        json!([{"value": "babs@jensen.org", "type": "home"}])
    );
}

#[test]
fn removing_the_last_value_unassigns_the_attribute() {
    let out = patch(
        core::group(),
        &group(),
        json!([
            {"op": "remove", "path": format!("members[value eq \"{BABS}\"]")},
            {"op": "remove", "path": format!("members[value eq \"{MANDY}\"]")}
        ]),
    )
    .unwrap();
    assert!(out.get("members").is_none(), "{out}");
}

#[test]
fn rfc_remove_then_add_replaces_a_member() {
    let out = patch(
        core::group(),
        &group(),
        json!([
            {"op": "remove", "path": format!("members[value eq \"{BABS}\"]")},
            {"op": "add", "path": "members", "value": [{"value": "9067729b", "display": "James Smith"}]}
        ]),
    )
    .unwrap();
    let values: Vec<&Value> = out["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["value"])
        .collect();
    assert_eq!(values, [&json!(MANDY), &json!("9067729b")]);
}

#[test]
fn remove_without_path_is_no_target() {
    let e = error_of(patch(core::user(), &user(), json!([{"op": "remove"}])));
    assert_eq!(e.scim_type(), ScimType::NoTarget);
    assert_eq!(e.operation(), Some(0));
}

#[test]
fn remove_by_filter_that_matches_nothing_is_no_target() {
    let e = error_of(patch(
        core::group(),
        &group(),
        json!([{"op": "remove", "path": "members[value eq \"nobody\"]"}]),
    ));
    assert_eq!(e.scim_type(), ScimType::NoTarget);
    assert!(e.detail().contains("[value eq \"nobody\"]"), "{e}");
}

#[test]
fn removing_a_required_attribute_is_mutability() {
    let e = error_of(patch(
        core::user(),
        &user(),
        json!([{"op": "remove", "path": "userName"}]),
    ));
    assert_eq!(e.scim_type(), ScimType::Mutability);
    assert_eq!(e.status(), 400);
}

#[test]
fn remove_of_a_sub_attribute() {
    let out = patch(
        core::user(),
        &user(),
        json!([{"op": "remove", "path": "name.givenName"}]),
    )
    .unwrap();
    assert_eq!(out["name"], json!({"familyName": "Jensen"}));
}

#[test]
fn remove_of_a_sub_attribute_of_filtered_values() {
    let out = patch(
        core::user(),
        &user(),
        json!([{"op": "remove", "path": "addresses[type eq \"home\"].locality"}]),
    )
    .unwrap();
    assert_eq!(
        out["addresses"][1],
        json!({"type": "home", "streetAddress": "456 Hollywood Blvd"})
    );
    assert_eq!(out["addresses"][0]["locality"], "Hollywood");
}

// ---- RFC 7644 §3.5.2.3 replace ----

#[test]
fn rfc_replace_all_members() {
    let out = patch(
        core::group(),
        &group(),
        json!([{"op": "replace", "path": "members", "value": [
            {"display": "Babs Jensen", "value": BABS},
            {"display": "James Smith", "value": "08e1d05d"}
        ]}]),
    )
    .unwrap();
    assert_eq!(
        out["members"][1],
        json!({"display": "James Smith", "value": "08e1d05d"})
    );
    assert_eq!(out["members"].as_array().unwrap().len(), 2);
}

#[test]
fn rfc_replace_a_filtered_value_whole() {
    let out = patch(
        core::user(),
        &user(),
        json!([{"op": "replace", "path": "addresses[type eq \"work\"]", "value": {
            "type": "work", "streetAddress": "911 Universal City Plaza", "locality": "Hollywood",
            "region": "CA", "postalCode": "91608", "country": "US", "primary": true
        }}]),
    )
    .unwrap();
    assert_eq!(
        out["addresses"][0]["streetAddress"],
        "911 Universal City Plaza"
    );
    assert_eq!(out["addresses"][0]["primary"], true);
    assert_eq!(out["addresses"][1]["streetAddress"], "456 Hollywood Blvd");
}

#[test]
fn rfc_replace_a_sub_attribute_of_filtered_values() {
    let out = patch(
        core::user(),
        &user(),
        json!([{"op": "replace", "path": "addresses[type eq \"work\"].streetAddress", "value": "1010 Broadway Ave"}]),
    )
    .unwrap();
    assert_eq!(out["addresses"][0]["streetAddress"], "1010 Broadway Ave");
    assert_eq!(out["addresses"][0]["locality"], "Hollywood");
}

#[test]
fn rfc_replace_without_path() {
    let out = patch(
        core::user(),
        &user(),
        json!([{"op": "replace", "value": {
            "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}],
            "nickname": "Babs"
        }}]),
    )
    .unwrap();
    assert_eq!(
        out["emails"],
        json!([{"value": "bjensen@example.com", "type": "work", "primary": true}])
    );
    assert_eq!(out["nickName"], "Babs");
}

#[test]
fn replace_of_a_complex_attribute_keeps_unnamed_sub_attributes() {
    let out = patch(
        core::user(),
        &user(),
        json!([{"op": "replace", "value": {"name": {"givenName": "Babs"}}}]),
    )
    .unwrap();
    assert_eq!(
        out["name"],
        json!({"givenName": "Babs", "familyName": "Jensen"})
    );
}

#[test]
fn replace_with_value_filter_matching_nothing_is_no_target() {
    let e = error_of(patch(
        core::user(),
        &user(),
        json!([{"op": "replace", "path": "emails[type eq \"other\"].value", "value": "x@example.com"}]),
    ));
    assert_eq!(e.scim_type(), ScimType::NoTarget);
}

#[test]
fn replace_with_null_or_empty_string_clears() {
    let start = patch(
        core::user(),
        &user(),
        json!([{"op": "add", "path": "title", "value": "Tour Guide"}]),
    )
    .unwrap();
    assert_eq!(start["title"], "Tour Guide");
    for empty in [json!(null), json!("")] {
        let out = patch(
            core::user(),
            &start,
            json!([{"op": "replace", "path": "title", "value": empty}]),
        )
        .unwrap();
        assert!(out.get("title").is_none(), "{out}");
    }
}

#[test]
fn replace_of_an_absent_attribute_adds_it() {
    let out = patch(
        core::user(),
        &user(),
        json!([{"op": "replace", "path": "name.middleName", "value": "Jane"}]),
    )
    .unwrap();
    assert_eq!(out["name"]["middleName"], "Jane");
}

#[test]
fn add_through_an_eq_filter_creates_the_described_value() {
    let out = patch(
        core::user(),
        &user(),
        json!([{"op": "add", "path": "phoneNumbers[type eq \"work\"].value", "value": "555-555-8377"}]),
    )
    .unwrap();
    assert_eq!(
        out["phoneNumbers"],
        json!([{"type": "work", "value": "555-555-8377"}])
    );
}

// ---- mutability ----

#[test]
fn changing_a_read_only_attribute_is_mutability_but_repeating_it_is_accepted() {
    let e = error_of(patch(
        core::user(),
        &user(),
        json!([{"op": "replace", "path": "id", "value": "other"}]),
    ));
    assert_eq!(e.scim_type(), ScimType::Mutability);
    assert!(e.to_string().contains("readOnly"), "{e}");
    let out = patch(
        core::user(),
        &user(),
        json!([{"op": "replace", "value": {"id": BABS, "title": "x"}}]),
    )
    .unwrap();
    assert_eq!(out["id"], BABS);
    assert_eq!(out["title"], "x");
}

#[test]
fn an_immutable_sub_attribute_can_be_set_once() {
    let mut start = group();
    start["members"] = json!([{"value": BABS}]);
    let path = format!("members[value eq \"{BABS}\"].display");
    let set = patch(
        core::group(),
        &start,
        json!([{"op": "add", "path": path, "value": "Babs"}]),
    )
    .unwrap();
    assert_eq!(set["members"][0]["display"], "Babs");
    let e = error_of(patch(
        core::group(),
        &set,
        json!([{"op": "replace", "path": path, "value": "Barbara"}]),
    ));
    assert_eq!(e.scim_type(), ScimType::Mutability);
    assert!(e.to_string().contains("members.display"), "{e}");
}

#[test]
fn read_only_sub_attributes_in_a_value_are_ignored() {
    let out = patch(
        core::user(),
        &user(),
        json!([{"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                "value": {"value": MANDY, "displayName": "Mandy"}}]),
    )
    .unwrap();
    assert_eq!(
        out["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["manager"],
        json!({"value": MANDY})
    );
}

// ---- bad input ----

#[test]
fn a_malformed_path_is_invalid_path_with_its_position() {
    let e = error_of(patch(
        core::user(),
        &user(),
        json!([{"op": "add", "path": "emails[type eq]", "value": []}]),
    ));
    assert_eq!(e.scim_type(), ScimType::InvalidPath);
    assert!(e.to_string().contains("position"), "{e}");
    assert_eq!(e.path(), Some("emails[type eq]"));
}

#[test]
fn an_unknown_attribute_is_invalid_path() {
    for path in ["shoeSize", "name.shoeSize", "urn:example:unknown:shoeSize"] {
        let e = error_of(patch(
            core::user(),
            &user(),
            json!([{"op": "replace", "path": path, "value": "x"}]),
        ));
        assert_eq!(e.scim_type(), ScimType::InvalidPath, "{path}: {e}");
    }
}

#[test]
fn a_filter_on_a_single_valued_attribute_is_invalid_path() {
    let e = error_of(patch(
        core::user(),
        &user(),
        json!([{"op": "replace", "path": "name[givenName eq \"x\"]", "value": {}}]),
    ));
    assert_eq!(e.scim_type(), ScimType::InvalidPath);
}

#[test]
fn a_wrongly_typed_value_is_invalid_value() {
    for (path, value) in [
        ("active", json!("yes")),
        ("userName", json!(7)),
        ("emails", json!({"value": "x"})),
    ] {
        let e = error_of(patch(
            core::user(),
            &user(),
            json!([{"op": "replace", "path": path, "value": value}]),
        ));
        assert_eq!(e.scim_type(), ScimType::InvalidValue, "{path}: {e}");
    }
}

#[test]
fn unknown_attributes_inside_a_value_are_ignored_as_put_ignores_them() {
    let out = patch(
        core::user(),
        &user(),
        json!([{"op": "add", "value": {"shoeSize": 44, "name": {"nick": "B", "middleName": "J"}}}]),
    )
    .unwrap();
    assert!(out.get("shoeSize").is_none());
    assert_eq!(
        out["name"],
        json!({"givenName": "Barbara", "familyName": "Jensen", "middleName": "J"})
    );
}

#[test]
fn a_null_sub_attribute_in_a_value_clears_it() {
    let out = patch(
        core::user(),
        &user(),
        json!([{"op": "replace", "value": {"name": {"givenName": null, "familyName": "J"}}}]),
    )
    .unwrap();
    assert_eq!(out["name"], json!({"familyName": "J"}));
}

#[test]
fn add_without_value_is_invalid_value() {
    let e = error_of(patch(
        core::user(),
        &user(),
        json!([{"op": "add", "path": "title"}]),
    ));
    assert_eq!(e.scim_type(), ScimType::InvalidValue);
}

#[test]
fn the_error_names_the_failing_operation() {
    let e = error_of(patch(
        core::user(),
        &user(),
        json!([
            {"op": "replace", "path": "title", "value": "ok"},
            {"op": "replace", "path": "emails[type eq \"pager\"]", "value": {"value": "x"}}
        ]),
    ));
    assert_eq!(e.operation(), Some(1));
    let text = e.to_string();
    assert!(
        text.starts_with("Operations[1] (replace \"emails[type eq \\\"pager\\\"]\")"),
        "{text}"
    );
}

#[test]
fn a_failing_operation_leaves_no_partial_change() {
    let start = user();
    let result = patch(
        core::user(),
        &start,
        json!([
            {"op": "replace", "path": "title", "value": "changed"},
            {"op": "remove", "path": "userName"}
        ]),
    );
    // `apply` borrows `start`, so it cannot be changed; what the request must do is fail as a
    // whole, at the operation that fails, instead of returning the first operation's result.
    let error = error_of(result);
    assert_eq!(error.operation(), Some(1), "{error}");
    assert_eq!(error.scim_type(), ScimType::Mutability);
}

// ---- a path naming a whole extension ----

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn enterprise_user() -> Value {
    let mut user = user();
    user["schemas"] = json!(["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE]);
    user[ENTERPRISE] = json!({"employeeNumber": "701984", "department": "Tour Operations"});
    user
}

#[test]
fn add_or_replace_of_a_whole_extension_writes_the_named_attributes() {
    for op in ["add", "replace", "Replace"] {
        let out = patch(
            core::user(),
            &enterprise_user(),
            json!([{"op": op, "path": ENTERPRISE, "value": {"department": "Sales", "costCenter": "4130"}}]),
        )
        .unwrap();
        assert_eq!(
            out[ENTERPRISE],
            json!({"employeeNumber": "701984", "department": "Sales", "costCenter": "4130"}),
            "{op}"
        );
    }
    // Onto a user without the extension: the URN joins `schemas`.
    let out = patch(
        core::user(),
        &user(),
        json!([{"op": "add", "path": ENTERPRISE, "value": {"department": "Sales"}}]),
    )
    .unwrap();
    assert_eq!(out[ENTERPRISE], json!({"department": "Sales"}));
    assert_eq!(out["schemas"][1], ENTERPRISE);
}

#[test]
fn remove_or_null_replace_of_a_whole_extension_clears_it() {
    for operation in [
        json!({"op": "remove", "path": ENTERPRISE}),
        json!({"op": "replace", "path": ENTERPRISE, "value": null}),
    ] {
        let out = patch(core::user(), &enterprise_user(), json!([operation])).unwrap();
        assert!(out.get(ENTERPRISE).is_none(), "{out}");
        assert_eq!(
            out["schemas"],
            json!(["urn:ietf:params:scim:schemas:core:2.0:User"])
        );
        // Removing it again changes nothing.
        let again = patch(
            core::user(),
            &out,
            json!([{"op": "remove", "path": ENTERPRISE}]),
        )
        .unwrap();
        assert_eq!(again, out);
    }
}

#[test]
fn a_whole_extension_value_must_be_an_object_and_its_attributes_typed() {
    let not_object = error_of(patch(
        core::user(),
        &enterprise_user(),
        json!([{"op": "add", "path": ENTERPRISE, "value": "Sales"}]),
    ));
    assert_eq!(not_object.scim_type(), ScimType::InvalidValue);
    assert!(
        not_object.detail().contains("as an object, not a string"),
        "{not_object}"
    );
    let wrong_type = error_of(patch(
        core::user(),
        &enterprise_user(),
        json!([{"op": "replace", "path": ENTERPRISE, "value": {"department": 7}}]),
    ));
    assert_eq!(wrong_type.scim_type(), ScimType::InvalidValue);
    assert!(wrong_type.detail().contains("department"), "{wrong_type}");
    // A URN that is not one of the resource's schemas stays an invalid path.
    let unknown = error_of(patch(
        core::user(),
        &user(),
        json!([{"op": "remove", "path": "urn:example:params:scim:schemas:extension:other:2.0:User"}]),
    ));
    assert_eq!(unknown.scim_type(), ScimType::InvalidPath);
}

#[test]
fn replacing_filtered_values_with_null_removes_them() {
    let out = patch(
        core::user(),
        &user(),
        json!([{"op": "replace", "path": "emails[type eq \"home\"]", "value": null}]),
    )
    .unwrap();
    assert_eq!(
        out["emails"],
        json!([{"value": "bjensen@example.com", "type": "work", "primary": true}])
    );
}

#[test]
fn writing_a_read_only_multi_valued_attribute_is_mutability() {
    let e = error_of(patch(
        core::user(),
        &user(),
        json!([{"op": "add", "path": "groups", "value": [{"value": "e9e30dba"}]}]),
    ));
    assert_eq!(e.scim_type(), ScimType::Mutability);
    assert!(e.detail().contains("'groups'"), "{e}");
}

#[test]
fn a_patch_error_becomes_a_scim_error_with_the_same_keyword_and_text() {
    let e = error_of(patch(
        core::user(),
        &user(),
        json!([{"op": "remove", "path": "userName"}]),
    ));
    let text = e.to_string();
    let general = scim::error::ScimError::from(e);
    assert_eq!(general.scim_type, ScimType::Mutability);
    assert_eq!(general.detail, text);
}
