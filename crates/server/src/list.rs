//! Queries (RFC 7644 §3.4.2, §3.4.3): filtering, sorting, 1-based pagination, projection — for
//! `GET /Users`, `GET /Groups` and the `.search` endpoints.
//!
//! A filter that is an `eq` on `userName`, `displayName`, `externalId` or `id`, or an `sw` with
//! an ASCII prefix on `userName` / `displayName` (alone, or as one side of an `and`; an `eq`
//! preferred), first narrows the candidates through an index; the whole filter is then
//! evaluated by `scim::filter` on each candidate, so the index is only ever an accelerator.
//! Narrowing may only ever keep a superset of the matches: names are indexed lowercased, and
//! every defect that compares more strictly matches a subset of what the index keeps.

use crate::api::{Api, Version};
use crate::defect::Defect;
use crate::error::ApiError;
use crate::operations;
use crate::projection::Projection;
use crate::render;
use crate::request::QueryParams;
use crate::resource_type::Kind;
use crate::store::{self, Lookup, Stored};
use rusqlite::Connection;
use scim::error::ScimType;
use scim::filter::{AttrPath, CompareOp, Filter};
use scim::schema::urn;
use scim::version::V1_CORE;
use serde_json::{Value, json};
use std::cmp::Ordering;

/// The 1.1 list envelope URN Okta's 1.1 SPEC test looks for on `/Schemas`.
const V1_LIST_RESPONSE: &str = "urn:scim:schemas:core:1.0:ListResponse";

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
}

/// The indexed lookup a filter allows for `kind`, if any.
fn lookup(filter: &Filter, kind: Kind) -> Option<Lookup> {
    match filter {
        Filter::Compare {
            path,
            op: CompareOp::Eq,
            value: Value::String(v),
        } if path.sub.is_none() && core_or_unqualified(path, kind) => {
            let name = path.name.as_str();
            if name.eq_ignore_ascii_case(kind.unique_attribute()) {
                Some(Lookup::Name(v.clone()))
            } else if name.eq_ignore_ascii_case("externalId") {
                Some(Lookup::ExternalId(v.clone()))
            } else if name.eq_ignore_ascii_case("id") {
                Some(Lookup::Id(v.clone()))
            } else {
                None
            }
        }
        Filter::Compare {
            path,
            op: CompareOp::Sw,
            value: Value::String(prefix),
        } if path.sub.is_none()
            && core_or_unqualified(path, kind)
            && path.name.eq_ignore_ascii_case(kind.unique_attribute())
            && prefix.is_ascii()
            && !prefix.is_empty() =>
        {
            Some(Lookup::NamePrefix(prefix.clone()))
        }
        Filter::And(a, b) => match (lookup(a, kind), lookup(b, kind)) {
            (Some(Lookup::NamePrefix(_)), Some(exact)) => Some(exact),
            (first, second) => first.or(second),
        },
        _ => None,
    }
}

fn core_or_unqualified(path: &AttrPath, kind: Kind) -> bool {
    path.schema
        .as_deref()
        .is_none_or(|s| s.eq_ignore_ascii_case(kind.schema_urn()))
}

/// With the case-sensitivity defects: whether every top-level comparison that `applies` to
/// (userName `eq`, or any `co` / `sw` / `ew`) also holds case-exactly on the resource.
fn holds_case_exactly(
    filter: &Filter,
    resource: &Value,
    applies: &dyn Fn(&AttrPath, CompareOp) -> bool,
) -> bool {
    match filter {
        Filter::Compare {
            path,
            op,
            value: Value::String(operand),
        } if path.sub.is_none() && applies(path, *op) => {
            let actual = resource.as_object().and_then(|o| {
                o.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(&path.name))
                    .and_then(|(_, v)| v.as_str())
            });
            actual.is_some_and(|a| match op {
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

/// A property of one filter node, e.g. "is a `pr`".
type NodeTest = fn(&Filter) -> bool;

/// The `filter-datetime-as-string` defect: evaluates `filter` like `scim::filter`, except that
/// ordering comparisons on `meta.created` / `meta.lastModified` compare the text.
fn matches_dates_as_text(
    filter: &Filter,
    view: &Value,
    kind: Kind,
) -> Result<bool, scim::filter::FilterError> {
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

/// Whether `filter` or any filter nested in it satisfies `pred`.
fn any_node(filter: &Filter, pred: NodeTest) -> bool {
    pred(filter)
        || match filter {
            Filter::And(a, b) | Filter::Or(a, b) => any_node(a, pred) || any_node(b, pred),
            Filter::Not(inner) | Filter::ValuePath { filter: inner, .. } => any_node(inner, pred),
            Filter::Compare { .. } | Filter::Present(_) => false,
        }
}

/// The filter as the filter defects understand it: refused where a defect does not support a
/// construct (`pr`, `sw`, value paths, `schemas`, URN paths), `not` dropped, `or` binding tighter than `and`.
fn distort(api: &Api, filter: Filter) -> Result<Filter, ApiError> {
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
    let drop_not = api.has(Defect::FilterNotIgnored);
    let left_to_right = api.has(Defect::FilterAndOrPrecedence);
    let mut filter = rewrite(filter, drop_not, left_to_right);
    if api.has(Defect::FilterValuepathAnyValue) {
        filter = map_nodes(filter, split_value_path);
    }
    if api.has(Defect::FilterBooleanOrderingAccepted) {
        filter = map_nodes(filter, order_booleans);
    }
    Ok(filter)
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

/// The value `sortBy` names in a resource: for a multi-valued attribute, its primary (or first)
/// value's sub-attribute (`value` by default), as RFC 7644 §3.4.2.3 says.
fn sort_key<'a>(resource: &'a Value, path: &AttrPath) -> Option<&'a Value> {
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

/// Orders two sort keys: missing values last, strings case-insensitively unless the attribute is
/// caseExact (RFC 7644 §3.4.2.3), numbers numerically.
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

/// The list envelope's `schemas` for the version.
fn list_schemas(api: &Api) -> Value {
    match api.version {
        Version::V2 => json!([urn::LIST_RESPONSE]),
        // Okta's 1.1 test looks for the core URN on resource lists and for the ListResponse URN
        // on /Schemas: both are listed on every 1.1 list.
        Version::V1 => json!([V1_CORE, V1_LIST_RESPONSE]),
    }
}

/// A list envelope around already-paginated resources (discovery lists use it too).
pub fn envelope(
    api: &Api,
    total: usize,
    start_index: usize,
    page: Vec<Value>,
    requested: Option<usize>,
) -> Value {
    let per_page = match requested {
        Some(r) if api.has(Defect::ItemsPerPageIsPageSize) => r,
        _ => page.len(),
    };
    let total = if api.has(Defect::TotalResultsIsPageSize) {
        page.len()
    } else {
        total
    };
    let mut body = serde_json::Map::new();
    if !api.has(Defect::ListWithoutSchemas) {
        body.insert("schemas".into(), list_schemas(api));
    }
    body.insert("totalResults".into(), json!(total));
    body.insert("itemsPerPage".into(), json!(per_page));
    if !api.has(Defect::ListWithoutStartIndex) {
        body.insert("startIndex".into(), json!(start_index));
    }
    body.insert("Resources".into(), Value::Array(page));
    Value::Object(body)
}

/// A parsed query, ready to run against the store.
struct Plan {
    api: Api,
    kinds: Vec<Kind>,
    filter: Option<Filter>,
    /// Whether the filter mentions `groups`, which must then be computed before matching.
    needs_groups: bool,
    sort_by: Option<AttrPath>,
    descending: bool,
    skip: usize,
    count: usize,
}

impl Plan {
    /// (totalResults, the page of rendered resources).
    fn select(&self, conn: &Connection) -> Result<(usize, Vec<(Kind, Value)>), ApiError> {
        let api = &self.api;
        if let ([kind], None, None) = (self.kinds.as_slice(), &self.filter, &self.sort_by) {
            let total = store::count(conn, *kind)?;
            let page = store::page(conn, *kind, self.skip, self.count)?
                .iter()
                .map(|stored| operations::render(api, conn, *kind, stored).map(|r| (*kind, r)))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok((total, page));
        }
        let mut matches: Vec<(Kind, Stored, Value)> = Vec::new();
        for &kind in &self.kinds {
            let narrowed = self.filter.as_ref().and_then(|f| lookup(f, kind));
            for stored in store::scan(conn, kind, narrowed.as_ref())? {
                let view = if self.needs_groups {
                    operations::render(api, conn, kind, &stored)?
                } else {
                    render::resource(api, kind, &stored, &[])
                };
                if self.hit(kind, &view)? {
                    matches.push((kind, stored, view));
                }
            }
        }
        if let Some(path) = &self.sort_by {
            let case_exact = |kind: Kind| kind.schema().resolve(path).is_some_and(|a| a.case_exact);
            matches.sort_by(|a, b| {
                let exact = case_exact(a.0) && case_exact(b.0);
                let o = compare_values(sort_key(&a.2, path), sort_key(&b.2, path), exact);
                if self.descending { o.reverse() } else { o }
            });
        }
        let total = matches.len();
        let page = matches
            .into_iter()
            .skip(self.skip)
            .take(self.count)
            .map(|(kind, stored, _)| {
                operations::render(api, conn, kind, &stored).map(|r| (kind, r))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok((total, page))
    }

    /// Whether a resource's view matches the filter.
    fn hit(&self, kind: Kind, view: &Value) -> Result<bool, ApiError> {
        let Some(f) = &self.filter else {
            return Ok(true);
        };
        let matched = if self.api.has(Defect::FilterDatetimeAsString) {
            matches_dates_as_text(f, view, kind)
        } else {
            f.matches(view, kind.schema())
        };
        let matched = matched.map_err(|e| {
            ApiError::scim(
                ScimType::InvalidFilter,
                format!("the filter cannot be evaluated: {e}"),
            )
        })?;
        let username_eq = self.api.has(Defect::FilterUsernameCaseSensitive);
        let substring = self.api.has(Defect::FilterCoSwEwCaseSensitive);
        Ok(matched
            && (!(username_eq || substring)
                || holds_case_exactly(f, view, &|path, op| match op {
                    CompareOp::Eq => username_eq && path.name.eq_ignore_ascii_case("userName"),
                    CompareOp::Co | CompareOp::Sw | CompareOp::Ew => substring,
                    _ => false,
                })))
    }
}

/// Runs a query over `kinds` and answers the ListResponse body.
pub async fn run(api: &Api, kinds: Vec<Kind>, query: ListQuery) -> Result<Value, ApiError> {
    let filter = match query
        .filter
        .as_deref()
        .map(str::trim)
        .filter(|f| !f.is_empty())
    {
        None => None,
        Some(_) if api.has(Defect::FilterIgnored) => None,
        Some(_) if kinds == [Kind::User] && api.has(Defect::UserFilterFails) => {
            return Err(ApiError::scim(
                ScimType::InvalidFilter,
                "filters on /Users are not supported",
            ));
        }
        Some(text) => match scim::filter::parse(text) {
            Ok(f) => Some(distort(api, f)?),
            Err(_) if api.has(Defect::InvalidFilterIgnored) => {
                return Ok(envelope(api, 0, 1, Vec::new(), None));
            }
            Err(e) => {
                return Err(ApiError::scim(
                    ScimType::InvalidFilter,
                    format!("the filter '{text}' is not valid: {e}"),
                ));
            }
        },
    };
    let sort_by = match query
        .sort_by
        .as_deref()
        .filter(|_| !api.has(Defect::SortIgnored))
    {
        None => None,
        Some(text) => Some(scim::filter::parse_attr_path(text).map_err(|e| {
            ApiError::scim(
                ScimType::InvalidValue,
                format!("sortBy '{text}' is not an attribute path: {e}"),
            )
        })?),
    };
    let descending = query
        .sort_order
        .as_deref()
        .is_some_and(|o| o.eq_ignore_ascii_case("descending"));
    let max = api.config().max_results;
    let start = query.start_index.unwrap_or(1).max(1);
    // A 0-based server reads a given startIndex as an offset; without one it starts at the
    // first match, as every server does (a query that names no page is not about paging).
    let skip = usize::try_from(
        if api.has(Defect::ZeroBasedStartIndex) && query.start_index.is_some() {
            start
        } else {
            start - 1
        },
    )
    .unwrap_or(usize::MAX);
    if api.has(Defect::NegativeCountRefused) && query.count.is_some_and(|c| c < 0) {
        return Err(ApiError::scim(
            ScimType::InvalidValue,
            "'count' must not be negative",
        ));
    }
    let requested = query
        .count
        .map(|c| usize::try_from(c.max(0)).unwrap_or(0))
        .filter(|&c| c > 0 || !api.has(Defect::CountZeroReturnsResources));
    let count = if api.has(Defect::CountIgnored) {
        usize::MAX
    } else {
        requested.unwrap_or(max).min(max)
    };
    let plan = Plan {
        api: api.clone(),
        kinds,
        needs_groups: query
            .filter
            .as_deref()
            .is_some_and(|f| f.to_ascii_lowercase().contains("groups")),
        filter,
        sort_by,
        descending,
        skip,
        count,
    };
    let filtered = plan.filter.is_some();
    let (total, page) = api.store().read(move |conn| plan.select(conn)).await?;
    if total == 0 && filtered && api.has(Defect::NoMatchFilter404) {
        return Err(ApiError::new(
            http::StatusCode::NOT_FOUND,
            "no resource matches the filter",
        ));
    }
    let page = page
        .into_iter()
        .map(|(kind, r)| query.projection.apply(api, kind, r))
        .collect();
    let start_index = usize::try_from(start).unwrap_or(1);
    Ok(envelope(api, total, start_index, page, requested))
}
