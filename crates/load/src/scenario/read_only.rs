//! `read-only`: an IdP's reads — Okta and Entra look a user up by `userName eq` before every
//! create (docs/IDP.md) and page through users on import — without creating or changing
//! anything, so it may run against production. Lookups name a userName no one has; pages ask
//! for ten users at a time; no response body is kept, so no one's data reaches a report.

use crate::driver::{Call, Driver};
use crate::verdict::{case, judge};
use scimcheck_engine::model::CaseResult;
use scimcheck_suites::probe::with_query;
use std::time::Instant;

/// The verdict's id.
pub const ANSWERS: &str = "load.read-only.answers";

/// Without `--duration`, the scenario sends this many requests.
pub const DEFAULT_REQUESTS: usize = 1000;

pub(super) async fn run(driver: &Driver) -> Vec<CaseResult> {
    let mut verdict = case(ANSWERS, "Lookups and pages answer 200 under load");
    let started = Instant::now();
    let count = if driver.stop_at.is_some() {
        usize::MAX
    } else {
        DEFAULT_REQUESTS
    };
    let missing_name = driver.ctx.data.unique("nobody");
    let lookup = format!("userName eq \"{missing_name}\"");
    let outcomes = driver
        .phase(count, |i, due| {
            let path = if i % 2 == 0 {
                with_query("/Users", &[("filter", &lookup)])
            } else {
                let start = (i / 2) % 100 * 10 + 1;
                with_query(
                    "/Users",
                    &[("startIndex", &start.to_string()), ("count", "10")],
                )
            };
            let call = Call {
                operation: if i % 2 == 0 {
                    "lookup-user"
                } else {
                    "list-users"
                },
                method: "GET",
                path,
                body: None,
                expect: &[200],
            };
            async move { driver.send(call, due).await.map(|a| a.status) }
        })
        .await;
    let bad: Vec<String> = outcomes
        .iter()
        .filter(|o| !matches!(o, Ok(200)))
        .map(|o| match o {
            Ok(status) => status.to_string(),
            Err(e) => e.clone(),
        })
        .collect();
    verdict.logs.push(format!("{} reads sent", outcomes.len()));
    judge(
        &mut verdict,
        "reads not answered 200",
        "none".into(),
        bad.len().to_string(),
        bad.is_empty(),
        Some(format!(
            "{} of {} reads were not answered 200, e.g. {}",
            bad.len(),
            outcomes.len(),
            bad.first().map_or("", String::as_str)
        )),
    );
    verdict.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    vec![verdict]
}
