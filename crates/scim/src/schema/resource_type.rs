//! The `/ResourceTypes` resource (RFC 7643 §6): which endpoints a server has and which schemas
//! their resources use.

use serde::{Deserialize, Serialize};

use super::{Meta, ResourceSchema, core, urn};

/// One resource type, e.g. `User` at `/Users` with the enterprise extension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceType {
    /// Should be `[urn:ietf:params:scim:schemas:core:2.0:ResourceType]`.
    #[serde(default)]
    pub schemas: Vec<String>,
    /// The resource type's id, usually its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its name, e.g. `User`; this is what `meta.resourceType` says.
    pub name: String,
    /// Its endpoint relative to the base URL, e.g. `/Users`.
    pub endpoint: String,
    /// What it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The core schema URN.
    pub schema: String,
    /// The extensions its resources may (or must) carry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schema_extensions: Vec<SchemaExtension>,
    /// Resource metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

/// An extension of a resource type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaExtension {
    /// The extension URN.
    pub schema: String,
    /// Whether every resource must carry it.
    #[serde(default)]
    pub required: bool,
}

impl ResourceType {
    /// The resource type `name` at `endpoint` whose schemas are `schemas` (extensions optional).
    pub fn new(name: &str, endpoint: &str, schemas: &ResourceSchema) -> Self {
        ResourceType {
            schemas: vec![urn::RESOURCE_TYPE.to_owned()],
            id: Some(name.to_owned()),
            name: name.to_owned(),
            endpoint: endpoint.to_owned(),
            description: Some(schemas.core.description.clone()).filter(|d| !d.is_empty()),
            schema: schemas.core.id.clone(),
            schema_extensions: schemas
                .extensions
                .iter()
                .map(|e| SchemaExtension {
                    schema: e.id.clone(),
                    required: false,
                })
                .collect(),
            meta: Some(Meta::of("ResourceType", None)),
        }
    }

    /// `User` at `/Users`: core User with the optional enterprise extension.
    pub fn user() -> Self {
        Self::new("User", "/Users", core::user())
    }

    /// `Group` at `/Groups`.
    pub fn group() -> Self {
        Self::new("Group", "/Groups", core::group())
    }
}
