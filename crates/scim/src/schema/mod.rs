//! Attribute definitions and the schemas SCIM servers publish (RFC 7643 §2, §7, §8.7).
//!
//! Everything else in this crate asks *this* module what an attribute is: whether a string
//! compares case-exactly (filters), whether it may be written (PATCH, PUT), whether it is returned
//! (projection). Keeping those answers in one place is what keeps the server and the tester from
//! disagreeing.

mod attribute;
pub mod core;
pub mod governance;
mod meta;
mod resource;
mod resource_type;
mod service_provider_config;
pub mod urn;

pub use attribute::{AttrType, Attribute, Mutability, Returned, Uniqueness};
pub use meta::Meta;
pub use resource::SchemaResource;
pub use resource_type::{ResourceType, SchemaExtension};
pub use service_provider_config::{
    AuthenticationScheme, BulkConfig, FilterConfig, ServiceProviderConfig, Supported,
};

use serde::{Deserialize, Serialize};

/// One schema: a URN and the attributes it defines (RFC 7643 §7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    /// The schema URN, e.g. `urn:ietf:params:scim:schemas:core:2.0:User`.
    pub id: String,
    /// Human-readable name, e.g. `User`.
    #[serde(default)]
    pub name: String,
    /// What the schema describes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The top-level attributes.
    #[serde(default)]
    pub attributes: Vec<Attribute>,
}

impl Schema {
    /// Finds a top-level attribute by name, case-insensitively (RFC 7643 §2.1).
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }
}

/// The schemas of one resource type: its core schema and its extensions (RFC 7643 §6).
///
/// This is what filters, PATCH and projection consult to learn an attribute's characteristics.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceSchema {
    /// The core schema, e.g. `urn:ietf:params:scim:schemas:core:2.0:User`.
    pub core: Schema,
    /// Extension schemas, e.g. the enterprise user extension.
    pub extensions: Vec<Schema>,
}

impl ResourceSchema {
    /// The top-level attribute `name` of schema `urn` (the core schema when `None`).
    ///
    /// The common attributes `id`, `externalId` and `meta` (RFC 7643 §3.1) belong to no schema;
    /// they are found for an unqualified name or one qualified by the core URN.
    pub fn find(&self, urn: Option<&str>, name: &str) -> Option<&Attribute> {
        let schema = match urn {
            Some(urn) => self.schema(urn)?,
            None => &self.core,
        };
        schema.attribute(name).or_else(|| {
            if std::ptr::eq(schema, &self.core) {
                core::common_attributes()
                    .iter()
                    .find(|a| a.name.eq_ignore_ascii_case(name))
            } else {
                None
            }
        })
    }

    /// The URNs of the core schema and every extension, core first.
    pub fn urns(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.core.id.as_str()).chain(self.extensions.iter().map(|s| s.id.as_str()))
    }

    /// The schema named by `urn` (case-insensitively), core or extension.
    pub fn schema(&self, urn: &str) -> Option<&Schema> {
        std::iter::once(&self.core)
            .chain(&self.extensions)
            .find(|s| s.id.eq_ignore_ascii_case(urn))
    }

    /// The definition of `path`'s attribute (and sub-attribute), if the schemas define it.
    ///
    /// An unqualified name is looked up in the core schema (RFC 7644 §3.10: unqualified names
    /// belong to the core schema).
    pub fn resolve(&self, path: &crate::filter::AttrPath) -> Option<&Attribute> {
        let attr = self.find(path.schema.as_deref(), &path.name)?;
        match &path.sub {
            Some(sub) => attr.sub_attribute(sub),
            None => Some(attr),
        }
    }
}
