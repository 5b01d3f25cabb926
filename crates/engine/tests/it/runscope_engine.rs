//! The Runscope engine end to end against a local mock server: step types, templates, request
//! building, order of scripts/extraction/assertions, stop-on-failure, HTTP hardening, events
//! and secret masking — each with a passing and a failing case.

use crate::common;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Request};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use common::{assert_logged, assert_passed, case, okta_test, reason, run, run_with};
use scimcheck_engine::event::RunEvent;
use scimcheck_engine::http::HttpLimits;
use scimcheck_engine::model::{RunResult, Verdict};
use scimcheck_engine::run::RunOptions;
use scimcheck_engine::runscope::format;
use scimcheck_engine::runscope::runner::{PausePolicy, RunscopeSettings};
use serde_json::json;

async fn echo(method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let headers: serde_json::Map<String, serde_json::Value> = headers
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), json!(v.to_str().unwrap_or("?"))))
        .collect();
    axum::Json(json!({
        "method": method.as_str(),
        "path": uri.path(),
        "query": uri.query().unwrap_or(""),
        "headers": headers,
        "body": String::from_utf8_lossy(&body),
    }))
    .into_response()
}

async fn user() -> Response {
    (
        [("Content-Type", "application/scim+json"), ("ETag", "W/\"1\"")],
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "u1", "userName": "a@x",
               "active": true, "emails": [{"value": "a@x"}], "meta": {"version": "W/\"1\""}})
        .to_string(),
    )
        .into_response()
}

async fn status(Path(code): Path<u16>) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::IM_A_TEAPOT);
    (status, axum::Json(json!({"status": code.to_string()}))).into_response()
}

async fn redirect() -> Response {
    (
        StatusCode::FOUND,
        [("Location", "http://elsewhere.invalid/steal")],
    )
        .into_response()
}

/// A user as an XML API answers it, for `response_xml`.
async fn user_xml() -> Response {
    (
        [("Content-Type", "application/xml")],
        "<?xml version=\"1.0\"?><User id=\"u1\"><userName>a@x</userName>\
         <emails><email primary=\"true\">a@x</email><email>b@x</email></emails></User>",
    )
        .into_response()
}

async fn not_utf8() -> Response {
    Response::new(Body::from(vec![b'o', b'k', 0xff, 0xfe]))
}

async fn spawn_mock() -> String {
    let app = Router::new()
        .route("/echo", any(echo))
        .route("/echo/{*rest}", any(echo))
        .route("/Users/u1", get(user))
        .route("/xml/u1", get(user_xml))
        .route("/status/{code}", any(status))
        .route("/redirect", get(redirect))
        .route("/binary", get(not_utf8))
        .fallback(
            |request: Request| async move { (StatusCode::NOT_FOUND, request.uri().to_string()) },
        );
    common::serve(app).await
}

/// How a hostile raw-TCP server answers each connection.
#[derive(Clone, Copy)]
enum Hostile {
    /// A header promising this many bytes, then as many as the client reads: a 50 MB body.
    Huge(usize),
    /// Bytes that are not HTTP, then the connection closes.
    Garbage,
    /// Reads the request and never answers.
    Silent,
}

async fn spawn_hostile(behaviour: Hostile) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                match behaviour {
                    Hostile::Huge(length) => {
                        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {length}\r\n\r\n");
                        let chunk = vec![b'x'; 64 * 1024];
                        let mut ok = socket.write_all(head.as_bytes()).await.is_ok();
                        let mut sent = 0;
                        while ok && sent < length {
                            ok = socket.write_all(&chunk).await.is_ok();
                            sent += chunk.len();
                        }
                    }
                    Hostile::Garbage => {
                        let _ = socket.write_all(b"\x00\xffnot http at all\r\n\r\n").await;
                    }
                    Hostile::Silent => tokio::time::sleep(std::time::Duration::from_secs(30)).await,
                }
            });
        }
    });
    format!("http://{addr}")
}

/// A test file with `steps` (JSON array text).
fn test_with(steps: serde_json::Value) -> format::RunscopeTest {
    format::parse(&json!({"name": "engine test", "steps": steps}).to_string())
        .expect("test imports")
}

fn options_for(base: &str) -> RunscopeSettings {
    let mut options = RunscopeSettings {
        target: base.to_owned(),
        ..RunscopeSettings::default()
    };
    options.variables.insert("base".into(), base.to_owned());
    options
}

async fn run_steps(steps: serde_json::Value, options: &RunscopeSettings) -> RunResult {
    run(&test_with(steps), options).await.0
}

/// [`run_steps`] with per-request `limits`.
async fn run_limited(
    steps: serde_json::Value,
    options: &RunscopeSettings,
    limits: HttpLimits,
) -> RunResult {
    let run = RunOptions {
        limits,
        ..RunOptions::default()
    };
    run_with(&test_with(steps), options, &run).await.0
}

fn request(url: &str, assertions: serde_json::Value) -> serde_json::Value {
    json!({"step_type": "request", "method": "GET", "url": url, "note": url, "assertions": assertions})
}

/// Each case's id and verdict, in the order reported.
fn verdicts(result: &RunResult) -> Vec<(&str, Verdict)> {
    result
        .cases
        .iter()
        .map(|c| (c.id.as_str(), c.verdict))
        .collect()
}

fn status_is(code: u16) -> serde_json::Value {
    json!({"source": "response_status", "comparison": "equal_number", "value": code})
}

#[tokio::test]
async fn request_step_passes_and_fails_by_its_assertions() {
    let base = spawn_mock().await;
    let result = run_steps(
        json!([
            request("{{base}}/status/200", json!([status_is(200)])),
            request("{{base}}/status/500", json!([status_is(200)]))
        ]),
        &options_for(&base),
    )
    .await;
    assert_eq!(result.cases[0].verdict, Verdict::Pass);
    let failed = &result.cases[1];
    assert_eq!(failed.verdict, Verdict::Fail);
    let assertion = &failed.assertions[0];
    assert_eq!(
        (
            assertion.description.as_str(),
            assertion.expected.as_str(),
            assertion.actual.as_str()
        ),
        ("response_status equal_number", "200", "500")
    );
    assert!(reason(failed).contains("response_status equal_number"));
    assert!(!result.succeeded());
}

#[tokio::test]
async fn templates_fill_url_headers_body_form_note_and_assertion_values() {
    let base = spawn_mock().await;
    let mut options = options_for(&base);
    options.variables.insert("who".into(), "ann".into());
    let step = json!({"step_type": "request", "method": "POST", "url": "{{base}}/echo/{{who}}",
        "note": "echo for {{who}}", "headers": {"X-Who": "{{who}}", "X-Multi": ["a-{{who}}", "b"]},
        "body": "{\"user\":\"{{who}}\"}",
        "assertions": [
            {"source": "response_json", "property": "path", "comparison": "equal", "value": "/echo/{{who}}"},
            {"source": "response_json", "property": "headers.x-who", "comparison": "equal", "value": "{{who}}"},
            {"source": "response_json", "property": "body", "comparison": "contains", "value": "\"{{who}}\""},
            {"source": "response_json", "property": "method", "comparison": "equal", "value": "POST"}]});
    let form = json!({"step_type": "request", "method": "POST", "url": "{{base}}/echo", "note": "form",
        "form": {"name": ["{{who}} smith"], "x": "1&2"},
        "assertions": [
            {"source": "response_json", "property": "body", "comparison": "equal", "value": "name=ann+smith&x=1%262"},
            {"source": "response_json", "property": "headers.content-type", "comparison": "equal", "value": "application/x-www-form-urlencoded"}]});
    let result = run_steps(json!([step, form]), &options).await;
    assert_eq!(result.cases[0].title, "echo for ann");
    for c in &result.cases {
        assert_passed(c);
    }
    let sent = &result.cases[0].exchanges[0].request;
    let multi: Vec<&str> = sent
        .headers
        .iter()
        .filter(|(n, _)| n == "x-multi")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(multi, ["a-ann", "b"]);
}

#[tokio::test]
async fn query_with_spaces_and_quotes_is_percent_encoded_like_a_browser() {
    let base = spawn_mock().await;
    let step = request(
        "{{base}}/echo?filter=userName eq \"a b@x.com\"&count=1",
        json!([{"source": "response_json", "property": "query", "comparison": "equal",
                "value": "filter=userName%20eq%20%22a%20b@x.com%22&count=1"}]),
    );
    let result = run_steps(json!([step]), &options_for(&base)).await;
    assert_passed(&result.cases[0]);
}

#[tokio::test]
async fn undefined_variables_stop_the_step_and_are_named_but_notes_keep_them() {
    let base = spawn_mock().await;
    let step = json!({"step_type": "request", "method": "GET", "url": "{{base}}/echo/{{nobody}}", "note": "Get {{id}}"});
    let result = run_steps(json!([step]), &options_for(&base)).await;
    let c = &result.cases[0];
    assert_eq!(c.verdict, Verdict::Error);
    assert!(
        reason(c).contains("undefined variable(s) in the request: nobody"),
        "{:?}",
        c.reason
    );
    assert!(c.exchanges.is_empty(), "nothing may be sent");
    assert_eq!(c.title, "Get {{id}}");
    assert_logged(c, |l| l.contains("undefined variable(s) id"));
}

#[tokio::test]
async fn extraction_feeds_later_steps_and_missing_properties_are_reported() {
    let base = spawn_mock().await;
    let first = json!({"step_type": "request", "method": "GET", "url": "{{base}}/Users/u1", "note": "get",
        "variables": [{"source": "response_json", "name": "uid", "property": "id"},
                      {"source": "response_headers", "name": "etag", "property": "ETag"},
                      {"source": "response_json", "name": "gone", "property": "nope.deeper"}]});
    let second = request(
        "{{base}}/echo/{{uid}}",
        json!([
        {"source": "response_json", "property": "path", "comparison": "equal", "value": "/echo/u1"}]),
    );
    let third = request("{{base}}/echo/{{gone}}", json!([]));
    let result = run_steps(json!([first, second, third]), &options_for(&base)).await;
    assert_logged(&result.cases[0], |l| l.contains("variable gone not set"));
    assert_passed(&result.cases[1]);
    assert_eq!(result.cases[2].verdict, Verdict::Error);
    assert!(reason(&result.cases[2]).contains("gone"));
}

#[tokio::test]
async fn response_xml_asserts_and_extracts_by_xpath_and_says_what_it_cannot_read() {
    let base = spawn_mock().await;
    let xml = |property: &str, comparison: &str, value: serde_json::Value| json!({"source": "response_xml", "property": property, "comparison": comparison, "value": value});
    let first = json!({"step_type": "request", "method": "GET", "url": "{{base}}/xml/u1", "note": "xml",
    "variables": [{"source": "response_xml", "name": "uid", "property": "/User/@id"}],
    "assertions": [
        xml("/User/userName", "equal", json!("a@x")),
        xml("//email[@primary]", "equal", json!("a@x")),
    ]});
    let passing = json!({"step_type": "request", "method": "GET", "url": "{{base}}/xml/u1", "note": "pass",
    "assertions": [
        xml("/User/userName", "equal", json!("a@x")),
        xml("//email[2]", "equal", json!("b@x")),
        xml("count(//email)", "equal_number", json!(2)),
        xml("/User/emails/email", "equal", json!("a@x")),
    ]});
    let failing = json!({"step_type": "request", "method": "GET", "url": "{{base}}/xml/u1", "note": "fail",
        "assertions": [xml("/User/userName", "equal", json!("b@x")), xml("/User/title", "not_empty", json!(null))]});
    let not_xml = json!({"step_type": "request", "method": "GET", "url": "{{base}}/Users/u1", "note": "json",
        "assertions": [xml("/User/userName", "equal", json!("a@x"))]});
    let uses_extracted = request(
        "{{base}}/echo/{{uid}}",
        json!([{"source": "response_json", "property": "path", "comparison": "equal", "value": "/echo/u1"}]),
    );
    let result = run_steps(
        json!([first, passing, failing, not_xml, uses_extracted]),
        &options_for(&base),
    )
    .await;
    // `[@primary]` is not in the subset: that assertion fails saying so, the other holds.
    let unsupported = &result.cases[0];
    assert_eq!(unsupported.verdict, Verdict::Fail);
    assert!(unsupported.assertions[0].passed);
    assert!(
        reason(unsupported).contains("does not support"),
        "{}",
        reason(unsupported)
    );
    assert_passed(&result.cases[1]);
    let failed = &result.cases[2];
    assert_eq!(failed.verdict, Verdict::Fail);
    assert_eq!(failed.assertions[0].actual, "a@x");
    assert!(
        !failed.assertions[1].passed,
        "a path selecting nothing is missing"
    );
    assert!(
        reason(&result.cases[3]).contains("not XML")
            || reason(&result.cases[3]).contains("no XML element"),
        "{}",
        reason(&result.cases[3])
    );
    assert_passed(&result.cases[4]);
}

#[tokio::test]
async fn order_is_before_scripts_request_extraction_scripts_assertions() {
    let base = spawn_mock().await;
    let step = json!({"step_type": "request", "method": "GET", "url": "{{base}}/echo/{{late}}", "note": "ordered",
        "before_scripts": ["variables.set('late', 'from-before'); request.headers['X-Added'] = 'yes';"],
        "variables": [{"source": "response_json", "name": "path", "property": "path"}],
        "scripts": ["var d = JSON.parse(response.body); assert.equal(variables.get('path'), '/echo/from-before', 'extraction ran first');\
                     variables.set('seen', d.headers['x-added']); log('status', response.status);"],
        "assertions": [{"source": "response_json", "property": "headers.x-added", "comparison": "equal", "value": "{{seen}}"}]});
    let result = run_steps(json!([step]), &options_for(&base)).await;
    let c = &result.cases[0];
    assert_passed(c);
    assert_eq!(c.assertions[0].expected, "yes");
    assert_logged(c, |l| l.contains("status") && l.contains("200"));
}

#[tokio::test]
async fn failing_scripts_fail_their_step_and_the_run_goes_on() {
    let base = spawn_mock().await;
    let post = json!({"step_type": "request", "method": "GET", "url": "{{base}}/status/201", "note": "post-script",
        "scripts": ["assert.equal(response.status, 200, 'wanted 200');"]});
    let pre = json!({"step_type": "request", "method": "GET", "url": "{{base}}/status/200", "note": "pre-script",
        "before_scripts": ["throw new Error('no way');"]});
    let ok = json!({"step_type": "request", "method": "GET", "url": "{{base}}/status/200", "note": "script-ok",
        "scripts": ["assert.equal(response.status, 200, 'wanted 200'); assert.equal(response.reason, 'OK');\
                     assert.isAbove(response.size_bytes, 0); assert.isString(response.headers['content-type'][0]);"]});
    let result = run_steps(json!([post, pre, ok]), &options_for(&base)).await;
    let reasons: Vec<String> = result
        .cases
        .iter()
        .map(|c| c.reason.clone().unwrap_or_default())
        .collect();
    assert_eq!(result.cases[0].verdict, Verdict::Fail);
    assert!(
        reasons[0].starts_with("script failed") && reasons[0].contains("wanted 200"),
        "{reasons:?}"
    );
    assert_eq!(result.cases[1].verdict, Verdict::Fail);
    assert!(
        reasons[1].contains("pre-request script failed") && reasons[1].contains("no way"),
        "{reasons:?}"
    );
    assert!(
        result.cases[1].exchanges.is_empty(),
        "a failed pre-request script sends nothing"
    );
    assert_passed(&result.cases[2]);
}

#[tokio::test]
async fn stop_on_failure_skips_the_rest_only_when_asked() {
    let base = spawn_mock().await;
    let steps = json!([
        request("{{base}}/status/500", json!([status_is(200)])),
        request("{{base}}/status/200", json!([status_is(200)]))
    ]);
    let mut options = options_for(&base);
    let result = run_steps(steps.clone(), &options).await;
    assert_eq!(result.cases[1].verdict, Verdict::Pass);
    options.stop_on_failure = true;
    let result = run_steps(steps, &options).await;
    assert_eq!(result.cases[1].verdict, Verdict::Skip);
    assert!(reason(&result.cases[1]).contains("stop-on-failure"));
    assert!(result.cases[1].exchanges.is_empty());
}

#[tokio::test]
async fn skipped_steps_and_pauses() {
    let base = spawn_mock().await;
    let mut skipped = request("{{base}}/status/500", json!([status_is(200)]));
    skipped["skipped"] = json!(true);
    let steps = json!([skipped, {"step_type": "pause", "duration": 5}, {"step_type": "pause", "duration": 0.01}]);
    let mut options = options_for(&base);
    let result = run_steps(steps.clone(), &options).await;
    let verdicts: Vec<Verdict> = result.cases.iter().map(|c| c.verdict).collect();
    assert_eq!(verdicts, [Verdict::Skip, Verdict::Skip, Verdict::Skip]);
    assert!(result.cases[0].exchanges.is_empty());
    assert!(
        result
            .notes
            .iter()
            .any(|n| n.contains("skipped 5.01 s of pauses")),
        "{:?}",
        result.notes
    );
    assert!(result.succeeded());
    options.pauses = PausePolicy::Honor;
    let honored = run_steps(json!([{"step_type": "pause", "duration": 0.01}]), &options).await;
    assert_eq!(honored.cases[0].verdict, Verdict::Pass);
    assert!(honored.notes.is_empty());
    let absurd = run_steps(json!([{"step_type": "pause", "duration": 1e300}]), &options).await;
    assert_eq!(absurd.cases[0].verdict, Verdict::Error);
    assert!(
        reason(&absurd.cases[0]).contains("too long"),
        "{:?}",
        absurd.cases[0].reason
    );
}

#[tokio::test]
async fn condition_runs_nested_steps_only_when_it_holds() {
    let base = spawn_mock().await;
    let mut options = options_for(&base);
    options.variables.insert("mode".into(), "full".into());
    let nested = json!([request("{{base}}/status/200", json!([status_is(200)]))]);
    let steps = json!([
        {"step_type": "condition", "left_value": "{{mode}}", "comparison": "equal", "right_value": "full", "steps": nested},
        {"step_type": "condition", "left_value": "{{mode}}", "comparison": "equal", "right_value": "lite", "steps": nested},
        {"step_type": "condition", "left_value": "{{nothing}}", "comparison": "equal", "right_value": "x", "steps": []},
    ]);
    let result = run_steps(steps, &options).await;
    assert_eq!(
        verdicts(&result),
        [
            ("step-1", Verdict::Pass),
            ("step-1.1", Verdict::Pass),
            ("step-2", Verdict::Pass),
            ("step-2.1", Verdict::Skip),
            ("step-3", Verdict::Error)
        ]
    );
    assert_eq!(result.cases[1].exchanges.len(), 1);
    assert!(result.cases[3].exchanges.is_empty());
}

#[tokio::test]
async fn conditional_loop_repeats_its_steps_while_the_condition_holds() {
    let base = spawn_mock().await;
    let mut options = options_for(&base);
    options.variables.insert("n".into(), "0".into());
    let mut count = request("{{base}}/status/200", json!([status_is(200)]));
    count["scripts"] = json!(["variables.set('n', String(Number(variables.get('n')) + 1));"]);
    let steps = json!([
        {"step_type": "conditional-loop", "left_value": "{{n}}", "comparison": "is_less_than", "right_value": "3", "steps": [count]},
        {"step_type": "conditional-loop", "left_value": "{{n}}", "comparison": "equal", "right_value": "0", "steps": [count]},
        {"step_type": "conditional", "left_value": "{{n}}", "comparison": "equal_number", "right_value": "3", "steps": [count]},
    ]);
    let result = run_steps(steps, &options).await;
    assert_eq!(
        verdicts(&result),
        [
            ("step-1", Verdict::Pass),
            ("step-1.1.1", Verdict::Pass),
            ("step-1.2", Verdict::Pass),
            ("step-1.2.1", Verdict::Pass),
            ("step-1.3", Verdict::Pass),
            ("step-1.3.1", Verdict::Pass),
            ("step-1.4", Verdict::Pass),
            ("step-2", Verdict::Pass),
            ("step-2.1.1", Verdict::Skip),
            ("step-3", Verdict::Pass),
            ("step-3.1", Verdict::Pass),
        ]
    );
    assert_logged(&result.cases[6], |l| {
        l.contains("`3` is_less_than `3` does not hold")
    });
    assert_eq!(
        result.cases[0].category.as_deref(),
        Some("conditional-loop")
    );
    assert!(
        result.cases[0]
            .title
            .starts_with("Conditional loop: {{n}} is_less_than 3")
    );
}

/// A run's notes name the behaviour its test relies on that scimcheck assumes (the feature
/// table's "assumed" rows): read from the test as written, so a skipped step's counts too; a
/// test using none of it gets no such note.
#[tokio::test]
async fn a_run_notes_the_assumed_behaviour_its_test_uses() {
    let base = spawn_mock().await;
    let options = options_for(&base);
    let assumed = |result: &RunResult| {
        result
            .notes
            .iter()
            .find(|n| n.contains("which scimcheck assumes"))
            .cloned()
    };
    let plain = run_steps(json!([request("{{base}}/status/200", json!([]))]), &options).await;
    assert_eq!(assumed(&plain), None, "{:?}", plain.notes);

    let mut xml = request("{{base}}/status/200?id={{uuid}}", json!([]));
    xml["scripts"] = json!(["var o = xml2json.toJson('<a>1</a>', {object: true});"]);
    let steps = json!([
        xml,
        {"step_type": "conditional-loop", "skipped": true, "left_value": "a", "comparison": "equal",
         "right_value": "b", "steps": []},
    ]);
    let result = run_steps(steps, &options).await;
    let note = assumed(&result).unwrap_or_default();
    assert!(
        note.contains(
            "assumes: built-in template functions, conditional loop steps, the xml2json script helper"
        ),
        "{note}"
    );
}

#[tokio::test]
async fn a_conditional_loop_that_never_ends_fails_after_its_last_pass() {
    let base = spawn_mock().await;
    let options = options_for(&base);
    let steps = json!([
        {"step_type": "conditional-loop", "left_value": "a", "comparison": "equal", "right_value": "a", "steps": []},
        {"step_type": "conditional-loop", "left_value": "a", "comparison": "equal", "right_value": "a",
         "steps": [request("{{base}}/status/500", json!([status_is(200)]))]},
    ]);
    let mut options = options;
    options.stop_on_failure = true;
    let result = run_steps(steps.clone(), &options).await;
    let passes = 1 + scimcheck_engine::runscope::runner::LOOP_PASSES as usize;
    let last = &result.cases[passes - 1];
    assert_eq!(last.id, format!("step-1.{passes}"));
    assert_eq!(last.verdict, Verdict::Fail);
    assert!(
        reason(last).contains("still held after 50 passes"),
        "{:?}",
        last.reason
    );
    assert!(
        result.cases[passes..]
            .iter()
            .all(|c| c.verdict == Verdict::Skip),
        "stop-on-failure ends the run: {:?}",
        &result.cases[passes..]
    );
    options.stop_on_failure = false;
    let second = run_steps(json!([steps[1]]), &options).await;
    assert_eq!(
        second.cases[1].verdict,
        Verdict::Fail,
        "a failing step inside a pass"
    );
    assert_eq!(
        second.cases.len(),
        1 + 50 + 50,
        "the step, 50 passes, 50 judgements after them"
    );
}

#[tokio::test]
async fn subtest_ghost_inspector_and_unknown_steps() {
    let result = run_steps(
        json!([{"step_type": "subtest", "test_uuid": "t-1", "bucket_key": "b-1"}, {"step_type": "ghost-inspector", "test_id": "g-1"}, {"step_type": "warp"}]),
        &RunscopeSettings::default(),
    )
    .await;
    for c in &result.cases[..2] {
        assert_eq!(c.verdict, Verdict::Skip);
    }
    assert!(
        reason(&result.cases[0]).contains("the test t-1 it calls (bucket b-1) was not given; add its export to the subtests' exports"),
        "a subtest whose export was not given: {:?}",
        result.cases[0].reason
    );
    assert!(
        reason(&result.cases[1]).starts_with("not runnable outside Runscope: needs"),
        "{:?}",
        result.cases[1].reason
    );
    assert_eq!(result.cases[2].verdict, Verdict::Error);
    assert!(reason(&result.cases[2]).contains("unknown step type `warp`"));
    assert!(!result.succeeded());
}

#[tokio::test]
async fn redirects_are_recorded_not_followed() {
    let base = spawn_mock().await;
    let result = run_steps(
        json!([request("{{base}}/redirect", json!([status_is(302)]))]),
        &options_for(&base),
    )
    .await;
    let c = &result.cases[0];
    assert_eq!(c.verdict, Verdict::Pass);
    assert_eq!(c.exchanges.len(), 1);
    let response = c.exchanges[0].response.as_ref().expect("response");
    assert!(
        response
            .headers
            .iter()
            .any(|(n, v)| n == "location" && v.contains("elsewhere.invalid"))
    );
}

#[tokio::test]
async fn hostile_50_mb_body_is_read_up_to_the_cap_only() {
    let base = spawn_hostile(Hostile::Huge(50 * 1024 * 1024)).await;
    let limits = HttpLimits {
        read_cap: 1024 * 1024,
        keep_cap: 1000,
        ..HttpLimits::default()
    };
    let result = run_limited(
        json!([request("{{base}}/huge", json!([status_is(200)]))]),
        &options_for(&base),
        limits,
    )
    .await;
    let c = &result.cases[0];
    let response = c.exchanges[0].response.as_ref().expect("response");
    assert_eq!(response.size_bytes, 1024 * 1024);
    assert!(response.body_truncated);
    assert_eq!(response.body.len(), 1000);
    assert_logged(c, |l| l.contains("the rest was not read"));
}

#[tokio::test]
async fn invalid_utf8_is_kept_lossy_with_a_note() {
    let base = spawn_mock().await;
    let step = request(
        "{{base}}/binary",
        json!([{"source": "response_text", "property": "", "comparison": "contains", "value": "ok"}]),
    );
    let result = run_steps(json!([step]), &options_for(&base)).await;
    let c = &result.cases[0];
    assert_eq!(c.verdict, Verdict::Pass);
    assert!(
        c.exchanges[0]
            .response
            .as_ref()
            .is_some_and(|r| r.body.contains('\u{FFFD}'))
    );
    assert!(c.logs.iter().any(|l| l.contains("not valid UTF-8")));
}

#[tokio::test]
async fn connection_refused_is_an_error_with_the_cause() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    let result = run_steps(
        json!([request("{{base}}/x", json!([status_is(200)]))]),
        &options_for(&base),
    )
    .await;
    let c = &result.cases[0];
    assert_eq!(c.verdict, Verdict::Error);
    assert!(reason(c).contains("could not connect"), "{:?}", c.reason);
    assert!(c.exchanges[0].error.is_some());
}

#[tokio::test]
async fn secrets_are_masked_everywhere_in_results_and_events() {
    let base = spawn_mock().await;
    let mut options = options_for(&base);
    options
        .variables
        .insert("auth".into(), "Bearer sekrit-123456".into());
    let step = json!({"step_type": "request", "method": "POST", "url": "{{base}}/echo?token=sekrit-123456", "note": "leaky",
        "headers": {"Authorization": ["{{auth}}"], "Cookie": "session=cookie-value-1"}, "body": "my token is {{auth}}",
        "scripts": ["log(response.body);"],
        "assertions": [{"source": "response_json", "property": "headers.authorization", "comparison": "equal", "value": "{{auth}}"}]});
    let (result, sink) = run(&test_with(json!([step])), &options).await;
    assert_passed(&result.cases[0]);
    let everything = format!(
        "{} {:?}",
        serde_json::to_string(&result).expect("json"),
        sink.events
    );
    assert!(!everything.contains("sekrit"), "secret leaked");
    assert!(!everything.contains("cookie-value-1"), "cookie leaked");
    assert!(everything.contains("***"));
}

#[tokio::test]
async fn events_arrive_in_order_and_match_the_result() {
    let base = spawn_mock().await;
    let (result, sink) = run(&test_with(json!([request("{{base}}/status/200", json!([])), {"step_type": "pause", "duration": 1}])), &options_for(&base)).await;
    let kinds: Vec<&str> = sink
        .events
        .iter()
        .map(|e| match e {
            RunEvent::RunStarted { .. } => "run-started",
            RunEvent::CaseStarted { .. } => "case-started",
            RunEvent::CaseFinished(_) => "case-finished",
            RunEvent::RunFinished(_) => "run-finished",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "run-started",
            "case-started",
            "case-finished",
            "case-started",
            "case-finished",
            "run-finished"
        ]
    );
    assert!(matches!(sink.events.last(), Some(RunEvent::RunFinished(r)) if *r == result));
}

#[tokio::test]
async fn initial_script_sets_variables_and_its_failure_is_an_error() {
    let base = spawn_mock().await;
    let mut options = options_for(&base);
    options.initial_script = Some("variables.set('who', 'script-user');".into());
    let step = request(
        "{{base}}/echo/{{who}}",
        json!([{"source": "response_json", "property": "path", "comparison": "equal", "value": "/echo/script-user"}]),
    );
    let result = run_steps(json!([step.clone()]), &options).await;
    assert_eq!(result.cases[0].id, "initial-script");
    assert_passed(&result.cases[1]);
    options.initial_script = Some("throw new Error('bad init');".into());
    let result = run_steps(json!([step]), &options).await;
    assert_eq!(result.cases[0].verdict, Verdict::Error);
    assert!(reason(&result.cases[0]).contains("bad init"));
}

#[tokio::test]
async fn basic_auth_block_sends_basic_credentials() {
    let base = spawn_mock().await;
    let step = json!({"step_type": "request", "method": "GET", "url": "{{base}}/echo", "note": "basic",
        "auth": {"auth_type": "basic", "username": "ann", "password": "pw-123456"},
        "assertions": [{"source": "response_json", "property": "headers.authorization", "comparison": "equal", "value": "Basic YW5uOnB3LTEyMzQ1Ng=="}]});
    let result = run_steps(json!([step]), &options_for(&base)).await;
    assert_passed(&result.cases[0]);
}

#[tokio::test]
async fn okta_crud_test_runs_and_its_org_steps_say_no_okta_org() {
    let Some(test) = okta_test("Okta-SCIM-20-CRUD-Test.json") else {
        return;
    };
    let base = spawn_mock().await;
    // The run names its base URL: the one origin the egress rule lets `auth` reach.
    let mut options = options_for(&base);
    options.variables.insert("SCIMBaseURL".into(), base);
    options
        .variables
        .insert("auth".into(), "Bearer t0ken-for-scim".into());
    let (result, _) = run(&test, &options).await;
    let org_step = case(&result, "Check SCIM Apps instance in Okta");
    assert_eq!(org_step.verdict, Verdict::Error);
    assert!(
        reason(org_step).starts_with("no Okta org at oktaOrgUrl"),
        "{:?}",
        org_step.reason
    );
    let deactivate = case(&result, "Deactivate user in Okta");
    assert!(reason(deactivate).starts_with("no Okta org at oktaOrgUrl"));
    // The SCIM-side steps run (SCIMUrl is aliased from SCIMBaseURL) and reach the server.
    let verify = case(&result, "Verify if user is created in SCIM App");
    assert_eq!(verify.exchanges.len(), 1, "{:?}", verify.reason);
    assert_eq!(result.cases.len(), 19);
}

#[tokio::test]
async fn garbage_answers_and_silent_servers_are_errors_not_panics() {
    let garbage = spawn_hostile(Hostile::Garbage).await;
    let result = run_steps(
        json!([request("{{base}}/x", json!([status_is(200)]))]),
        &options_for(&garbage),
    )
    .await;
    assert_eq!(result.cases[0].verdict, Verdict::Error);
    assert!(
        reason(&result.cases[0]).starts_with("no response from the server"),
        "{:?}",
        result.cases[0].reason
    );

    let silent = spawn_hostile(Hostile::Silent).await;
    let limits = HttpLimits {
        timeout: std::time::Duration::from_millis(300),
        ..HttpLimits::default()
    };
    let result = run_limited(
        json!([request("{{base}}/x", json!([status_is(200)]))]),
        &options_for(&silent),
        limits,
    )
    .await;
    assert_eq!(result.cases[0].verdict, Verdict::Error);
    assert!(
        reason(&result.cases[0]).contains("timed out"),
        "{:?}",
        result.cases[0].reason
    );
}
