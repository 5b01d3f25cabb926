//! A hand-built run shared by the format tests: every verdict, suite cases (category, RFC
//! section, hint) and a Runscope-style step (none of those), a truncated body, a non-JSON body,
//! unicode, and hostile server text aimed at each format.

use scimcheck_engine::event::{EventSink, RunEvent};
use scimcheck_engine::model::{
    AssertionResult, CaseResult, Exchange, RecordedRequest, RecordedResponse, Requirement,
    RootCause, RunResult, SCHEMA_VERSION, Summary, Verdict,
};

/// Script injection a server might put in a `userName`.
pub const SCRIPT: &str = "<script>alert(1)</script>";
/// A link scheme a server might put in a URL-like attribute.
pub const JS_URL: &str = "javascript:alert(1)";
/// Ends an XML CDATA section.
pub const CDATA_END: &str = "]]>";
/// A terminal escape sequence (clear screen).
pub const ANSI_CLEAR: &str = "\u{1b}[2J";
/// Non-ASCII text that must survive every format.
pub const UNICODE: &str = "José Ñúñez 日本語 ✓";

/// The requirement the failed duplicate-user case enforces.
pub fn requirement() -> Requirement {
    Requirement {
        id: "7644-3.3-9".into(),
        section: "RFC 7644 §3.3".into(),
        keyword: "MUST".into(),
        text: "A create that conflicts with an existing resource answers 409.".into(),
    }
}

pub const TARGET: &str = "http://127.0.0.1:8080/scim/v2";

fn header(name: &str, value: &str) -> (String, String) {
    (name.to_owned(), value.to_owned())
}

fn assertion(description: &str, expected: &str, actual: &str, passed: bool) -> AssertionResult {
    AssertionResult {
        description: description.into(),
        expected: expected.into(),
        actual: actual.into(),
        passed,
        note: None,
        rule: None,
    }
}

fn request(method: &str, path: &str, body: &str) -> RecordedRequest {
    RecordedRequest {
        method: method.into(),
        url: format!("{TARGET}{path}"),
        headers: vec![
            header("Authorization", "Bearer ***"),
            header("Content-Type", "application/scim+json"),
            header("Accept", "application/scim+json"),
            header("User-Agent", "scimcheck/0.1"),
        ],
        body: body.into(),
    }
}

fn response(status: u16, reason: &str, content_type: &str, body: &str) -> RecordedResponse {
    RecordedResponse {
        status,
        reason: reason.into(),
        headers: vec![
            header("Content-Type", content_type),
            header("X-Request-Id", "req-7f3a"),
        ],
        body: body.into(),
        body_truncated: false,
        size_bytes: body.len() as u64,
        time_ms: 14,
    }
}

fn suite_case(id: &str, title: &str, category: &str, verdict: Verdict) -> CaseResult {
    let mut case = CaseResult::new(id, title);
    case.category = Some(category.into());
    case.verdict = verdict;
    case.duration_ms = 21;
    case
}

/// Passed: a user created, with unicode in the body.
fn created_user() -> CaseResult {
    let mut case = suite_case(
        "users.create",
        "POST /Users creates a user",
        "users",
        Verdict::Pass,
    );
    case.rfc_section = Some("RFC 7644 §3.3".into());
    let body = format!(
        r#"{{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{UNICODE}"}}"#
    );
    let mut reply = response(201, "Created", "application/scim+json", &body);
    reply
        .headers
        .push(header("Location", &format!("{TARGET}/Users/42")));
    case.exchanges.push(Exchange {
        request: request("POST", "/Users", &body),
        response: Some(reply),
        error: None,
    });
    case.assertions
        .push(assertion("status code", "201", "201", true));
    case
}

/// Failed: a duplicate accepted, the server echoing hostile text.
fn duplicate_user() -> CaseResult {
    let mut case = suite_case(
        "users.duplicate-conflict",
        "Duplicate userName is rejected with 409",
        "users",
        Verdict::Fail,
    );
    case.rfc_section = Some("RFC 7644 §3.3".into());
    case.severity = Some("must".into());
    case.requirements = vec![requirement()];
    case.hint =
        Some("Answer 409 Conflict with scimType \"uniqueness\" when userName is taken.".into());
    case.tags = vec!["okta".into(), "entra".into()];
    case.reason = Some("1 of 2 assertions failed".into());
    let sent = r#"{"userName":"dup@example.com"}"#;
    let body = format!(
        r#"{{"id":"9","userName":"{SCRIPT}","profileUrl":"{JS_URL}","displayName":"a|b {CDATA_END}"}}"#
    );
    case.exchanges.push(Exchange {
        request: request("POST", "/Users", sent),
        response: Some(response(201, "Created", "application/scim+json", &body)),
        error: None,
    });
    case.assertions
        .push(assertion("response is JSON", "", "", true));
    case.assertions
        .push(assertion("status code", "409", "201", false));
    case
}

/// Errored: the connection reset, no response.
fn reset_group() -> CaseResult {
    let mut case = suite_case(
        "groups.create",
        "POST /Groups creates a group",
        "groups",
        Verdict::Error,
    );
    case.rfc_section = Some("RFC 7644 §3.3".into());
    case.reason = Some("request failed: connection reset by peer".into());
    case.exchanges.push(Exchange {
        request: request("POST", "/Groups", r#"{"displayName":"Ops"}"#),
        response: None,
        error: Some("connection reset by peer".into()),
    });
    case
}

/// Skipped: the server says it has no PATCH.
fn skipped_patch() -> CaseResult {
    let mut case = suite_case(
        "groups.patch-members",
        "PATCH adds group members",
        "groups",
        Verdict::Skip,
    );
    case.reason = Some("ServiceProviderConfig says patch.supported is false".into());
    case.duration_ms = 0;
    case
}

/// Warned: an advisory discovery check.
fn warned_discovery() -> CaseResult {
    let mut case = suite_case(
        "discovery.documentation-uri",
        "ServiceProviderConfig names its documentation",
        "discovery",
        Verdict::Warn,
    );
    case.rfc_section = Some("RFC 7643 §5".into());
    case.severity = Some("should".into());
    case.reason = Some("documentationUri is missing".into());
    case.exchanges.push(Exchange {
        request: request("GET", "/ServiceProviderConfig", ""),
        response: Some(response(
            200,
            "OK",
            "application/scim+json",
            r#"{"patch":{"supported":false}}"#,
        )),
        error: None,
    });
    case
}

/// Failed Runscope-style step: no category, RFC or hint; an HTML error page, cut by the cap,
/// with a pipe in the title and a terminal escape in the body; script logs.
fn runscope_step() -> CaseResult {
    let mut case = CaseResult::new("step-3", "Required Test: Test Users endpoint | filter");
    case.verdict = Verdict::Fail;
    case.duration_ms = 1_503;
    case.reason = Some("2 assertions failed".into());
    let page =
        format!("<html><body><h1>Internal Server Error</h1>{ANSI_CLEAR}{SCRIPT}\nline two</body>");
    let mut reply = response(500, "Internal Server Error", "text/html", &page);
    reply.body_truncated = true;
    reply.size_bytes = 52_428_800;
    case.exchanges.push(Exchange {
        request: request("GET", "/Users?filter=userName%20eq%20%22x%22", ""),
        response: Some(reply),
        error: None,
    });
    case.assertions
        .push(assertion("status code equals", "200", "500", false));
    case.assertions.push(AssertionResult {
        note: Some("the body is not JSON".into()),
        rule: None,
        ..assertion(
            "response_json \"Resources\" is not empty",
            "",
            "(missing)",
            false,
        )
    });
    case.logs = vec![
        "script: checking users".into(),
        format!("hostile log {CDATA_END} {SCRIPT}"),
    ];
    case
}

/// Passed pause step, no exchanges.
fn pause_step() -> CaseResult {
    let mut case = CaseResult::new("step-4", "Pause 5 s");
    case.category = Some("pause".into());
    case.logs = vec!["skipped 5 s of pauses".into()];
    case
}

/// The fixture run: one case per verdict and then some (see the module docs).
pub fn run() -> RunResult {
    let cases = vec![
        created_user(),
        duplicate_user(),
        reset_group(),
        skipped_patch(),
        warned_discovery(),
        runscope_step(),
        pause_step(),
    ];
    RunResult {
        schema_version: SCHEMA_VERSION,
        suite: format!("conformance {SCRIPT}"),
        target: TARGET.into(),
        started_at: "2026-11-28T12:00:00.000Z".into(),
        duration_ms: 2_345,
        summary: Summary::of(&cases),
        root_causes: Vec::new(),
        cases,
        notes: vec!["embedded reference server started for this run".into()],
        secrets_masked: true,
        foreign_data: None,
        comparison: None,
        load: None,
    }
}

/// Id of the failed prerequisite in [`blocked`].
pub const ROOT: &str = "prerequisite.users.create";

/// A run whose user creation failed: the prerequisite case failed (its title carrying hostile
/// text), two checks blocked by it, one unrelated failure and one pass.
pub fn blocked() -> RunResult {
    let mut root = suite_case(
        ROOT,
        &format!("POST /Users creates a user {SCRIPT}"),
        "prerequisite",
        Verdict::Fail,
    );
    root.assertions
        .push(assertion("status", "201", "500", false));
    root.reason = Some("status: expected 201, got 500".into());
    let blocked = |id: &str, title: &str| {
        let mut case = suite_case(id, title, "users", Verdict::Pass);
        case.block(ROOT, format!("blocked: {ROOT} failed"));
        case
    };
    let cases = vec![
        root,
        blocked("users.create.location", "Location on 201"),
        blocked("users.create.meta", "meta on a created user"),
        duplicate_user(),
        suite_case(
            "discovery.spc.ok",
            "ServiceProviderConfig",
            "discovery",
            Verdict::Pass,
        ),
    ];
    RunResult {
        summary: Summary::of(&cases),
        root_causes: RootCause::of(&cases),
        cases,
        ..run()
    }
}

/// A run of `n` cases cycling through the fixture's cases, for size checks.
pub fn many(n: usize) -> RunResult {
    let base = run();
    let cases: Vec<CaseResult> = (0..n)
        .map(|i| {
            let mut case = base.cases[i % base.cases.len()].clone();
            case.id = format!("{}-{i}", case.id);
            case
        })
        .collect();
    RunResult {
        summary: Summary::of(&cases),
        cases,
        ..base
    }
}

/// Feeds `run` to `sink` as the engine would: start, each case started and finished (after
/// `pause`, to watch a live display), end.
pub fn replay(run: &RunResult, sink: &mut dyn EventSink, pause: std::time::Duration) {
    sink.event(&RunEvent::RunStarted {
        suite: run.suite.clone(),
        target: run.target.clone(),
        planned: run.cases.len(),
    });
    for case in &run.cases {
        sink.event(&RunEvent::CaseStarted {
            id: case.id.clone(),
            title: case.title.clone(),
        });
        std::thread::sleep(pause);
        sink.event(&RunEvent::CaseFinished(case.clone()));
    }
    sink.event(&RunEvent::RunFinished(run.clone()));
}
