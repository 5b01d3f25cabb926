//! OneLogin's SCIM requests, shape for shape, as its "SCIM Provisioner with SAML (SCIM v2
//! Enterprise)" connector sends them (each scenario names its sources, see [`crate::source`]).
//!
//! What the sources show: the user lookup is `filter=userName+eq+%22…%22` with spaces as `+` and
//! a trailing `&`; a path without a query still ends in `?` (`PUT /Users/{id}?`,
//! `PATCH /Groups/{id}?`); a group PATCH is labelled `application/scim+json` and carries an empty
//! User-Agent (all from a server's log of OneLogin's requests). Users are updated, suspended and
//! reactivated by a PUT of the body OneLogin renders from the app's SCIM JSON template (never by
//! PATCH), deleted by DELETE; groups are listed for "Refresh Entitlements", created by POST and
//! changed by PATCH (OneLogin's own sample SCIM server). A member is added with one `add` of
//! `members` holding `{"value": id}` per request, the shape whose size matches the logged PATCH.

use crate::call::{Encoding, ScimCall, encode, literal};
use scim::schema::urn;
use serde_json::{Value, json};

/// What OneLogin knows of a user: the values its JSON template renders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// `userName` (the app's "SCIM Username" parameter, usually the email).
    pub user_name: String,
    /// `name.givenName`.
    pub given_name: String,
    /// `name.familyName`.
    pub family_name: String,
    /// `title`.
    pub title: String,
    /// The enterprise extension's `department`.
    pub department: String,
    /// `active`: false while the user is suspended in OneLogin.
    pub active: bool,
}

/// Every OneLogin request's headers: an empty User-Agent, plain JSON accepted, SCIM JSON sent.
fn call(method: &'static str, path: String, body: Option<Value>) -> ScimCall {
    let headers = vec![("User-Agent", ""), ("Accept", "application/json")];
    ScimCall::new(method, path, headers, "application/scim+json", body)
}

/// `path` as OneLogin writes a URL without parameters: with a trailing `?`.
fn bare(path: &str) -> String {
    format!("{path}?")
}

/// The userName lookup (also the connection test, with a name that does not exist):
/// `filter=userName+eq+%22…%22&`.
pub fn lookup_user(endpoint: &str, user_name: &str) -> ScimCall {
    let filter = format!("userName eq {}", literal(user_name));
    let query = encode(&filter, Encoding::Plus);
    call("GET", format!("{endpoint}?filter={query}&"), None)
}

/// The user body OneLogin renders from a SCIM v2 Enterprise JSON template.
pub fn user(profile: &Profile) -> Value {
    json!({
        "schemas": [urn::USER, urn::ENTERPRISE_USER],
        "userName": profile.user_name,
        "name": {"familyName": profile.family_name, "givenName": profile.given_name},
        "title": profile.title,
        "emails": [{"value": profile.user_name, "type": "work", "primary": true}],
        "active": profile.active,
        urn::ENTERPRISE_USER: {"department": profile.department},
    })
}

/// Create User: `POST /Users?` with the rendered template.
pub fn create_user(endpoint: &str, profile: &Profile) -> ScimCall {
    call("POST", bare(endpoint), Some(user(profile)))
}

/// Update User (also suspend and reactivate): `PUT /Users/{id}?` with the rendered template.
pub fn put_user(path: &str, profile: &Profile) -> ScimCall {
    call("PUT", bare(path), Some(user(profile)))
}

/// Get User by ID (and any other read of one resource).
pub fn get(path: &str) -> ScimCall {
    call("GET", bare(path), None)
}

/// Delete User (or Group): `DELETE /Users/{id}?`.
pub fn delete(path: &str) -> ScimCall {
    call("DELETE", bare(path), None)
}

/// "Refresh Entitlements": the groups OneLogin can assign, one page from `start_index`
/// (`None`: the first request, with no parameters).
pub fn list_groups(endpoint: &str, start_index: Option<usize>) -> ScimCall {
    let path = match start_index {
        Some(start) => format!("{endpoint}?startIndex={start}&"),
        None => bare(endpoint),
    };
    call("GET", path, None)
}

/// Create Group: `POST /Groups?` with the group's name.
pub fn create_group(endpoint: &str, display_name: &str) -> ScimCall {
    let body = json!({"schemas": [urn::GROUP], "displayName": display_name});
    call("POST", bare(endpoint), Some(body))
}

/// One membership change: `add` or `remove` of `members` holding one `{"value": id}`.
pub fn change_member(path: &str, op: &str, id: &str) -> ScimCall {
    let body = json!({
        "schemas": [urn::PATCH_OP],
        "Operations": [{"op": op, "path": "members", "value": [{"value": id}]}],
    });
    call("PATCH", bare(path), Some(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_use_plus_and_a_trailing_ampersand() {
        let call = lookup_user("/Users", "ada lovelace");
        assert_eq!(call.path, "/Users?filter=userName+eq+%22ada+lovelace%22&");
        assert_eq!(get("/Users/1").path, "/Users/1?");
    }

    /// A server logged OneLogin's member-add PATCH as 165 bytes with a 36-character user id:
    /// exactly this body, written compactly.
    #[test]
    fn the_member_add_has_the_logged_size() {
        let id = "e90ef750-39cc-4062-8c35-ab6375bc455e";
        let call = change_member("/Groups/1", "add", id);
        let body = call.body.expect("a body").to_string();
        assert_eq!(body.len(), 165, "{body}");
        assert!(call.headers.contains(&("User-Agent", "")));
    }
}
