//! What Okta does about slow or throttling servers, reported from a finished run: Okta closes
//! the connection after 60 s without an answer (its SCIM FAQ), and on 429 it waits as many
//! seconds as an integer `Retry-After` says, five minutes when the header is missing or in
//! another form (an HTTP-date), doubling the wait up to ten attempts (its SCIM concepts page).
//! A reference run never sees a 429; a real server under load might.

use crate::source::{OKTA_FAQ_TIMEOUT, OKTA_RATE_LIMITS};
use scimcheck_engine::model::RunResult;

/// How long Okta waits for one SCIM response.
pub const OKTA_TIMEOUT_MS: u64 = 60_000;

/// Whether Okta can read `value` as a `Retry-After`: only whole seconds.
fn okta_reads(value: &str) -> bool {
    let value = value.trim();
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())
}

/// Run notes on throttling and response times, from every exchange of `result`.
pub fn notes(result: &RunResult) -> Vec<String> {
    let exchanges = result.cases.iter().flat_map(|c| c.exchanges.iter());
    let mut slowest = 0;
    let (mut throttled, mut unreadable) = (0, 0);
    for response in exchanges.filter_map(|e| e.response.as_ref()) {
        slowest = slowest.max(response.time_ms);
        if response.status == 429 {
            throttled += 1;
            if !response
                .headers
                .iter()
                .any(|(n, v)| n.eq_ignore_ascii_case("retry-after") && okta_reads(v))
            {
                unreadable += 1;
            }
        }
    }
    let throttling = match (throttled, unreadable) {
        (0, _) => format!("Okta rate limits: no 429 seen <{}>", OKTA_RATE_LIMITS.url),
        (n, 0) => format!(
            "Okta rate limits: {n} × 429, each with Retry-After in seconds (Okta waits that long and retries) <{}>",
            OKTA_RATE_LIMITS.url
        ),
        (n, m) => format!(
            "Okta rate limits: {n} × 429, {m} without Retry-After in whole seconds (Okta then waits five minutes; send Retry-After: <seconds>) <{}>",
            OKTA_RATE_LIMITS.url
        ),
    };
    let timing = if slowest > OKTA_TIMEOUT_MS {
        format!(
            "Okta timeout: slowest response {slowest} ms exceeds Okta's 60 s limit <{}>",
            OKTA_FAQ_TIMEOUT.url
        )
    } else {
        format!(
            "Okta timeout: slowest response {slowest} ms (Okta gives up after 60 s) <{}>",
            OKTA_FAQ_TIMEOUT.url
        )
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
            foreign_data: None,
            comparison: None,
            load: None,
        }
    }

    #[test]
    fn a_429_without_retry_after_is_called_out() {
        let notes = notes(&run_with(429, Vec::new(), 5));
        assert!(notes[0].contains("1 without Retry-After"), "{notes:?}");
    }

    #[test]
    fn a_429_with_an_http_date_retry_after_is_called_out() {
        let date = "Wed, 11 Mar 2026 23:29:00 GMT";
        let notes = notes(&run_with(429, vec![("Retry-After".into(), date.into())], 5));
        assert!(
            notes[0].contains("1 without Retry-After in whole seconds"),
            "{notes:?}"
        );
    }

    #[test]
    fn a_429_with_retry_after_is_fine() {
        let notes = notes(&run_with(429, vec![("Retry-After".into(), "3".into())], 5));
        assert!(
            notes[0].contains("each with Retry-After in seconds"),
            "{notes:?}"
        );
    }

    #[test]
    fn responses_slower_than_60_s_are_flagged() {
        let notes = notes(&run_with(200, Vec::new(), 61_000));
        assert!(notes[1].contains("exceeds"), "{notes:?}");
        assert!(notes[0].contains("no 429"));
    }
}
