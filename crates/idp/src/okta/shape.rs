//! Okta's SCIM 2.0 requests, shape for shape: the URLs (with Okta's query parameters and both
//! encodings of a filter), the headers, and the bodies Okta's provisioning engine sends.
//!
//! Facts from Okta's SCIM 2.0 reference and FAQ: Okta tests credentials with
//! `GET /Users?startIndex=1&count=2`, looks a user up with a `userName eq` filter and
//! `startIndex=1&count=100` before creating, creates with `password`, `externalId`, `locale` and
//! an empty `groups`, updates profiles by GET then PUT of the whole user, deactivates with a
//! path-less PATCH `replace` of `{"active": false}`, imports by paging with `count=100`, and
//! pushes groups with PATCH (rename with `id` inside the value, members by `members[value eq]`).

use crate::call::{Encoding, ScimCall, encode, literal};
use scim::schema::urn;
use serde_json::{Value, json};

/// The `User-Agent` Okta's provisioning engine sends.
pub const USER_AGENT: &str = "Okta SCIM Client 1.0.0";

/// The page size of Okta's lookups and imports.
pub const PAGE: usize = 100;

/// What Okta knows about an assigned user: its app profile after attribute mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppUser {
    /// The app username (Okta's `credentials.userName`), usually the login email.
    pub user_name: String,
    /// `name.givenName`.
    pub given_name: String,
    /// `name.familyName`.
    pub family_name: String,
    /// The work email.
    pub email: String,
    /// Okta's own user id, sent as `externalId`.
    pub okta_id: String,
}

fn call(method: &'static str, path: String, body: Option<Value>) -> ScimCall {
    let mut headers = vec![
        ("Accept", "application/scim+json"),
        ("User-Agent", USER_AGENT),
    ];
    if body.is_some() {
        headers.push(("Content-Type", "application/scim+json; charset=utf-8"));
    }
    ScimCall {
        method,
        path,
        headers,
        body,
    }
}

fn patch_body(operations: Value) -> Value {
    json!({"schemas": [urn::PATCH_OP], "Operations": operations})
}

/// "Test API Credentials": the first two users.
pub fn test_credentials(endpoint: &str) -> ScimCall {
    call("GET", format!("{endpoint}?startIndex=1&count=2"), None)
}

/// The lookup before an assignment creates: `filter=userName eq "…"&startIndex=1&count=100`.
pub fn lookup_user(endpoint: &str, user_name: &str, encoding: Encoding) -> ScimCall {
    let filter = format!("userName eq {}", literal(user_name));
    lookup(endpoint, &filter, encoding)
}

/// The Group Push lookup by `displayName`.
pub fn lookup_group(endpoint: &str, display_name: &str, encoding: Encoding) -> ScimCall {
    let filter = format!("displayName eq {}", literal(display_name));
    lookup(endpoint, &filter, encoding)
}

fn lookup(endpoint: &str, filter: &str, encoding: Encoding) -> ScimCall {
    call(
        "GET",
        format!(
            "{endpoint}?filter={}&startIndex=1&count={PAGE}",
            encode(filter, encoding)
        ),
        None,
    )
}

/// One page of an import: `startIndex=N&count=100`.
pub fn import_page(endpoint: &str, start_index: usize) -> ScimCall {
    call(
        "GET",
        format!("{endpoint}?startIndex={start_index}&count={PAGE}"),
        None,
    )
}

/// `GET` of one resource (before a profile push, and to verify).
pub fn get(path: &str) -> ScimCall {
    call("GET", path.to_owned(), None)
}

/// The user Okta creates on assignment.
pub fn create_user(endpoint: &str, user: &AppUser, password: &str) -> ScimCall {
    let body = json!({
        "schemas": [urn::USER],
        "userName": user.user_name,
        "name": {"givenName": user.given_name, "familyName": user.family_name},
        "emails": [{"primary": true, "value": user.email, "type": "work"}],
        "displayName": format!("{} {}", user.given_name, user.family_name),
        "locale": "en-US",
        "externalId": user.okta_id,
        "groups": [],
        "password": password,
        "active": true,
    });
    call("POST", endpoint.to_owned(), Some(body))
}

/// Okta's profile push: the user as last read (`current`, carrying its read-only `id` and
/// `meta`), with the mapped attributes overwritten, `meta` dates in Okta's non-ISO form and a
/// `password`; the server must ignore what it does not own.
pub fn put_profile(path: &str, current: &Value, user: &AppUser, password: &str) -> ScimCall {
    let mut body = current.clone();
    if let Some(object) = body.as_object_mut() {
        object.insert(
            "name".into(),
            json!({"givenName": user.given_name, "familyName": user.family_name}),
        );
        object.insert(
            "emails".into(),
            json!([{"primary": true, "value": user.email, "type": "work"}]),
        );
        object.insert("password".into(), Value::from(password));
        object.insert(
            "meta".into(),
            json!({"resourceType": "User", "created": "Nov 28, 2026 9:00:00 AM", "lastModified": "Nov 28, 2026 9:00:00 AM"}),
        );
    }
    call("PUT", path.to_owned(), Some(body))
}

/// The PATCH variant of a profile push (OIN apps that support PATCH): a path-less `replace`.
pub fn patch_profile(path: &str, user: &AppUser) -> ScimCall {
    let body = patch_body(json!([{"op": "replace", "value": {
        "name": {"givenName": user.given_name, "familyName": user.family_name},
        "emails": [{"primary": true, "value": user.email, "type": "work"}],
    }}]));
    call("PATCH", path.to_owned(), Some(body))
}

/// Deactivation (`false`) or reactivation (`true`): a path-less `replace`.
pub fn set_active(path: &str, active: bool) -> ScimCall {
    let body = patch_body(json!([{"op": "replace", "value": {"active": active}}]));
    call("PATCH", path.to_owned(), Some(body))
}

/// Group Push creates the group empty.
pub fn create_group(endpoint: &str, display_name: &str) -> ScimCall {
    let body = json!({"schemas": [urn::GROUP], "displayName": display_name, "members": []});
    call("POST", endpoint.to_owned(), Some(body))
}

/// Group rename: a path-less `replace` whose value repeats the group's `id`.
pub fn rename_group(path: &str, id: &str, display_name: &str) -> ScimCall {
    let body =
        patch_body(json!([{"op": "replace", "value": {"id": id, "displayName": display_name}}]));
    call("PATCH", path.to_owned(), Some(body))
}

/// A member as Okta sends it: `value` and `display`.
pub fn member(id: &str, display: &str) -> Value {
    json!({"value": id, "display": display})
}

/// Adds `members` (`op: add, path: members`).
pub fn add_members(path: &str, members: Vec<Value>) -> ScimCall {
    let body = patch_body(json!([{"op": "add", "path": "members", "value": members}]));
    call("PATCH", path.to_owned(), Some(body))
}

/// Removes one member by `members[value eq "…"]`.
pub fn remove_member(path: &str, id: &str) -> ScimCall {
    let body =
        patch_body(json!([{"op": "remove", "path": format!("members[value eq {}]", literal(id))}]));
    call("PATCH", path.to_owned(), Some(body))
}

/// "Push Now": replaces all members (possibly with none).
pub fn replace_members(path: &str, members: Vec<Value>) -> ScimCall {
    let body = patch_body(json!([{"op": "replace", "path": "members", "value": members}]));
    call("PATCH", path.to_owned(), Some(body))
}

/// The PUT variant of a group push: the whole group.
pub fn put_group(path: &str, id: &str, display_name: &str, members: Vec<Value>) -> ScimCall {
    let body =
        json!({"schemas": [urn::GROUP], "id": id, "displayName": display_name, "members": members});
    call("PUT", path.to_owned(), Some(body))
}

/// Unlink pushed group → delete in the target app.
pub fn delete(path: &str) -> ScimCall {
    call("DELETE", path.to_owned(), None)
}
