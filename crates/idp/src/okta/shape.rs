//! Okta's SCIM 2.0 requests, shape for shape: the URLs (with Okta's query parameters, spaces
//! encoded as `%20`), the headers, and the bodies Okta's provisioning engine sends.
//!
//! Facts from Okta's SCIM 2.0 reference (each scenario names the section it replays, see
//! [`crate::source`]): Okta tests credentials with `GET /Users?startIndex=1&count=2`, looks a
//! user up with `filter=userName%20eq%20"…"&startIndex=1&count=100` before creating, creates with
//! `password`, `externalId`, `locale` and an empty `groups`, updates profiles by GET then PUT of
//! the whole user, PATCHes (OIN apps) only to activate, deactivate and sync the password
//! (deactivation is a path-less `replace` of `{"active": false}`), imports by paging with
//! `count=100`, and pushes groups with PATCH (rename with `id` inside the value, members removed
//! by `members[value eq]` and added with `display` in one request) or, for wizard-built apps,
//! with PUT.

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

/// The lookup before an assignment creates:
/// `filter=userName%20eq%20"…"&startIndex=1&count=100`.
pub fn lookup_user(endpoint: &str, user_name: &str) -> ScimCall {
    let filter = format!("userName eq {}", literal(user_name));
    lookup(endpoint, &filter)
}

/// The Group Push lookup by `displayName`.
pub fn lookup_group(endpoint: &str, display_name: &str) -> ScimCall {
    let filter = format!("displayName eq {}", literal(display_name));
    lookup(endpoint, &filter)
}

fn lookup(endpoint: &str, filter: &str) -> ScimCall {
    call(
        "GET",
        format!(
            "{endpoint}?filter={}&startIndex=1&count={PAGE}",
            encode(filter, Encoding::Percent)
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

/// Okta's profile push: a PUT of the user as last read (`current`, carrying its read-only `id`
/// and `meta` as the server returned them) with the mapped attributes overwritten, and the
/// `password` (wizard-built apps sync it by PUT); the server must ignore what it does not own.
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
    }
    call("PUT", path.to_owned(), Some(body))
}

/// Deactivation (`false`) or reactivation (`true`) of a wizard-built app: a PUT of the user as
/// last read (`current`) with `active` set.
pub fn put_active(path: &str, current: &Value, active: bool) -> ScimCall {
    let mut body = current.clone();
    if let Some(object) = body.as_object_mut() {
        object.insert("active".into(), Value::Bool(active));
    }
    call("PUT", path.to_owned(), Some(body))
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

/// One membership update: a `remove` by `members[value eq "…"]` per id in `remove`, then an
/// `add` of `add` (left out when empty), in one PATCH.
pub fn update_members(path: &str, remove: &[&str], add: Vec<Value>) -> ScimCall {
    let mut operations: Vec<Value> = remove
        .iter()
        .map(|id| json!({"op": "remove", "path": format!("members[value eq {}]", literal(id))}))
        .collect();
    if !add.is_empty() {
        operations.push(json!({"op": "add", "path": "members", "value": add}));
    }
    call(
        "PATCH",
        path.to_owned(),
        Some(patch_body(Value::Array(operations))),
    )
}

/// "Push Now": replaces all members (possibly with none).
pub fn replace_members(path: &str, members: Vec<Value>) -> ScimCall {
    let body = patch_body(json!([{"op": "replace", "path": "members", "value": members}]));
    call("PATCH", path.to_owned(), Some(body))
}

/// The PUT of a wizard-built app's group push: the whole group (schemas, displayName, members;
/// no `id`).
pub fn put_group(path: &str, display_name: &str, members: Vec<Value>) -> ScimCall {
    let body = json!({"schemas": [urn::GROUP], "displayName": display_name, "members": members});
    call("PUT", path.to_owned(), Some(body))
}

/// Unlink pushed group → delete in the target app.
pub fn delete(path: &str) -> ScimCall {
    call("DELETE", path.to_owned(), None)
}

/// Entitlement discovery starts with the resource types: Okta keeps those whose `schema` is its
/// Role or Entitlement URN as catalogs to read.
pub fn resource_types() -> ScimCall {
    call("GET", "/ResourceTypes".to_owned(), None)
}

/// Then the schemas, for the extensions it does not know.
pub fn schemas() -> ScimCall {
    call("GET", "/Schemas".to_owned(), None)
}

/// One page of a catalog's values, in the parameter order of Okta's Entitlements Runscope test
/// (`count` first, then `startIndex`).
pub fn catalog_page(endpoint: &str, start_index: usize, count: usize) -> ScimCall {
    call(
        "GET",
        format!("{endpoint}?count={count}&startIndex={start_index}"),
        None,
    )
}

/// A grant of one catalog value as a user's `roles` or `entitlements` carry it: `value` (the
/// value's id) and `display`, plus `type` (the resource type's name) for entitlements.
pub fn grant(id: &str, display: &str, entitlement_type: Option<&str>) -> Value {
    let mut grant = json!({"value": id, "display": display});
    if let (Some(kind), Some(object)) = (entitlement_type, grant.as_object_mut()) {
        object.insert("type".into(), Value::from(kind));
    }
    grant
}

/// The user Okta creates on assignment, with the roles and entitlements granted at assignment.
pub fn create_user_with_grants(
    endpoint: &str,
    user: &AppUser,
    password: &str,
    roles: &[Value],
    entitlements: &[Value],
) -> ScimCall {
    let mut call = create_user(endpoint, user, password);
    if let Some(object) = call.body.as_mut().and_then(Value::as_object_mut) {
        object.insert("roles".into(), Value::from(roles.to_vec()));
        object.insert("entitlements".into(), Value::from(entitlements.to_vec()));
    }
    call
}

/// A grant or revocation: the PUT of the user as last read (`current`) with `roles` and
/// `entitlements` set to what the user now holds (empty lists when nothing is left).
pub fn put_grants(
    path: &str,
    current: &Value,
    roles: &[Value],
    entitlements: &[Value],
) -> ScimCall {
    let mut body = current.clone();
    if let Some(object) = body.as_object_mut() {
        object.insert("roles".into(), Value::from(roles.to_vec()));
        object.insert("entitlements".into(), Value::from(entitlements.to_vec()));
    }
    call("PUT", path.to_owned(), Some(body))
}
