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
