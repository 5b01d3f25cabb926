//! `create-race`: IdPs retry and run provisioning workers in parallel, so the same user can be
//! created twice at once (Okta and Entra both treat a 409 `uniqueness` as "already there" and
//! match it). Rounds of `--concurrency` simultaneous POSTs of one userName must each yield
//! exactly one 201 and 409 for the rest; a server that checks uniqueness outside the insert's
//! transaction creates duplicates.

use crate::driver::{Call, Driver};
use crate::verdict::{case, judge, some_of};
use scimcheck_engine::model::CaseResult;
use std::time::Instant;

/// The verdict's id.
pub const ONE_WINNER: &str = "load.create-race.one-winner";

pub(super) async fn run(driver: &Driver, users: usize) -> Vec<CaseResult> {
    let mut verdict = case(
        ONE_WINNER,
        "Simultaneous creates of one userName: exactly one 201, the others 409",
    );
    let started = Instant::now();
    let clients = driver.pacing.concurrency.max(2);
    let rounds = (users / clients).max(1);
    let ctx = &driver.ctx;
    let mut broken = Vec::new();
    let mut other_statuses = Vec::new();
    for _ in 0..rounds {
        if driver.stop_at.is_some_and(|t| Instant::now() >= t) {
            break;
        }
        let body = ctx.data.user(&ctx.discovered);
        let user_name = body["userName"].as_str().unwrap_or_default().to_owned();
        // All of a round's requests are due at once, whatever --rate says: the race is the point.
        let due = Instant::now();
        let statuses = driver
            .phase(clients, |_, _| {
                let call = Call {
                    operation: "create-same-user",
                    method: "POST",
                    path: "/Users".into(),
                    body: Some(body.clone()),
                    expect: &[201, 409],
                };
                async move { driver.send(call, due).await.map(|a| a.status).ok() }
            })
            .await;
        let created = statuses.iter().filter(|s| **s == Some(201)).count();
        let conflicts = statuses.iter().filter(|s| **s == Some(409)).count();
        if created != 1 {
            broken.push(format!("{user_name}: {created} × 201"));
        }
        if created + conflicts != clients {
            let shown: Vec<String> = statuses
                .iter()
                .map(|s| s.map_or_else(|| "no answer".to_owned(), |s| s.to_string()))
                .collect();
            other_statuses.push(format!("{user_name}: {}", shown.join(" ")));
        }
    }
    verdict.logs.push(format!(
        "{rounds} rounds of {clients} simultaneous POST /Users with one userName each"
    ));
    judge(
        &mut verdict,
        "rounds that did not create exactly one user",
        "none".into(),
        broken.len().to_string(),
        broken.is_empty(),
        Some(format!(
            "{} of {rounds} rounds created the same userName more or less than once (duplicates under a race): {}",
            broken.len(),
            some_of(&broken, 10)
        )),
    );
    judge(
        &mut verdict,
        "rounds with answers other than 201 and 409",
        "none".into(),
        other_statuses.len().to_string(),
        other_statuses.is_empty(),
        Some(format!(
            "the losers of a race must get 409 uniqueness: {}",
            some_of(&other_statuses, 5)
        )),
    );
    verdict.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    vec![verdict]
}
