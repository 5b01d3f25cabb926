//! SCIM 1.1 ⇄ 2.0 conversions, shaped by what Okta's SCIM 1.1 SPEC test sends and asserts.

use scim::error::ScimType;
use scim::leniency::Leniency;
use scim::message::Error;
use scim::schema::{core, urn};
use scim::version::{V1_CORE, V1_ENTERPRISE, V1Error, Version, from_v1, list_response_v1, to_v1};
use serde_json::json;

#[test]
fn okta_v1_create_body_becomes_a_valid_v2_user() {
    // The body of Okta-SCIM-11-SPEC-Test.json's "Create Okta user with realisitic values".
    let okta = json!({"schemas":["urn:scim:schemas:core:1.0"],"userName":"jdoe@example.com",
        "name":{"givenName":"John","familyName":"Doe"},
        "emails":[{"primary":true,"value":"jdoe@example.com","type":"work"}],
        "displayName":"John Doe","active":true});
    let v2 = from_v1(&okta, core::user());
    assert_eq!(v2["schemas"], json!([urn::USER]));
    let stored = scim::validate::resource(&v2, core::user(), &Leniency::strict()).unwrap();
    assert_eq!(stored["userName"], "jdoe@example.com");
}

#[test]
fn enterprise_data_and_manager_convert_both_ways() {
    let v2 = json!({
        "schemas": [urn::USER, urn::ENTERPRISE_USER],
        "id": "1", "userName": "a",
        "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z"},
        urn::ENTERPRISE_USER: {"department": "R&D",
            "manager": {"value": "9", "$ref": "../Users/9", "displayName": "Boss"}}
    });
    let v1 = to_v1(&v2);
    assert_eq!(v1["schemas"], json!([V1_CORE, V1_ENTERPRISE]));
    assert_eq!(
        v1[V1_ENTERPRISE],
        json!({"department": "R&D", "manager": {"managerId": "9", "displayName": "Boss"}})
    );
    assert!(v1.get(urn::ENTERPRISE_USER).is_none());
    assert_eq!(v1["meta"], json!({"created": "2010-01-23T04:56:22Z"}));

    let back = from_v1(&v1, core::user());
    assert_eq!(back["schemas"], json!([urn::USER, urn::ENTERPRISE_USER]));
    assert_eq!(back[urn::ENTERPRISE_USER]["manager"]["value"], "9");
    assert_eq!(back["userName"], "a");
}

#[test]
fn groups_get_the_group_core_urn_back() {
    let v1 = json!({"schemas": [V1_CORE], "displayName": "g"});
    assert_eq!(from_v1(&v1, core::group())["schemas"], json!([urn::GROUP]));
    assert_eq!(to_v1(&from_v1(&v1, core::group())), v1);
}

#[test]
fn v1_list_envelope_carries_the_v1_core_urn() {
    let list = serde_json::to_value(list_response_v1(vec![json!({"id": "1"})], 7, 1)).unwrap();
    assert_eq!(
        list,
        json!({"schemas": [V1_CORE], "totalResults": 7, "itemsPerPage": 1, "startIndex": 1,
               "Resources": [{"id": "1"}]})
    );
}

#[test]
fn v1_errors_hold_description_and_string_code() {
    let error = Error::status(404, "User 42 not found");
    let body = serde_json::to_value(V1Error::from(&error)).unwrap();
    assert_eq!(
        body,
        json!({"Errors": [{"description": "User 42 not found", "code": "404"}],
               "detail": "User 42 not found"})
    );
    let conflict = V1Error::from(&Error::new(ScimType::Uniqueness, "taken"));
    assert_eq!(conflict.errors[0].code, "409");
}

#[test]
fn versions_are_told_apart_by_schemas_and_endpoint() {
    assert_eq!(Version::of_schemas([V1_CORE]), Some(Version::V1_1));
    assert_eq!(
        Version::of_schemas([urn::LIST_RESPONSE]),
        Some(Version::V2_0)
    );
    assert_eq!(Version::of_schemas(["urn:example:x"]), None);
    assert_eq!(
        Version::V1_1.service_provider_config_path(),
        "/ServiceProviderConfigs"
    );
    assert_eq!(
        Version::V2_0.service_provider_config_path(),
        "/ServiceProviderConfig"
    );
}

// ---- SCIM 1.1 PATCH ----

const ANN: &str = "1f1a9b2e-0000-4000-8000-00000000000a";
const BOB: &str = "1f1a9b2e-0000-4000-8000-00000000000b";

/// Applies a SCIM 1.1 PATCH body to `resource` through the 2.0 PATCH.
fn patch_v1(
    resource: &serde_json::Value,
    body: serde_json::Value,
    schema: &scim::schema::ResourceSchema,
) -> Result<serde_json::Value, scim::error::ScimError> {
    let operations = scim::version::patch_from_v1(&body, schema)?;
    Ok(scim::patch::apply(
        resource,
        &operations,
        schema,
        &Leniency::strict(),
    )?)
}

#[test]
fn okta_v1_group_patch_deletes_and_adds_members() {
    let group = json!({"schemas": [urn::GROUP], "id": "g1", "displayName": "Tour Guides",
                       "members": [{"value": ANN}]});
    let body = json!({"schemas": [V1_CORE],
                      "members": [{"value": ANN, "operation": "delete"}, {"value": BOB}]});
    let operations = scim::version::patch_from_v1(&body, core::group()).unwrap();
    let paths: Vec<Option<&str>> = operations.iter().map(|o| o.path.as_deref()).collect();
    assert_eq!(
        paths,
        [
            Some(format!("members[value eq \"{ANN}\"]").as_str()),
            Some("members")
        ]
    );
    let out = patch_v1(&group, body, core::group()).unwrap();
    assert_eq!(out["members"], json!([{"value": BOB}]));
    assert_eq!(out["displayName"], "Tour Guides");
}

#[test]
fn v1_patch_clears_meta_attributes_first_then_replaces_single_values() {
    let user = json!({"schemas": [urn::USER, urn::ENTERPRISE_USER], "id": "u1", "userName": "ann",
                      "title": "Guide", "name": {"givenName": "Ann", "familyName": "Lee"},
                      urn::ENTERPRISE_USER: {"department": "Tours", "costCenter": "7"}});
    let body = json!({
        "schemas": [V1_CORE, V1_ENTERPRISE],
        "meta": {"attributes": ["title", "name.givenName",
                                format!("{V1_ENTERPRISE}:department")]},
        "displayName": "Ann Lee",
        "name": {"middleName": "J"},
        "shoeSize": 39,
        V1_ENTERPRISE: {"manager": {"managerId": "m1"}}
    });
    let out = patch_v1(&user, body, core::user()).unwrap();
    assert!(out.get("title").is_none(), "{out}");
    assert_eq!(out["name"], json!({"familyName": "Lee", "middleName": "J"}));
    assert_eq!(out["displayName"], "Ann Lee");
    assert!(
        out.get("shoeSize").is_none(),
        "unknown members are ignored: {out}"
    );
    assert_eq!(
        out[urn::ENTERPRISE_USER],
        json!({"costCenter": "7", "manager": {"value": "m1"}})
    );
}

#[test]
fn v1_patch_deletes_a_value_without_value_by_its_sub_attributes() {
    let user = json!({"schemas": [urn::USER], "userName": "ann",
                      "emails": [{"value": "ann@work.example", "type": "work"},
                                 {"value": "ann@home.example", "type": "home"}]});
    let body = json!({"schemas": [V1_CORE],
                      "emails": [{"type": "home", "operation": "DELETE"}]});
    let out = patch_v1(&user, body, core::user()).unwrap();
    assert_eq!(
        out["emails"],
        json!([{"value": "ann@work.example", "type": "work"}])
    );
}

#[test]
fn v1_patch_errors_name_the_member_at_fault() {
    let user = json!({"schemas": [urn::USER], "userName": "ann"});
    let cases = [
        (
            json!(["members"]),
            ScimType::InvalidSyntax,
            "partial resource",
        ),
        (
            json!({"schemas": [V1_CORE], "meta": {"attributes": [7]}}),
            ScimType::InvalidValue,
            "meta.attributes",
        ),
        (
            json!({"schemas": [V1_CORE], "emails": [{"operation": "delete"}]}),
            ScimType::InvalidValue,
            "nothing to find it by",
        ),
        (
            json!({"schemas": [V1_CORE], "emails": [{"type": {"x": 1}, "operation": "delete"}]}),
            ScimType::InvalidValue,
            "\"type\" must be a string",
        ),
        (
            json!({"schemas": [V1_CORE], "emails": [{"value": "x@y", "operation": "delete"}]}),
            ScimType::NoTarget,
            "nothing to remove",
        ),
    ];
    for (body, scim_type, words) in cases {
        let error = patch_v1(&user, body.clone(), core::user()).unwrap_err();
        assert_eq!(error.scim_type, scim_type, "{body}: {}", error.detail);
        assert!(error.detail.contains(words), "{body}: {}", error.detail);
    }
}
