//! Okta Identity Governance's two catalog schemas: the values a SCIM server offers as roles
//! (`urn:okta:scim:schemas:core:1.0:Role`) and as entitlements of some type
//! (`urn:okta:scim:schemas:core:1.0:Entitlement`). They are not RFC 7643 schemas; Okta defines
//! them in its guide "Build a SCIM 2.0 server with entitlements"
//! (<https://developer.okta.com/docs/guides/scim-with-entitlements/main/>) and reads every
//! resource type whose `schema` names one of them as a catalog of values it can grant through a
//! user's `roles` and `entitlements` attributes.
//!
//! Per that guide a value has an `id` (the common attribute), a required `displayName`, an
//! optional `description` (at most 1,000 characters), and — entitlements only — a required
//! `type` equal to the `name` of its resource type ("License", "Profile"…).

use std::sync::LazyLock;

use super::{AttrType, Attribute, Mutability, ResourceSchema, Schema, urn};

/// The attributes both catalog schemas share: `displayName` (required) and `description`.
fn value_attributes(what: &str) -> Vec<Attribute> {
    vec![
        Attribute::new("displayName", AttrType::String)
            .describe(&format!(
                "The {what}'s name as Okta's Governance tab shows it."
            ))
            .required()
            .mutability(Mutability::ReadOnly),
        Attribute::new("description", AttrType::String)
            .describe(&format!(
                "What the {what} grants (at most 1,000 characters)."
            ))
            .mutability(Mutability::ReadOnly),
    ]
}

/// The Okta Role schema: `displayName`, `description`.
pub fn role() -> &'static ResourceSchema {
    static ROLE: LazyLock<ResourceSchema> = LazyLock::new(|| ResourceSchema {
        core: Schema {
            id: urn::OKTA_ROLE.to_owned(),
            name: "Role".to_owned(),
            description: "A role Okta Identity Governance can grant through a user's roles"
                .to_owned(),
            attributes: value_attributes("role"),
        },
        extensions: Vec::new(),
    });
    &ROLE
}

/// The Okta Entitlement schema: `displayName`, `type` (the resource type's name),
/// `description`.
pub fn entitlement() -> &'static ResourceSchema {
    static ENTITLEMENT: LazyLock<ResourceSchema> = LazyLock::new(|| {
        let mut attributes = value_attributes("entitlement");
        attributes.insert(
            1,
            Attribute::new("type", AttrType::String)
                .describe("The name of the entitlement's resource type, e.g. License.")
                .required()
                .mutability(Mutability::ReadOnly),
        );
        ResourceSchema {
            core: Schema {
                id: urn::OKTA_ENTITLEMENT.to_owned(),
                name: "Entitlement".to_owned(),
                description:
                    "An entitlement Okta Identity Governance can grant through a user's entitlements"
                        .to_owned(),
                attributes,
            },
            extensions: Vec::new(),
        }
    });
    &ENTITLEMENT
}
