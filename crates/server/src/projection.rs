//! `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9) as the server applies them:
//! `scim::projection` decides what a response carries; this wrapper keeps the raw lists (one
//! request may span both resource types) and applies the defects that distort projection.

use crate::api::Api;
use crate::defect::Defect;
use crate::error::ApiError;
use crate::resource_type::Kind;
use scim::schema::ResourceSchema;
use serde_json::Value;

/// The two parameter lists of a request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Projection {
    attributes: Vec<String>,
    excluded: Vec<String>,
}

fn split(text: Option<&str>) -> Vec<String> {
    text.unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

impl Projection {
    /// Parses the comma-separated parameter values; an entry that is not an attribute path is
    /// 400 invalidValue.
    pub fn parse(attributes: Option<&str>, excluded: Option<&str>) -> Result<Projection, ApiError> {
        let projection = Projection {
            attributes: split(attributes),
            excluded: split(excluded),
        };
        for kind in Kind::ALL {
            scim::projection::Projection::new(
                &projection.attributes,
                &projection.excluded,
                kind.schema(),
            )?;
        }
        Ok(projection)
    }

    /// Applies the projection to a rendered resource of `kind`.
    pub fn apply(&self, api: &Api, kind: Kind, resource: Value) -> Value {
        self.apply_as(api, kind.schema(), resource)
    }

    /// Applies the projection to a rendered resource that `schema` describes (a stored kind's,
    /// or an entitlement catalog's).
    pub fn apply_as(&self, api: &Api, schema: &ResourceSchema, resource: Value) -> Value {
        let attributes: &[String] = if api.has(Defect::AttributesParamIgnored) {
            &[]
        } else {
            &self.attributes
        };
        let excluded: &[String] = if api.has(Defect::ExcludedAttributesParamIgnored) {
            &[]
        } else {
            &self.excluded
        };
        let Ok(projection) = scim::projection::Projection::new(attributes, excluded, schema) else {
            return resource;
        };
        let mut shown = projection.apply(&resource, schema);
        if api.has(Defect::PasswordReturned)
            && let (Some(password), Some(obj)) = (resource.get("password"), shown.as_object_mut())
        {
            obj.insert("password".into(), password.clone());
        }
        if api.has(Defect::SchemasDroppedUnderAttributes)
            && !attributes.is_empty()
            && let Some(obj) = shown.as_object_mut()
        {
            obj.remove("schemas");
        }
        if api.has(Defect::ExcludedAttributesRemovesAlways)
            && let Some(obj) = shown.as_object_mut()
        {
            obj.retain(|name, _| !excluded.iter().any(|e| e.eq_ignore_ascii_case(name)));
        }
        shown
    }
}
