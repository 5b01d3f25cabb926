//! `import`: an IdP's initial import — Okta importing or provisioning a whole directory, Entra's
//! initial cycle — creates many users, then reads them back page by page (Entra pages
//! `filter=…&startIndex=…&count=…`, docs/IDP.md `entra.users.pagination`). Every acknowledged
//! create must be readable exactly once and counted in `totalResults`: a server that
//! acknowledges a write it then loses, or pages unstably, fails here.

use super::create_users;
use crate::driver::{Call, Driver};
use crate::verdict::{case, judge, some_of};
use scimcheck_engine::model::{CaseResult, Verdict};
use scimcheck_suites::probe::with_query;
use std::collections::HashMap;
use std::time::Instant;

/// Users asked for per page.
const PAGE: usize = 100;

/// The verdict's id.
pub const READABLE_ONCE: &str = "load.import.readable-once";

pub(super) async fn run(driver: &Driver, users: usize) -> Vec<CaseResult> {
    let mut verdict = case(
        READABLE_ONCE,
        "Every acknowledged create is listed exactly once and counted in totalResults",
    );
    let started = Instant::now();
    let (created, failed) = create_users(driver, users).await;
    // The two phases timed apart: the create rate is the figure an IdP's initial cycle meets
    // (docs/LOAD.md), and paging is sequential, as Entra pages.
    let created_in = started.elapsed();
    let filter = format!("userName sw \"{}\"", driver.ctx.data.prefix());
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut total = None;
    let mut start = 1;
    let mut pages = 0;
    loop {
        pages += 1;
        let path = with_query(
            "/Users",
            &[
                ("filter", &filter),
                ("startIndex", &start.to_string()),
                ("count", &PAGE.to_string()),
            ],
        );
        let call = Call {
            operation: "list-users",
            method: "GET",
            path,
            body: None,
            expect: &[200],
        };
        let page = match driver.send(call, Instant::now()).await {
            Ok(answer) if answer.status == 200 => answer.json(),
            Ok(answer) => {
                verdict.conclude(
                    Verdict::Error,
                    format!("listing the imported users answered {}", answer.status),
                );
                return vec![verdict];
            }
            Err(e) => {
                verdict.conclude(Verdict::Error, e);
                return vec![verdict];
            }
        };
        total = total.or(page["totalResults"].as_u64());
        let resources = page["Resources"].as_array().cloned().unwrap_or_default();
        for resource in &resources {
            if let Some(id) = resource["id"].as_str() {
                *seen.entry(id.to_owned()).or_default() += 1;
            }
        }
        start += resources.len();
        let end = usize::try_from(total.unwrap_or(0)).unwrap_or(usize::MAX);
        // An empty page ends the walk even if totalResults promised more (a bounded loop).
        if resources.is_empty() || start > end {
            break;
        }
    }
    let missing: Vec<String> = created
        .iter()
        .filter(|u| !seen.contains_key(&u.id))
        .map(|u| u.label())
        .collect();
    let repeated: Vec<String> = created
        .iter()
        .filter(|u| seen.get(&u.id).is_some_and(|n| *n > 1))
        .map(|u| u.label())
        .collect();
    let paged_in = started.elapsed().saturating_sub(created_in);
    verdict.logs.push(format!(
        "{} creates acknowledged in {:.1} s ({:.0} per second), {failed} failed; {pages} {} \
         read one after another in {:.1} s; the pages listed {} distinct users, totalResults {}",
        created.len(),
        created_in.as_secs_f64(),
        created.len() as f64 / created_in.as_secs_f64().max(0.001),
        if pages == 1 { "page" } else { "pages" },
        paged_in.as_secs_f64(),
        seen.len(),
        total.map_or_else(|| "absent".to_owned(), |t| t.to_string())
    ));
    judge(
        &mut verdict,
        "acknowledged creates missing from the pages",
        "none".into(),
        missing.len().to_string(),
        missing.is_empty(),
        Some(format!(
            "{} of {} acknowledged creates are not listed: {}",
            missing.len(),
            created.len(),
            some_of(&missing, 10)
        )),
    );
    judge(
        &mut verdict,
        "acknowledged creates listed more than once",
        "none".into(),
        repeated.len().to_string(),
        repeated.is_empty(),
        Some(format!(
            "{} users are listed on more than one page: {}",
            repeated.len(),
            some_of(&repeated, 10)
        )),
    );
    // Creates that failed may still have been stored; then more may be counted, never fewer.
    let counted = total.unwrap_or(0);
    let acknowledged = created.len() as u64;
    judge(
        &mut verdict,
        "totalResults of the run's users",
        if failed == 0 {
            acknowledged.to_string()
        } else {
            format!("at least {acknowledged}")
        },
        counted.to_string(),
        counted == acknowledged || (failed > 0 && counted >= acknowledged),
        None,
    );
    verdict.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    vec![verdict]
}
