//! What a query asks (RFC 7644 §3.4.2, §3.4.3), from a query string or a SearchRequest body,
//! and what its filter tells the store: which index narrows the candidates, and whether a user's
//! computed `groups` must be rendered before matching.

use crate::error::ApiError;
use crate::projection::Projection;
use crate::request::QueryParams;
use crate::resource_type::Kind;
use scim::error::ScimType;
use scim::filter::{AttrPath, Filter};
use serde_json::Value;

/// The parameters of one query, from a query string or a SearchRequest body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListQuery {
    /// The filter text.
    pub filter: Option<String>,
    /// The attribute to sort by.
    pub sort_by: Option<String>,
    /// `ascending` (default) or `descending`.
    pub sort_order: Option<String>,
    /// The 1-based index of the first result.
    pub start_index: Option<i64>,
    /// The page size.
    pub count: Option<i64>,
    /// Projection.
    pub projection: Projection,
}

fn integer(name: &str, text: Option<&str>) -> Result<Option<i64>, ApiError> {
    text.map(|t| {
        t.trim().parse::<i64>().map_err(|_| {
            ApiError::scim(
                ScimType::InvalidValue,
                format!("'{name}' must be an integer, got '{t}'"),
            )
        })
    })
    .transpose()
}

impl ListQuery {
    /// Reads the query-string form.
    pub fn from_params(q: &QueryParams) -> Result<ListQuery, ApiError> {
        Ok(ListQuery {
            filter: q.get("filter").map(str::to_owned),
            sort_by: q.get("sortBy").map(str::to_owned),
            sort_order: q.get("sortOrder").map(str::to_owned),
            start_index: integer("startIndex", q.get("startIndex"))?,
            count: integer("count", q.get("count"))?,
            projection: Projection::parse(q.get("attributes"), q.get("excludedAttributes"))?,
        })
    }

    /// Reads a SearchRequest body (RFC 7644 §3.4.3).
    pub fn from_search(body: &Value) -> Result<ListQuery, ApiError> {
        let Some(obj) = body.as_object() else {
            return Err(ApiError::scim(
                ScimType::InvalidSyntax,
                "a SearchRequest must be a JSON object",
            ));
        };
        let text = |name: &str| -> Result<Option<String>, ApiError> {
            match obj.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(Value::Array(items)) => {
                    let parts: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
                    parts.map(|p| Some(p.join(","))).ok_or_else(|| {
                        ApiError::scim(
                            ScimType::InvalidValue,
                            format!("'{name}' must list strings"),
                        )
                    })
                }
                Some(_) => Err(ApiError::scim(
                    ScimType::InvalidValue,
                    format!("'{name}' must be a string"),
                )),
            }
        };
        let number = |name: &str| -> Result<Option<i64>, ApiError> {
            match obj.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(v) => v.as_i64().map(Some).ok_or_else(|| {
                    ApiError::scim(
                        ScimType::InvalidValue,
                        format!("'{name}' must be an integer"),
                    )
                }),
            }
        };
        let attributes = text("attributes")?;
        let excluded = text("excludedAttributes")?;
        Ok(ListQuery {
            filter: text("filter")?,
            sort_by: text("sortBy")?,
            sort_order: text("sortOrder")?,
            start_index: number("startIndex")?,
            count: number("count")?,
            projection: Projection::parse(attributes.as_deref(), excluded.as_deref())?,
        })
    }

    /// The filter text, unless it is absent or blank.
    pub fn filter_text(&self) -> Option<&str> {
        self.filter
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
    }
}

/// Whether `path` is in the core schema of `kind`, or names no schema.
pub(super) fn core_or_unqualified(path: &AttrPath, kind: Kind) -> bool {
    path.schema
        .as_deref()
        .is_none_or(|s| s.eq_ignore_ascii_case(kind.schema_urn()))
}

/// Whether `filter` names a user's `groups`, which is computed, not stored, so it must be
/// rendered before the filter can see it.
pub(super) fn names_groups(filter: &Filter) -> bool {
    filter
        .attribute_paths()
        .iter()
        .any(|path| path.name.eq_ignore_ascii_case("groups"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_needed_when_an_attribute_path_names_them_not_a_value() {
        let needs = |text: &str| names_groups(&scim::filter::parse(text).expect("a filter"));
        assert!(needs(r#"groups[value eq "g1"]"#));
        assert!(needs(
            r#"userName sw "a" and urn:ietf:params:scim:schemas:core:2.0:User:groups.display pr"#
        ));
        assert!(!needs(r#"userName eq "groups""#));
        assert!(!needs(r#"emails[type eq "groups"]"#));
    }
}
