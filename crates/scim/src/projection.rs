//! Which attributes a response carries: the `attributes` and `excludedAttributes` query
//! parameters (RFC 7644 §3.4.2.5, §3.9) combined with each attribute's `returned`
//! characteristic (RFC 7643 §7).
//!
//! - `schemas` and `returned: always` attributes (`id`) are always in the response.
//! - `returned: never` attributes (`password`) never are.
//! - With `attributes`, only the named attributes (and the always ones) are returned; naming a
//!   sub-attribute (`name.givenName`, `emails.value`) returns its parent with only that
//!   sub-attribute; naming an extension URN alone returns the whole extension.
//! - Without `attributes`, `returned: default` attributes are returned and `returned: request`
//!   ones are not.
//! - `excludedAttributes` then removes what it names, whole attributes or sub-attributes, except
//!   `always` ones.
//!
//! Names are matched case-insensitively and may be qualified by their schema URN
//! (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`); unqualified
//! names belong to the core schema. Names the schema does not define select nothing. Attributes a
//! resource carries that the schema does not define are treated as `returned: default`.
//!
//! ```
//! use scim::{projection::Projection, schema::core};
//! use serde_json::json;
//!
//! let user = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "42",
//!                   "userName": "bjensen", "password": "secret",
//!                   "name": {"givenName": "Barbara", "familyName": "Jensen"}});
//! let only = Projection::new(&["name.givenName".into()], &[], core::user())?;
//! assert_eq!(
//!     only.apply(&user, core::user()),
//!     json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "42",
//!            "name": {"givenName": "Barbara"}})
//! );
//! # Ok::<(), scim::error::ScimError>(())
//! ```

use serde_json::{Map, Value};

use crate::error::ScimError;
use crate::filter::parse_attr_path;
use crate::schema::{Attribute, ResourceSchema, Returned};

/// A parsed `attributes` / `excludedAttributes` pair, ready to apply to resources of one type.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Projection {
    /// What `attributes` names; empty means "the default set".
    attributes: Vec<Selector>,
    /// What `excludedAttributes` names.
    excluded: Vec<Selector>,
}

/// One name from an attribute list, resolved to the schema it belongs to. All text lowercase.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Selector {
    /// The schema URN (the core schema's when unqualified).
    schema: String,
    /// The attribute; `None` when the whole schema is named (an extension URN alone).
    name: Option<String>,
    /// The sub-attribute.
    sub: Option<String>,
}

impl Selector {
    /// Whether this names attribute `name` of `schema` whole (or its whole schema).
    fn names_whole(&self, schema: &str, name: &str) -> bool {
        self.schema == schema
            && match &self.name {
                None => true,
                Some(n) => n == name && self.sub.is_none(),
            }
    }

    /// The sub-attribute of `schema`'s `name` this names, if any.
    fn sub_of(&self, schema: &str, name: &str) -> Option<&str> {
        (self.schema == schema && self.name.as_deref() == Some(name))
            .then_some(self.sub.as_deref())
            .flatten()
    }
}

impl Projection {
    /// Parses the two lists (each entry one attribute path, as [`crate::message::SearchRequest`]
    /// holds them) for resources of `schema`.
    ///
    /// An entry that is not an attribute path is `invalidValue`, naming the entry and the list.
    pub fn new(
        attributes: &[String],
        excluded_attributes: &[String],
        schema: &ResourceSchema,
    ) -> Result<Self, ScimError> {
        let parse = |list: &[String], which: &str| {
            list.iter()
                .map(|entry| selector(entry, which, schema))
                .collect::<Result<Vec<_>, _>>()
        };
        Ok(Projection {
            attributes: parse(attributes, "attributes")?,
            excluded: parse(excluded_attributes, "excludedAttributes")?,
        })
    }

    /// `resource` with only the attributes this projection returns.
    pub fn apply(&self, resource: &Value, schema: &ResourceSchema) -> Value {
        let Value::Object(members) = resource else {
            return resource.clone();
        };
        let core = schema.core.id.to_ascii_lowercase();
        let mut out = Map::new();
        for (key, value) in members {
            if key.eq_ignore_ascii_case("schemas") {
                out.insert(key.clone(), value.clone());
                continue;
            }
            let kept = match schema
                .extensions
                .iter()
                .find(|e| e.id.eq_ignore_ascii_case(key))
            {
                Some(extension) => {
                    let urn = extension.id.to_ascii_lowercase();
                    value.as_object().and_then(|inner| {
                        let projected: Map<String, Value> = inner
                            .iter()
                            .filter_map(|(name, v)| {
                                self.attribute(&urn, name, extension.attribute(name), v)
                                    .map(|p| (name.clone(), p))
                            })
                            .collect();
                        (!projected.is_empty()).then_some(Value::Object(projected))
                    })
                }
                None => self.attribute(&core, key, schema.find(None, key), value),
            };
            if let Some(kept) = kept {
                out.insert(key.clone(), kept);
            }
        }
        Value::Object(out)
    }

    /// The projected value of attribute `name` of schema `urn` (lowercase), `None` to omit it.
    fn attribute(
        &self,
        urn: &str,
        name: &str,
        definition: Option<&Attribute>,
        value: &Value,
    ) -> Option<Value> {
        let lower = name.to_ascii_lowercase();
        let returned = definition.map_or(Returned::Default, |d| d.returned);
        match returned {
            Returned::Never => return None,
            Returned::Always => return Some(value.clone()),
            Returned::Default | Returned::Request => {}
        }
        let whole = if self.attributes.is_empty() {
            returned == Returned::Default
        } else {
            self.attributes.iter().any(|s| s.names_whole(urn, &lower))
        };
        let chosen: Vec<&str> = self
            .attributes
            .iter()
            .filter_map(|s| s.sub_of(urn, &lower))
            .collect();
        if (!whole && chosen.is_empty()) || self.excluded.iter().any(|s| s.names_whole(urn, &lower))
        {
            return None;
        }
        let dropped: Vec<&str> = self
            .excluded
            .iter()
            .filter_map(|s| s.sub_of(urn, &lower))
            .collect();
        let keep_sub = |sub_name: &str| {
            let sub_lower = sub_name.to_ascii_lowercase();
            let sub_returned = definition
                .and_then(|d| d.sub_attribute(sub_name))
                .map_or(Returned::Default, |s| s.returned);
            let named = chosen.contains(&sub_lower.as_str());
            match sub_returned {
                Returned::Never => false,
                Returned::Always => true,
                Returned::Request => named,
                Returned::Default => (whole || named) && !dropped.contains(&sub_lower.as_str()),
            }
        };
        project_subs(value, &keep_sub)
    }
}

/// `value` (a complex value, an array of them, or a simple value) with only the sub-attributes
/// `keep` accepts; `None` when nothing is left of a complex value.
fn project_subs(value: &Value, keep: &dyn Fn(&str) -> bool) -> Option<Value> {
    match value {
        Value::Object(members) => {
            let kept: Map<String, Value> = members
                .iter()
                .filter(|(k, _)| keep(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            (!kept.is_empty()).then_some(Value::Object(kept))
        }
        Value::Array(items) => {
            let kept: Vec<Value> = items.iter().filter_map(|i| project_subs(i, keep)).collect();
            (!kept.is_empty()).then_some(Value::Array(kept))
        }
        simple => Some(simple.clone()),
    }
}

/// Resolves one entry of an attribute list against `schema`.
fn selector(entry: &str, which: &str, schema: &ResourceSchema) -> Result<Selector, ScimError> {
    let entry = entry.trim();
    if let Some(named) = schema.schema(entry) {
        return Ok(Selector {
            schema: named.id.to_ascii_lowercase(),
            name: None,
            sub: None,
        });
    }
    let path = parse_attr_path(entry).map_err(|e| {
        ScimError::invalid_value(format!(
            "{which}: \"{entry}\" is not an attribute path ({}); write e.g. \
             userName, name.givenName or emails.value",
            e.message()
        ))
    })?;
    let urn = path.schema.as_deref().map_or(schema.core.id.as_str(), |u| {
        schema.schema(u).map_or(u, |s| s.id.as_str())
    });
    Ok(Selector {
        schema: urn.to_ascii_lowercase(),
        name: Some(path.name.to_ascii_lowercase()),
        sub: path.sub.map(|s| s.to_ascii_lowercase()),
    })
}
