//! Answers the RFCs allow that the reference server never gives, made by a rewriting proxy in
//! front of it: none of them may fail or warn a check. A write to a discovery endpoint answered
//! 501 (RFC 7644 §3.12) instead of 405, a text/plain body refused with 400 instead of 415, a
//! user's `groups` entries without the optional `display`, a filter on `groups.value` or
//! `members.value` refused with 400 invalidFilter (Table 9: a combination the server does not
//! support; better-auth refuses `members.value`, REAL-WORLD problem 9), `/Me` redirected with 308
//! to the subject's resource (RFC 7644 §3.11), and a server whose User schema has no `groups`
//! attribute at all.

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use scim_server::{DEFAULT_TOKEN, Defect, ServerConfig, spawn};
use scimcheck_engine::event::CollectingSink;
use scimcheck_engine::model::{RunResult, Verdict};
use scimcheck_suites::probe::NOT_OFFERED;
use scimcheck_suites::{RunOptions, SuiteSettings, Target, catalog, run};
use serde_json::{Value, json};

/// Rewrites one answer: given the request's method and path (with its query), the status and
/// the body the reference server gave, the status and body the client gets instead. A 308's
/// body is sent as its `Location` header instead, with no body.
type Rewrite = fn(&Method, &str, u16, String) -> (u16, String);

#[derive(Clone)]
struct Proxy {
    upstream: String,
    client: reqwest::Client,
    rewrite: Rewrite,
}

async fn forward(
    State(proxy): State<Proxy>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path_and_query().map_or("/", |p| p.as_str()).to_owned();
    let mut request = proxy
        .client
        .request(method.clone(), format!("{}{path}", proxy.upstream))
        .body(body);
    for (name, value) in headers.iter().filter(|(n, _)| *n != "host") {
        request = request.header(name, value);
    }
    let reply = request.send().await.expect("the reference server answers");
    let status = reply.status().as_u16();
    let kept: Vec<_> = reply
        .headers()
        .iter()
        .filter(|(n, _)| !matches!(n.as_str(), "content-length" | "transfer-encoding"))
        .map(|(n, v)| (n.clone(), v.clone()))
        .collect();
    let text = reply.text().await.expect("a body");
    let (status, mut text) = (proxy.rewrite)(&method, &path, status, text);
    let mut response = Response::builder().status(status);
    for (name, value) in kept {
        response = response.header(name, value);
    }
    if status == 308 {
        response = response.header("location", std::mem::take(&mut text));
    }
    response.body(Body::from(text)).expect("a response")
}

/// Runs the checks `only` against the reference server with `config`, seen through `rewrite`.
async fn run_through(config: ServerConfig, rewrite: Rewrite, only: &[&str]) -> RunResult {
    let server = spawn(config).await.expect("the reference server starts");
    let base = server.base_url_v2();
    let prefix = base.trim_start_matches("http://");
    let (authority, base_path) = prefix.split_at(prefix.find('/').expect("a base path"));
    let proxy = Proxy {
        upstream: format!("http://{authority}"),
        client: reqwest::Client::new(),
        rewrite,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("an address");
    let app = Router::new().fallback(forward).with_state(proxy);
    let serving = tokio::spawn(async move { axum::serve(listener, app).await });
    let target = Target::new(format!("http://{addr}{base_path}")).bearer(DEFAULT_TOKEN);
    let settings = SuiteSettings {
        only: only.iter().map(|s| (*s).to_owned()).collect(),
        ..SuiteSettings::default()
    };
    let result = run(
        target,
        &catalog::all(),
        &settings,
        &RunOptions::default(),
        &mut CollectingSink::default(),
    )
    .await
    .expect("the run completes");
    serving.abort();
    server.shutdown().await;
    result
}

/// The case of check `id` in `result`.
fn case<'a>(result: &'a RunResult, id: &str) -> &'a scimcheck_engine::model::CaseResult {
    result
        .cases
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("{id} ran"))
}

fn scim_error(status: u16, scim_type: &str) -> String {
    json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
        "status": status.to_string(),
        "scimType": scim_type,
        "detail": "rewritten by the test proxy",
    })
    .to_string()
}

/// The other legal answers: 501 for discovery writes, 400 for a text/plain body, groups
/// entries without display, a groups.value or members.value filter refused.
fn other_answers(method: &Method, path: &str, status: u16, body: String) -> (u16, String) {
    let bare = path.split('?').next().unwrap_or(path);
    let discovery = ["/ServiceProviderConfig", "/ResourceTypes", "/Schemas"];
    if method != Method::GET && discovery.iter().any(|d| bare.ends_with(d)) {
        return (501, scim_error(501, ""));
    }
    if status == 415 {
        return (400, scim_error(400, "invalidSyntax"));
    }
    if path.contains("groups.value") || path.contains("members.value") {
        return (400, scim_error(400, "invalidFilter"));
    }
    if bare.ends_with("/Me") {
        return (308, "http://127.0.0.1/scim/v2/Users/the-subject".into());
    }
    if method == Method::GET && bare.contains("/Users/") {
        let mut user: Value = serde_json::from_str(&body).expect("a user");
        for entry in user["groups"].as_array_mut().into_iter().flatten() {
            entry.as_object_mut().map(|e| e.remove("display"));
        }
        return (status, user.to_string());
    }
    (status, body)
}

#[tokio::test]
async fn the_other_legal_answers_fail_and_warn_nothing() {
    let checks = [
        "discovery.spc.write-405",
        "discovery.resource-types.write-405",
        "discovery.schemas.write-405",
        "content-type.request.unsupported-415",
        "groups.membership.user-groups-display",
        "groups.membership.filter-users-by-group",
        "groups.membership.deleted-user-not-filtered",
        "users.me.resource-or-501",
    ];
    let result = run_through(ServerConfig::default(), other_answers, &checks).await;
    assert_eq!(
        case(&result, "users.me.resource-or-501").verdict,
        Verdict::Pass,
        "a 308 to the subject's resource is one of the three answers"
    );
    for id in checks {
        let case = case(&result, id);
        assert!(
            matches!(case.verdict, Verdict::Pass | Verdict::Skip),
            "{id}: {:?} {:?}",
            case.verdict,
            case.reason
        );
    }
    for id in [
        "groups.membership.filter-users-by-group",
        "groups.membership.deleted-user-not-filtered",
    ] {
        let filtered = case(&result, id);
        assert_eq!(
            filtered.verdict,
            Verdict::Skip,
            "{id}: {:?}",
            filtered.reason
        );
    }
}

/// The User schema without its `groups` attribute, in a /Schemas list or alone.
fn no_user_groups(method: &Method, path: &str, status: u16, body: String) -> (u16, String) {
    if method != Method::GET || !path.contains("/Schemas") || status != 200 {
        return (status, body);
    }
    let mut value: Value = serde_json::from_str(&body).expect("a schema document");
    let schemas = match value.get_mut("Resources") {
        Some(Value::Array(list)) => list.iter_mut().collect::<Vec<_>>(),
        _ => vec![&mut value],
    };
    for schema in schemas {
        if schema["id"] == "urn:ietf:params:scim:schemas:core:2.0:User"
            && let Some(attributes) = schema["attributes"].as_array_mut()
        {
            attributes.retain(|a| a["name"] != "groups");
        }
    }
    (status, value.to_string())
}

#[tokio::test]
async fn a_server_without_user_groups_skips_the_groups_checks() {
    let checks = [
        "groups.membership.user-groups",
        "groups.membership.user-groups-after-patch-add",
        "groups.membership.user-groups-display",
        "groups.membership.filter-users-by-group",
    ];
    let config = ServerConfig::default().with_defect(Defect::GroupsNotComputed);
    let result = run_through(config, no_user_groups, &checks).await;
    for id in checks {
        let case = case(&result, id);
        assert_eq!(case.verdict, Verdict::Skip, "{id}: {:?}", case.reason);
        assert!(
            case.reason
                .as_deref()
                .is_some_and(|r| r.contains("no groups attribute")),
            "{id}: {:?}",
            case.reason
        );
    }
}

/// Jackson answers a path it does not know, /Me too, as its Groups list (200, a ListResponse):
/// `users.me.resource-or-501` warns on that answer, and the Location check, which judges a
/// resource served at /Me, ends blocked by it instead of failing on a list that has no id.
fn me_as_a_list(method: &Method, path: &str, status: u16, body: String) -> (u16, String) {
    if method == Method::GET && path.split('?').next().unwrap_or(path).ends_with("/Me") {
        let list = serde_json::json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": 0,
            "Resources": [],
        });
        return (200, list.to_string());
    }
    (status, body)
}

#[tokio::test]
async fn me_answered_with_a_list_is_reported_once() {
    let checks = ["users.me.resource-or-501", "users.me.location-permanent"];
    let result = run_through(ServerConfig::default(), me_as_a_list, &checks).await;
    assert_eq!(case(&result, checks[0]).verdict, Verdict::Warn);
    let location = case(&result, checks[1]);
    assert_eq!(location.verdict, Verdict::Blocked, "{:?}", location.reason);
    assert!(
        location
            .reason
            .as_deref()
            .is_some_and(|r| r.contains(checks[0])),
        "{:?}",
        location.reason
    );
}

/// A server with a strict E.164 validator refuses `+1 201 555 0123` (spaces) with 400: it never
/// returns the number uncanonicalised, so the canonical-phone check has nothing to judge and
/// skips, rather than warning that the number was not canonicalised.
fn phone_refused(method: &Method, path: &str, status: u16, body: String) -> (u16, String) {
    if method == Method::POST && path.ends_with("/Users") && body.contains("tel:+1-201-555-0123") {
        return (400, scim_error(400, "invalidValue"));
    }
    (status, body)
}

/// Asserts that `check`, run through `rewrite`, is skipped with a reason containing `words`.
async fn skipped_saying(rewrite: Rewrite, check: &str, words: &str) {
    let result = run_through(ServerConfig::default(), rewrite, &[check]).await;
    let case = case(&result, check);
    assert_eq!(case.verdict, Verdict::Skip, "{:?}", case.reason);
    assert!(
        case.reason.as_deref().is_some_and(|r| r.contains(words)),
        "{:?}",
        case.reason
    );
}

#[tokio::test]
async fn a_phone_number_refused_as_sent_is_not_judged() {
    skipped_saying(
        phone_refused,
        "users.create.phone-rfc3966",
        "refuses phoneNumbers",
    )
    .await;
}

/// A server whose externalId filters find nothing holding a character outside the BMP, even
/// written as itself (a collation that cannot compare it): the surrogate-escape check has no
/// plain match to judge the escape against, so it skips rather than blaming the escape.
fn astral_never_found(method: &Method, path: &str, status: u16, body: String) -> (u16, String) {
    if method == Method::GET && path.contains("filter=externalId") {
        let empty = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":[]}"#;
        return (200, empty.to_owned());
    }
    (status, body)
}

#[tokio::test]
async fn a_character_no_filter_finds_leaves_its_escape_unjudged() {
    skipped_saying(
        astral_never_found,
        "filter.string.json-escapes-astral",
        "(the character written as itself) finds []",
    )
    .await;
}

/// A server that does not serve POST /.search, answering as Canaille (405), better-auth and
/// Jackson (404) do, or with 501: querying with POST is the client's choice (RFC 7644 §3.4.3),
/// so every check that searches ends skipped as not offered, none failed or blocked.
fn search_not_served<const STATUS: u16>(
    method: &Method,
    path: &str,
    status: u16,
    body: String,
) -> (u16, String) {
    if *method == Method::POST && path.contains("/.search") {
        (STATUS, String::new())
    } else {
        (status, body)
    }
}

#[tokio::test]
async fn a_server_without_post_search_has_it_noted_as_not_offered() {
    let refusals: [(u16, Rewrite); 3] = [
        (404, search_not_served::<404>),
        (405, search_not_served::<405>),
        (501, search_not_served::<501>),
    ];
    for (status, rewrite) in refusals {
        let result = run_through(
            ServerConfig::default(),
            rewrite,
            &["search.post.*", "content-type.response.search"],
        )
        .await;
        let searching: Vec<_> = result
            .cases
            .iter()
            .filter(|c| !c.id.starts_with("prerequisite.") || c.id == "prerequisite.users.search")
            .collect();
        assert!(searching.len() > 5, "{:?}", searching.len());
        for case in searching {
            assert_eq!(
                case.verdict,
                Verdict::Skip,
                "{status} {}: {:?}",
                case.id,
                case.reason
            );
            let reason = case.reason.as_deref().unwrap_or_default();
            assert!(
                reason.starts_with(NOT_OFFERED) && reason.contains(&format!("answered {status}")),
                "{status} {}: {reason}",
                case.id
            );
        }
    }
}

/// A rename the server refuses for mutability: the conflicting PUT or PATCH of userName,
/// which the reference server answers 409, answered 400 `mutability` instead.
fn rename_refused(method: &Method, path: &str, status: u16, body: String) -> (u16, String) {
    if matches!(*method, Method::PUT | Method::PATCH) && path.contains("/Users/") && status == 409 {
        let refusal = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
            "status": "400",
            "scimType": "mutability",
            "detail": "userName is immutable",
        });
        return (400, refusal.to_string());
    }
    (status, body)
}

/// That refusal from a server whose /Schemas declares userName immutable, as
/// mlflow-oidc-auth's does.
fn user_name_immutable(method: &Method, path: &str, status: u16, body: String) -> (u16, String) {
    if *method == Method::GET && path.contains("/Schemas") && status == 200 {
        let mut schemas: Value = serde_json::from_str(&body).expect("Schemas JSON");
        let mark = |schema: &mut Value| {
            for attr in schema["attributes"].as_array_mut().into_iter().flatten() {
                if attr["name"] == "userName" {
                    attr["mutability"] = json!("immutable");
                }
            }
        };
        match schemas.get_mut("Resources").and_then(Value::as_array_mut) {
            Some(list) => list.iter_mut().for_each(mark),
            None => mark(&mut schemas),
        }
        return (status, schemas.to_string());
    }
    rename_refused(method, path, status, body)
}

/// A server whose schema makes userName immutable refuses every rename for that reason before
/// uniqueness is at stake: the update-uniqueness checks have nothing to judge and skip, saying
/// so. The same refusal from a server that declares userName writable still fails them (one
/// root cause: they judge one shared rule).
#[tokio::test]
async fn a_rename_refused_because_user_name_is_declared_immutable_leaves_uniqueness_unjudged() {
    let checks = [
        "users.uniqueness.put-409",
        "users.uniqueness.patch-409",
        "users.uniqueness.put-case-variant-409",
    ];
    let declared = run_through(ServerConfig::default(), user_name_immutable, &checks).await;
    let undeclared = run_through(ServerConfig::default(), rename_refused, &checks).await;
    for check in checks {
        let skipped = case(&declared, check);
        assert_eq!(
            skipped.verdict,
            Verdict::Skip,
            "{check}: {:?}",
            skipped.reason
        );
        assert!(
            skipped
                .reason
                .as_deref()
                .is_some_and(|r| r.contains("declares userName immutable")),
            "{check}: {:?}",
            skipped.reason
        );
        // The first fails; the others judge the same shared rule and end blocked by it.
        let failed = case(&undeclared, check);
        assert!(
            matches!(failed.verdict, Verdict::Fail | Verdict::Blocked),
            "{check}: {:?} {:?}",
            failed.verdict,
            failed.reason
        );
    }
}

/// The User resource type listed under another name ("Person") and, separately, with another
/// base schema, as a server may: either way /ResourceTypes still lists the type /Users serves.
fn user_type_renamed(method: &Method, path: &str, status: u16, body: String) -> (u16, String) {
    if method != Method::GET || !path.contains("/ResourceTypes") || status != 200 {
        return (status, body);
    }
    let mut list: Value = serde_json::from_str(&body).expect("a ResourceType list");
    for rt in list["Resources"].as_array_mut().into_iter().flatten() {
        if rt["name"] == "User" {
            rt["name"] = Value::from("Person");
            rt["schema"] = Value::from("urn:example:params:scim:schemas:Person");
        }
    }
    (status, list.to_string())
}

#[tokio::test]
async fn a_user_type_listed_under_its_own_name_and_schema_is_listed() {
    let check = "discovery.resource-types.user-listed";
    let result = run_through(ServerConfig::default(), user_type_renamed, &[check]).await;
    let case = case(&result, check);
    assert_eq!(case.verdict, Verdict::Pass, "{:?}", case.reason);
    assert!(
        case.assertions
            .iter()
            .any(|a| a.expected.contains("Person")),
        "the record names the type as the server does: {:?}",
        case.assertions
    );
}
