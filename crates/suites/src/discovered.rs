//! What the server says about itself (ServiceProviderConfig, /ResourceTypes, /Schemas), read once
//! before any check runs: it decides which checks apply and shapes the test data.

use crate::check::Need;
use crate::reply::attribute;
use scim::schema::{Mutability, ResourceType, Schema, ServiceProviderConfig, urn};
use scimcheck_engine::rule::relative_segment;
use serde_json::Value;
use std::fmt;

/// The check that judges whether GET /ServiceProviderConfig serves one: the skip reasons of
/// capabilities left unread because it did not name it as their root cause.
pub const SPC_SERVED: &str = "discovery.spc.served";

/// The check that judges the types of the ServiceProviderConfig's members (a Boolean
/// `supported`, integer limits): the skip reason of a capability whose member does not decode
/// names it.
pub const SPC_MEMBERS: &str = "discovery.spc.required-members";

/// The members RFC 7643 §5 makes REQUIRED in a ServiceProviderConfig: its six capabilities
/// (named as [`Need::label`] names them) and `authenticationSchemes`.
pub const SPC_REQUIRED: [&str; 7] = [
    "patch",
    "bulk",
    "filter",
    "changePassword",
    "sort",
    "etag",
    "authenticationSchemes",
];

/// One way an answer to GET /ServiceProviderConfig is not a ServiceProviderConfig, as
/// [`SPC_SERVED`] judges it: RFC 7644 §4 says the endpoint "SHALL return responses with a JSON
/// object using a "schemas" attribute of" the ServiceProviderConfig URN, and RFC 7643 §5 makes
/// [`SPC_REQUIRED`] REQUIRED. One definition serves the check and the skip reasons, so a reason
/// never names the check while it passes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpcGap {
    /// The answer's status, not 200.
    Status(u16),
    /// The body is not a JSON object.
    NotAnObject,
    /// `schemas` does not list the ServiceProviderConfig URN.
    NoSchemaUrn,
    /// A REQUIRED member is absent (or null).
    Missing(&'static str),
}

impl SpcGap {
    /// What keeps the answer (`status`, the body parsed as JSON when it is JSON) from being a
    /// ServiceProviderConfig; empty when nothing does.
    pub fn of(status: u16, body: Option<&Value>) -> Vec<SpcGap> {
        if status != 200 {
            return vec![SpcGap::Status(status)];
        }
        let Some(spc) = body.filter(|b| b.is_object()) else {
            return vec![SpcGap::NotAnObject];
        };
        let listed = attribute(spc, "schemas").as_array().is_some_and(|schemas| {
            schemas.iter().any(|s| {
                s.as_str()
                    .is_some_and(|s| s.eq_ignore_ascii_case(urn::SERVICE_PROVIDER_CONFIG))
            })
        });
        let mut gaps: Vec<SpcGap> = (!listed)
            .then_some(SpcGap::NoSchemaUrn)
            .into_iter()
            .collect();
        gaps.extend(
            SPC_REQUIRED
                .into_iter()
                .filter(|member| attribute(spc, member).is_null())
                .map(SpcGap::Missing),
        );
        gaps
    }

    /// Whether the capability or member `member` could not be read because of this gap: a
    /// missing `schemas` URN leaves the members readable.
    fn hides(&self, member: &str) -> bool {
        match self {
            SpcGap::Status(_) | SpcGap::NotAnObject => true,
            SpcGap::NoSchemaUrn => false,
            SpcGap::Missing(missing) => missing.eq_ignore_ascii_case(member),
        }
    }
}

impl fmt::Display for SpcGap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpcGap::Status(status) => write!(f, "it answered {status}"),
            SpcGap::NotAnObject => f.write_str("its body is not a JSON object"),
            SpcGap::NoSchemaUrn => write!(
                f,
                "its schemas do not list {}",
                urn::SERVICE_PROVIDER_CONFIG
            ),
            SpcGap::Missing(member) => write!(f, "it has no {member} (REQUIRED)"),
        }
    }
}

/// The server's self-description, read leniently: what could not be read is noted, not fatal.
#[derive(Debug, Clone, Default)]
pub struct Discovered {
    /// The ServiceProviderConfig (all capabilities off when it could not be read).
    pub spc: ServiceProviderConfig,
    /// Whether a ServiceProviderConfig was read at all.
    pub spc_found: bool,
    /// What kept the answer to GET /ServiceProviderConfig from being one (see [`SpcGap`]).
    pub spc_gaps: Vec<SpcGap>,
    /// Capabilities (named as [`Need::label`] names them) whose member did not decode, e.g.
    /// `"supported": "true"`: read as unsupported, with [`SPC_MEMBERS`] as the reason.
    pub spc_undecoded: Vec<&'static str>,
    /// Resource types from /ResourceTypes.
    pub resource_types: Vec<ResourceType>,
    /// Schemas from /Schemas.
    pub schemas: Vec<Schema>,
    /// What could not be read, for the run's notes.
    pub notes: Vec<String>,
}

impl Discovered {
    /// Reads a ServiceProviderConfig body; notes why when it cannot.
    pub fn read_spc(&mut self, status: u16, body: &str) {
        let json = serde_json::from_str::<Value>(body).ok();
        self.spc_gaps = SpcGap::of(status, json.as_ref());
        if status != 200 {
            self.notes.push(format!(
                "ServiceProviderConfig answered {status}; every capability is treated as unsupported"
            ));
            return;
        }
        match scim::message::decode::<ServiceProviderConfig>(body, "ServiceProviderConfig") {
            Ok(spc) => {
                self.spc = spc;
                self.spc_found = true;
            }
            Err(e) => {
                let Some(json) = json.filter(Value::is_object) else {
                    self.notes.push(format!(
                        "ServiceProviderConfig is unreadable ({e}); every capability is treated as unsupported"
                    ));
                    return;
                };
                // One mistyped member must not hide the capabilities that are well formed.
                self.notes.push(format!(
                    "ServiceProviderConfig does not decode as a whole ({e}); each capability is read on its own"
                ));
                self.read_spc_capabilities(&json);
            }
        }
    }

    /// Reads each capability of a ServiceProviderConfig that does not decode as a whole on its
    /// own; one that does not decode either is left unsupported and listed in
    /// [`Discovered::spc_undecoded`].
    fn read_spc_capabilities(&mut self, json: &Value) {
        fn member<T: serde::de::DeserializeOwned + Default>(
            json: &Value,
            name: &'static str,
            undecoded: &mut Vec<&'static str>,
        ) -> T {
            match attribute(json, name) {
                Value::Null => T::default(),
                value => serde_json::from_value(value.clone()).unwrap_or_else(|_| {
                    undecoded.push(name);
                    T::default()
                }),
            }
        }
        let undecoded = &mut self.spc_undecoded;
        self.spc.patch = member(json, "patch", undecoded);
        self.spc.bulk = member(json, "bulk", undecoded);
        self.spc.filter = member(json, "filter", undecoded);
        self.spc.change_password = member(json, "changePassword", undecoded);
        self.spc.sort = member(json, "sort", undecoded);
        self.spc.etag = member(json, "etag", undecoded);
        self.spc_found = true;
    }

    /// Reads a /ResourceTypes list body; each unreadable entry is noted and left out.
    pub fn read_resource_types(&mut self, status: u16, body: &str) {
        self.resource_types = list_members(status, body, "ResourceTypes", &mut self.notes);
        if self.resource_types.is_empty() {
            self.notes.push(
                "no resource types were read; /Users and /Groups are assumed (RFC 7644 §3.2)"
                    .into(),
            );
        }
    }

    /// Reads a /Schemas list body; each unreadable entry is noted and left out.
    pub fn read_schemas(&mut self, status: u16, body: &str) {
        self.schemas = list_members(status, body, "Schemas", &mut self.notes);
    }

    /// The endpoint of the resource type named `name` (`/Users` for `User`). User and Group
    /// are always at the conventional `/Users` and `/Groups` under the base URL the user gave,
    /// because that is what Okta and Entra call whatever /ResourceTypes says; the discovery
    /// checks judge what it says. Other types come from /ResourceTypes when their endpoint is
    /// relative to the base URL (one path segment).
    pub fn endpoint(&self, name: &str) -> Option<String> {
        if name.eq_ignore_ascii_case("User") {
            return Some("/Users".into());
        }
        if name.eq_ignore_ascii_case("Group") {
            return Some("/Groups".into());
        }
        self.resource_types
            .iter()
            .find(|rt| rt.name.eq_ignore_ascii_case(name))
            .and_then(|rt| relative_segment(&rt.endpoint))
            .map(|segment| format!("/{segment}"))
    }

    /// Whether the server hosts the resource type `name` with core schema `schema`: assumed when
    /// no resource type could be read (RFC 7644 §3.2 names /Users and /Groups), otherwise
    /// whether /ResourceTypes lists it by name or by schema (an odd name or endpoint is the
    /// discovery checks' business, not a reason to skip every check of that type).
    pub fn declares(&self, name: &str, schema: &str) -> bool {
        self.resource_types.is_empty()
            || self.resource_types.iter().any(|rt| {
                rt.name.eq_ignore_ascii_case(name) || rt.schema.eq_ignore_ascii_case(schema)
            })
    }

    /// The schema with `id`, when /Schemas published it.
    pub fn schema(&self, id: &str) -> Option<&Schema> {
        self.schemas.iter().find(|s| s.id.eq_ignore_ascii_case(id))
    }

    /// The extension schemas /Schemas serves that the resource type of core schema `core` marks
    /// required: every resource of the type carries them (RFC 7643 §6, `required`).
    pub fn required_extensions(&self, core: &str) -> Vec<&Schema> {
        self.resource_types
            .iter()
            .filter(|rt| rt.schema.eq_ignore_ascii_case(core))
            .flat_map(|rt| &rt.schema_extensions)
            .filter(|e| e.required)
            .filter_map(|e| self.schema(&e.schema))
            .collect()
    }

    /// Whether /Schemas was read and says the server has no attribute `attribute` (a top-level
    /// name) in schema `urn`: it does not publish the schema, or the schema lacks it. Nothing
    /// read is nothing known: `false`.
    pub fn lacks(&self, urn: &str, attribute: &str) -> bool {
        !self.schemas.is_empty()
            && self
                .schema(urn)
                .is_none_or(|schema| schema.attribute(attribute).is_none())
    }

    /// Whether /Schemas declares `attribute` of schema `urn` immutable or readOnly: a client
    /// may not change it (RFC 7644 §3.5.1: a changed immutable value is a 400 `mutability`; a
    /// readOnly one is ignored).
    pub fn declares_fixed(&self, urn: &str, attribute: &str) -> bool {
        self.schema(urn)
            .and_then(|schema| schema.attribute(attribute))
            .is_some_and(|attr| {
                matches!(
                    attr.mutability,
                    Mutability::Immutable | Mutability::ReadOnly
                )
            })
    }

    /// Whether the User resource type lists the enterprise extension.
    pub fn has_enterprise_user(&self) -> bool {
        self.resource_types.iter().any(|rt| {
            (rt.name.eq_ignore_ascii_case("User") || rt.schema.eq_ignore_ascii_case(urn::USER))
                && rt
                    .schema_extensions
                    .iter()
                    .any(|e| e.schema == urn::ENTERPRISE_USER)
        })
    }

    /// `Ok` when the server offers `need`, else the reason to skip.
    pub fn offers(&self, need: Need) -> Result<(), String> {
        let spc = &self.spc;
        let offered = match need {
            Need::Users => self.declares("User", urn::USER),
            Need::Groups => self.declares("Group", urn::GROUP),
            Need::EnterpriseUser => self.has_enterprise_user(),
            Need::Patch => spc.patch.supported,
            Need::Bulk => spc.bulk.supported,
            Need::Filter => spc.filter.supported,
            Need::Sort => spc.sort.supported,
            Need::Etag => spc.etag.supported,
            Need::ChangePassword => spc.change_password.supported,
        };
        let unread: Vec<String> = self
            .spc_gaps
            .iter()
            .filter(|gap| need.is_capability() && gap.hides(need.label()))
            .map(ToString::to_string)
            .collect();
        let undecoded = need.is_capability()
            && self
                .spc_undecoded
                .iter()
                .any(|member| member.eq_ignore_ascii_case(need.label()));
        if offered {
            Ok(())
        } else if undecoded {
            Err(format!(
                "the server's ServiceProviderConfig `{}` member does not decode (e.g. a supported that is not a Boolean), so it is read as unsupported; {SPC_MEMBERS} judges it",
                need.label()
            ))
        } else if !unread.is_empty() {
            Err(format!(
                "the server does not advertise {} support: GET /ServiceProviderConfig served no usable ServiceProviderConfig ({}), which {SPC_SERVED} judges",
                need.label(),
                unread.join(", ")
            ))
        } else if need.is_capability() {
            Err(format!(
                "ServiceProviderConfig does not advertise {} support",
                need.label()
            ))
        } else {
            Err(format!(
                "the server does not offer the {} (see /ResourceTypes)",
                need.label()
            ))
        }
    }
}

/// The entries of a ListResponse body (or of a bare array, which some servers send).
fn list_members<T: serde::de::DeserializeOwned>(
    status: u16,
    body: &str,
    what: &str,
    notes: &mut Vec<String>,
) -> Vec<T> {
    if status != 200 {
        notes.push(format!("/{what} answered {status}"));
        return Vec::new();
    }
    let entries = match serde_json::from_str::<Value>(body) {
        Ok(Value::Array(items)) => items,
        Ok(Value::Object(mut map)) => match map.remove("Resources") {
            Some(Value::Array(items)) => items,
            _ => {
                notes.push(format!("/{what} has no Resources array"));
                Vec::new()
            }
        },
        Ok(_) | Err(_) => {
            notes.push(format!("/{what} is not a JSON list"));
            Vec::new()
        }
    };
    entries
        .into_iter()
        .enumerate()
        .filter_map(|(i, entry)| match serde_json::from_value::<T>(entry) {
            Ok(item) => Some(item),
            Err(e) => {
                notes.push(format!("/{what} entry {i} is unreadable: {e}"));
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_schemas_let_a_client_set() {
        let mut d = Discovered::default();
        assert!(
            !d.lacks(urn::USER, "title") && !d.declares_fixed(urn::USER, "userName"),
            "nothing read, nothing known"
        );
        let user = serde_json::json!({
            "id": urn::USER,
            "attributes": [
                {"name": "userName", "type": "string", "mutability": "immutable"},
                {"name": "displayName", "type": "string", "mutability": "readWrite"},
                {"name": "groups", "type": "complex", "mutability": "readOnly"},
            ],
        });
        let list = serde_json::json!({"Resources": [user]});
        d.read_schemas(200, &list.to_string());
        assert!(!d.lacks(urn::USER, "displayName") && !d.declares_fixed(urn::USER, "displayName"));
        assert!(!d.lacks(urn::USER, "userName") && d.declares_fixed(urn::USER, "userName"));
        assert!(d.declares_fixed(urn::USER, "groups"));
        assert!(d.lacks(urn::USER, "title") && !d.declares_fixed(urn::USER, "title"));
        assert!(
            d.lacks(urn::ENTERPRISE_USER, "department"),
            "a schema not published"
        );
    }

    #[test]
    fn missing_resource_types_fall_back_to_conventional_endpoints() {
        let mut d = Discovered::default();
        d.read_resource_types(404, "");
        assert_eq!(d.endpoint("User").as_deref(), Some("/Users"));
        assert!(d.notes.iter().any(|n| n.contains("404")));
    }

    #[test]
    fn odd_resource_type_endpoints_never_move_users_and_groups() {
        let mut d = Discovered::default();
        d.read_resource_types(
            200,
            r#"{"Resources":[
                {"name":"User","endpoint":"/scim/v2/Users","schema":"urn:ietf:params:scim:schemas:core:2.0:User"},
                {"name":"Groups","endpoint":"http://h/scim/v2/Groups","schema":"urn:ietf:params:scim:schemas:core:2.0:Group"},
                {"name":"Device","endpoint":"/Devices/","schema":"urn:x:Device"},
                {"name":"Printer","endpoint":"/scim/v2/Printers","schema":"urn:x:Printer"}]}"#,
        );
        assert_eq!(d.endpoint("User").as_deref(), Some("/Users"));
        assert_eq!(d.endpoint("Group").as_deref(), Some("/Groups"));
        assert!(d.offers(Need::Groups).is_ok(), "found by its schema");
        assert_eq!(d.endpoint("Device").as_deref(), Some("/Devices"));
        assert_eq!(d.endpoint("Printer"), None);
    }

    #[test]
    fn unsupported_capability_gives_a_reason() {
        let mut d = Discovered::default();
        d.read_spc(
            200,
            r#"{"patch":{"supported":false},"bulk":{"supported":true}}"#,
        );
        assert!(d.spc_found);
        assert!(d.offers(Need::Bulk).is_ok());
        let reason = d.offers(Need::Patch).unwrap_err();
        assert!(reason.contains("patch"), "{reason}");
    }

    #[test]
    fn a_capability_left_unread_names_the_check_that_judges_the_spc() {
        let mut groups = Discovered::default();
        groups.read_spc(
            200,
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]}"#,
        );
        assert!(groups.spc_gaps.contains(&SpcGap::NoSchemaUrn));
        let reason = groups.offers(Need::Sort).unwrap_err();
        assert!(
            reason.contains(SPC_SERVED) && reason.contains("it has no sort"),
            "{reason}"
        );
        let mut missing = Discovered::default();
        missing.read_spc(404, "");
        assert!(
            missing
                .offers(Need::Etag)
                .unwrap_err()
                .contains("answered 404")
        );
        // A ServiceProviderConfig without its URN that says no is read as saying no.
        let mut unlabelled = Discovered::default();
        unlabelled.read_spc(
            200,
            r#"{"patch":{"supported":false},"bulk":{},"filter":{},"changePassword":{},"sort":{},"etag":{},"authenticationSchemes":[]}"#,
        );
        assert_eq!(unlabelled.spc_gaps, [SpcGap::NoSchemaUrn]);
        let reason = unlabelled.offers(Need::Patch).unwrap_err();
        assert!(!reason.contains(SPC_SERVED), "{reason}");
    }

    #[test]
    fn a_mistyped_capability_hides_only_itself_and_names_the_members_check() {
        let mut d = Discovered::default();
        d.read_spc(
            200,
            r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
                "documentationUri":5,"patch":{"supported":true},"bulk":{"supported":false},
                "filter":{"supported":true,"maxResults":50},"changePassword":{"supported":false},
                "sort":{"supported":"true"},"etag":{"supported":true},"authenticationSchemes":[]}"#,
        );
        assert!(d.offers(Need::Patch).is_ok() && d.offers(Need::Etag).is_ok());
        assert_eq!(d.spc.filter.max_results, 50);
        assert_eq!(d.spc_undecoded, ["sort"]);
        let reason = d.offers(Need::Sort).unwrap_err();
        assert!(reason.contains(SPC_MEMBERS), "{reason}");
        let reason = d.offers(Need::Bulk).unwrap_err();
        assert!(!reason.contains(SPC_MEMBERS), "{reason}");
    }

    #[test]
    fn resource_type_endpoints_are_read() {
        let mut d = Discovered::default();
        d.read_resource_types(
            200,
            r#"{"Resources":[{"name":"User","endpoint":"Users","schema":"urn:x"},{"bad":1}]}"#,
        );
        assert_eq!(d.endpoint("user").as_deref(), Some("/Users"));
        assert!(!d.declares("Group", urn::GROUP));
        assert!(d.offers(Need::Groups).is_err());
        assert!(d.notes.iter().any(|n| n.contains("entry 1")));
    }
}
