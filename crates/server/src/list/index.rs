//! Which index serves a query (RFC 7644 §3.4.2.2 filters, §3.4.2.3 sorting), so that its cost
//! is the page's rather than the collection's.
//!
//! Filters are served by indexes where one fits ([`narrowing`]): an `eq` on `userName`,
//! `displayName`, `externalId` or `id`; an `sw` with an ASCII prefix on the unique name (a range
//! of the name index); `co` / `sw` / `ew` with at least three characters on the unique name or
//! a user's `displayName`, and `eq` on the latter (the trigram index); an `eq` on a string sub-attribute of a
//! multi-valued attribute, as `emails[type eq "work"]` or `emails.value eq "…"` (the side
//! table); an `eq` or `pr` on any other single-valued string, reference or boolean, core or
//! extension, or on a sub-attribute of a single-valued complex one (`title`, `active`,
//! `name.familyName`, the enterprise `department` or `manager.value`: the side table too);
//! `groups.value eq` on users (the members table) — alone, as one side of an `and` (an `eq`
//! preferred), or on both sides of an `or` (either lookup's candidates).
//!
//! When the lookup finds exactly the filter's matches ([`exact_lookup`]: one comparison that the
//! index answers with the filter's own case folding, no defect bending it, the 2.0 view) and the
//! order is insertion or the unique name ([`indexed_order`]), counting and paging are index reads
//! (`store::count_matching`, `store::page`). Otherwise the candidates the lookup keeps (or every
//! resource) are read, `scim::filter` evaluates the whole filter on each, and the matches are
//! sorted in `sort`; a lookup then only ever keeps a superset of the matches: text is indexed
//! folded, and every defect that compares more strictly matches a subset of what the index keeps.

use super::query::core_or_unqualified;
use crate::api::{Api, Version};
use crate::defect;
use crate::resource_type::Kind;
use crate::store::{self, Lookup, MIN_TEXT_NEEDLE, Order, TextColumn};
use scim::filter::{AttrPath, CompareOp, Filter, fold_case};
use scim::schema::{AttrType, Attribute};
use scim::sort::SortOrder;
use serde_json::Value;

/// An index lookup that serves a filter.
pub(super) struct Narrowing {
    /// The index read that finds the candidates.
    pub lookup: Lookup,
    /// Whether it finds exactly the filter's matches (as `scim::filter` judges them, without
    /// defects), rather than a superset the filter must still be run on.
    exact: bool,
    /// Lower is expected to keep fewer candidates: preferred on either side of an `and`.
    rank: u8,
}

/// The index lookup a filter allows for `kind`, if any.
pub(super) fn narrowing(filter: &Filter, kind: Kind) -> Option<Narrowing> {
    match filter {
        Filter::Compare {
            path,
            op,
            value: value @ Value::String(v),
        } if core_or_unqualified(path, kind) => compare_narrowing(path, *op, v, kind)
            .or_else(|| single_value_narrowing(path, *op, value, kind)),
        Filter::Compare { path, op, value } => single_value_narrowing(path, *op, value, kind),
        Filter::Present(path) => present_narrowing(path, kind),
        Filter::ValuePath { path, filter }
            if path.sub.is_none() && core_or_unqualified(path, kind) =>
        {
            let element = |f: &Filter| match f {
                Filter::Compare {
                    path: sub,
                    op: CompareOp::Eq,
                    value: Value::String(v),
                } if sub.schema.is_none() && sub.sub.is_none() => {
                    value_narrowing(&path.name, &sub.name, v, kind)
                }
                _ => None,
            };
            match filter.as_ref() {
                Filter::And(a, b) => loosest(element(a), element(b)),
                single => element(single),
            }
        }
        Filter::And(a, b) => loosest(narrowing(a, kind), narrowing(b, kind)),
        Filter::Or(a, b) => {
            let (a, b) = (narrowing(a, kind)?, narrowing(b, kind)?);
            Some(Narrowing {
                rank: a.rank.max(b.rank),
                lookup: Lookup::Either(Box::new(a.lookup), Box::new(b.lookup)),
                exact: false,
            })
        }
        _ => None,
    }
}

/// The better of the lookups of the two sides of an `and`, which is a superset of its matches.
fn loosest(a: Option<Narrowing>, b: Option<Narrowing>) -> Option<Narrowing> {
    let best = match (a, b) {
        (Some(a), Some(b)) if b.rank < a.rank => Some(b),
        (a, b) => a.or(b),
    };
    best.map(|n| Narrowing { exact: false, ..n })
}

/// The lookup for `path op "v"`: an `eq` on the unique name, externalId or id, or on a
/// sub-attribute of a multi-valued attribute (`emails.value`); `sw` on the unique name with an
/// ASCII prefix (the name index); `co` / `sw` / `ew` on the unique name or a user's displayName
/// (the trigram index).
fn compare_narrowing(path: &AttrPath, op: CompareOp, v: &str, kind: Kind) -> Option<Narrowing> {
    let name = path.name.as_str();
    let unique = path.sub.is_none() && name.eq_ignore_ascii_case(kind.unique_attribute());
    let found = |lookup, exact, rank| {
        Some(Narrowing {
            lookup,
            exact,
            rank,
        })
    };
    match (op, &path.sub) {
        (CompareOp::Eq, Some(sub)) => value_narrowing(name, sub, v, kind),
        (CompareOp::Eq, None) if unique => found(Lookup::Name(v.to_owned()), false, 0),
        (CompareOp::Eq, None) if name.eq_ignore_ascii_case("externalId") => {
            found(Lookup::ExternalId(v.to_owned()), false, 0)
        }
        (CompareOp::Eq, None) if name.eq_ignore_ascii_case("id") => {
            found(Lookup::Id(v.to_owned()), false, 0)
        }
        (CompareOp::Sw, None) if unique && v.is_ascii() && !v.is_empty() => {
            found(Lookup::NamePrefix(v.to_owned()), true, 1)
        }
        (CompareOp::Eq | CompareOp::Co | CompareOp::Sw | CompareOp::Ew, None) => {
            let column = if unique {
                TextColumn::Name
            } else if kind == Kind::User && name.eq_ignore_ascii_case("displayName") {
                TextColumn::Display
            } else {
                return None;
            };
            let needle = fold_case(v);
            (needle.chars().count() >= MIN_TEXT_NEEDLE)
                .then_some(Lookup::Text { column, op, needle })
                .and_then(|lookup| found(lookup, true, 2))
        }
        _ => None,
    }
}

/// The lookup for "some value of the multi-valued complex attribute `attribute` has `sub`
/// equal to `v`"; exact when that sub-attribute compares as text ignoring case (an undefined
/// one does, for a string operand), which is how the side table holds it.
fn value_narrowing(attribute: &str, sub: &str, v: &str, kind: Kind) -> Option<Narrowing> {
    if kind == Kind::User
        && attribute.eq_ignore_ascii_case("groups")
        && sub.eq_ignore_ascii_case("value")
    {
        return Some(Narrowing {
            lookup: Lookup::MemberOf(v.to_owned()),
            exact: false,
            rank: 1,
        });
    }
    let multi = kind.schema().find(None, attribute)?;
    if !store::in_side_table(multi) {
        return None;
    }
    let exact = multi.sub_attribute(sub).is_none_or(|a| {
        matches!(a.attr_type, AttrType::String | AttrType::Reference) && !a.case_exact
    });
    Some(Narrowing {
        lookup: Lookup::Value {
            path: format!("{}.{}", attribute.to_lowercase(), sub.to_lowercase()),
            value: fold_case(v),
        },
        exact,
        rank: if sub.eq_ignore_ascii_case("value") {
            1
        } else {
            3
        },
    })
}

/// The top-level attribute `path` names for `kind` (core or one of its extensions), with the
/// extension's URN for an extension attribute, if the side table holds its values as a
/// single-valued attribute.
fn single_valued(
    path: &AttrPath,
    kind: Kind,
) -> Option<(Option<&'static str>, &'static Attribute)> {
    let schemas = kind.schema();
    let extension = match path.schema.as_deref() {
        Some(urn) if !urn.eq_ignore_ascii_case(kind.schema_urn()) => Some(schemas.schema(urn)?),
        _ => None,
    };
    let attribute = match extension {
        Some(schema) => schema.attribute(&path.name)?,
        None => schemas.find(None, &path.name)?,
    };
    store::single_value_in_side_table(kind, extension.is_none(), attribute)
        .then_some((extension.map(|s| s.id.as_str()), attribute))
}

/// The definition `path` compares when it names a single-valued simple attribute or a defined
/// sub-attribute of a single-valued complex one, as the side table holds them.
fn compared(attribute: &'static Attribute, sub: Option<&str>) -> Option<&'static Attribute> {
    match (attribute.attr_type, sub) {
        (AttrType::Complex, Some(sub)) => attribute.sub_attribute(sub),
        (AttrType::Complex, None) | (_, Some(_)) => None,
        (_, None) => Some(attribute),
    }
}

/// The side-table lookup for `path eq value` on a single-valued attribute (core or extension,
/// or a sub-attribute of a single-valued complex one), when `value` has the attribute's type:
/// text folded as the table holds it (exact unless the attribute is caseExact), or a boolean
/// (exact). An operand of the wrong type is left to the filter, which refuses it.
fn single_value_narrowing(
    path: &AttrPath,
    op: CompareOp,
    value: &Value,
    kind: Kind,
) -> Option<Narrowing> {
    if op != CompareOp::Eq {
        return None;
    }
    let (extension, attribute) = single_valued(path, kind)?;
    let definition = compared(attribute, path.sub.as_deref())?;
    let (text, exact) = match (definition.attr_type, value) {
        (AttrType::String | AttrType::Reference, Value::String(v)) => {
            (fold_case(v), !definition.case_exact)
        }
        (AttrType::Boolean, Value::Bool(b)) => (b.to_string(), true),
        _ => return None,
    };
    Some(Narrowing {
        lookup: Lookup::Value {
            path: store::side_table_path(extension, &path.name, path.sub.as_deref()),
            value: text,
        },
        exact,
        rank: if definition.attr_type == AttrType::Boolean {
            4
        } else {
            2
        },
    })
}

/// The side-table lookup for `path pr` on a single-valued string, reference or boolean (or a
/// string sub-attribute of a single-valued complex attribute): the resources with a non-empty
/// value, exactly what `pr` matches.
fn present_narrowing(path: &AttrPath, kind: Kind) -> Option<Narrowing> {
    let (extension, attribute) = single_valued(path, kind)?;
    let definition = compared(attribute, path.sub.as_deref())?;
    let stored = match definition.attr_type {
        AttrType::String | AttrType::Reference => true,
        AttrType::Boolean => path.sub.is_none(),
        _ => false,
    };
    stored.then(|| Narrowing {
        lookup: Lookup::Present {
            path: store::side_table_path(extension, &path.name, path.sub.as_deref()),
        },
        exact: true,
        rank: 4,
    })
}

/// The lookup that finds exactly what `filter` matches on this server, defects included, if
/// any: then counting and paging are index reads, and the filter need not run at all.
pub(super) fn exact_lookup(api: &Api, filter: &Filter, kind: Kind) -> Option<Lookup> {
    let found = narrowing(filter, kind).filter(|n| n.exact)?;
    // The 1.1 view is what a filter there runs on; only the 2.0 one is the stored body.
    (api.version == Version::V2 && defect::filter::evaluates_as_written(api))
        .then_some(found.lookup)
}

/// The indexed order `sortBy` asks for, if an index holds it: the unique name.
pub(super) fn indexed_order(path: &AttrPath, kind: Kind, order: SortOrder) -> Option<Order> {
    let by_name = path.sub.is_none()
        && core_or_unqualified(path, kind)
        && path.name.eq_ignore_ascii_case(kind.unique_attribute());
    by_name.then_some(if order == SortOrder::Descending {
        Order::NameDescending
    } else {
        Order::NameAscending
    })
}
