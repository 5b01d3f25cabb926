//! `group-push`: Okta's Group Push of a large group. Okta creates the group, then sends
//! membership changes as PATCH `add` of `members` (several per request) and `remove` of
//! `members[value eq "…"]`, and renames with a path-less `replace` (the shapes of docs/IDP.md's
//! `okta.groups.*` scenarios); a push of a big group arrives from several workers at once. A
//! server that updates membership by read-modify-write without a lock loses some of those
//! changes while answering 200 to each — the verdict names every member that went missing.

use super::{User, create_users, ok, patch};
use crate::driver::{Call, Driver};
use crate::verdict::{case, judge, some_of};
use scimcheck_engine::model::{CaseResult, Verdict};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use std::time::Instant;

/// Members added per PATCH.
const BATCH: usize = 10;

/// Every n-th pushed member is removed again.
const REMOVE_EVERY: usize = 5;

/// The verdict's id.
pub const MEMBERS: &str = "load.group-push.members";

pub(super) async fn run(driver: &Driver, users: usize) -> Vec<CaseResult> {
    let mut verdict = case(
        MEMBERS,
        "A group pushed from parallel clients ends with exactly the members pushed",
    );
    let started = Instant::now();
    let (users, failed_creates) = create_users(driver, users).await;
    if failed_creates > 0 {
        verdict.logs.push(format!(
            "{failed_creates} user creates failed; the push uses the {} created",
            users.len()
        ));
    }
    let ctx = &driver.ctx;
    let group_body = ctx.data.group(&ctx.discovered, &[]);
    let create = Call {
        operation: "create-group",
        method: "POST",
        path: "/Groups".into(),
        body: Some(group_body),
        expect: &[201],
    };
    let group_id = match driver.send(create, Instant::now()).await {
        Ok(answer) if answer.status == 201 => answer.id(),
        Ok(answer) => {
            verdict.conclude(
                Verdict::Error,
                format!(
                    "POST /Groups answered {}, not 201: no group to push",
                    answer.status
                ),
            );
            None
        }
        Err(e) => {
            verdict.conclude(Verdict::Error, format!("POST /Groups: {e}"));
            None
        }
    };
    let Some(group_id) = group_id else {
        return vec![verdict];
    };
    let group = format!("/Groups/{group_id}");

    // Add the members in batches, in parallel.
    let batches: Vec<&[User]> = users.chunks(BATCH).collect();
    let added = driver
        .phase(batches.len(), |i, due| {
            let batch = batches[i];
            let group = &group;
            async move {
                let members: Vec<Value> = batch
                    .iter()
                    .map(|u| json!({"value": u.id, "display": u.user_name}))
                    .collect();
                let call = patch(
                    "add-members",
                    group,
                    json!([{"op": "add", "path": "members", "value": members}]),
                );
                let acknowledged = driver.send(call, due).await.is_ok_and(|a| ok(a.status));
                (i, acknowledged)
            }
        })
        .await;
    let mut pushed: Vec<&User> = Vec::new();
    let mut unacknowledged = 0;
    for (i, acknowledged) in added {
        if acknowledged {
            pushed.extend(batches[i]);
        } else {
            unacknowledged += batches[i].len();
        }
    }

    // Rename, as Okta does: a path-less replace naming the id and the new displayName.
    let new_name = ctx.data.unique("g-renamed");
    let rename = patch(
        "rename-group",
        &group,
        json!([{"op": "replace", "value": {"id": group_id, "displayName": new_name}}]),
    );
    let renamed = driver
        .send(rename, Instant::now())
        .await
        .is_ok_and(|a| ok(a.status));

    // Remove some members again, in parallel.
    let to_remove: Vec<&User> = pushed.iter().copied().step_by(REMOVE_EVERY).collect();
    let removed = driver
        .phase(to_remove.len(), |i, due| {
            let user = to_remove[i];
            let group = &group;
            async move {
                let call = patch(
                    "remove-member",
                    group,
                    json!([{"op": "remove", "path": format!("members[value eq \"{}\"]", user.id)}]),
                );
                let acknowledged = driver.send(call, due).await.is_ok_and(|a| ok(a.status));
                (user, acknowledged)
            }
        })
        .await;
    let removed: BTreeSet<&str> = removed
        .iter()
        .filter(|(_, acknowledged)| *acknowledged)
        .map(|(u, _)| u.id.as_str())
        .collect();

    // What the group should hold now, and what it holds.
    let expected: Vec<&User> = pushed
        .iter()
        .copied()
        .filter(|u| !removed.contains(u.id.as_str()))
        .collect();
    let read = Call {
        operation: "get-group",
        method: "GET",
        path: group.clone(),
        body: None,
        expect: &[200],
    };
    let body = match driver.send(read, Instant::now()).await {
        Ok(answer) if answer.status == 200 => answer.json(),
        Ok(answer) => {
            verdict.conclude(
                Verdict::Error,
                format!(
                    "GET {group} answered {} after the push: cannot judge its members",
                    answer.status
                ),
            );
            return vec![verdict];
        }
        Err(e) => {
            verdict.conclude(Verdict::Error, format!("GET {group}: {e}"));
            return vec![verdict];
        }
    };
    let held: BTreeSet<String> = body["members"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["value"].as_str().map(str::to_owned))
        .collect();
    let by_id: HashMap<&str, &User> = users.iter().map(|u| (u.id.as_str(), u)).collect();
    let missing: Vec<String> = expected
        .iter()
        .filter(|u| !held.contains(&u.id))
        .map(|u| u.label())
        .collect();
    let resurrected: Vec<String> = removed
        .iter()
        .filter(|id| held.contains(**id))
        .map(|id| {
            by_id
                .get(id)
                .map_or_else(|| (*id).to_owned(), |u| u.label())
        })
        .collect();
    verdict.logs.push(format!(
        "{} users created, {} pushed in {} PATCHes of up to {BATCH} ({} in unacknowledged PATCHes), {} removed one by one; the group holds {}",
        users.len(),
        pushed.len(),
        batches.len(),
        unacknowledged,
        removed.len(),
        held.len()
    ));
    if !missing.is_empty() {
        verdict.logs.push(format!(
            "every member that went missing: {}",
            missing.join(", ")
        ));
    }
    judge(
        &mut verdict,
        "members pushed (acknowledged adds) and not removed that the group lacks",
        "none".into(),
        missing.len().to_string(),
        missing.is_empty(),
        Some(format!(
            "{} of {} members pushed and acknowledged went missing (lost update under concurrent PATCHes): {}",
            missing.len(),
            expected.len(),
            some_of(&missing, 10)
        )),
    );
    judge(
        &mut verdict,
        "members removed (acknowledged) that the group still holds",
        "none".into(),
        resurrected.len().to_string(),
        resurrected.is_empty(),
        Some(format!(
            "{} members whose removal was acknowledged are still in the group: {}",
            resurrected.len(),
            some_of(&resurrected, 10)
        )),
    );
    let name = body["displayName"].as_str().unwrap_or_default();
    judge(
        &mut verdict,
        "displayName after the rename",
        format!("{new_name:?}"),
        format!("{name:?}"),
        renamed && name == new_name,
        None,
    );
    verdict.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    vec![verdict]
}
