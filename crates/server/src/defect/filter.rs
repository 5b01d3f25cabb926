//! How the filter defects distort a query's filter (RFC 7644 §3.4.2.2): each function is the
//! one hook the list code calls, and leaves the filter alone unless its defect is on.

use super::Defect;
use crate::api::Api;
use crate::error::ApiError;
use crate::resource_type::Kind;
use scim::error::ScimType;
use scim::filter::{AttrPath, CompareOp, Filter, FilterError};
use serde_json::Value;

/// `user-filter-fails`: any filter on `/Users` alone is refused.
pub fn refuse(api: &Api, kinds: &[Kind]) -> Result<(), ApiError> {
    if kinds == [Kind::User] && api.has(Defect::UserFilterFails) {
        return Err(ApiError::scim(
            ScimType::InvalidFilter,
            "filters on /Users are not supported",
        ));
    }
    Ok(())
}

/// The filter text as the parser gets it. `filter-escapes-not-decoded`: each `\u` escape's
/// backslash itself escaped, so the value keeps the six characters as written.
/// `filter-surrogates-split`: each surrogate-pair escape (a character outside the BMP, as JSON
/// writes it) decoded half by half, as a decoder that reads one `\uXXXX` at a time does: each
/// half becomes U+FFFD.
pub fn text<'a>(api: &Api, text: &'a str) -> std::borrow::Cow<'a, str> {
    if api.has(Defect::FilterEscapesNotDecoded) {
        text.replace("\\u", "\\\\u").into()
    } else if api.has(Defect::FilterSurrogatesSplit) {
        split_surrogate_escapes(text).into()
    } else {
        text.into()
    }
}

/// `text` with each `\uD8xx`–`\uDBxx` escape followed by a `\uDCxx`–`\uDFxx` one written as
/// two `\ufffd`.
fn split_surrogate_escapes(text: &str) -> String {
    let half = |at: &str, range: std::ops::RangeInclusive<u16>| {
        at.get(..6)
            .and_then(|e| e.strip_prefix("\\u"))
            .and_then(|hex| u16::from_str_radix(hex, 16).ok())
            .is_some_and(|unit| range.contains(&unit))
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\\u") {
        out.push_str(&rest[..at]);
        let escape = &rest[at..];
        if half(escape, 0xD800..=0xDBFF)
            && escape
                .get(6..)
                .is_some_and(|low| half(low, 0xDC00..=0xDFFF))
        {
            out.push_str("\\ufffd\\ufffd");
            rest = &escape[12..];
        } else {
            out.push_str("\\u");
            rest = &escape[2..];
        }
    }
    out.push_str(rest);
    out
}

/// `filter-ignored`: the filter parameter is dropped, so every list answers all resources.
pub fn ignored(api: &Api) -> bool {
    api.has(Defect::FilterIgnored)
}

/// `invalid-filter-ignored`: an unparseable filter answers an empty list, not an error.
pub fn ignores_invalid(api: &Api) -> bool {
    api.has(Defect::InvalidFilterIgnored)
}

/// A property of one filter node, e.g. "is a `pr`".
type NodeTest = fn(&Filter) -> bool;

/// The filter as the filter defects understand it: refused where a defect does not support a
/// construct (`pr`, `sw`, value paths, `schemas`, URN paths), cut to its first `eq`, `not`
/// dropped, `or` binding tighter than `and`, a value path's expressions free to match
/// different values, Booleans ordered.
pub fn distort(api: &Api, filter: Filter) -> Result<Filter, ApiError> {
    let unsupported: [(Defect, &str, NodeTest); 5] = [
        (
            Defect::FilterPrUnsupported,
            "the pr operator is not supported",
            |f| matches!(f, Filter::Present(_)),
        ),
        (
            Defect::FilterSwUnsupported,
            "filter operator sw is not supported",
            |f| {
                matches!(
                    f,
                    Filter::Compare {
                        op: CompareOp::Sw,
                        ..
                    }
                )
            },
        ),
        (
            Defect::FilterValuepathUnsupported,
            "value-path filters are not supported",
            |f| matches!(f, Filter::ValuePath { .. }),
        ),
        (
            Defect::FilterSchemasUnsupported,
            "filters on schemas are not supported",
            |f| match f {
                Filter::Compare { path, .. } | Filter::Present(path) => {
                    path.name.eq_ignore_ascii_case("schemas")
                }
                _ => false,
            },
        ),
        (
            Defect::FilterUrnPathUnsupported,
            "fully qualified attribute paths are not supported",
            |f| match f {
                Filter::Compare { path, .. }
                | Filter::Present(path)
                | Filter::ValuePath { path, .. } => path.schema.is_some(),
                _ => false,
            },
        ),
    ];
    for (defect, what, pred) in unsupported {
        if api.has(defect) && any_node(&filter, pred) {
            return Err(ApiError::scim(ScimType::InvalidFilter, what));
        }
    }
    if api.has(Defect::FilterOnlyFirstEq)
        && let Some(first) = first_eq(&filter)
    {
        return Ok(first);
    }
    let drop_not = api.has(Defect::FilterNotIgnored);
    let left_to_right = api.has(Defect::FilterAndOrPrecedence);
    let mut filter = rewrite(filter, drop_not, left_to_right);
    if api.has(Defect::FilterValuepathAnyValue) {
        filter = map_nodes(filter, split_value_path);
    }
    if api.has(Defect::FilterBooleanOrderingAccepted) {
        filter = map_nodes(filter, order_booleans);
    }
    if api.has(Defect::FilterBinaryOrderingAccepted) {
        filter = map_nodes(filter, accept_binary_ordering);
    }
    if api.has(Defect::FilterNeIgnored) {
        filter = map_nodes(filter, drop_ne);
    }
    Ok(filter)
}

/// `filter-ne-ignored`: `attr ne v` is read as `attr pr`, as a filter translator that drops
/// the comparisons it does not know does: every resource with a value matches.
fn drop_ne(filter: Filter) -> Filter {
    match filter {
        Filter::Compare {
            op: CompareOp::Ne,
            path,
            ..
        } => Filter::Present(path),
        other => other,
    }
}

/// Applies `node` to every node of `filter`, innermost first.
fn map_nodes(filter: Filter, node: fn(Filter) -> Filter) -> Filter {
    let inner = |f: Box<Filter>| Box::new(map_nodes(*f, node));
    node(match filter {
        Filter::And(a, b) => Filter::And(inner(a), inner(b)),
        Filter::Or(a, b) => Filter::Or(inner(a), inner(b)),
        Filter::Not(f) => Filter::Not(inner(f)),
        Filter::ValuePath { path, filter } => Filter::ValuePath {
            path,
            filter: inner(filter),
        },
        leaf => leaf,
    })
}

/// `filter-valuepath-any-value`: `emails[a and b]` → `emails[a] and emails[b]`, so each
/// expression may match a different value.
fn split_value_path(filter: Filter) -> Filter {
    match filter {
        Filter::ValuePath { path, filter } => match *filter {
            Filter::And(a, b) => Filter::And(
                Box::new(split_value_path(Filter::ValuePath {
                    path: path.clone(),
                    filter: a,
                })),
                Box::new(split_value_path(Filter::ValuePath { path, filter: b })),
            ),
            inner => Filter::ValuePath {
                path,
                filter: Box::new(inner),
            },
        },
        other => other,
    }
}

/// `filter-boolean-ordering-accepted`: `gt`, `ge`, `lt` and `le` against `true` or `false`
/// order false before true, written as the comparisons the rule code accepts (`active gt
/// false` → `active eq true`; nothing qualifies: `eq true and eq false`; both: `pr`).
/// `filter-binary-ordering-accepted`: an ordering on `x509Certificates.value` (the Binary
/// attribute of the core User schema) becomes `pr`, so it answers instead of failing.
fn accept_binary_ordering(filter: Filter) -> Filter {
    match &filter {
        Filter::Compare { path, op, .. }
            if path.name.eq_ignore_ascii_case("x509Certificates")
                && matches!(
                    op,
                    CompareOp::Gt | CompareOp::Ge | CompareOp::Lt | CompareOp::Le
                ) =>
        {
            Filter::Present(path.clone())
        }
        _ => filter,
    }
}

/// `filter-case-exact-ignored`: a comparison with externalId gets its operand lowercased (its
/// value is lowercased too), so the comparison ignores case.
fn lowercase_external_id(filter: Filter) -> Filter {
    match filter {
        Filter::Compare {
            path,
            op,
            value: Value::String(operand),
        } if path.name.eq_ignore_ascii_case("externalId") => Filter::Compare {
            path,
            op,
            value: Value::String(operand.to_lowercase()),
        },
        other => other,
    }
}

fn order_booleans(filter: Filter) -> Filter {
    let Filter::Compare {
        path,
        op,
        value: Value::Bool(operand),
    } = &filter
    else {
        return filter;
    };
    let accepts: fn(std::cmp::Ordering) -> bool = match op {
        CompareOp::Gt => std::cmp::Ordering::is_gt,
        CompareOp::Ge => std::cmp::Ordering::is_ge,
        CompareOp::Lt => std::cmp::Ordering::is_lt,
        CompareOp::Le => std::cmp::Ordering::is_le,
        _ => return filter,
    };
    let holds = |v: bool| accepts(v.cmp(operand));
    let eq = |v: bool| Filter::Compare {
        path: path.clone(),
        op: CompareOp::Eq,
        value: Value::Bool(v),
    };
    match (holds(false), holds(true)) {
        (false, false) => Filter::And(Box::new(eq(true)), Box::new(eq(false))),
        (true, true) => Filter::Present(path.clone()),
        (false, true) => eq(true),
        (true, false) => eq(false),
    }
}

/// `filter-only-first-eq`: the first `eq` comparison of `filter`, read left to right, which a
/// parser that only looks for the value after `eq ` takes for the whole filter.
fn first_eq(filter: &Filter) -> Option<Filter> {
    match filter {
        Filter::Compare {
            op: CompareOp::Eq, ..
        } => Some(filter.clone()),
        Filter::And(a, b) | Filter::Or(a, b) => first_eq(a).or_else(|| first_eq(b)),
        Filter::Not(inner) => first_eq(inner),
        // Out of its brackets, a value path's comparison would name another attribute.
        Filter::Compare { .. } | Filter::Present(_) | Filter::ValuePath { .. } => None,
    }
}

/// Whether `filter` or any filter nested in it satisfies `pred`.
fn any_node(filter: &Filter, pred: NodeTest) -> bool {
    pred(filter)
        || match filter {
            Filter::And(a, b) | Filter::Or(a, b) => any_node(a, pred) || any_node(b, pred),
            Filter::Not(inner) | Filter::ValuePath { filter: inner, .. } => any_node(inner, pred),
            Filter::Compare { .. } | Filter::Present(_) => false,
        }
}

/// `filter-not-ignored` (`not (x)` → `x`) and `filter-and-or-precedence`
/// (`a or (b and c)` → `(a or b) and c`, what a parser without precedence builds).
fn rewrite(filter: Filter, drop_not: bool, left_to_right: bool) -> Filter {
    let again = |f: Box<Filter>| Box::new(rewrite(*f, drop_not, left_to_right));
    match filter {
        Filter::Not(inner) if drop_not => rewrite(*inner, drop_not, left_to_right),
        Filter::Not(inner) => Filter::Not(again(inner)),
        Filter::And(a, b) => Filter::And(again(a), again(b)),
        Filter::Or(a, b) => match *again(b) {
            Filter::And(b, c) if left_to_right => Filter::And(Box::new(Filter::Or(again(a), b)), c),
            b => Filter::Or(again(a), Box::new(b)),
        },
        Filter::ValuePath { path, filter } => Filter::ValuePath {
            path,
            filter: again(filter),
        },
        leaf => leaf,
    }
}

/// Whether this server evaluates filters exactly as `scim::filter` does (no defect in
/// [`matches`] bends a comparison), so an index that answers a comparison as `scim::filter`
/// would may stand in for running the filter.
pub fn evaluates_as_written(api: &Api) -> bool {
    !(api.has(Defect::FilterDatetimeAsString)
        || api.has(Defect::FilterUsernameCaseSensitive)
        || api.has(Defect::FilterCoSwEwCaseSensitive)
        || api.has(Defect::FilterEmailsCaseSensitive)
        || api.has(Defect::FilterCaseExactIgnored))
}

/// Whether `view` matches `filter` as this server evaluates it: `scim::filter`'s answer, unless
/// `filter-datetime-as-string` compares instants as text, or a case-sensitivity defect
/// (`filter-username-case-sensitive`, `filter-co-sw-ew-case-sensitive`) also wants the
/// comparisons it covers to hold case-exactly.
pub fn matches(api: &Api, filter: &Filter, view: &Value, kind: Kind) -> Result<bool, FilterError> {
    let matched = if api.has(Defect::FilterDatetimeAsString) {
        matches_dates_as_text(filter, view, kind)?
    } else if api.has(Defect::FilterCaseExactIgnored) {
        let mut folded = view.clone();
        if let Some(Value::String(external)) = folded.get_mut("externalId") {
            *external = external.to_lowercase();
        }
        map_nodes(filter.clone(), lowercase_external_id).matches(&folded, kind.schema())?
    } else {
        filter.matches(view, kind.schema())?
    };
    let username_eq = api.has(Defect::FilterUsernameCaseSensitive);
    let substring = api.has(Defect::FilterCoSwEwCaseSensitive);
    let emails_eq = api.has(Defect::FilterEmailsCaseSensitive);
    if !matched || !(username_eq || substring || emails_eq) {
        return Ok(matched);
    }
    Ok(holds_case_exactly(filter, view, &|path, op| match op {
        CompareOp::Eq if path.name.eq_ignore_ascii_case("emails") => emails_eq,
        CompareOp::Eq => username_eq && path.name.eq_ignore_ascii_case("userName"),
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => substring,
        _ => false,
    }))
}

/// With the case-sensitivity defects: whether every top-level comparison that `applies` to
/// (userName or emails `eq`, or any `co` / `sw` / `ew`) also holds case-exactly on the
/// resource, for one of the values its path names (`name.givenName`; each of `emails.value`).
fn holds_case_exactly(
    filter: &Filter,
    resource: &Value,
    applies: &dyn Fn(&AttrPath, CompareOp) -> bool,
) -> bool {
    let member = |value: &Value, name: &str| -> Option<Value> {
        value.as_object().and_then(|o| {
            o.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        })
    };
    match filter {
        Filter::Compare {
            path,
            op,
            value: Value::String(operand),
        } if applies(path, *op) => {
            let top = member(resource, &path.name).unwrap_or(Value::Null);
            let values: Vec<Value> = match (&path.sub, top) {
                (None, value) => vec![value],
                (Some(sub), Value::Array(items)) => {
                    items.iter().filter_map(|item| member(item, sub)).collect()
                }
                (Some(sub), value) => member(&value, sub).into_iter().collect(),
            };
            values.iter().filter_map(Value::as_str).any(|a| match op {
                CompareOp::Co => a.contains(operand.as_str()),
                CompareOp::Sw => a.starts_with(operand.as_str()),
                CompareOp::Ew => a.ends_with(operand.as_str()),
                _ => a == operand,
            })
        }
        Filter::And(a, b) => {
            holds_case_exactly(a, resource, applies) && holds_case_exactly(b, resource, applies)
        }
        _ => true,
    }
}

/// The `filter-datetime-as-string` defect: evaluates `filter` like `scim::filter`, except that
/// ordering comparisons on `meta.created` / `meta.lastModified` compare the text.
fn matches_dates_as_text(filter: &Filter, view: &Value, kind: Kind) -> Result<bool, FilterError> {
    match filter {
        Filter::Compare {
            path,
            op: op @ (CompareOp::Gt | CompareOp::Ge | CompareOp::Lt | CompareOp::Le),
            value: Value::String(operand),
        } if path.name.eq_ignore_ascii_case("meta") => {
            let sub = path.sub.as_deref().unwrap_or_default();
            let actual = view["meta"]
                .as_object()
                .and_then(|m| m.iter().find(|(k, _)| k.eq_ignore_ascii_case(sub)))
                .and_then(|(_, v)| v.as_str());
            Ok(actual.is_some_and(|a| {
                let order = a.cmp(operand.as_str());
                match op {
                    CompareOp::Gt => order.is_gt(),
                    CompareOp::Ge => order.is_ge(),
                    CompareOp::Lt => order.is_lt(),
                    _ => order.is_le(),
                }
            }))
        }
        Filter::And(a, b) => {
            Ok(matches_dates_as_text(a, view, kind)? && matches_dates_as_text(b, view, kind)?)
        }
        Filter::Or(a, b) => {
            Ok(matches_dates_as_text(a, view, kind)? || matches_dates_as_text(b, view, kind)?)
        }
        other => other.matches(view, kind.schema()),
    }
}

/// The filter defects' rows of the defect table (`super`): each defect's variant, the rule it
/// breaks, what the server then does, and its observation — the correct server's answer and
/// the probe that sees it, compiled by crates/server/tests/it/defects.rs. Hands the rows on
/// to the next area's macro, the last to the table's consumer (see `defect_table!`).
#[macro_export]
#[doc(hidden)]
macro_rules! defect_rows_filter {
    ($next:path $(, $rest:path)* ; $($rows:tt)*) => {
        $next! { $($rest),* ; $($rows)*
            FilterUsernameCaseSensitive {
                rfc: "RFC 7643 §4.1.1 (userName caseExact=false)",
                does: "filter userName eq matches only the exact case; Okta looks users up in any case",
                observe: "1", |h| {
                    h.create_user("Case@Example.com").await;
                    count_matching(h, "userName eq \"case@example.com\"").await
                },
            },
            DefaultedActiveNotStored {
                rfc: "RFC 7644 §3.4.2.2 (a defaulted attribute is compared with the value last returned)",
                does: "a user created without `active` is returned with `active: true` but stored without it, so `active eq true` does not find it",
                observe: "1", |h| {
                    let mut u = user("defaulted@example.com");
                    u.as_object_mut().map(|o| o.remove("active"));
                    h.post("/Users", &u).await;
                    count_matching(h, "userName eq \"defaulted@example.com\" and active eq true").await
                },
            },
            InvalidFilterIgnored {
                rfc: "RFC 7644 §3.4.2.2 (400 invalidFilter)",
                does: "an unparseable filter answers 200 with an empty list",
                observe: "400", |h| {
                    status(h.get("/Users?filter=garbage").await).await
                },
            },
            FilterAndOrPrecedence {
                rfc: "RFC 7644 §3.4.2.2 (and binds tighter than or)",
                does: "`a or b and c` is evaluated as `(a or b) and c`",
                observe: "1", |h| {
                    h.create_user("prec@example.com").await;
                    let f = "userName eq \"prec@example.com\" or userName eq \"x\" and userName eq \"y\"";
                    count_matching(h, f).await
                },
            },
            FilterNotIgnored {
                rfc: "RFC 7644 §3.4.2.2 (not)",
                does: "`not (…)` is ignored: the inner filter is applied as it is",
                observe: "0", |h| {
                    h.create_user("not@example.com").await;
                    let f = "userName eq \"not@example.com\" and not (userName eq \"not@example.com\")";
                    count_matching(h, f).await
                },
            },
            FilterPrUnsupported {
                rfc: "RFC 7644 §3.4.2.2 (pr)",
                does: "a filter using `pr` answers 400 invalidFilter",
                observe: "200", |h| {
                    filter_status(h, "userName pr").await
                },
            },
            FilterCoSwEwCaseSensitive {
                rfc: "RFC 7644 §3.4.2.2; RFC 7643 §2.2 (caseExact)",
                does: "co, sw and ew compare case-exactly even on caseExact=false attributes such as userName",
                observe: "1", |h| {
                    h.create_user("Substring@example.com").await;
                    count_matching(h, "userName sw \"substring@\"").await
                },
            },
            FilterValuepathUnsupported {
                rfc: "RFC 7644 §3.4.2.2 (valuePath)",
                does: "a filter such as emails[type eq \"work\"] answers 400 invalidFilter",
                observe: "200", |h| {
                    filter_status(h, "emails[type eq \"work\"]").await
                },
            },
            FilterUrnPathUnsupported {
                rfc: "RFC 7644 §3.4.2.2, §3.10 (fully qualified attribute paths)",
                does: "a filter naming urn:…:User:userName or an enterprise URN path answers 400 invalidFilter",
                observe: "200", |h| {
                    filter_status(h, "urn:ietf:params:scim:schemas:core:2.0:User:userName pr").await
                },
            },
            FilterDatetimeAsString {
                rfc: "RFC 7644 §3.4.2.2 (dateTime compared chronologically); RFC 7643 §2.3.5",
                does: "gt/ge/lt/le on meta.lastModified compare the strings, so other UTC offsets are misjudged",
                observe: "1", |h| {
                    let created = h.create_user("dates@example.com").await;
                    let modified = created["meta"]["lastModified"].as_str().unwrap_or_default();
                    let bound = hour_earlier_at_plus_five(modified).replace('+', "%2B");
                    let f =
                        format!("userName eq \"dates@example.com\" and meta.lastModified gt \"{bound}\"");
                    count_matching(h, &f).await
                },
            },
            UserFilterFails {
                rfc: "RFC 7644 §3.4.2.2 (filter, advertised by ServiceProviderConfig filter.supported)",
                does: "every filter on /Users answers 400 invalidFilter although filter is advertised",
                observe: "200", |h| {
                    filter_status(h, "userName eq \"nobody@example.com\"").await
                },
            },
            FilterIgnored {
                rfc: "RFC 7644 §3.4.2.2 (a filter selects the resources returned)",
                does: "the filter parameter is ignored: every list returns all resources (seen on Canaille)",
                observe: "1", |h| {
                    h.create_user("one@example.com").await;
                    h.create_user("two@example.com").await;
                    count_matching(h, "userName eq \"one@example.com\"").await
                },
            },
            FilterSwUnsupported {
                rfc: "RFC 7644 §3.4.2.2 (sw is an operator of the filter language filter.supported advertises)",
                does: "a filter using sw answers 400 invalidFilter (an eq-only filter language, seen on better-auth)",
                observe: "200", |h| {
                    filter_status(h, "userName sw \"a\"").await
                },
            },
            FilterBooleanOrderingAccepted {
                rfc: "RFC 7644 §3.4.2.2 (gt, ge, lt, le on a Boolean: 400 invalidFilter)",
                does: "gt, ge, lt and le on a Boolean order false before true instead of answering 400 invalidFilter",
                observe: "400", |h| {
                    filter_status(h, "active gt false").await
                },
            },
            FilterEmailsCaseSensitive {
                rfc: "RFC 7644 §3.4.2.2; RFC 7643 §4.1.2 (emails.value is caseExact=false)",
                does: "emails.value eq compares case-exactly, so an email in other letter case is not found",
                observe: "1", |h| {
                    h.create_user("mixed.case@example.com").await;
                    count_matching(h, "emails.value eq \"MIXED.CASE@EXAMPLE.COM\"").await
                },
            },
            FilterCaseExactIgnored {
                rfc: "RFC 7644 §3.4.2.2 (string comparisons follow caseExact); RFC 7643 §3.1 (externalId caseExact)",
                does: "filters compare externalId (caseExact=true) ignoring letter case",
                observe: "0", |h| {
                    let mut u = user("external@example.com");
                    u["externalId"] = json!("Ext-AbC");
                    h.post("/Users", &u).await;
                    count_matching(h, "externalId co \"-abc\"").await
                },
            },
            FilterEscapesNotDecoded {
                rfc: "RFC 7644 §3.4.2.2 (compValue is a JSON string)",
                does: "a \\uXXXX escape in a filter value is compared as written instead of decoded",
                observe: "1", |h| {
                    h.create_user("escaped-name@example.com").await;
                    count_matching(h, "userName eq \"escaped\\u002dname@example.com\"").await
                },
            },
            FilterSurrogatesSplit {
                rfc: "RFC 7644 §3.4.2.2 (compValue is a JSON string); RFC 7159 §7 (a character outside the BMP is escaped as a surrogate pair)",
                does: "a surrogate-pair escape in a filter value (\\ud83d\\ude00) is decoded half by half, each half a replacement character, so a value holding a character outside the BMP is not found",
                observe: "1", |h| {
                    let mut u = user("astral@example.com");
                    u["externalId"] = json!("smile-\u{1F600}");
                    h.post("/Users", &u).await;
                    count_matching(h, "externalId eq \"smile-\\ud83d\\ude00\"").await
                },
            },
            FilterBinaryOrderingAccepted {
                rfc: "RFC 7644 §3.4.2.2 (gt, ge, lt, le on a Binary: 400 invalidFilter)",
                does: "gt, ge, lt and le on x509Certificates.value (Binary) are read as pr instead of answering 400 invalidFilter",
                observe: "400", |h| {
                    filter_status(h, "x509Certificates.value gt \"TUlJQw==\"").await
                },
            },
            FilterValuepathAnyValue {
                rfc: "RFC 7644 §3.4.2.2 (a valuePath filter applies to one value)",
                does: "each expression inside emails[…] may match a different email",
                observe: "0", |h| {
                    let mut crossed = user("crossed@example.com");
                    crossed["emails"] = json!([
                        {"value": "w@example.com", "type": "work"},
                        {"value": "h@example.com", "type": "home"},
                    ]);
                    h.post("/Users", &crossed).await;
                    count_matching(h, "emails[type eq \"work\" and value eq \"h@example.com\"]").await
                },
            },
            FilterSchemasUnsupported {
                rfc: "RFC 7644 §3.4.2.2 (clients may query by schema)",
                does: "filters on the schemas attribute answer 400 invalidFilter",
                observe: "200", |h| {
                    let by_schema = q("schemas eq \"urn:ietf:params:scim:schemas:core:2.0:User\"");
                    status(h.get(&format!("/Users?count=1&filter={by_schema}")).await).await
                },
            },
            FilterNeIgnored {
                rfc: "RFC 7644 §3.4.2.2 (ne: the attribute and operator values are not identical)",
                does: "an `ne` comparison is read as `pr`, so it keeps the resource whose value equals the operand",
                observe: "0", |h| {
                    h.create_user("same@example.com").await;
                    count_matching(h, "userName eq \"same@example.com\" and userName ne \"same@example.com\"").await
                },
            },
            FilterOnlyFirstEq {
                rfc: "RFC 7644 §3.4.2.2 (pr, and every other part of a filter, selects resources too)",
                does: "a filter is read as its first `eq` comparison alone, so `nickName pr and userName eq \"x\"` finds x without a nickName (seen on SAML Jackson, which reads only the value after `eq `)",
                observe: "0", |h| {
                    h.create_user("nonick@example.com").await;
                    count_matching(h, "nickName pr and userName eq \"nonick@example.com\"").await
                },
            },
        }
    };
}
