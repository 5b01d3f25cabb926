//! `mixed`: an IdP's steady state once users exist, many requests at once — mostly lookups
//! (Okta and Entra look a user up by `userName eq` before they create or link it; docs/IDP.md
//! `okta.assign.create`, `entra.users.matching`), reads of a user by id, attribute updates
//! (PATCH `replace`), and now and then a new user. Creates `--users` users, then sends five
//! requests per user in that blend: 5 in 10 lookups of one of them, 2 reads, 2 updates, 1
//! create. Every request must be answered as it must be, and every lookup must find exactly the
//! user it names — a lookup that finds several, or none, makes an IdP create a duplicate or
//! link the wrong account.

use super::{create_users, patch};
use crate::driver::{Call, Driver};
use crate::verdict::{case, judge, some_of};
use scimcheck_engine::model::CaseResult;
use scimcheck_suites::probe::with_query;
use serde_json::json;
use std::time::Instant;

/// The verdict's id.
pub const ANSWERS: &str = "load.mixed.answers";

/// Requests sent per user created first.
const REQUESTS_PER_USER: usize = 5;

pub(super) async fn run(driver: &Driver, users: usize) -> Vec<CaseResult> {
    let mut verdict = case(
        ANSWERS,
        "Lookups, reads, updates and creates at once: each answered as expected, each lookup finding exactly its user",
    );
    let started = Instant::now();
    let (created, failed_creates) = create_users(driver, users.max(1)).await;
    if created.is_empty() {
        judge(
            &mut verdict,
            "users created to work on",
            format!("{}", users.max(1)),
            "0".into(),
            false,
            Some(format!(
                "none of the {failed_creates} users the blend works on could be created"
            )),
        );
        return vec![verdict];
    }
    let ctx = &driver.ctx;
    let created = &created;
    let problems = driver
        .phase(created.len() * REQUESTS_PER_USER, |i, due| async move {
            let user = &created[i % created.len()];
            let path = format!("/Users/{}", user.id);
            match i % 10 {
                0..=4 => {
                    let filter = format!("userName eq \"{}\"", user.user_name);
                    let call = Call {
                        operation: "lookup-user",
                        method: "GET",
                        path: with_query("/Users", &[("filter", &filter)]),
                        body: None,
                        expect: &[200],
                    };
                    match driver.send(call, due).await {
                        Ok(answer) if answer.status == 200 => {
                            let list = answer.json();
                            let ids: Vec<&str> = list["Resources"]
                                .as_array()
                                .into_iter()
                                .flatten()
                                .filter_map(|r| r["id"].as_str())
                                .collect();
                            (ids != [user.id.as_str()] || list["totalResults"] != 1).then(|| {
                                format!(
                                    "lookup of {} found {} (totalResults {})",
                                    user.label(),
                                    if ids.is_empty() {
                                        "nothing".to_owned()
                                    } else {
                                        ids.join(", ")
                                    },
                                    list["totalResults"]
                                )
                            })
                        }
                        Ok(answer) => Some(format!("lookup-user: {}", answer.status)),
                        Err(e) => Some(format!("lookup-user: {e}")),
                    }
                }
                5 | 6 => {
                    let call = Call {
                        operation: "read-user",
                        method: "GET",
                        path,
                        body: None,
                        expect: &[200],
                    };
                    unexpected(driver.send(call, due).await, "read-user", &[200])
                }
                7 | 8 => {
                    let operations = json!([{
                        "op": "replace",
                        "path": "displayName",
                        "value": format!("Mixed {i}"),
                    }]);
                    let answered = driver.send(patch("update-user", &path, operations), due);
                    unexpected(answered.await, "update-user", &[200, 204])
                }
                _ => {
                    let call = Call {
                        operation: "create-user",
                        method: "POST",
                        path: "/Users".into(),
                        body: Some(ctx.data.user(&ctx.discovered)),
                        expect: &[201],
                    };
                    unexpected(driver.send(call, due).await, "create-user", &[201])
                }
            }
        })
        .await;
    let sent = problems.len();
    let problems: Vec<String> = problems.into_iter().flatten().collect();
    verdict.logs.push(format!(
        "{} users created first ({failed_creates} creates failed), then {sent} requests: 5 in 10 lookups, 2 reads, 2 updates, 1 create",
        created.len()
    ));
    judge(
        &mut verdict,
        "requests answered otherwise than expected",
        "none".into(),
        problems.len().to_string(),
        problems.is_empty(),
        Some(format!(
            "{} of {sent} requests were answered otherwise than expected: {}",
            problems.len(),
            some_of(&problems, 5)
        )),
    );
    verdict.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    vec![verdict]
}

/// What was wrong with an answer to `operation`, if its status is not one of `expected`.
fn unexpected(
    answer: Result<crate::driver::Answer, String>,
    operation: &str,
    expected: &[u16],
) -> Option<String> {
    match answer {
        Ok(answer) if expected.contains(&answer.status) => None,
        Ok(answer) => Some(format!("{operation}: {}", answer.status)),
        Err(e) => Some(format!("{operation}: {e}")),
    }
}
