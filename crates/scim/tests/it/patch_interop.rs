//! The PATCH requests Okta and Microsoft Entra ID actually send, and what they must do.

use scim::error::ScimType;
use scim::leniency::Leniency;
use scim::message::PatchOp;
use scim::patch::{PatchError, apply};
use scim::schema::{ResourceSchema, core};
use serde_json::{Value, json};

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const USER_ID: &str = "2819c223-7f76-453a-919d-413861904646";
const GROUP_ID: &str = "abf4dd94-a4c0-4f67-89c9-76b03340cb9b";

/// Applies a whole PatchOp body, as the client sends it, under `leniency`.
fn send(
    schema: &ResourceSchema,
    resource: &Value,
    body: Value,
    leniency: Leniency,
) -> Result<Value, PatchError> {
    let body: PatchOp = serde_json::from_value(body).expect("the body is a PatchOp");
    apply(resource, &body.operations, schema, &leniency)
}

fn body(operations: Value) -> Value {
    json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": operations})
}

fn user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": USER_ID,
        "userName": "test.user@example.com",
        "name": {"givenName": "Test", "familyName": "User"},
        "active": true
    })
}

fn group() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": GROUP_ID,
        "displayName": "Test SCIMv2",
        "members": [{"value": USER_ID, "display": "test.user@example.com"}]
    })
}

// ---- Okta ----

#[test]
fn okta_deactivates_a_user_with_a_pathless_replace() {
    let out = send(
        core::user(),
        &user(),
        body(json!([{"op": "replace", "value": {"active": false}}])),
        Leniency::strict(),
    )
    .unwrap();
    assert_eq!(out["active"], false);
}

#[test]
fn okta_renames_a_group_sending_its_id_in_the_value() {
    let out = send(
        core::group(),
        &group(),
        body(json!([{"op": "replace", "value": {"id": GROUP_ID, "displayName": "Renamed"}}])),
        Leniency::strict(),
    )
    .unwrap();
    assert_eq!(out["displayName"], "Renamed");
    assert_eq!(out["id"], GROUP_ID);
}

#[test]
fn okta_adds_and_removes_members() {
    let added = send(
        core::group(),
        &group(),
        body(json!([{"op": "add", "path": "members", "value": [
            {"value": "23a35c27-23d3-4c03-b4c5-6443c09e7173", "display": "test.user2@example.com"}
        ]}])),
        Leniency::strict(),
    )
    .unwrap();
    assert_eq!(added["members"].as_array().unwrap().len(), 2);
    let removed = send(
        core::group(),
        &added,
        body(json!([{"op": "remove", "path": format!("members[value eq \"{USER_ID}\"]")}])),
        Leniency::strict(),
    )
    .unwrap();
    assert_eq!(
        removed["members"],
        json!([{"value": "23a35c27-23d3-4c03-b4c5-6443c09e7173", "display": "test.user2@example.com"}])
    );
}

// ---- Microsoft Entra ID ----

#[test]
fn entra_string_boolean_is_accepted_only_under_the_interop_policy() {
    let request = body(json!([{"op": "Replace", "path": "active", "value": "False"}]));
    let out = send(core::user(), &user(), request.clone(), Leniency::interop()).unwrap();
    assert_eq!(out["active"], json!(false));
    let e = send(core::user(), &user(), request, Leniency::strict()).unwrap_err();
    assert_eq!(e.scim_type(), ScimType::InvalidValue);
    assert!(e.to_string().contains("interop leniency policy"), "{e}");
}

#[test]
fn entra_adds_then_replaces_a_work_email_through_a_value_filter() {
    let added = send(
        core::user(),
        &user(),
        body(json!([{"op": "Add", "path": "emails[type eq \"work\"].value", "value": "test.user@example.com"}])),
        Leniency::interop(),
    )
    .unwrap();
    assert_eq!(
        added["emails"],
        json!([{"type": "work", "value": "test.user@example.com"}])
    );
    let replaced = send(
        core::user(),
        &added,
        body(json!([{"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "new@example.com"}])),
        Leniency::interop(),
    )
    .unwrap();
    assert_eq!(
        replaced["emails"],
        json!([{"type": "work", "value": "new@example.com"}])
    );
    // Entra also changes an existing work email with "Add" (RFC 7644 §3.5.2.1: an add replaces
    // the single value it targets).
    let changed = send(
        core::user(),
        &replaced,
        body(json!([{"op": "Add", "path": "emails[type eq \"work\"].value", "value": "third@example.com"}])),
        Leniency::interop(),
    )
    .unwrap();
    assert_eq!(
        changed["emails"],
        json!([{"type": "work", "value": "third@example.com"}])
    );
}

#[test]
fn entra_sets_enterprise_attributes_by_urn_path_and_lists_the_extension() {
    let out = send(
        core::user(),
        &user(),
        body(json!([
            {"op": "Add", "path": format!("{ENTERPRISE}:employeeNumber"), "value": "701984"},
            {"op": "Replace", "path": format!("{ENTERPRISE}:department"), "value": "Tour Operations"}
        ])),
        Leniency::interop(),
    )
    .unwrap();
    assert_eq!(
        out[ENTERPRISE],
        json!({"employeeNumber": "701984", "department": "Tour Operations"})
    );
    assert_eq!(
        out["schemas"],
        json!(["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE])
    );
}

#[test]
fn entra_sets_and_clears_the_manager() {
    let set = send(
        core::user(),
        &user(),
        body(json!([{"op": "Add", "path": format!("{ENTERPRISE}:manager.value"), "value": "26118915-6090-4610-87e4-49d8ca9f808d"}])),
        Leniency::interop(),
    )
    .unwrap();
    assert_eq!(
        set[ENTERPRISE]["manager"],
        json!({"value": "26118915-6090-4610-87e4-49d8ca9f808d"})
    );
    let by_remove = send(
        core::user(),
        &set,
        body(json!([{"op": "Remove", "path": format!("{ENTERPRISE}:manager")}])),
        Leniency::interop(),
    )
    .unwrap();
    let by_null = send(
        core::user(),
        &set,
        body(json!([{"op": "Replace", "path": format!("{ENTERPRISE}:manager"), "value": null}])),
        Leniency::interop(),
    )
    .unwrap();
    for cleared in [by_remove, by_null] {
        assert!(cleared.get(ENTERPRISE).is_none(), "{cleared}");
        assert_eq!(
            cleared["schemas"],
            json!(["urn:ietf:params:scim:schemas:core:2.0:User"])
        );
    }
}

#[test]
fn entra_sets_the_manager_with_a_bare_id_only_under_interop() {
    const MANAGER: &str = "26118915-6090-4610-87e4-49d8ca9f808d";
    let operation =
        || body(json!([{"op": "add", "path": format!("{ENTERPRISE}:manager"), "value": MANAGER}]));
    let set = send(core::user(), &user(), operation(), Leniency::interop()).unwrap();
    assert_eq!(set[ENTERPRISE]["manager"], json!({"value": MANAGER}));
    assert_eq!(set["schemas"][1], ENTERPRISE);

    // A second bare id replaces the value; sub-attributes it does not name are left unchanged
    // (RFC 7644 §3.5.2.3), as for any complex value.
    let mut named = set.clone();
    named[ENTERPRISE]["manager"]["displayName"] = json!("Old Boss");
    let replaced = send(
        core::user(),
        &named,
        body(json!([{"op": "Replace", "path": format!("{ENTERPRISE}:manager"), "value": "42"}])),
        Leniency::interop(),
    )
    .unwrap();
    assert_eq!(
        replaced[ENTERPRISE]["manager"],
        json!({"value": "42", "displayName": "Old Boss"})
    );

    // The same through a path-less value with a URN-qualified key.
    let pathless = send(
        core::user(),
        &user(),
        body(json!([{"op": "Add", "value": {format!("{ENTERPRISE}:manager"): MANAGER}}])),
        Leniency::interop(),
    )
    .unwrap();
    assert_eq!(pathless[ENTERPRISE]["manager"], json!({"value": MANAGER}));

    let error = send(core::user(), &user(), operation(), Leniency::strict()).unwrap_err();
    assert_eq!(error.scim_type(), ScimType::InvalidValue);
    assert!(error.detail().contains("manager"), "{error}");
    assert!(error.detail().contains("interop"), "{error}");
}

#[test]
fn a_bare_value_is_refused_where_no_value_sub_attribute_could_hold_it() {
    // `name` has no `value` sub-attribute, and `emails` is multi-valued: nothing to wrap into.
    for (path, value) in [
        ("name", json!("Barbara")),
        ("emails[type eq \"work\"]", json!("b@x.org")),
    ] {
        let error = send(
            core::user(),
            &user(),
            body(json!([{"op": "add", "path": path, "value": value}])),
            Leniency::interop(),
        )
        .unwrap_err();
        assert_eq!(error.scim_type(), ScimType::InvalidValue, "{path}: {error}");
        assert!(
            error.detail().contains("an object of sub-attributes"),
            "{error}"
        );
    }
}

#[test]
fn entra_updates_a_user_with_several_operations() {
    let out = send(
        core::user(),
        &user(),
        body(json!([
            {"op": "Replace", "path": "userName", "value": "renamed@example.com"},
            {"op": "Replace", "path": "name.givenName", "value": "Renamed"},
            {"op": "Add", "path": "title", "value": "Engineer"},
            {"op": "Add", "path": "phoneNumbers[type eq \"mobile\"].value", "value": "+1 555 0100"},
            {"op": "Replace", "path": "active", "value": "True"},
            {"op": "Add", "path": format!("{ENTERPRISE}:costCenter"), "value": "4130"}
        ])),
        Leniency::interop(),
    )
    .unwrap();
    assert_eq!(out["userName"], "renamed@example.com");
    assert_eq!(
        out["name"],
        json!({"givenName": "Renamed", "familyName": "User"})
    );
    assert_eq!(out["title"], "Engineer");
    assert_eq!(
        out["phoneNumbers"],
        json!([{"type": "mobile", "value": "+1 555 0100"}])
    );
    assert_eq!(out["active"], json!(true));
    assert_eq!(out[ENTERPRISE]["costCenter"], "4130");
}

#[test]
fn entra_pathless_values_with_dotted_urn_and_nested_extension_keys() {
    let out = send(
        core::user(),
        &user(),
        body(json!([
            {"op": "Replace", "value": {"name.givenName": "Dotted", "name.familyName": "Keys"}},
            {"op": "Add", "value": {format!("{ENTERPRISE}:employeeNumber"): "42"}},
            {"op": "Add", "value": {ENTERPRISE: {"department": "Sales"}}}
        ])),
        Leniency::interop(),
    )
    .unwrap();
    assert_eq!(
        out["name"],
        json!({"givenName": "Dotted", "familyName": "Keys"})
    );
    assert_eq!(
        out[ENTERPRISE],
        json!({"employeeNumber": "42", "department": "Sales"})
    );
}

#[test]
fn entra_adds_and_removes_members_with_value_arrays() {
    let second = "5f9d4a7a-0f7c-4a8b-9c1e-2b9a3c6d7e8f";
    let added = send(
        core::group(),
        &group(),
        body(json!([{"op": "Add", "path": "members", "value": [{"value": second}]}])),
        Leniency::interop(),
    )
    .unwrap();
    assert_eq!(added["members"].as_array().unwrap().len(), 2);
    let removal = body(json!([{"op": "Remove", "path": "members", "value": [{"value": USER_ID}]}]));
    let lenient = send(core::group(), &added, removal.clone(), Leniency::interop()).unwrap();
    assert_eq!(lenient["members"], json!([{"value": second}]));
    // RFC 7644 §3.5.2.2 has no value for remove: strictly, the whole attribute goes.
    let strict = send(core::group(), &added, removal, Leniency::strict()).unwrap();
    assert!(strict.get("members").is_none(), "{strict}");
}
