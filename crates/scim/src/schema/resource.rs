//! A schema rendered as a `/Schemas` resource (RFC 7643 §7): the schema definition plus the
//! resource envelope (`schemas`, `meta`).

use serde::{Deserialize, Serialize};

use super::{Meta, Schema, urn};

/// A `/Schemas` entry. The schema's own members (`id`, `name`, `description`, `attributes`)
/// sit at the top level beside `schemas` and `meta`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchemaResource {
    /// Should be `[urn:ietf:params:scim:schemas:core:2.0:Schema]`.
    #[serde(default)]
    pub schemas: Vec<String>,
    /// The schema definition.
    #[serde(flatten)]
    pub schema: Schema,
    /// Resource metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl SchemaResource {
    /// `schema` as a resource; `base_url` (without trailing slash), when given, makes
    /// `meta.location` `{base_url}/Schemas/{id}`.
    pub fn new(schema: &Schema, base_url: Option<&str>) -> Self {
        SchemaResource {
            schemas: vec![urn::SCHEMA.to_owned()],
            schema: schema.clone(),
            meta: Some(Meta::of(
                "Schema",
                base_url.map(|base| format!("{base}/Schemas/{}", schema.id)),
            )),
        }
    }
}
