//! Sorting (RFC 7644 §3.4.2.3): which value of a resource `sortBy` names, and how two resources
//! are ordered by it.
//!
//! - A singular attribute sorts by its value; a multi-valued one by its primary value, or else
//!   its first (of a complex one, the sub-attribute the path names, `value` by default).
//! - Strings compare case-insensitively unless the attribute is caseExact; numbers numerically.
//!   Comparing resources of two types (a search over `/`), strings compare case-exactly only
//!   when the attribute is caseExact in both.
//! - A resource without a value sorts last when ascending and first when descending.

use crate::filter::AttrPath;
use crate::schema::ResourceSchema;
use serde_json::Value;
use std::cmp::Ordering;

/// `sortOrder`: ascending unless `descending` is asked for (the RFC's default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Smallest first, missing values last.
    #[default]
    Ascending,
    /// Largest first, missing values first.
    Descending,
}

impl SortOrder {
    /// Reads a `sortOrder` parameter; anything but `descending` (in any case) is ascending.
    pub fn parse(text: Option<&str>) -> SortOrder {
        match text {
            Some(t) if t.eq_ignore_ascii_case("descending") => SortOrder::Descending,
            _ => SortOrder::Ascending,
        }
    }
}

/// One side of a comparison: a resource and the schema of its type.
#[derive(Debug, Clone, Copy)]
pub struct Sortable<'a> {
    /// The resource as its JSON.
    pub resource: &'a Value,
    /// The schema of its resource type (for caseExact).
    pub schema: &'a ResourceSchema,
}

/// Orders `a` and `b` by the value `path` names, in `order`.
pub fn compare(a: Sortable<'_>, b: Sortable<'_>, path: &AttrPath, order: SortOrder) -> Ordering {
    let case_exact = |s: Sortable<'_>| s.schema.resolve(path).is_some_and(|a| a.case_exact);
    let exact = case_exact(a) && case_exact(b);
    let ascending = compare_values(key(a.resource, path), key(b.resource, path), exact);
    match order {
        SortOrder::Ascending => ascending,
        SortOrder::Descending => ascending.reverse(),
    }
}

/// The value `path` names in `resource`: for a multi-valued attribute, its primary (or first)
/// value's sub-attribute (`value` by default).
pub fn key<'a>(resource: &'a Value, path: &AttrPath) -> Option<&'a Value> {
    let mut base = resource;
    if let Some(urn) = &path.schema
        && let Some(ext) = resource.get(urn.as_str())
    {
        base = ext;
    }
    let field = |v: &'a Value, name: &str| -> Option<&'a Value> {
        v.as_object()?
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    };
    let mut value = field(base, &path.name)?;
    if let Value::Array(items) = value {
        value = items
            .iter()
            .find(|i| i.get("primary") == Some(&Value::Bool(true)))
            .or_else(|| items.first())?;
        let sub = path.sub.as_deref().unwrap_or("value");
        return if value.is_object() {
            field(value, sub)
        } else {
            Some(value)
        };
    }
    match &path.sub {
        Some(sub) => field(value, sub),
        None => Some(value),
    }
}

/// Orders two sort keys ascending: missing values last, strings case-insensitively unless
/// `case_exact`, numbers numerically.
fn compare_values(a: Option<&Value>, b: Option<&Value>, case_exact: bool) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(Value::Number(x)), Some(Value::Number(y))) => {
            let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
        (Some(Value::String(x)), Some(Value::String(y))) if case_exact => x.cmp(y),
        (Some(Value::String(x)), Some(Value::String(y))) => x.to_lowercase().cmp(&y.to_lowercase()),
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        (Some(x), Some(y)) => x.to_string().cmp(&y.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::parse_attr_path;
    use crate::schema::core::{group, user};
    use serde_json::json;

    fn sorted(resources: &[Value], by: &str, order: SortOrder) -> Vec<Value> {
        let path = parse_attr_path(by).expect("a path");
        let mut out = resources.to_vec();
        out.sort_by(|a, b| {
            let side = |resource| Sortable {
                resource,
                schema: user(),
            };
            compare(side(a), side(b), &path, order)
        });
        out
    }

    #[test]
    fn missing_values_sort_last_ascending_and_first_descending() {
        let users = [json!({"title": "b"}), json!({}), json!({"title": "a"})];
        let up = sorted(&users, "title", SortOrder::Ascending);
        assert_eq!(up, [users[2].clone(), users[0].clone(), users[1].clone()]);
        let down = sorted(&users, "title", SortOrder::parse(Some("Descending")));
        assert_eq!(down, [users[1].clone(), users[0].clone(), users[2].clone()]);
    }

    #[test]
    fn strings_ignore_case_unless_the_attribute_is_case_exact() {
        let users = [
            json!({"userName": "b", "externalId": "b"}),
            json!({"userName": "A", "externalId": "A"}),
            json!({"userName": "a2", "externalId": "a2"}),
        ];
        let by_name: Vec<Value> = sorted(&users, "userName", SortOrder::Ascending)
            .iter()
            .map(|u| u["userName"].clone())
            .collect();
        assert_eq!(by_name, [json!("A"), json!("a2"), json!("b")]);
        let by_external: Vec<Value> = sorted(&users, "externalId", SortOrder::Ascending)
            .iter()
            .map(|u| u["externalId"].clone())
            .collect();
        assert_eq!(by_external, [json!("A"), json!("a2"), json!("b")]);
        let mixed = [json!({"externalId": "b"}), json!({"externalId": "B"})];
        let path = parse_attr_path("externalId").expect("a path");
        let (u, g) = (user(), group());
        let side = |resource, schema| Sortable { resource, schema };
        let order = compare(
            side(&mixed[0], u),
            side(&mixed[1], g),
            &path,
            SortOrder::Ascending,
        );
        assert_eq!(order, Ordering::Greater, "externalId is caseExact in both");
    }

    #[test]
    fn a_multi_valued_attribute_sorts_by_its_primary_value_else_its_first() {
        let primary = json!({"emails": [{"value": "z@x"}, {"value": "a@x", "primary": true}]});
        let first = json!({"emails": [{"value": "m@x"}, {"value": "b@x"}]});
        assert_eq!(
            key(&primary, &parse_attr_path("emails").expect("a path")),
            Some(&json!("a@x"))
        );
        assert_eq!(
            key(&first, &parse_attr_path("emails").expect("a path")),
            Some(&json!("m@x"))
        );
        let numbers = [json!({"n": 10}), json!({"n": 9})];
        let path = parse_attr_path("n").expect("a path");
        let side = |resource| Sortable {
            resource,
            schema: user(),
        };
        assert_eq!(
            compare(
                side(&numbers[0]),
                side(&numbers[1]),
                &path,
                SortOrder::Ascending
            ),
            Ordering::Greater
        );
    }
}
