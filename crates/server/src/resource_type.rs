//! The two resource types the server hosts, User and Group, and what differs between them.

use scim::schema::{ResourceSchema, core, urn};

/// A resource type (RFC 7643 §6): what a handler, the store and rendering need to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `/Users`, core User schema plus the enterprise extension.
    User,
    /// `/Groups`, core Group schema.
    Group,
}

impl Kind {
    /// Both kinds, in the order `/ResourceTypes` lists them.
    pub const ALL: [Kind; 2] = [Kind::User, Kind::Group];

    /// The resource type name, also `meta.resourceType`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::User => "User",
            Kind::Group => "Group",
        }
    }

    /// The endpoint, relative to the base URL.
    pub fn endpoint(self) -> &'static str {
        match self {
            Kind::User => "/Users",
            Kind::Group => "/Groups",
        }
    }

    /// The core schema URN.
    pub fn schema_urn(self) -> &'static str {
        match self {
            Kind::User => urn::USER,
            Kind::Group => urn::GROUP,
        }
    }

    /// The schemas that define this type's attributes.
    pub fn schema(self) -> &'static ResourceSchema {
        match self {
            Kind::User => core::user(),
            Kind::Group => core::group(),
        }
    }

    /// The attribute that must be unique (case-insensitively): `userName` or `displayName`.
    pub fn unique_attribute(self) -> &'static str {
        match self {
            Kind::User => "userName",
            Kind::Group => "displayName",
        }
    }

    /// The kind served at `endpoint` (`Users` or `Groups`, case-insensitively).
    pub fn from_endpoint(endpoint: &str) -> Option<Kind> {
        let trimmed = endpoint.trim_start_matches('/');
        Kind::ALL.into_iter().find(|k| {
            k.endpoint()
                .trim_start_matches('/')
                .eq_ignore_ascii_case(trimmed)
        })
    }
}
