//! What Okta does about slow or throttling servers, reported from a finished run: Okta waits at
//! most 60 s for an answer, and on 429 it backs off as `Retry-After` says (without one it can
//! only guess). A reference run never sees a 429; a real server under load might.

use scimcheck_engine::model::RunResult;

/// How long Okta waits for one SCIM response.
pub const OKTA_TIMEOUT_MS: u64 = 60_000;

/// Run notes on throttling and response times, from every exchange of `result`.
pub fn notes(result: &RunResult) -> Vec<String> {
    let exchanges = result.cases.iter().flat_map(|c| c.exchanges.iter());
    let mut slowest = 0;
    let (mut throttled, mut without_retry_after) = (0, 0);
    for response in exchanges.filter_map(|e| e.response.as_ref()) {
        slowest = slowest.max(response.time_ms);
        if response.status == 429 {
            throttled += 1;
            if !response
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("retry-after"))
            {
                without_retry_after += 1;
            }
        }
    }
    let throttling = match (throttled, without_retry_after) {
        (0, _) => "Okta rate limits: no 429 seen".to_owned(),
        (n, 0) => format!(
            "Okta rate limits: {n} × 429, each with Retry-After (Okta backs off and retries)"
        ),
        (n, m) => format!(
            "Okta rate limits: {n} × 429, {m} without Retry-After (Okta cannot tell when to retry; send Retry-After)"
        ),
    };
    let timing = if slowest > OKTA_TIMEOUT_MS {
        format!("Okta timeout: slowest response {slowest} ms exceeds Okta's 60 s limit")
    } else {
        format!("Okta timeout: slowest response {slowest} ms (Okta gives up after 60 s)")
    };
    vec![throttling, timing]
}

#[cfg(test)]
mod tests {
    use super::*;
    use scimcheck_engine::model::{
        CaseResult, Exchange, RecordedRequest, RecordedResponse, SCHEMA_VERSION, Summary,
    };

    fn run_with(status: u16, headers: Vec<(String, String)>, time_ms: u64) -> RunResult {
        let mut case = CaseResult::new("okta.x", "x");
        case.exchanges.push(Exchange {
            request: RecordedRequest {
                method: "GET".into(),
                url: "http://h/Users".into(),
                headers: Vec::new(),
                body: String::new(),
            },
            response: Some(RecordedResponse {
                status,
                reason: String::new(),
                headers,
                body: String::new(),
                body_truncated: false,
                size_bytes: 0,
                time_ms,
            }),
            error: None,
        });
        RunResult {
            schema_version: SCHEMA_VERSION,
            suite: "okta".into(),
            target: "http://h".into(),
            started_at: String::new(),
            duration_ms: 0,
            summary: Summary::default(),
            root_causes: Vec::new(),
            cases: vec![case],
            notes: Vec::new(),
            secrets_masked: true,
        }
    }

    #[test]
    fn a_429_without_retry_after_is_called_out() {
        let notes = notes(&run_with(429, Vec::new(), 5));
        assert!(notes[0].contains("1 without Retry-After"), "{notes:?}");
    }

    #[test]
    fn a_429_with_retry_after_is_fine() {
        let notes = notes(&run_with(429, vec![("Retry-After".into(), "3".into())], 5));
        assert!(notes[0].contains("each with Retry-After"), "{notes:?}");
    }

    #[test]
    fn responses_slower_than_60_s_are_flagged() {
        let notes = notes(&run_with(200, Vec::new(), 61_000));
        assert!(notes[1].contains("exceeds"), "{notes:?}");
        assert!(notes[0].contains("no 429"));
    }
}
