//! `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9).
//!
//! ADAPTER: `scim::projection` is meant to own these rules; until it lands this is the narrow
//! server-side version. `id` and `schemas` are always returned; `attributes` keeps only the
//! named attributes (a sub-attribute path keeps only that sub-attribute); `excludedAttributes`
//! removes the named ones. Names may be qualified by their schema URN.

use crate::api::Api;
use crate::defect::Defect;
use crate::resource_type::Kind;
use serde_json::{Map, Value};

/// A parsed projection request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Projection {
    /// `attributes`: (schema URN or core, attribute, sub-attribute).
    include: Vec<(Option<String>, String, Option<String>)>,
    /// `excludedAttributes`, same shape.
    exclude: Vec<(Option<String>, String, Option<String>)>,
}

type Name = (Option<String>, String, Option<String>);

fn parse_list(text: Option<&str>) -> Vec<Name> {
    text.unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .filter_map(|s| scim::filter::parse_attr_path(s).ok())
        .map(|p| (p.schema, p.name, p.sub))
        .collect()
}

const ALWAYS: [&str; 2] = ["id", "schemas"];

fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

impl Projection {
    /// Parses the two comma-separated parameter values.
    pub fn parse(attributes: Option<&str>, excluded: Option<&str>) -> Projection {
        Projection {
            include: parse_list(attributes),
            exclude: parse_list(excluded),
        }
    }

    /// Applies the projection to a rendered resource of `kind`.
    pub fn apply(&self, api: &Api, kind: Kind, resource: Value) -> Value {
        let Value::Object(mut obj) = resource else {
            return resource;
        };
        let core = kind.schema_urn();
        // Splits the names into those on the core object and those inside an extension.
        let scoped = |names: &[Name], urn: Option<&str>| -> Vec<(String, Option<String>)> {
            names
                .iter()
                .filter(|(s, _, _)| match (s.as_deref(), urn) {
                    (None, None) => true,
                    (Some(s), None) => same(s, core) || same(s, scim::version::V1_CORE),
                    (Some(s), Some(u)) => same(s, u),
                    (None, Some(_)) => false,
                })
                .map(|(_, n, sub)| (n.clone(), sub.clone()))
                .collect()
        };
        let extensions: Vec<String> = obj
            .keys()
            .filter(|k| k.starts_with("urn:"))
            .cloned()
            .collect();
        if !self.include.is_empty() && !api.has(Defect::AttributesParamIgnored) {
            let top = scoped(&self.include, None);
            for ext in &extensions {
                let inner = scoped(&self.include, Some(ext));
                let named_whole = top.iter().any(|(n, _)| same(n, ext));
                match obj.get_mut(ext) {
                    Some(Value::Object(e)) if !named_whole => {
                        keep(e, &inner);
                        if e.is_empty() {
                            obj.remove(ext);
                        }
                    }
                    _ => {}
                }
            }
            let mut top = top;
            top.extend(
                extensions
                    .iter()
                    .filter(|e| obj.contains_key(*e))
                    .map(|e| (e.clone(), None)),
            );
            top.extend(ALWAYS.iter().map(|a| ((*a).to_owned(), None)));
            keep(&mut obj, &top);
        }
        if !self.exclude.is_empty() && !api.has(Defect::ExcludedAttributesParamIgnored) {
            let top: Vec<_> = scoped(&self.exclude, None)
                .into_iter()
                .filter(|(n, _)| !ALWAYS.iter().any(|a| same(a, n)))
                .collect();
            drop_names(&mut obj, &top);
            for ext in &extensions {
                if let Some(Value::Object(e)) = obj.get_mut(ext) {
                    drop_names(e, &scoped(&self.exclude, Some(ext)));
                }
            }
        }
        Value::Object(obj)
    }
}

/// Keeps only the named attributes (and, for `a.b`, only sub-attribute `b` of `a`).
fn keep(obj: &mut Map<String, Value>, names: &[(String, Option<String>)]) {
    obj.retain(|k, _| names.iter().any(|(n, _)| same(n, k)));
    for (k, v) in obj.iter_mut() {
        let whole = names.iter().any(|(n, s)| same(n, k) && s.is_none());
        if whole {
            continue;
        }
        let subs: Vec<&str> = names
            .iter()
            .filter(|(n, _)| same(n, k))
            .filter_map(|(_, s)| s.as_deref())
            .collect();
        let trim = |o: &mut Map<String, Value>| o.retain(|sk, _| subs.iter().any(|s| same(s, sk)));
        match v {
            Value::Object(o) => trim(o),
            Value::Array(items) => items
                .iter_mut()
                .filter_map(Value::as_object_mut)
                .for_each(trim),
            _ => {}
        }
    }
}

/// Removes the named attributes (or, for `a.b`, sub-attribute `b` of `a`).
fn drop_names(obj: &mut Map<String, Value>, names: &[(String, Option<String>)]) {
    for (name, sub) in names {
        let Some(key) = obj.keys().find(|k| same(k, name)).cloned() else {
            continue;
        };
        match (sub, obj.get_mut(&key)) {
            (None, _) => {
                obj.remove(&key);
            }
            (Some(s), Some(Value::Object(o))) => o.retain(|k, _| !same(k, s)),
            (Some(s), Some(Value::Array(items))) => items
                .iter_mut()
                .filter_map(Value::as_object_mut)
                .for_each(|o| o.retain(|k, _| !same(k, s))),
            _ => {}
        }
    }
}
