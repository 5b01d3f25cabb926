//! `update-race`: an IdP pushing from parallel workers may update one user from two of them
//! at once, and a client that guards its update with `If-Match` (RFC 7644 §3.14) relies on the
//! server to refuse the second with 412 rather than let it overwrite the first unseen. For
//! each of `--users / --concurrency` users, `--concurrency` simultaneous PATCHes guarded by the
//! version all of them read must yield exactly one success and 412 for the rest. A server
//! that compares `If-Match` outside the write's transaction lets them all through.
//!
//! Judged only where the server says it can: ServiceProviderConfig `etag.supported` (a server
//! without versioning may ignore `If-Match`), and a version the created user carries (its
//! `ETag` header or `meta.version`).

use super::create_users;
use crate::driver::{Answer, Call, Driver};
use crate::verdict::{case, judge, some_of};
use scimcheck_engine::model::{CaseResult, Verdict};
use serde_json::json;
use std::time::Instant;

/// The verdict's id.
pub const ONE_WINNER: &str = "load.update-race.one-winner";

pub(super) async fn run(driver: &Driver, users: usize) -> Vec<CaseResult> {
    let mut verdict = case(
        ONE_WINNER,
        "Simultaneous updates of one user guarded by one ETag: exactly one succeeds, the others 412",
    );
    let started = Instant::now();
    if !driver.ctx.discovered.spc.etag.supported {
        verdict.conclude(
            Verdict::Skip,
            "ServiceProviderConfig says etag is not supported, so If-Match need not be honoured",
        );
        return vec![verdict];
    }
    let clients = driver.pacing.concurrency.max(2);
    let rounds = (users / clients).max(1);
    let (created, failed_creates) = create_users(driver, rounds).await;
    let mut lost = Vec::new();
    let mut other_statuses = Vec::new();
    let mut unversioned = Vec::new();
    for user in &created {
        if driver.stop_at.is_some_and(|t| Instant::now() >= t) {
            break;
        }
        let path = format!("/Users/{}", user.id);
        let read = Call {
            operation: "read-user",
            method: "GET",
            path: path.clone(),
            body: None,
            expect: &[200],
        };
        let Some(etag) = driver
            .send(read, Instant::now())
            .await
            .ok()
            .and_then(|answer| version(&answer))
        else {
            unversioned.push(user.label());
            continue;
        };
        // All of a round's requests are due at once, whatever --rate says: the race is the point.
        let due = Instant::now();
        let statuses = driver
            .phase(clients, |client, _| {
                let call = Call {
                    operation: "guarded-update",
                    method: "PATCH",
                    path: path.clone(),
                    body: Some(json!({
                        "schemas": [scim::schema::urn::PATCH_OP],
                        "Operations": [{
                            "op": "replace",
                            "path": "displayName",
                            "value": format!("Racer {client}"),
                        }],
                    })),
                    expect: &[200, 204, 412],
                };
                let etag = etag.as_str();
                async move {
                    driver
                        .send_with(call, Some(etag), due)
                        .await
                        .map(|a| a.status)
                        .ok()
                }
            })
            .await;
        let succeeded = statuses
            .iter()
            .filter(|s| matches!(s, Some(200 | 204)))
            .count();
        let refused = statuses.iter().filter(|s| **s == Some(412)).count();
        if succeeded != 1 {
            lost.push(format!("{}: {succeeded} succeeded", user.label()));
        }
        if succeeded + refused != clients {
            let shown: Vec<String> = statuses
                .iter()
                .map(|s| s.map_or_else(|| "no answer".to_owned(), |s| s.to_string()))
                .collect();
            other_statuses.push(format!("{}: {}", user.label(), shown.join(" ")));
        }
    }
    verdict.logs.push(format!(
        "{} users, each updated by {clients} simultaneous PATCHes with one If-Match ({failed_creates} creates failed)",
        created.len()
    ));
    if !unversioned.is_empty() {
        verdict.logs.push(format!(
            "not raced (no ETag header or meta.version on read): {}",
            some_of(&unversioned, 5)
        ));
    }
    if created.len() == unversioned.len() {
        verdict.conclude(
            Verdict::Skip,
            "no created user carried a version (ETag header or meta.version) to guard an update with",
        );
        return vec![verdict];
    }
    judge(
        &mut verdict,
        "users whose guarded updates did not let exactly one through",
        "none".into(),
        lost.len().to_string(),
        lost.is_empty(),
        Some(format!(
            "updates guarded by one ETag must let one through and refuse the rest with 412; more than one succeeding means each silently overwrote the last: {}",
            some_of(&lost, 10)
        )),
    );
    judge(
        &mut verdict,
        "users whose guarded updates had answers other than 2xx and 412",
        "none".into(),
        other_statuses.len().to_string(),
        other_statuses.is_empty(),
        Some(format!(
            "an update whose If-Match names an old version must answer 412 Precondition Failed: {}",
            some_of(&other_statuses, 5)
        )),
    );
    verdict.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    vec![verdict]
}

/// The version a read answered: its `ETag` header, or the body's `meta.version`.
fn version(answer: &Answer) -> Option<String> {
    answer
        .header("etag")
        .map(str::to_owned)
        .or_else(|| answer.json()["meta"]["version"].as_str().map(str::to_owned))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(headers: &[(&str, &str)], body: &str) -> Answer {
        Answer {
            status: 200,
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.to_owned(),
        }
    }

    #[test]
    fn the_version_is_the_etag_header_else_meta_version() {
        let both = answer(
            &[("ETag", "W/\"3\"")],
            r#"{"meta": {"version": "W/\"2\""}}"#,
        );
        assert_eq!(version(&both).as_deref(), Some("W/\"3\""));
        let body_only = answer(&[], r#"{"meta": {"version": "W/\"2\""}}"#);
        assert_eq!(version(&body_only).as_deref(), Some("W/\"2\""));
        assert_eq!(version(&answer(&[], "{}")), None);
    }
}
