//! Microsoft Entra ID's SCIM requests, shape for shape, in both modes of its `aadOptscim062020`
//! flag (Microsoft's "Known issues with SCIM 2.0 compliance" page shows each altered request
//! without and with it).
//!
//! The flag changes four requests: disabling a user (`"Replace"` with the string `"False"`
//! without it, `"replace"` with `false` with it), adding a single-valued attribute (`"Add"` /
//! `"add"`), replacing several attributes (one capitalised `Replace` per path / a lowercase
//! `replace` of the filtered email plus one path-less `replace` whose keys are dotted and URN
//! paths) and removing a group member (`"Remove"` of `members` with a value array / `"remove"` of
//! `members[value eq "…"]`). Every other request is sent as Microsoft's SCIM tutorial shows it
//! in both modes: capitalised ops (`Replace` of `userName`, `Add` of members with
//! `{"$ref": null, "value": …}`), `excludedAttributes=members` on group reads. User lookups encode
//! spaces as `+` (a server's capture in AzureAD/SCIMReferenceCode#63).

use crate::call::{Encoding, ScimCall, encode, literal};
use scim::schema::urn;
use serde_json::{Value, json};

/// The enterprise user extension URN, which Entra's paths are prefixed with.
pub const ENTERPRISE: &str = urn::ENTERPRISE_USER;

/// Which behaviour of Entra's SCIM client a profile replays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// With the `aadOptscim062020` flag: the SCIM-compliant PATCH shapes (`--profile entra`).
    Compliant,
    /// Without it: the shapes Microsoft documents as sent before the flag
    /// (`--profile entra-legacy`).
    Legacy,
}

impl Mode {
    /// An op name as this mode writes the ops the flag changes (`op` given in lowercase).
    fn op(self, op: &str) -> String {
        match self {
            Mode::Compliant => op.to_owned(),
            Mode::Legacy => capitalised(op),
        }
    }
}

/// `op` with its first letter upper-cased, as Entra writes the ops the flag does not change.
fn capitalised(op: &str) -> String {
    let mut chars = op.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

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

/// "Test Connection": a random GUID userName, `+`-encoded, plain JSON accepted.
pub fn test_connection(endpoint: &str, guid: &str) -> ScimCall {
    let filter = format!("userName eq {}", literal(guid));
    ScimCall {
        method: "GET",
        path: format!("{endpoint}?filter={}", encode(&filter, Encoding::Plus)),
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

/// The matching lookup of a user: `filter=<attribute> eq "…"`, `+`-encoded.
pub fn lookup_user(endpoint: &str, attribute: &str, value: &str) -> ScimCall {
    let filter = format!("{attribute} eq {}", literal(value));
    call(
        "GET",
        format!("{endpoint}?filter={}", encode(&filter, Encoding::Plus)),
        None,
    )
}

/// The group lookup: `excludedAttributes=members&filter=displayName eq "…"`, `+`-encoded.
pub fn lookup_group(endpoint: &str, display_name: &str) -> ScimCall {
    let filter = format!("displayName eq {}", literal(display_name));
    call(
        "GET",
        format!(
            "{endpoint}?excludedAttributes=members&filter={}",
            encode(&filter, Encoding::Plus)
        ),
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

/// `PATCH` with Entra's operations, as given.
pub fn patch(path: &str, operations: Value) -> ScimCall {
    let body = json!({"schemas": [urn::PATCH_OP], "Operations": operations});
    call("PATCH", path.to_owned(), Some(body))
}

/// One operation the flag does not change, written as Entra writes it in both modes
/// (capitalised op).
pub fn op(op: &str, path: &str, value: Value) -> Value {
    json!({"op": capitalised(op), "path": path, "value": value})
}

/// Disabling a user: `Replace` with `"False"` (legacy) or `replace` with `false` (compliant).
pub fn disable(mode: Mode) -> Value {
    let value = match mode {
        Mode::Compliant => json!(false),
        Mode::Legacy => json!("False"),
    };
    json!([{"op": mode.op("replace"), "path": "active", "value": value}])
}

/// Adding a single-valued attribute: `Add` (legacy) or `add` (compliant) with a path.
pub fn add_single(mode: Mode, path: &str, value: Value) -> Value {
    json!([{"op": mode.op("add"), "path": path, "value": value}])
}

/// Replacing several attributes: the work email through `emails[type eq "work"].value`, and the
/// `others` (path, value) — one capitalised `Replace` per path (legacy), or one lowercase
/// path-less `replace` whose keys are the paths (compliant).
pub fn replace_several(mode: Mode, work_email: &str, others: &[(&str, Value)]) -> Value {
    let email = json!({"op": mode.op("replace"), "path": "emails[type eq \"work\"].value", "value": work_email});
    match mode {
        Mode::Legacy => std::iter::once(email)
            .chain(
                others
                    .iter()
                    .map(|(path, value)| op("replace", path, value.clone())),
            )
            .collect(),
        Mode::Compliant => {
            let value: serde_json::Map<String, Value> = others
                .iter()
                .map(|(path, value)| ((*path).to_owned(), value.clone()))
                .collect();
            json!([email, {"op": "replace", "value": value}])
        }
    }
}

/// A member as Entra adds it: `{"$ref": null, "value": id}`.
pub fn member(id: &str) -> Value {
    json!({"$ref": null, "value": id})
}

/// Adding members (`Add` of `members` in both modes).
pub fn add_members(ids: &[&str]) -> Value {
    let members: Vec<Value> = ids.iter().map(|id| member(id)).collect();
    json!([op("add", "members", Value::Array(members))])
}

/// Removing one member: `Remove` of `members` with a value array (legacy) or `remove` of
/// `members[value eq "…"]` (compliant).
pub fn remove_member(mode: Mode, id: &str) -> Value {
    match mode {
        Mode::Legacy => json!({"op": "Remove", "path": "members", "value": [{"value": id}]}),
        Mode::Compliant => {
            json!({"op": "remove", "path": format!("members[value eq {}]", literal(id))})
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_changes_case_and_shape_of_the_ops_it_lists() {
        assert_eq!(disable(Mode::Legacy)[0]["op"], "Replace");
        assert_eq!(disable(Mode::Legacy)[0]["value"], "False");
        assert_eq!(disable(Mode::Compliant)[0]["op"], "replace");
        assert_eq!(disable(Mode::Compliant)[0]["value"], false);
        let several = replace_several(Mode::Compliant, "a@x.io", &[("name.givenName", json!("A"))]);
        assert_eq!(
            several[1],
            json!({"op": "replace", "value": {"name.givenName": "A"}})
        );
        let several = replace_several(Mode::Legacy, "a@x.io", &[("name.givenName", json!("A"))]);
        assert_eq!(several[1]["op"], "Replace");
        assert_eq!(
            remove_member(Mode::Compliant, "1")["path"],
            "members[value eq \"1\"]"
        );
        assert_eq!(remove_member(Mode::Legacy, "1")["value"][0]["value"], "1");
    }

    #[test]
    fn unchanged_ops_are_capitalised_in_both_modes() {
        assert_eq!(add_members(&["1"])[0]["op"], "Add");
        assert_eq!(
            add_members(&["1"])[0]["value"][0],
            json!({"$ref": null, "value": "1"})
        );
    }
}
