//! The two resource types the server hosts, User and Group, and what differs between them.

use scim::schema::{AttrType, Attribute, Mutability, ResourceSchema, Schema, core, urn};
use std::sync::LazyLock;

/// The URN of the reference server's own User extension.
pub const REFERENCE_USER: &str = "urn:scimcheck:schemas:extension:reference:2.0:User";

/// The User resource type: RFC 7643's (core User and the enterprise extension) plus an
/// extension of this server's own, whose `tenant` is immutable: RFC 7643 defines no immutable
/// User attribute a client sets, and a server with one is common (a tenant, a legal entity, a
/// hire date), so this is what the suite's immutable checks (RFC 7644 §3.5.1, §3.5.2) meet.
fn user() -> &'static ResourceSchema {
    static USER: LazyLock<ResourceSchema> = LazyLock::new(|| {
        let mut user = core::user().clone();
        user.extensions.push(Schema {
            id: REFERENCE_USER.to_owned(),
            name: "ReferenceUser".to_owned(),
            description: "What the scimcheck reference server adds to a user".to_owned(),
            attributes: vec![
                Attribute::new("tenant", AttrType::String)
                    .describe("The tenant the user was provisioned into: set once, never changed.")
                    .mutability(Mutability::Immutable),
            ],
        });
        user
    });
    &USER
}

/// A resource type (RFC 7643 §6): what a handler, the store and rendering need to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `/Users`, core User schema plus the enterprise extension and the server's own.
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
            Kind::User => user(),
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
