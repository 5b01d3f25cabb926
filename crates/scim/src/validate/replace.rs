//! What a replace (PUT) may change and what it keeps: the `immutable` rule of RFC 7644 §3.5.1,
//! and the attributes a client cannot or need not send again.

use serde_json::{Map, Value};

use crate::error::{ScimError, ScimType};
use crate::schema::{AttrType, Attribute, Mutability, ResourceSchema};

/// Checks that a replacement (`new`, e.g. a PUT body already through [`super::resource`]) keeps the
/// values of `old`'s `immutable` attributes (RFC 7644 §3.5.1): an immutable attribute that has a
/// value may not be given a different one (`mutability`). Omitting it is not a change; see
/// [`carry_over`].
///
/// Checked: immutable top-level attributes of the core schema and extensions, and immutable
/// sub-attributes of single-valued complex attributes. Multi-valued attributes whose
/// sub-attributes are immutable (Group `members`) gain and lose whole values, which is allowed.
pub fn check_immutable(old: &Value, new: &Value, schema: &ResourceSchema) -> Result<(), ScimError> {
    for (container, attributes) in containers(schema) {
        let (Some(old_obj), Some(new_obj)) = (
            object_at(old, container.as_deref()),
            object_at(new, container.as_deref()),
        ) else {
            continue;
        };
        for attr in attributes {
            let (Some(before), Some(after)) = (get(old_obj, &attr.name), get(new_obj, &attr.name))
            else {
                continue;
            };
            if attr.mutability == Mutability::Immutable && !same(attr, before, after) {
                return Err(changed(&attr.name));
            }
            if attr.attr_type != AttrType::Complex || attr.multi_valued {
                continue;
            }
            for sub in attr.sub_attributes.iter() {
                if sub.mutability != Mutability::Immutable {
                    continue;
                }
                let inner = |v: &'_ Value| v.as_object().and_then(|o| get(o, &sub.name)).cloned();
                if let (Some(b), Some(a)) = (inner(before), inner(after))
                    && !same(sub, &b, &a)
                {
                    return Err(changed(&format!("{}.{}", attr.name, sub.name)));
                }
            }
        }
    }
    Ok(())
}

/// The first `immutable` attribute (core, common or extension, at the top of its container) that
/// `new` gives a value and `old` has none for: what RFC 7644 §3.5.1 lets a replace set once
/// ("if it has no existing values, a new value(s) MAY be specified"). A server refusing that
/// refuses what the RFC allows; the reference server's defect of that name uses this to do so.
pub fn newly_set_immutable<'s>(
    old: &Value,
    new: &Value,
    schema: &'s ResourceSchema,
) -> Option<&'s str> {
    let holds = |body: &Value, container: Option<&str>, name: &str| {
        object_at(body, container)
            .and_then(|o| get(o, name))
            .is_some_and(|v| !v.is_null())
    };
    containers(schema)
        .into_iter()
        .find_map(|(container, attributes)| {
            attributes.into_iter().find_map(|attr| {
                (attr.mutability == Mutability::Immutable
                    && !holds(old, container.as_deref(), &attr.name)
                    && holds(new, container.as_deref(), &attr.name))
                .then_some(attr.name.as_str())
            })
        })
}

/// Builds what a PUT stores: `new` plus what the client cannot or need not send again, taken
/// from `old` — `readOnly` attributes (`id`, `meta`, `groups`), `immutable` attributes `new`
/// omits, and `writeOnly` attributes `new` omits (`password`: a client cannot read it back, so a
/// PUT without it must not erase it). Fails like [`check_immutable`] first.
pub fn carry_over(old: &Value, new: &Value, schema: &ResourceSchema) -> Result<Value, ScimError> {
    check_immutable(old, new, schema)?;
    let mut merged = new.clone();
    for (container, attributes) in containers(schema) {
        let Some(old_obj) = object_at(old, container.as_deref()) else {
            continue;
        };
        for attr in attributes {
            let keep = match attr.mutability {
                Mutability::ReadOnly => true,
                Mutability::Immutable | Mutability::WriteOnly => {
                    object_at(&merged, container.as_deref())
                        .and_then(|o| get(o, &attr.name))
                        .is_none()
                }
                Mutability::ReadWrite => false,
            };
            let Some(value) = get(old_obj, &attr.name).filter(|_| keep) else {
                continue;
            };
            let Some(target) = object_at_mut(&mut merged, container.as_deref()) else {
                continue;
            };
            target.retain(|k, _| !k.eq_ignore_ascii_case(&attr.name));
            target.insert(attr.name.clone(), value.clone());
        }
    }
    Ok(merged)
}

/// Each place attributes live — the top level (`None`, core and common attributes) and each
/// extension's object (`Some(urn)`) — with the attributes defined there.
fn containers(schema: &ResourceSchema) -> Vec<(Option<String>, Vec<&Attribute>)> {
    let top = schema
        .core
        .attributes
        .iter()
        .chain(crate::schema::core::common_attributes())
        .collect();
    std::iter::once((None, top))
        .chain(
            schema
                .extensions
                .iter()
                .map(|e| (Some(e.id.clone()), e.attributes.iter().collect())),
        )
        .collect()
}

/// The object at the top of `resource` (`None`) or under extension key `urn`.
fn object_at<'a>(resource: &'a Value, urn: Option<&str>) -> Option<&'a Map<String, Value>> {
    let top = resource.as_object()?;
    match urn {
        None => Some(top),
        Some(urn) => get(top, urn)?.as_object(),
    }
}

/// Like [`object_at`], mutable; an extension object is created when missing.
fn object_at_mut<'a>(
    resource: &'a mut Value,
    urn: Option<&str>,
) -> Option<&'a mut Map<String, Value>> {
    let top = resource.as_object_mut()?;
    let Some(urn) = urn else {
        return Some(top);
    };
    let key = top
        .keys()
        .find(|k| k.eq_ignore_ascii_case(urn))
        .cloned()
        .unwrap_or_else(|| urn.to_owned());
    top.entry(key)
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
}

/// Member `name` of `object`, case-insensitively, unless unassigned.
fn get<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
        .filter(|v| !v.is_null())
}

/// Whether two values of `attr` are the same, honouring `caseExact` for strings.
fn same(attr: &Attribute, a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) if !attr.case_exact => x.eq_ignore_ascii_case(y),
        _ => a == b,
    }
}

/// The `mutability` error for changing immutable `name`.
fn changed(name: &str) -> ScimError {
    ScimError::new(
        ScimType::Mutability,
        format!(
            "attribute \"{name}\" is immutable and already set; send its current value or omit it"
        ),
    )
}
