//! Realistic stored data for the scale tests and the render bench: a case with a request, a SCIM
//! JSON response and assertions, and runs in bulk.

use scimcheck_dashboard::store::{NewRun, Store, SuiteKey};
use scimcheck_engine::model::{
    AssertionResult, CaseResult, Exchange, RecordedRequest, RecordedResponse, Verdict,
};

/// Case number `i` (every tenth fails).
pub fn case(i: usize) -> CaseResult {
    let mut case = CaseResult::new(format!("step-{i}"), format!("Required Test: step {i}"));
    case.category = Some("request".into());
    case.verdict = if i.is_multiple_of(10) {
        Verdict::Fail
    } else {
        Verdict::Pass
    };
    let user = serde_json::json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": format!("id-{i}"), "userName": format!("user{i}@example.com"),
        "name": { "givenName": "Given", "familyName": "Family" },
        "emails": [{ "value": format!("user{i}@example.com"), "primary": true }],
        "active": true, "meta": { "resourceType": "User" },
    });
    case.exchanges.push(Exchange {
        request: RecordedRequest {
            method: "GET".into(),
            url: format!("https://scim.example.com/scim/v2/Users/id-{i}"),
            headers: vec![("Authorization".into(), "***".into())],
            body: String::new(),
        },
        response: Some(RecordedResponse {
            status: 200,
            reason: "OK".into(),
            headers: vec![("Content-Type".into(), "application/scim+json".into())],
            body: user.to_string(),
            body_truncated: false,
            size_bytes: 300,
            time_ms: 12,
        }),
        error: None,
    });
    for property in ["userName", "id", "active"] {
        case.assertions.push(AssertionResult {
            description: format!("response_json {property} not_empty"),
            expected: String::new(),
            actual: "x".into(),
            passed: true,
            note: None,
            rule: None,
        });
    }
    case
}

/// A new run row (environments 1 to 3 in turn); returns its id.
pub fn new_run(store: &Store, n: i64) -> i64 {
    store
        .create_run(&NewRun {
            environment_id: 1 + n % 3,
            environment_name: "Staging",
            suite: SuiteKey::Builtin,
            suite_name: "scimcheck conformance suite",
            target: "https://scim.example.com/scim/v2",
            started_at: "2026-11-28T12:00:00.000Z",
        })
        .unwrap()
}
