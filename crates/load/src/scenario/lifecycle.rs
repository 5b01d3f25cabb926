//! `lifecycle`: what an IdP does to each user over time, many users at once — create,
//! deactivate (`active: false`, as Okta and Entra deprovision), reactivate, change a name,
//! delete — every step answered as it must be and the deleted user gone (404).

use super::{ok, patch};
use crate::driver::{Call, Driver};
use crate::verdict::{case, judge, some_of};
use scimcheck_engine::model::CaseResult;
use serde_json::json;
use std::collections::BTreeMap;
use std::time::Instant;

/// The verdict's id.
pub const STEPS: &str = "load.lifecycle.steps";

pub(super) async fn run(driver: &Driver, users: usize) -> Vec<CaseResult> {
    let mut verdict = case(
        STEPS,
        "Create, deactivate, reactivate, update and delete users in parallel: every step as expected",
    );
    let started = Instant::now();
    let ctx = &driver.ctx;
    let failures = driver
        .phase(users, |_, due| async move {
            let body = ctx.data.user(&ctx.discovered);
            let create = Call {
                operation: "create-user",
                method: "POST",
                path: "/Users".into(),
                body: Some(body),
                expect: &[201],
            };
            let id = match driver.send(create, due).await {
                Ok(answer) if answer.status == 201 => answer.id(),
                _ => None,
            };
            let Some(id) = id else {
                return Some("create-user");
            };
            let path = format!("/Users/{id}");
            let steps = [
                (
                    "deactivate-user",
                    json!([{"op": "replace", "path": "active", "value": false}]),
                ),
                (
                    "reactivate-user",
                    json!([{"op": "replace", "path": "active", "value": true}]),
                ),
                (
                    "update-user",
                    json!([{"op": "replace", "path": "name.givenName", "value": "Renamed"}]),
                ),
            ];
            for (operation, operations) in steps {
                let answered = driver.send(patch(operation, &path, operations), Instant::now());
                if !answered.await.is_ok_and(|a| ok(a.status)) {
                    return Some(operation);
                }
            }
            let delete = Call {
                operation: "delete-user",
                method: "DELETE",
                path: path.clone(),
                body: None,
                expect: &[204, 200],
            };
            if !driver
                .send(delete, Instant::now())
                .await
                .is_ok_and(|a| ok(a.status))
            {
                return Some("delete-user");
            }
            let gone = Call {
                operation: "get-deleted-user",
                method: "GET",
                path,
                body: None,
                expect: &[404],
            };
            match driver.send(gone, Instant::now()).await {
                Ok(answer) if answer.status == 404 => None,
                _ => Some("get-deleted-user"),
            }
        })
        .await;
    let mut by_step: BTreeMap<&str, usize> = BTreeMap::new();
    for step in failures.iter().flatten() {
        *by_step.entry(step).or_default() += 1;
    }
    let failed: Vec<String> = by_step
        .iter()
        .map(|(step, n)| format!("{step}: {n}"))
        .collect();
    verdict.logs.push(format!(
        "{} user lifecycles run; the first step that failed, per user, counted by step",
        failures.len()
    ));
    judge(
        &mut verdict,
        "lifecycles with a step that failed",
        "none".into(),
        failures.iter().flatten().count().to_string(),
        failed.is_empty(),
        Some(format!(
            "lifecycle steps failed (first failure per user, by step): {}",
            some_of(&failed, 10)
        )),
    );
    verdict.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    vec![verdict]
}
