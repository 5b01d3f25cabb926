//! SCIM 1.1 versus SCIM 2.0: the URNs, envelopes and endpoints that differ, and conversions of
//! resources between the two, so the server and the tester can speak 1.1 to older clients (Okta's
//! 1.1 integration tests) with the same 2.0 model underneath. A 1.1 PATCH (a partial resource
//! with `"operation": "delete"` marks and `meta.attributes`) becomes 2.0 operations
//! ([`patch_from_v1`]), so it is applied by the one PATCH implementation.

/// The SCIM 1.1 core schema URN; 1.1 resources and list envelopes carry it in `schemas`.
pub const V1_CORE: &str = "urn:scim:schemas:core:1.0";
/// The SCIM 1.1 enterprise User extension URN.
pub const V1_ENTERPRISE: &str = "urn:scim:schemas:extension:enterprise:1.0";

mod patch;

pub use patch::patch_from_v1;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::message::{self, ListResponse};
use crate::schema::{ResourceSchema, urn};

/// The SCIM protocol version a client or server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Version {
    /// SCIM 1.1 (2012): `urn:scim:schemas:core:1.0`, `/ServiceProviderConfigs`, `Errors` arrays.
    V1_1,
    /// SCIM 2.0 (RFC 7643, RFC 7644).
    V2_0,
}

impl Version {
    /// The service provider configuration endpoint: plural in 1.1, singular in 2.0.
    pub fn service_provider_config_path(self) -> &'static str {
        match self {
            Version::V1_1 => "/ServiceProviderConfigs",
            Version::V2_0 => "/ServiceProviderConfig",
        }
    }

    /// The version a `schemas` list belongs to: 1.1 for `urn:scim:schemas:…`, 2.0 for
    /// `urn:ietf:params:scim:…`; `None` when it names neither (or is empty).
    pub fn of_schemas<'a>(schemas: impl IntoIterator<Item = &'a str>) -> Option<Version> {
        schemas.into_iter().find_map(|s| {
            let lower = s.to_ascii_lowercase();
            if lower.starts_with("urn:scim:schemas:") {
                Some(Version::V1_1)
            } else if lower.starts_with("urn:ietf:params:scim:") {
                Some(Version::V2_0)
            } else {
                None
            }
        })
    }
}

/// A 2.0 resource as SCIM 1.1 writes it.
///
/// - `schemas` becomes `["urn:scim:schemas:core:1.0"]`, plus the 1.1 enterprise URN when the
///   resource has enterprise data (1.1 has one core URN for every resource type).
/// - Enterprise data moves from the 2.0 URN key to `urn:scim:schemas:extension:enterprise:1.0`;
///   its `manager.value` becomes 1.1's `manager.managerId` (1.1 has no `manager.$ref`).
/// - `meta.resourceType`, which 1.1 does not have, is dropped.
pub fn to_v1(resource: &Value) -> Value {
    let Value::Object(members) = resource else {
        return resource.clone();
    };
    let mut out = Map::new();
    let mut schemas = vec![Value::from(V1_CORE)];
    for (key, value) in members {
        if key.eq_ignore_ascii_case("schemas") {
            continue;
        }
        if key.eq_ignore_ascii_case(urn::ENTERPRISE_USER) {
            schemas.push(Value::from(V1_ENTERPRISE));
            out.insert(
                V1_ENTERPRISE.to_owned(),
                rename_manager(value, "value", "managerId", &["$ref"]),
            );
            continue;
        }
        let value = if key.eq_ignore_ascii_case("meta") {
            without(value, &["resourceType"])
        } else {
            value.clone()
        };
        out.insert(key.clone(), value);
    }
    out.insert("schemas".to_owned(), Value::Array(schemas));
    Value::Object(out)
}

/// A SCIM 1.1 resource read into the 2.0 model of `schema`'s resource type (the inverse of
/// [`to_v1`]): `urn:scim:schemas:core:1.0` becomes the core URN, the 1.1 enterprise URN (in
/// `schemas` and as a key) becomes the 2.0 one, `manager.managerId` becomes `manager.value`.
/// Anything else is left for [`crate::validate`] to judge.
pub fn from_v1(resource: &Value, schema: &ResourceSchema) -> Value {
    let Value::Object(members) = resource else {
        return resource.clone();
    };
    let upgrade = |text: &str| {
        if text.eq_ignore_ascii_case(V1_CORE) {
            schema.core.id.clone()
        } else if text.eq_ignore_ascii_case(V1_ENTERPRISE) {
            urn::ENTERPRISE_USER.to_owned()
        } else {
            text.to_owned()
        }
    };
    let mut out = Map::new();
    for (key, value) in members {
        if key.eq_ignore_ascii_case("schemas") {
            let upgraded = match value {
                Value::Array(items) => Value::Array(
                    items
                        .iter()
                        .map(|i| i.as_str().map_or_else(|| i.clone(), |s| upgrade(s).into()))
                        .collect(),
                ),
                other => other.clone(),
            };
            out.insert(key.clone(), upgraded);
        } else if key.eq_ignore_ascii_case(V1_ENTERPRISE) {
            out.insert(
                urn::ENTERPRISE_USER.to_owned(),
                rename_manager(value, "managerId", "value", &[]),
            );
        } else {
            out.insert(key.clone(), value.clone());
        }
    }
    Value::Object(out)
}

/// Enterprise data with `manager.<from>` renamed to `manager.<to>` and `drop` members removed
/// from `manager`.
fn rename_manager(enterprise: &Value, from: &str, to: &str, drop: &[&str]) -> Value {
    let mut enterprise = enterprise.clone();
    let manager = enterprise
        .as_object_mut()
        .and_then(|e| {
            e.iter_mut()
                .find(|(k, _)| k.eq_ignore_ascii_case("manager"))
        })
        .and_then(|(_, m)| m.as_object_mut());
    if let Some(manager) = manager {
        if let Some(key) = manager
            .keys()
            .find(|k| k.eq_ignore_ascii_case(from))
            .cloned()
            && let Some(id) = manager.remove(&key)
        {
            manager.insert(to.to_owned(), id);
        }
        manager.retain(|k, _| !drop.iter().any(|d| d.eq_ignore_ascii_case(k)));
    }
    enterprise
}

/// `value` (an object) without the members named in `names`.
fn without(value: &Value, names: &[&str]) -> Value {
    let mut value = value.clone();
    if let Some(object) = value.as_object_mut() {
        object.retain(|k, _| !names.iter().any(|n| n.eq_ignore_ascii_case(k)));
    }
    value
}

/// A SCIM 1.1 list envelope: like 2.0's, with `schemas: ["urn:scim:schemas:core:1.0"]`.
pub fn list_response_v1(
    resources: Vec<Value>,
    total_results: u64,
    start_index: u64,
) -> ListResponse<Value> {
    ListResponse {
        schemas: vec![V1_CORE.to_owned()],
        ..ListResponse::new(resources, total_results, start_index)
    }
}

/// A SCIM 1.1 error body: `{"Errors":[{"description": …, "code": "404"}]}`.
///
/// Okta's SCIM 1.1 SPEC test also asserts a top-level `detail` on a 404 (step "Test invalid User
/// by ID"), so a body written from a 2.0 [`message::Error`] carries `detail` too; a 1.1 client
/// ignores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct V1Error {
    /// The errors, usually one.
    #[serde(rename = "Errors", default)]
    pub errors: Vec<V1ErrorItem>,
    /// The 2.0-style detail Okta's 1.1 test looks for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// One entry of a SCIM 1.1 `Errors` array.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct V1ErrorItem {
    /// What went wrong.
    #[serde(default)]
    pub description: String,
    /// The HTTP status, as a string.
    #[serde(default)]
    pub code: String,
}

impl From<&message::Error> for V1Error {
    fn from(error: &message::Error) -> Self {
        let description = error.detail.clone().unwrap_or_default();
        V1Error {
            errors: vec![V1ErrorItem {
                description: description.clone(),
                code: error.status.as_str().to_owned(),
            }],
            detail: Some(description).filter(|d| !d.is_empty()),
        }
    }
}
