//! Runscope's template functions end to end (runscope.com/docs/api-testing/variables): the
//! card-table fixture (`fixtures/card_table.json`, written for these tests in Runscope's export
//! format) against a mock card-table API, templates in initial variables and the method, wrong
//! calls as step errors, secrets that template functions derive staying masked, and a Runscope
//! environment (`fixtures/staging_environment.json`) given as the run's environment.

use crate::common;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use base64::Engine;
use common::{assert_logged, assert_passed, case, reason, run, titles};
use hmac::{Hmac, Mac};
use scimcheck_engine::model::{RunResult, Verdict};
use scimcheck_engine::runscope::environment::Environment;
use scimcheck_engine::runscope::format::{self, RunscopeTest};
use scimcheck_engine::runscope::runner::RunscopeSettings;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const DEALER: &str = "dealer";
const PASSWORD: &str = "Sh0e-Pa55word!";
const SIGNING_KEY: &str = "table-signing-key";

/// The mock's state: tables by id, the `run` values it was sent, and whether it miscounts.
#[derive(Default)]
struct Tables {
    remaining: HashMap<String, i64>,
    runs: Vec<String>,
    miscount: bool,
}

type Shared = Arc<Mutex<Tables>>;

fn authorized(headers: &HeaderMap) -> bool {
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{DEALER}:{PASSWORD}"))
    );
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(expected.as_str())
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn open(
    State(tables): State<Shared>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if !authorized(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let players: i64 = query
        .get("players")
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let run = query.get("run").cloned().unwrap_or_default();
    let mut tables = tables.lock().expect("lock");
    let id = format!("t{}", tables.remaining.len() + 1);
    tables.remaining.insert(id.clone(), 52);
    tables.runs.push(run.clone());
    (
        StatusCode::CREATED,
        axum::Json(json!({"table_id": id, "players": players, "run": run})),
    )
        .into_response()
}

async fn deal(
    State(tables): State<Shared>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: String,
) -> Response {
    if !authorized(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(SIGNING_KEY.as_bytes()).expect("key");
    mac.update(id.as_bytes());
    let signature_ok = header(&headers, "x-signature") == hex(&mac.finalize().into_bytes());
    let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let filter = query.get("filter").cloned().unwrap_or_default();
    let players: i64 = filter
        .trim_start_matches("seat le \"")
        .trim_end_matches('"')
        .parse()
        .unwrap_or(0);
    let each = body["cards_each"].as_i64().unwrap_or(0);
    let mut tables = tables.lock().expect("lock");
    tables
        .runs
        .push(query.get("run").cloned().unwrap_or_default());
    let left = tables.remaining.entry(id).or_insert(52);
    *left -= players * each;
    let hands: Vec<Value> = (0..players)
        .map(|seat| json!([format!("card-{seat}")]))
        .collect();
    axum::Json(json!({
        "signature_ok": signature_ok,
        "filter": filter,
        "checksum": header(&headers, "x-checksum"),
        "hands": hands,
        "seed": body["seed"],
        "at": body["at"],
        "remaining": *left,
    }))
    .into_response()
}

async fn table(
    State(tables): State<Shared>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if !authorized(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let mut tables = tables.lock().expect("lock");
    let run = query.get("run").cloned().unwrap_or_default();
    tables.runs.push(run.clone());
    let remaining = tables.remaining.get(&id).copied().unwrap_or(0) - i64::from(tables.miscount);
    axum::Json(json!({"remaining": remaining, "run": run})).into_response()
}

/// Echoes the request headers back as JSON, as a careless server might.
async fn echo(headers: HeaderMap) -> Response {
    let headers: serde_json::Map<String, Value> = headers
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), json!(v.to_str().unwrap_or("?"))))
        .collect();
    axum::Json(Value::Object(headers)).into_response()
}

async fn spawn_tables(miscount: bool) -> (String, Shared) {
    let tables: Shared = Arc::new(Mutex::new(Tables {
        miscount,
        ..Tables::default()
    }));
    let app = Router::new()
        .route("/tables", post(open))
        .route("/tables/{id}/deal", post(deal))
        .route("/tables/{id}", get(table))
        .route("/echo", any(echo))
        .with_state(tables.clone());
    (common::serve(app).await, tables)
}

fn assert_all_pass(result: &RunResult) {
    for case in &result.cases {
        assert_passed(case);
    }
}

fn card_table() -> RunscopeTest {
    format::parse(include_str!("../fixtures/card_table.json")).expect("the fixture imports")
}

/// Options for `base`: the fixture's initial variables, the run id a template.
fn options(base: &str) -> RunscopeSettings {
    let mut options = RunscopeSettings {
        target: base.to_owned(),
        ..RunscopeSettings::default()
    };
    for (name, value) in [
        ("base", base),
        ("open_method", "post"),
        ("run_id", "{{uuid}}"),
        ("dealer", DEALER),
        ("dealer_password", PASSWORD),
        ("signing_key", SIGNING_KEY),
    ] {
        options.variables.insert(name.into(), value.into());
    }
    options
}

#[tokio::test]
async fn the_card_table_fixture_passes_with_every_template_function() {
    let (base, tables) = spawn_tables(false).await;
    let (result, _) = run(&card_table(), &options(&base)).await;
    assert_all_pass(&result);
    assert_eq!(result.cases.len(), 3, "{:?}", titles(&result));
    // The note's template used the run context; the method was templated and upper-cased.
    let first = case(
        &result,
        "Open a table for Card table API (scimcheck fixture)",
    );
    assert_eq!(first.exchanges[0].request.method, "POST");
    // `{{uuid}}` in an initial variable was filled once for the whole run.
    let runs = tables.lock().expect("lock").runs.clone();
    assert_eq!(runs.len(), 3, "{runs:?}");
    assert!(uuid::Uuid::parse_str(&runs[0]).is_ok(), "{runs:?}");
    assert!(runs.iter().all(|r| *r == runs[0]), "{runs:?}");
}

#[tokio::test]
async fn the_card_table_fixture_fails_when_the_server_miscounts() {
    let (base, _) = spawn_tables(true).await;
    let (result, _) = run(&card_table(), &options(&base)).await;
    let last = case(&result, "Remaining cards");
    assert_eq!(last.verdict, Verdict::Fail, "{last:?}");
    assert!(
        reason(last).contains("response_json \"remaining\" equal_number"),
        "{}",
        reason(last)
    );
}

#[tokio::test]
async fn a_wrong_signature_key_fails_the_signed_step() {
    let (base, _) = spawn_tables(false).await;
    let mut options = options(&base);
    options
        .variables
        .insert("signing_key".into(), "another key".into());
    let (result, _) = run(&card_table(), &options).await;
    let signed = &result.cases[1];
    assert_eq!(signed.verdict, Verdict::Fail, "{signed:?}");
    assert!(
        reason(signed).contains("signature_ok"),
        "{}",
        reason(signed)
    );
}

fn one_test(steps: Value) -> RunscopeTest {
    format::parse(&json!({"name": "t", "steps": steps}).to_string()).expect("imports")
}

#[tokio::test]
async fn a_wrong_template_call_is_a_step_error_and_the_run_goes_on() {
    let (base, _) = spawn_tables(false).await;
    let test = one_test(json!([
        {"step_type": "request", "note": "bad range", "method": "GET",
         "url": "{{base}}/echo?n={{random_int(6,2)}}"},
        {"step_type": "request", "note": "unknown function", "method": "GET",
         "url": "{{base}}/echo?n={{sha512(x)}}"},
        {"step_type": "request", "note": "fine", "method": "GET", "url": "{{base}}/echo?n={{random_int(6,6)}}",
         "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 200}]}
    ]));
    let (result, _) = run(&test, &options(&base)).await;
    let bad = case(&result, "bad range");
    assert_eq!(bad.verdict, Verdict::Error);
    assert!(bad.exchanges.is_empty(), "nothing is sent");
    assert!(
        reason(bad).contains("{{random_int(6,2)}}") && reason(bad).contains("greater"),
        "{}",
        reason(bad)
    );
    let unknown = case(&result, "unknown function");
    assert!(
        reason(unknown).contains("`sha512` is not a template function"),
        "{}",
        reason(unknown)
    );
    let fine = case(&result, "fine");
    assert_passed(fine);
    assert!(fine.exchanges[0].request.url.ends_with("/echo?n=6"));
}

#[tokio::test]
async fn initial_variables_that_cannot_be_filled_are_reported_before_the_steps() {
    let (base, _) = spawn_tables(false).await;
    let mut options = options(&base);
    options
        .variables
        .insert("seats".into(), "{{random_int(two,6)}}".into());
    let test = one_test(json!([
        {"step_type": "request", "note": "still runs", "method": "GET", "url": "{{base}}/echo"}
    ]));
    let (result, _) = run(&test, &options).await;
    let initial = case(&result, "Initial variables");
    assert_eq!(initial.verdict, Verdict::Error);
    assert!(
        reason(initial).contains("initial variable `seats`: {{random_int(two,6)}}")
            && reason(initial).contains("integer"),
        "{}",
        reason(initial)
    );
    assert_eq!(case(&result, "still runs").verdict, Verdict::Pass);
}

#[tokio::test]
async fn values_template_functions_derive_from_a_password_are_masked_everywhere() {
    let (base, _) = spawn_tables(false).await;
    let test = one_test(json!([
        {"step_type": "request", "note": "derive", "method": "GET", "url": "{{base}}/echo",
         "headers": {
            "Authorization": ["Basic {{encode_base64({{dealer}}:{{dealer_password}})}}"],
            "X-Hash": ["{{md5({{dealer_password}})}}"],
            "X-Mac": ["{{hmac_sha1(payload,{{dealer_password}})}}"]
         },
         "scripts": ["var b = JSON.parse(response.body); log('script sees ' + b['x-hash'] + ' ' + request.headers['X-Hash']);\nvariables.set('copied', b['x-mac']);"],
         "assertions": [
            {"source": "response_json", "property": "x-hash", "comparison": "equal", "value": "{{md5({{dealer_password}})}}"},
            {"source": "response_status", "comparison": "equal_number", "value": 200}
         ]},
        {"step_type": "request", "note": "reuse", "method": "GET", "url": "{{base}}/echo?m={{copied}}",
         "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 200}]}
    ]));
    let (result, sink) = run(&test, &options(&base)).await;
    assert_all_pass(&result);
    // The script saw placeholders, not the derived values.
    assert_logged(&result.cases[0], |l| {
        l.starts_with("script sees {secret:derived-")
    });
    let md5 = hex(&md5::Md5::digest(PASSWORD));
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(PASSWORD.as_bytes()).expect("key");
    mac.update(b"payload");
    let hmac = hex(&mac.finalize().into_bytes());
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{DEALER}:{PASSWORD}"));
    let everything = format!(
        "{}\n{:?}",
        serde_json::to_string(&result).expect("serializes"),
        sink.events
    );
    for derived in [PASSWORD, &md5, &hmac, &basic] {
        assert!(
            !everything.contains(derived),
            "the output holds {derived:?}:\n{everything}"
        );
    }
}

#[tokio::test]
async fn a_runscope_environment_supplies_variables_script_headers_and_auth() {
    let (base, _) = spawn_tables(false).await;
    let env = Environment::parse(include_str!("../fixtures/staging_environment.json"))
        .expect("Runscope's environment reads");
    let mut options = RunscopeSettings {
        target: base.clone(),
        ..RunscopeSettings::default()
    };
    env.apply_to(&mut options);
    options.variables.insert("base".into(), base.clone());
    options
        .variables
        .insert("dealer_password".into(), PASSWORD.into());
    let test = one_test(json!([
        {"step_type": "request", "note": "{{from_script}}", "method": "GET",
         "url": "{{base}}/echo?seats={{seats}}",
         "assertions": [
            {"source": "response_json", "property": "x-table", "comparison": "equal", "value": "{{table}}"},
            {"source": "response_json", "property": "accept", "comparison": "equal", "value": "application/json"}
         ]},
        {"step_type": "request", "note": "own header wins", "method": "GET", "url": "{{base}}/tables/t9",
         "headers": {"Accept": ["text/plain"]},
         "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 200}]}
    ]));
    let (result, _) = run(&test, &options).await;
    assert_all_pass(&result);
    // The initial script ran with the environment's name; the table id was filled once.
    let first = case(&result, "script ran in Card table staging");
    let sent = &first.exchanges[0].request;
    let table = sent
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("x-table"))
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    assert!(table.starts_with("tbl-") && table.len() == 10, "{table}");
    assert!(sent.url.ends_with("?seats=4"), "{}", sent.url);
    // The environment's basic auth authenticated the second step (the mock answers 401 otherwise).
    let own = case(&result, "own header wins");
    let accept: Vec<&str> = own.exchanges[0]
        .request
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("accept"))
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(accept, ["text/plain"]);
    assert!(
        result.notes.iter().any(|n| n.contains("`table_colour`")),
        "{:?}",
        result.notes
    );
}
