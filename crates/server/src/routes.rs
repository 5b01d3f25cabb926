//! The HTTP surface: which handler answers which method and path, for /scim/v2 and /scim/v1.

use crate::api::{Api, Shared, Version};
use crate::auth::{self, Principal};
use crate::bulk;
use crate::defect::{self, Defect};
use crate::discovery;
use crate::entitlement;
use crate::error::ApiError;
use crate::list::{self, ListQuery};
use crate::operations;
use crate::patch;
use crate::projection::Projection;
use crate::request::{self, Preconditions, QueryParams};
use crate::resource_type::Kind;
use crate::respond;
use crate::store;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, RawQuery, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, any, get, post};
use http::{HeaderMap, Method, StatusCode, header};
use scim::error::ScimType;
use serde_json::Value;
use std::sync::Arc;

/// The whole application: both version trees, request logging.
pub fn app(shared: Arc<Shared>) -> Router {
    let tree = |version| {
        version_tree(Api {
            shared: Arc::clone(&shared),
            version,
        })
    };
    let app = Router::new()
        .nest(Version::V2.prefix(), tree(Version::V2))
        .nest(Version::V1.prefix(), tree(Version::V1));
    // `any-version-served`: /scim/<anything>/… answered by the SCIM 2.0 tree (the two trees
    // above match first: a literal segment takes precedence over a parameter). Otherwise a
    // path without a version (/scim/Users) is served by the newest version, as RFC 7644 §3.13
    // recommends — by SCIM 1.1 with `unversioned-serves-oldest`.
    let app = if shared.config.defects.has(Defect::AnyVersionServed) {
        let v2 = tree(Version::V2);
        app.route(
            "/scim/{version}/{*rest}",
            any(move |request: Request| served_as_v2(v2.clone(), request)),
        )
    } else if shared.config.defects.has(Defect::UnversionedServesOldest) {
        app.nest("/scim", tree(Version::V1))
    } else {
        app.nest("/scim", tree(Version::V2))
    };
    app.layer(middleware::from_fn(log))
}

/// The `any-version-served` defect: `request`, whatever version its path names, handed to the
/// SCIM 2.0 `tree` with the path below the version segment (`/scim/v99/Users` → `/Users`), as
/// a new request: the outer route's path parameters must not reach the tree's handlers.
async fn served_as_v2(tree: Router, request: Request) -> Response {
    use tower::ServiceExt;
    let (parts, body) = request.into_parts();
    let below = parts
        .uri
        .path_and_query()
        .map(|pq| pq.as_str())
        .unwrap_or_default()
        .splitn(4, '/')
        .nth(3)
        .map(|rest| format!("/{rest}"));
    let Some(uri) = below.and_then(|rest| rest.parse::<http::Uri>().ok()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut forwarded = Request::new(body);
    *forwarded.method_mut() = parts.method;
    *forwarded.uri_mut() = uri;
    *forwarded.headers_mut() = parts.headers;
    match tree.oneshot(forwarded).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

async fn log(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        %path,
        status = response.status().as_u16(),
        micros = started.elapsed().as_micros() as u64,
        "request"
    );
    response
}

fn read_only(handler: MethodRouter<Api>) -> MethodRouter<Api> {
    handler.fallback(|State(api): State<Api>| async move {
        if api.has(Defect::DiscoveryWritesAllowed) {
            return respond::json(&api, StatusCode::OK, &serde_json::json!({}));
        }
        ApiError::method_not_allowed("GET").into_response()
    })
}

/// With `enterprise-extension-dropped` (or `required-extension-dropped`, which also marks it
/// required), removes the enterprise extension from a body.
fn drop_enterprise(api: &Api, body: &mut serde_json::Value) {
    let dropped =
        api.has(Defect::EnterpriseExtensionDropped) || api.has(Defect::RequiredExtensionDropped);
    if dropped && let Some(object) = body.as_object_mut() {
        object.remove(scim::schema::urn::ENTERPRISE_USER);
    }
}

/// With `missing-required-accepted`, gives a body without its required name a generated one.
/// So does `unknown-paths-serve-groups` for a body POSTed to a path that names no endpoint
/// (`unknown`), which such a server stores as a group whatever it holds (a BulkRequest to /Bulk
/// too): its `schemas` become the Group schema's.
fn fill_required(api: &Api, kind: Kind, unknown: bool, body: &mut serde_json::Value) {
    if unknown && let Some(object) = body.as_object_mut() {
        object.insert("schemas".into(), serde_json::json!([kind.schema_urn()]));
    }
    let attr = kind.unique_attribute();
    let blank = body
        .get(attr)
        .and_then(serde_json::Value::as_str)
        .is_none_or(|s| s.trim().is_empty());
    if (api.has(Defect::MissingRequiredAccepted) || unknown)
        && blank
        && let Some(object) = body.as_object_mut()
    {
        let generated = format!("generated-{}", uuid::Uuid::new_v4());
        object.insert(attr.to_owned(), serde_json::Value::String(generated));
    }
}

fn version_tree(api: Api) -> Router {
    Router::new()
        .route("/ServiceProviderConfig", read_only(get(spc)))
        .route("/ServiceProviderConfigs", read_only(get(spc)))
        .route("/ResourceTypes", read_only(get(resource_types)))
        .route("/ResourceTypes/{id}", read_only(get(resource_type)))
        .route("/Schemas", read_only(get(schemas)))
        .route("/Schemas/{id}", read_only(get(schema)))
        .route(
            "/Bulk",
            post(bulk_post).fallback(|| async { ApiError::method_not_allowed("POST") }),
        )
        .route("/Me", any(me))
        .route(
            "/.search",
            post(root_search).fallback(|| async { ApiError::method_not_allowed("POST") }),
        )
        .route(
            "/{endpoint}",
            get(list_resources)
                .post(create)
                .fallback(|| async { ApiError::method_not_allowed("GET, POST") }),
        )
        .route(
            "/{endpoint}/.search",
            post(search).fallback(|| async { ApiError::method_not_allowed("POST") }),
        )
        .route(
            "/{endpoint}/{id}",
            get(read)
                .put(update)
                .patch(update)
                .delete(remove)
                .fallback(|| async { ApiError::method_not_allowed("GET, PUT, PATCH, DELETE") }),
        )
        .fallback(|| async {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "no such endpoint; see /ResourceTypes for the resource endpoints",
            )
        })
        .layer(middleware::from_fn_with_state(
            api.clone(),
            crate::pressure::under_pressure,
        ))
        .layer(middleware::from_fn_with_state(api.clone(), auth::require))
        .layer(middleware::from_fn_with_state(api.clone(), respond::finish))
        .with_state(api)
}

/// The stored resource type at `endpoint`; an entitlement catalog there is read-only (405).
fn kind(api: &Api, endpoint: &str) -> Result<Kind, ApiError> {
    if let Some(kind) = Kind::from_endpoint(endpoint) {
        return Ok(kind);
    }
    if entitlement::find(api, endpoint).is_some() {
        return Err(ApiError::method_not_allowed("GET"));
    }
    if api.has(Defect::UnknownPathsServeGroups) {
        return Ok(Kind::Group);
    }
    Err(ApiError::new(
        StatusCode::NOT_FOUND,
        format!(
            "no resource endpoint '/{endpoint}'; see /ResourceTypes for the endpoints this server hosts"
        ),
    ))
}

async fn spc(State(api): State<Api>) -> Result<Response, ApiError> {
    if let Some(groups) = groups_instead(&api).await {
        return groups;
    }
    Ok(respond::json(
        &api,
        StatusCode::OK,
        &discovery::service_provider_config(&api),
    ))
}

/// The `discovery-serves-groups` defect: a discovery GET answers what GET /Groups would.
async fn groups_instead(api: &Api) -> Option<Result<Response, ApiError>> {
    if !api.has(Defect::DiscoveryServesGroups) {
        return None;
    }
    let listed = list::run(api, vec![Kind::Group], ListQuery::default()).await;
    Some(listed.map(|groups| respond::json(api, StatusCode::OK, &groups)))
}

async fn resource_types(
    State(api): State<Api>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    if let Some(groups) = groups_instead(&api).await {
        return groups;
    }
    discovery_list(
        &api,
        q.as_deref(),
        Defect::ResourceTypesMissing,
        discovery::resource_types,
    )
}

async fn resource_type(
    State(api): State<Api>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(respond::json(
        &api,
        StatusCode::OK,
        &discovery::resource_type_by_id(&api, &id)?,
    ))
}

async fn schemas(State(api): State<Api>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    if let Some(groups) = groups_instead(&api).await {
        return groups;
    }
    discovery_list(
        &api,
        q.as_deref(),
        Defect::SchemasMissing,
        discovery::schemas,
    )
}

/// A discovery list endpoint: the list, whatever paging or sorting the query `q` asks, or 403
/// to a filter, which it would not apply (RFC 7644 §4); or what the `missing`, `discovery-html`,
/// `discovery-filter-served` and `discovery-lists-paged` defects answer instead.
fn discovery_list(
    api: &Api,
    q: Option<&str>,
    missing: Defect,
    list: fn(&Api) -> Value,
) -> Result<Response, ApiError> {
    if api.has(missing) {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "no such endpoint"));
    }
    if api.has(Defect::DiscoveryHtml) {
        return Ok(respond::html("Welcome to the SCIM service"));
    }
    let params = QueryParams::parse(q);
    defect::list::refuse_count_parameter(api, &params)?;
    if params.get("filter").is_some() && !api.has(Defect::DiscoveryFilterServed) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "discovery lists are not filtered: read the whole list (RFC 7644 §4)",
        ));
    }
    let mut body = list(api);
    if api.has(Defect::DiscoveryListsPaged) {
        page_discovery(&mut body, &params);
    }
    Ok(respond::json(api, StatusCode::OK, &body))
}

/// The `discovery-lists-paged` defect: `startIndex` and `count` page a discovery list's
/// `Resources` as they would a query's.
fn page_discovery(list: &mut Value, params: &QueryParams) {
    let number = |name| params.get(name).and_then(|v| v.parse::<usize>().ok());
    let skip = number("startIndex").unwrap_or(1).saturating_sub(1);
    let take = number("count").unwrap_or(usize::MAX);
    if let Some(Value::Array(resources)) = list.get_mut("Resources") {
        *resources = resources.drain(..).skip(skip).take(take).collect();
    }
}

async fn schema(State(api): State<Api>, Path(id): Path<String>) -> Result<Response, ApiError> {
    Ok(respond::json(
        &api,
        StatusCode::OK,
        &discovery::schema_by_id(&api, &id)?,
    ))
}

async fn list_resources(
    State(api): State<Api>,
    Path(endpoint): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let catalog = entitlement::find(&api, &endpoint);
    let kinds = match catalog {
        Some(_) => Vec::new(),
        None => vec![kind(&api, &endpoint)?],
    };
    // The `plus-in-query-not-decoded` defect: a `+` stays a literal plus, not a space.
    let q = q.map(|q| {
        if api.has(Defect::PlusInQueryNotDecoded) {
            q.replace('+', "%2B")
        } else {
            q
        }
    });
    let params = QueryParams::parse(q.as_deref());
    defect::list::refuse_unknown_parameters(&api, &params)?;
    defect::list::refuse_count_parameter(&api, &params)?;
    let query = ListQuery::from_params(&params)?;
    let body = match catalog {
        Some(catalog) => entitlement::list(&api, catalog, &query)?,
        None => list::run(&api, kinds, query).await?,
    };
    Ok(respond::json(&api, StatusCode::OK, &body))
}

async fn search(
    State(api): State<Api>,
    Path(endpoint): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let kind = kind(&api, &endpoint)?;
    if api.has(Defect::SearchTakenForCreate) {
        let required = if kind == Kind::User {
            "userName"
        } else {
            "displayName"
        };
        return Err(ApiError::scim(
            ScimType::InvalidValue,
            format!("{required} is required"),
        ));
    }
    let body = request::json_body(&api, &headers, body).await?;
    let result = list::run(&api, vec![kind], ListQuery::from_search(&body)?).await?;
    Ok(respond::json(&api, StatusCode::OK, &result))
}

async fn root_search(
    State(api): State<Api>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let body = request::json_body(&api, &headers, body).await?;
    // `root-search-users-only`: a query at the root covers only /Users.
    let kinds = if api.has(Defect::RootSearchUsersOnly) {
        vec![Kind::User]
    } else {
        Kind::ALL.to_vec()
    };
    let result = list::run(&api, kinds, ListQuery::from_search(&body)?).await?;
    Ok(respond::json(&api, StatusCode::OK, &result))
}

fn projection(q: Option<&str>) -> Result<Projection, ApiError> {
    let q = QueryParams::parse(q);
    Projection::parse(q.get("attributes"), q.get("excludedAttributes"))
}

async fn read(
    State(api): State<Api>,
    Path((endpoint, id)): Path<(String, String)>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    if let Some(catalog) = entitlement::find(&api, &endpoint) {
        let value = entitlement::read(&api, catalog, &id, &projection(q.as_deref())?)?;
        return Ok(respond::json(&api, StatusCode::OK, &value));
    }
    let kind = kind(&api, &endpoint)?;
    let pre = Preconditions::from_headers(&api, &headers);
    let (full, etag) = operations::fetch(&api, kind, id).await?;
    if pre.none_match_hits(&etag) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        if let Ok(v) = etag.parse() {
            response.headers_mut().insert(header::ETAG, v);
        }
        return Ok(response);
    }
    answer(&api, kind, q.as_deref(), StatusCode::OK, &full)
}

/// A single-resource answer: the resource projected as the query asks, with its headers.
fn answer(
    api: &Api,
    kind: Kind,
    q: Option<&str>,
    status: StatusCode,
    full: &Value,
) -> Result<Response, ApiError> {
    let shown = projection(q)?.apply(api, kind, full.clone());
    Ok(respond::resource(api, status, full, &shown))
}

async fn create(
    State(api): State<Api>,
    Path(endpoint): Path<String>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Body,
) -> Result<Response, ApiError> {
    let kind = kind(&api, &endpoint)?;
    let mut body = request::json_body(&api, &headers, body).await?;
    let unknown = Kind::from_endpoint(&endpoint).is_none();
    fill_required(&api, kind, unknown, &mut body);
    drop_enterprise(&api, &mut body);
    entitlement::drop_grants(&api, &mut body);
    let mut full = operations::create(&api, kind, body).await?;
    // What `unknown-paths-serve-groups` answers there is the bare group, as Jackson's is: no
    // `meta`, hence no Location header either; only its id and schemas say what was created.
    if unknown && let Some(object) = full.as_object_mut() {
        object.remove("meta");
    }
    answer(&api, kind, q.as_deref(), StatusCode::CREATED, &full)
}

/// PUT replaces a resource, PATCH modifies it: one handler, told apart by the method.
async fn update(
    State(api): State<Api>,
    method: Method,
    Path((endpoint, id)): Path<(String, String)>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Body,
) -> Result<Response, ApiError> {
    let kind = kind(&api, &endpoint)?;
    let pre = Preconditions::from_headers(&api, &headers);
    let mut body = request::json_body(&api, &headers, body).await?;
    drop_enterprise(&api, &mut body);
    let modify = method == Method::PATCH;
    if !modify {
        entitlement::drop_grants(&api, &mut body);
    }
    let full = if modify {
        patch::modify(&api, kind, id, body, pre).await?
    } else {
        operations::replace(&api, kind, id, body, pre).await?
    };
    if modify && answers_no_content(&api, q.as_deref()) {
        return Ok(no_content(&api, &full));
    }
    answer(&api, kind, q.as_deref(), StatusCode::OK, &full)
}

/// Whether a successful PATCH answers 204 No Content: only when the instance is configured so
/// and the request names no `attributes` (RFC 7644 §3.5.2: then 200 with the resource is a MUST),
/// or always with the `patch-attributes-no-content` defect.
fn answers_no_content(api: &Api, q: Option<&str>) -> bool {
    api.has(Defect::PatchAttributesNoContent)
        || (api.config().patch_no_content && QueryParams::parse(q).get("attributes").is_none())
}

/// 204 No Content after a PATCH: the resource's headers (its new `ETag`) without a body.
fn no_content(api: &Api, full: &Value) -> Response {
    let mut response = respond::resource(api, StatusCode::NO_CONTENT, full, &Value::Null);
    *response.body_mut() = Body::empty();
    response.headers_mut().remove(header::CONTENT_TYPE);
    response
}

async fn remove(
    State(api): State<Api>,
    Path((endpoint, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let kind = kind(&api, &endpoint)?;
    let pre = Preconditions::from_headers(&api, &headers);
    operations::delete(&api, kind, id, pre).await?;
    let status = if api.has(Defect::Delete200) {
        StatusCode::OK
    } else {
        StatusCode::NO_CONTENT
    };
    Ok(status.into_response())
}

async fn bulk_post(
    State(api): State<Api>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Body,
) -> Result<Response, ApiError> {
    // `unknown-paths-serve-groups`: a server without /Bulk serves it as any unknown path.
    if api.has(Defect::UnknownPathsServeGroups) {
        return create(
            State(api),
            Path("Bulk".to_owned()),
            headers,
            RawQuery(q),
            body,
        )
        .await;
    }
    let body = request::json_body(&api, &headers, body).await?;
    let result = bulk::run(&api, body).await?;
    Ok(respond::json(&api, StatusCode::OK, &result))
}

/// `/Me` (RFC 7644 §3.11): the user whose basic credentials made the request, or the user the
/// bearer tokens stand for (`token_subject`), with its permanent location in `Location`. A
/// request tied to no existing user gets 501 with an explanation.
async fn me(
    State(api): State<Api>,
    principal: Option<axum::Extension<Principal>>,
) -> Result<Response, ApiError> {
    let user = match principal {
        Some(axum::Extension(Principal::Basic(user))) => Some(user),
        _ => api.config().token_subject.clone(),
    };
    let api2 = api.clone();
    let found = match user.filter(|_| !api.has(Defect::MeUnsupported500)) {
        Some(user) => {
            api.store()
                .read(move |conn| {
                    let Some(id) = store::name_holder(conn, Kind::User, &user, None)? else {
                        return Ok(None);
                    };
                    let stored = operations::load(&api2, conn, Kind::User, &id)?;
                    operations::render(&api2, conn, Kind::User, &stored).map(Some)
                })
                .await?
        }
        None => None,
    };
    let Some(full) = found else {
        let status = if api.has(Defect::MeUnsupported500) {
            StatusCode::INTERNAL_SERVER_ERROR
        } else {
            StatusCode::NOT_IMPLEMENTED
        };
        return Err(ApiError::new(
            status,
            "/Me needs a principal tied to a user: authenticate with Basic credentials whose user name is a userName here, or a bearer token when the server's token subject exists",
        ));
    };
    let mut response = respond::resource(&api, StatusCode::OK, &full, &full);
    let location = full["meta"]["location"].as_str().unwrap_or_default();
    let location = if api.has(Defect::MeLocationIsAlias) {
        format!("{}/Me", api.base_url())
    } else {
        location.to_owned()
    };
    if let Ok(value) = http::HeaderValue::from_str(&location) {
        response.headers_mut().insert(http::header::LOCATION, value);
    }
    Ok(response)
}
