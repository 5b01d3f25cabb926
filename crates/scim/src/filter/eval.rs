//! Evaluating a filter against a resource, or against one element of a multi-valued attribute.
//!
//! The rules (any value matches, unassigned is null, `value` of multi-valued complex attributes,
//! `pr`, URN-qualified paths) are documented on [the module](super). Evaluation first validates
//! the whole filter against the schema, then walks the resource without building strings (except
//! `co` on non-ASCII text that is not caseExact, which lower-cases both sides).

use serde_json::Value;

use super::ast::{AttrPath, CompareOp, Filter};
use super::compare::Kind;
use super::error::FilterError;
use crate::schema::{AttrType, Attribute, ResourceSchema};

impl Filter {
    /// Whether `resource` (a JSON object) matches this filter.
    ///
    /// `schema` supplies each attribute's type and `caseExact`; attributes it does not define
    /// compare by the operand's JSON type, strings case-insensitively. Fails with an
    /// [`Unsupported`](super::FilterErrorKind::Unsupported) error when an operator does not fit
    /// an attribute's type (e.g. `active gt true`), whatever the resource holds.
    pub fn matches(&self, resource: &Value, schema: &ResourceSchema) -> Result<bool, FilterError> {
        let scope = Scope::Resource(schema);
        validate(self, scope)?;
        evaluate(self, resource, scope)
    }

    /// Refuses an operator that does not fit an attribute's type (e.g. `active gt true`)
    /// without reading any resource: the error [`matches`](Self::matches) gives for every
    /// resource, so a server can answer it without walking its collection.
    pub fn check_types(&self, schema: &ResourceSchema) -> Result<(), FilterError> {
        validate(self, Scope::Resource(schema))
    }

    /// Whether one element of a multi-valued complex attribute matches this value filter, e.g.
    /// `type eq "work"` (from `emails[type eq "work"]`) against `{"type": "work", "value": …}`.
    ///
    /// Paths are relative to the element; `attribute` is the multi-valued attribute's definition
    /// (its sub-attributes give types and `caseExact`), or `None` when the schema lacks it. PATCH
    /// uses this to select the elements a path like `emails[type eq "work"].value` targets.
    pub fn matches_element(
        &self,
        element: &Value,
        attribute: Option<&Attribute>,
    ) -> Result<bool, FilterError> {
        let scope = Scope::Element(attribute);
        validate(self, scope)?;
        evaluate(self, element, scope)
    }
}

/// What paths are relative to, and where their definitions come from.
#[derive(Clone, Copy)]
enum Scope<'s> {
    /// A whole resource: paths resolve through the resource's schemas.
    Resource(&'s ResourceSchema),
    /// One element of a complex attribute: paths name its sub-attributes.
    Element(Option<&'s Attribute>),
}

impl<'s> Scope<'s> {
    /// The definition of the attribute (or sub-attribute) `path` names, if known.
    fn definition(self, path: &AttrPath) -> Option<&'s Attribute> {
        match self {
            Scope::Resource(schema) => schema.resolve(path),
            Scope::Element(attribute) => {
                let attr = attribute?.sub_attribute(&path.name)?;
                match &path.sub {
                    Some(sub) => attr.sub_attribute(sub),
                    None => Some(attr),
                }
            }
        }
    }

    /// The value of `path`'s attribute (not yet its sub-attribute) in `data`.
    fn attribute_value<'v>(self, data: &'v Value, path: &AttrPath) -> Option<&'v Value> {
        let container = match (self, &path.schema) {
            (Scope::Resource(schema), Some(urn)) => member(data, urn)
                .or_else(|| schema.core.id.eq_ignore_ascii_case(urn).then_some(data))?,
            // Inside `attr[…]` paths are relative to the element; a URN prefix adds nothing.
            _ => data,
        };
        member(container, &path.name)
    }
}

/// The member `key` of an object, matched case-insensitively (exact spelling tried first).
fn member<'v>(object: &'v Value, key: &str) -> Option<&'v Value> {
    let map = object.as_object()?;
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// How one `path op value` expression compares, decided from the schema alone.
struct Comparison {
    kind: Kind,
    /// Compare elements' `value` sub-attribute (multi-valued complex attribute, no sub named).
    via_value: bool,
}

fn comparison(
    scope: Scope<'_>,
    path: &AttrPath,
    op: CompareOp,
    operand: &Value,
) -> Result<Comparison, FilterError> {
    let mut definition = scope.definition(path);
    let mut via_value = false;
    if let Some(attr) = definition.filter(|a| a.attr_type == AttrType::Complex) {
        let value = attr.sub_attribute("value");
        if !attr.multi_valued || value.is_none() {
            return Err(Kind::complex_error(path, op, operand));
        }
        definition = value;
        via_value = true;
    }
    let kind = Kind::of(definition, operand);
    if operand.is_null() {
        if !matches!(op, CompareOp::Eq | CompareOp::Ne) {
            return Err(Kind::null_error(path, op));
        }
    } else {
        kind.check(path, op, operand)?;
    }
    Ok(Comparison { kind, via_value })
}

/// Refuses, before reading any data, comparisons the attributes' types do not support.
fn validate(filter: &Filter, scope: Scope<'_>) -> Result<(), FilterError> {
    match filter {
        Filter::Compare { path, op, value } => comparison(scope, path, *op, value).map(drop),
        Filter::Present(_) => Ok(()),
        Filter::And(left, right) | Filter::Or(left, right) => {
            validate(left, scope)?;
            validate(right, scope)
        }
        Filter::Not(inner) => validate(inner, scope),
        Filter::ValuePath { path, filter } => {
            validate(filter, Scope::Element(scope.definition(path)))
        }
    }
}

fn evaluate(filter: &Filter, data: &Value, scope: Scope<'_>) -> Result<bool, FilterError> {
    Ok(match filter {
        Filter::Compare { path, op, value } => {
            let how = comparison(scope, path, *op, value)?;
            let target = scope.attribute_value(data, path);
            compare(&how, *op, value, target, path.sub.as_deref())?
        }
        Filter::Present(path) => {
            let target = scope.attribute_value(data, path);
            any_value(target, path.sub.as_deref(), &mut |v| Ok(is_present(v)))?
        }
        Filter::And(left, right) => evaluate(left, data, scope)? && evaluate(right, data, scope)?,
        Filter::Or(left, right) => evaluate(left, data, scope)? || evaluate(right, data, scope)?,
        Filter::Not(inner) => !evaluate(inner, data, scope)?,
        Filter::ValuePath { path, filter } => {
            let element_scope = Scope::Element(scope.definition(path));
            let target = scope.attribute_value(data, path);
            any_value(target, path.sub.as_deref(), &mut |element| {
                evaluate(filter, element, element_scope)
            })?
        }
    })
}

/// `path op operand` over every value of the target; see the module docs for absent values.
fn compare(
    how: &Comparison,
    op: CompareOp,
    operand: &Value,
    target: Option<&Value>,
    sub: Option<&str>,
) -> Result<bool, FilterError> {
    if operand.is_null() {
        let present = any_value(target, sub, &mut |v| Ok(is_present(v)))?;
        return Ok(present == (op == CompareOp::Ne));
    }
    let mut assigned = false;
    let matched = any_value(target, sub, &mut |value| {
        let value = if how.via_value || (sub.is_none() && value.is_object()) {
            match member(value, "value") {
                Some(inner) => inner,
                None => return Ok(false),
            }
        } else {
            value
        };
        if value.is_null() {
            return Ok(false);
        }
        assigned = true;
        Ok(how.kind.holds(op, value, operand))
    })?;
    Ok(matched || (!assigned && op == CompareOp::Ne))
}

/// Whether `test` holds for some value of `target` (each array element, or `target` itself),
/// taking sub-attribute `sub` of each when given. Stops at the first `true` or error.
fn any_value(
    target: Option<&Value>,
    sub: Option<&str>,
    test: &mut impl FnMut(&Value) -> Result<bool, FilterError>,
) -> Result<bool, FilterError> {
    let mut one = |value: &Value| match sub {
        None => test(value),
        Some(sub) => match member(value, sub) {
            Some(Value::Array(items)) => any_of(items, test),
            Some(inner) => test(inner),
            None => Ok(false),
        },
    };
    match target {
        Some(Value::Array(items)) => any_of(items, &mut one),
        Some(value) => one(value),
        None => Ok(false),
    }
}

/// `Iterator::any` for a fallible test.
fn any_of(
    items: &[Value],
    test: &mut impl FnMut(&Value) -> Result<bool, FilterError>,
) -> Result<bool, FilterError> {
    for item in items {
        if test(item)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `pr`: the value is assigned and not empty.
fn is_present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => items.iter().any(is_present),
        Value::Object(map) => !map.is_empty(),
        Value::Bool(_) | Value::Number(_) => true,
    }
}
