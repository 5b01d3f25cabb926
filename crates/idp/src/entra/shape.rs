//! Microsoft Entra ID's SCIM requests, shape for shape (facts from Microsoft's "develop a SCIM
//! endpoint" tutorial and its known-issues / compatibility page).
//!
//! Entra sends no `User-Agent`; its test connection asks for a random GUID `userName` with a plain
//! JSON `Accept`; its PATCH operations are capitalised (`"Replace"`, `"Add"`, `"Remove"`), address
//! `emails[type eq "work"].value`, `name.familyName` and enterprise URN paths, set the manager as
//! a bare id, disable with the string `"False"`, and change group members with value arrays.

use crate::call::{Encoding, ScimCall, encode, literal};
use scim::schema::urn;
use serde_json::{Value, json};

/// The enterprise user extension URN, which Entra's paths are prefixed with.
pub const ENTERPRISE: &str = urn::ENTERPRISE_USER;

fn call(method: &'static str, path: String, body: Option<Value>) -> ScimCall {
    let mut headers = vec![("Accept", "application/scim+json")];
    if body.is_some() {
        headers.push(("Content-Type", "application/scim+json"));
    }
    ScimCall {
        method,
        path,
        headers,
        body,
    }
}

/// "Test Connection": a random GUID userName, plain JSON accepted, no SCIM media type.
pub fn test_connection(endpoint: &str, guid: &str) -> ScimCall {
    let filter = format!("userName eq {}", literal(guid));
    ScimCall {
        method: "GET",
        path: format!("{endpoint}?filter={}", encode(&filter, Encoding::Percent)),
        headers: vec![("Accept", "application/json")],
        body: None,
    }
}

/// `GET` of one resource, optionally with `excludedAttributes`.
pub fn get(path: &str, excluded: Option<&str>) -> ScimCall {
    let path = match excluded {
        Some(list) => format!("{path}?excludedAttributes={list}"),
        None => path.to_owned(),
    };
    call("GET", path, None)
}

/// A `filter` query with Entra's encoding.
pub fn filter(endpoint: &str, filter: &str) -> ScimCall {
    call(
        "GET",
        format!("{endpoint}?filter={}", encode(filter, Encoding::Percent)),
        None,
    )
}

/// One page of the resources `filter` selects: `startIndex` and `count`.
pub fn page(endpoint: &str, filter: &str, start_index: usize, count: usize) -> ScimCall {
    call(
        "GET",
        format!(
            "{endpoint}?filter={}&startIndex={start_index}&count={count}",
            encode(filter, Encoding::Percent)
        ),
        None,
    )
}

/// The user Entra creates: core attributes, a work email and the enterprise extension.
pub fn user(user_name: &str, external_id: &str) -> Value {
    json!({
        "schemas": [urn::USER, ENTERPRISE],
        "externalId": external_id,
        "userName": user_name,
        "active": true,
        "displayName": "Entra Provisioned",
        "emails": [
            {"primary": true, "type": "work", "value": user_name},
            {"primary": false, "type": "home", "value": format!("home.{user_name}")},
        ],
        "meta": {"resourceType": "User"},
        "name": {"formatted": "Entra Provisioned", "familyName": "Provisioned", "givenName": "Entra"},
        "title": "Engineer",
        "roles": [],
        ENTERPRISE: {"employeeNumber": "701984", "department": "Tour Operations"},
    })
}

/// `POST` of a resource body.
pub fn create(endpoint: &str, body: Value) -> ScimCall {
    call("POST", endpoint.to_owned(), Some(body))
}

/// `PATCH` with Entra's operations (capitalised ops as given).
pub fn patch(path: &str, operations: Value) -> ScimCall {
    let body = json!({"schemas": [urn::PATCH_OP], "Operations": operations});
    call("PATCH", path.to_owned(), Some(body))
}

/// The group Entra creates: no `members`.
pub fn group(display_name: &str, external_id: &str) -> Value {
    json!({
        "schemas": [urn::GROUP],
        "externalId": external_id,
        "displayName": display_name,
        "meta": {"resourceType": "Group"},
    })
}

/// `DELETE` of a resource.
pub fn delete(path: &str) -> ScimCall {
    call("DELETE", path.to_owned(), None)
}
