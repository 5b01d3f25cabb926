//! `attributes` / `excludedAttributes` against the `returned` characteristic (RFC 7644 §3.9,
//! RFC 7643 §7).

use scim::error::ScimType;
use scim::projection::Projection;
use scim::schema::{AttrType, Attribute, ResourceSchema, Returned, Schema, core, urn};
use serde_json::{Value, json};

fn stored_user() -> Value {
    json!({
        "schemas": [urn::USER, urn::ENTERPRISE_USER],
        "id": "2819c223",
        "userName": "bjensen",
        "password": "t1meMa$heen",
        "name": {"givenName": "Barbara", "familyName": "Jensen"},
        "emails": [{"value": "b@example.com", "type": "work", "primary": true},
                   {"value": "babs@home.org", "type": "home"}],
        "active": true,
        "meta": {"resourceType": "User", "version": "W/\"1\""},
        urn::ENTERPRISE_USER: {"employeeNumber": "701984", "department": "Tours"},
        "vendorExtra": "kept by default"
    })
}

fn project(attributes: &[&str], excluded: &[&str]) -> Value {
    let list = |l: &[&str]| l.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    Projection::new(&list(attributes), &list(excluded), core::user())
        .unwrap()
        .apply(&stored_user(), core::user())
}

#[test]
fn by_default_everything_but_never_attributes_is_returned() {
    let mut expected = stored_user();
    expected.as_object_mut().unwrap().remove("password");
    assert_eq!(project(&[], &[]), expected);
}

#[test]
fn attributes_keeps_only_the_named_plus_always_and_schemas() {
    assert_eq!(
        project(&["userName"], &[]),
        json!({"schemas": [urn::USER, urn::ENTERPRISE_USER], "id": "2819c223", "userName": "bjensen"})
    );
}

#[test]
fn naming_a_never_attribute_still_does_not_return_it() {
    assert!(project(&["password"], &[]).get("password").is_none());
}

#[test]
fn a_sub_attribute_path_keeps_the_parent_with_that_sub_attribute_only() {
    let out = project(&["name.givenName", "EMAILS.VALUE"], &[]);
    assert_eq!(out["name"], json!({"givenName": "Barbara"}));
    assert_eq!(
        out["emails"],
        json!([{"value": "b@example.com"}, {"value": "babs@home.org"}])
    );
    assert!(out.get("userName").is_none());
}

#[test]
fn urn_qualified_names_select_core_and_extension_attributes() {
    let out = project(
        &[
            "urn:ietf:params:scim:schemas:core:2.0:User:userName",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
        ],
        &[],
    );
    assert_eq!(out["userName"], "bjensen");
    assert_eq!(
        out[urn::ENTERPRISE_USER],
        json!({"employeeNumber": "701984"})
    );
    let whole_extension = project(&[urn::ENTERPRISE_USER], &[]);
    assert_eq!(
        whole_extension[urn::ENTERPRISE_USER],
        json!({"employeeNumber": "701984", "department": "Tours"})
    );
}

#[test]
fn excluded_attributes_remove_attributes_and_sub_attributes_but_never_id() {
    let out = project(
        &[],
        &[
            "emails",
            "name.familyName",
            "id",
            "meta",
            urn::ENTERPRISE_USER,
        ],
    );
    assert_eq!(out["id"], "2819c223");
    assert!(out.get("emails").is_none());
    assert_eq!(out["name"], json!({"givenName": "Barbara"}));
    assert!(out.get("meta").is_none());
    assert!(out.get(urn::ENTERPRISE_USER).is_none());
    assert_eq!(out["userName"], "bjensen");
}

#[test]
fn excluding_every_sub_attribute_drops_the_parent() {
    let out = project(&[], &["name.givenName", "name.familyName"]);
    assert!(out.get("name").is_none());
}

#[test]
fn request_attributes_appear_only_when_named() {
    let schema = ResourceSchema {
        core: Schema {
            id: "urn:example:Device".into(),
            name: "Device".into(),
            description: String::new(),
            attributes: vec![
                Attribute::new("serial", AttrType::String),
                Attribute::new("secretNote", AttrType::String).returned(Returned::Request),
            ],
        },
        extensions: vec![],
    };
    let device = json!({"id": "d1", "serial": "S", "secretNote": "n"});
    let none = Projection::default().apply(&device, &schema);
    assert_eq!(none, json!({"id": "d1", "serial": "S"}));
    let named = Projection::new(&["secretNote".into()], &[], &schema)
        .unwrap()
        .apply(&device, &schema);
    assert_eq!(named, json!({"id": "d1", "secretNote": "n"}));
}

#[test]
fn a_malformed_entry_is_invalid_value_naming_list_and_entry() {
    let error = Projection::new(&["user name".into()], &[], core::user()).unwrap_err();
    assert_eq!(error.scim_type, ScimType::InvalidValue);
    assert!(
        error.detail.contains("attributes: \"user name\""),
        "{}",
        error.detail
    );
    let error = Projection::new(&[], &["emails[type".into()], core::user()).unwrap_err();
    assert!(
        error.detail.starts_with("excludedAttributes"),
        "{}",
        error.detail
    );
}
