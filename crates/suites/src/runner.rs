//! Running the suite: discovery first, then the prerequisites the selected checks build on
//! (each once, as its own case), then every selected check (exclusive ones alone, first;
//! independent ones concurrently; a check whose prerequisite failed ends blocked), then cleanup
//! of everything the run created — also when the run is cancelled (Ctrl-C, Cancel) or passes
//! its deadline.

use crate::check::{Check, Need, Severity};
use crate::context::Context;
use crate::discovered::Discovered;
use crate::foreign;
use crate::prerequisite::{self, Established};
use crate::probe::{Probe, resource_path};
use crate::select::select;
use crate::target::Target;
use scimcheck_engine::ending::Ending;
use scimcheck_engine::event::{EventSink, RunEvent};
use scimcheck_engine::http::{HttpClient, HttpError, RequestSpec, millis};
use scimcheck_engine::model::{CaseResult, RunResult, RunStart, Verdict};
use scimcheck_engine::run::RunOptions;
use std::sync::Arc;
use std::time::Instant;
use tokio::task::JoinSet;

/// The run note that says [`RunOptions::cancel`] stopped the run (Ctrl-C in the binary, Cancel
/// in the dashboard); callers learn it from [`Ending::Interrupted`], not from this text.
pub const CANCELLED: &str = "cancelled: checks still running were stopped";

/// Name of the suite in [`RunResult::suite`].
pub const SUITE_NAME: &str = "scimcheck conformance suite";

/// What a suite run needs besides the target and the [`RunOptions`] every run has: which
/// checks run and what the run may leave behind or record. When [`RunOptions::deadline`] passes
/// or [`RunOptions::cancel`] is cancelled, the checks still running are stopped (marked error at
/// the deadline) and what the run created is still deleted: neither may leave test data behind.
#[derive(Debug, Clone)]
pub struct SuiteSettings {
    /// Id globs or categories to include (all checks when empty).
    pub only: Vec<String>,
    /// Id globs or categories to leave out.
    pub skip: Vec<String>,
    /// Run only checks that change nothing; the rest are skipped with the reason.
    pub read_only: bool,
    /// Keep the resources the run created instead of deleting them.
    pub no_cleanup: bool,
    /// Most checks in flight at once.
    pub concurrency: usize,
    /// Record the values of resources the run did not create as received
    /// (`--show-foreign-data`), for debugging against a server holding only test data; off by
    /// default, so every output masks them ([`crate::foreign`]).
    pub show_foreign_data: bool,
}

impl Default for SuiteSettings {
    fn default() -> Self {
        SuiteSettings {
            only: Vec::new(),
            skip: Vec::new(),
            read_only: false,
            no_cleanup: false,
            concurrency: 8,
            show_foreign_data: false,
        }
    }
}

/// Why a run could not happen at all.
#[derive(Debug, thiserror::Error)]
pub enum SuiteError {
    /// Nothing answered at the base URL.
    #[error(
        "cannot reach the SCIM server at {url}: {detail}. Check the base URL (it should end in the SCIM root, e.g. /scim/v2), that the server is running, and any proxy or firewall in between"
    )]
    Unreachable {
        /// The URL tried.
        url: String,
        /// The transport error.
        detail: String,
    },
    /// The request could not be built (a bad base URL or header).
    #[error("cannot send requests to the target: {0}")]
    Request(#[from] HttpError),
    /// No check matched `--only` / `--skip`.
    #[error(
        "no check matches the check selection; the catalog lists the ids (`scimcheck checks`, docs/CHECKS.md), and a pattern may be a glob like `filter.*` or a category like `users`"
    )]
    NothingSelected,
    /// [`RunOptions::cancel`] stopped the run while it read the server's discovery endpoints,
    /// before it created anything.
    #[error("cancelled before the checks started: nothing was created")]
    Cancelled,
}

/// Runs `checks` (narrowed by `settings`) against `target`, reporting to `sink` as it goes.
pub async fn run(
    target: Target,
    checks: &[Check],
    settings: &SuiteSettings,
    options: &RunOptions,
    sink: &mut dyn EventSink,
) -> Result<RunResult, SuiteError> {
    run_to_ending(target, checks, settings, options, sink)
        .await
        .map(|(result, _)| result)
}

/// [`run`], also saying how the run ended: cancelled through [`RunOptions::cancel`], stopped at
/// [`RunOptions::deadline`], or completed. Cleanup has happened in every case.
pub async fn run_to_ending(
    target: Target,
    checks: &[Check],
    settings: &SuiteSettings,
    options: &RunOptions,
    sink: &mut dyn EventSink,
) -> Result<(RunResult, Ending), SuiteError> {
    let start = RunStart::now();
    let selected = select(checks, &settings.only, &settings.skip);
    if selected.is_empty() {
        return Err(SuiteError::NothingSelected);
    }
    let client = HttpClient::new(options.limits.clone(), target.egress())?;
    let discovered = tokio::select! {
        discovered = discover(&client, &target) => discovered?,
        () = options.cancel.cancelled() => return Err(SuiteError::Cancelled),
    };
    let mut redactor = (!options.show_secrets).then(|| client.egress().redactor().clone());
    let ctx = Arc::new(Context::new(
        client,
        target.clone(),
        discovered,
        !settings.show_foreign_data,
    ));
    // The prerequisites the checks that will run build on come first, each once.
    let prerequisites = {
        let running: Vec<&Check> = selected
            .iter()
            .copied()
            .filter(|c| !matches!(gate(c, &ctx.discovered, settings), Gate::Skip(_)))
            .collect();
        prerequisite::needed(&running)
    };
    let selected: Vec<&Check> = prerequisites.iter().chain(selected).collect();
    sink.event(&RunEvent::RunStarted {
        suite: SUITE_NAME.into(),
        target: match &redactor {
            Some(redactor) => redactor.mask(&target.base_url),
            None => target.base_url.clone(),
        },
        planned: selected.len(),
    });
    let mut notes = ctx.discovered.notes.clone();
    notes.push(format!("test data prefix: {}", ctx.data.prefix()));
    let mut slots: Vec<Option<CaseResult>> = vec![None; selected.len()];
    let gates: Vec<Gate> = selected
        .iter()
        .map(|check| gate(check, &ctx.discovered, settings))
        .collect();
    let unadvertised: std::collections::HashMap<usize, &str> = gates
        .iter()
        .enumerate()
        .filter_map(|(i, g)| match g {
            Gate::Unadvertised(reason) => Some((i, reason.as_str())),
            _ => None,
        })
        .collect();
    let (mut passed_when_tried, mut failed_when_tried) = (Vec::new(), Vec::new());
    let mut finish = |index: usize, mut case: CaseResult, sink: &mut dyn EventSink| {
        if let Some(reason) = unadvertised.get(&index) {
            let tried;
            (case, tried) = judge_unadvertised(case, reason);
            match tried {
                Tried::Passed => passed_when_tried.push(case.id.clone()),
                Tried::Failed => failed_when_tried.push(case.id.clone()),
                Tried::Inconclusive => {}
            }
        }
        if let Some(redactor) = &mut redactor {
            for exchange in &case.exchanges {
                redactor.learn_headers(&exchange.request.headers);
            }
            redactor.mask_case(&mut case);
        }
        sink.event(&RunEvent::CaseFinished(case.clone()));
        if let Some(slot) = slots.get_mut(index) {
            *slot = Some(case);
        }
    };
    let mut runnable = Vec::new();
    for (index, (check, gate)) in selected.iter().zip(&gates).enumerate() {
        match gate {
            Gate::Run | Gate::Unadvertised(_) => runnable.push(index),
            Gate::Skip(reason) => {
                sink.event(&RunEvent::CaseStarted {
                    id: check.id.into(),
                    title: check.title.into(),
                });
                let mut case = Probe::new(Arc::clone(&ctx), check).into_case();
                case.conclude(Verdict::Skip, reason.clone());
                finish(index, case, sink);
            }
        }
    }
    let (first, runnable): (Vec<usize>, Vec<usize>) =
        runnable.into_iter().partition(|&i| i < prerequisites.len());
    let (shared, exclusive): (Vec<usize>, Vec<usize>) = runnable
        .into_iter()
        .partition(|&i| selected.get(i).is_some_and(|c| !c.exclusive));
    let shared = must_first_within_rules(shared, &selected);
    let work = async {
        let mut established = Established::default();
        // A check whose prerequisite failed is not run: it ends blocked, naming the root case.
        // One that builds on something optional the server does not offer ends skipped with
        // the prerequisite's note. A check of an unadvertised capability whose prerequisite failed when tried is not
        // tried either (it ends skipped, saying why).
        let blocked = |index: usize, check: &Check, established: &Established| {
            let mut case = Probe::new(Arc::clone(&ctx), check).into_case();
            if let Some((root, why)) = established.blocker(check) {
                Established::block(&mut case, root, why);
            } else if let Some((root, note)) = established.not_offered(check) {
                case.conclude(
                    Verdict::Skip,
                    format!("{note}; not run: this check builds on {root}"),
                );
            } else if let (Some(reason), Some((root, why))) = (
                unadvertised.get(&index),
                established.failed_when_tried(check),
            ) {
                case.logs.push(format!(
                    "not tried: {root} failed when tried ({why}), and this check builds on it"
                ));
                case.conclude(
                    Verdict::Skip,
                    format!("{reason}; not tried: {root} failed when tried"),
                );
            } else {
                return None;
            }
            Some((index, case))
        };
        // One at a time: the prerequisites, in order, then the checks that need the server alone.
        for index in first.into_iter().chain(exclusive) {
            let Some(check) = selected.get(index) else {
                continue;
            };
            sink.event(&RunEvent::CaseStarted {
                id: check.id.into(),
                title: check.title.into(),
            });
            let (index, case) = match blocked(index, check, &established) {
                Some(done) => done,
                None => run_check(Arc::clone(&ctx), (*check).clone(), index).await,
            };
            if index < prerequisites.len() {
                established.record(check, &case, !unadvertised.contains_key(&index));
            }
            finish(index, case, sink);
        }
        let mut tasks = JoinSet::new();
        let mut pending = shared.into_iter().peekable();
        let mut ids = std::collections::HashMap::new();
        // The shared rules of the checks running: checks of one rule run one after another,
        // in catalog order, so the root cause of a rule they fail alike is always the same
        // check (a baseline comparison must not see the root move between runs).
        let mut rules_running: Vec<&'static str> = Vec::new();
        loop {
            while tasks.len() < settings.concurrency.max(1) {
                let Some(&index) = pending.peek() else { break };
                let rule = selected.get(index).and_then(|c| c.shared_rule);
                if rule.is_some_and(|r| rules_running.contains(&r)) {
                    break;
                }
                pending.next();
                let Some(check) = selected.get(index) else {
                    continue;
                };
                sink.event(&RunEvent::CaseStarted {
                    id: check.id.into(),
                    title: check.title.into(),
                });
                if let Some((index, case)) = blocked(index, check, &established) {
                    finish(index, case, sink);
                    continue;
                }
                let handle = tasks.spawn(run_check(Arc::clone(&ctx), (*check).clone(), index));
                ids.insert(handle.id(), index);
                rules_running.extend(rule);
            }
            let Some(joined) = tasks.join_next_with_id().await else {
                break;
            };
            let task = match &joined {
                Ok((id, _)) => *id,
                Err(e) => e.id(),
            };
            if let Some(rule) = ids
                .get(&task)
                .and_then(|i| selected.get(*i))
                .and_then(|c| c.shared_rule)
            {
                rules_running.retain(|r| *r != rule);
            }
            match joined {
                Ok((_, (index, case))) => finish(index, case, sink),
                Err(e) => {
                    if let Some((&index, check)) = ids
                        .get(&e.id())
                        .and_then(|i| selected.get(*i).map(|c| (i, c)))
                    {
                        let mut case = Probe::new(Arc::clone(&ctx), check).into_case();
                        case.conclude(Verdict::Error, format!("the check crashed: {e}"));
                        finish(index, case, sink);
                    }
                }
            }
        }
    };
    let out_of_time = async {
        match options.deadline {
            Some(limit) => {
                tokio::time::sleep(limit.saturating_sub(start.instant().elapsed())).await
            }
            None => std::future::pending().await,
        }
    };
    let mut deadline_passed = false;
    let mut interrupted = false;
    tokio::select! {
        () = work => {}
        () = out_of_time => deadline_passed = true,
        () = options.cancel.cancelled() => {
            notes.push(CANCELLED.into());
            interrupted = true;
        }
    }
    if let (true, Some(limit)) = (deadline_passed, options.deadline) {
        let reason = format!(
            "the run passed its deadline of {} s before this check finished",
            limit.as_secs()
        );
        for (slot, check) in slots.iter_mut().zip(&selected) {
            if slot.is_none() {
                let mut case = Probe::new(Arc::clone(&ctx), check).into_case();
                case.conclude(Verdict::Error, reason.clone());
                sink.event(&RunEvent::CaseFinished(case.clone()));
                *slot = Some(case);
            }
        }
        notes.push(format!(
            "the run passed its deadline of {} s: checks still running were stopped and marked \
             error; raise the run's deadline or find out why requests are slow (a verbose run \
             shows each exchange)",
            limit.as_secs()
        ));
    }
    if !passed_when_tried.is_empty() {
        notes.push(format!(
            "{} checks of capabilities ServiceProviderConfig does not advertise passed when tried: {}",
            passed_when_tried.len(),
            passed_when_tried.join(", ")
        ));
    }
    if !failed_when_tried.is_empty() {
        notes.push(format!(
            "{} checks of capabilities ServiceProviderConfig does not advertise failed when tried \
             (reported skipped; each reason says what failed, and a client that sends these \
             requests without reading ServiceProviderConfig meets it): {}",
            failed_when_tried.len(),
            failed_when_tried.join(", ")
        ));
    }
    notes.extend(ctx.cleanup.unasked_note());
    notes.extend(clean_up(&ctx, settings.no_cleanup).await);
    if (interrupted || deadline_passed) && !settings.no_cleanup {
        notes.extend(sweep_stragglers(&ctx).await);
    }
    let cases: Vec<CaseResult> = slots.into_iter().flatten().collect();
    let foreign_data = ctx.foreign.summary();
    notes.extend(foreign::note(foreign_data));
    let mut result = start.finish(
        SUITE_NAME.into(),
        target.base_url.clone(),
        cases,
        notes,
        redactor.as_ref(),
    );
    result.foreign_data = Some(foreign_data);
    sink.event(&RunEvent::RunFinished(result.clone()));
    let ending = if interrupted {
        Ending::Interrupted
    } else if deadline_passed {
        Ending::Deadline
    } else {
        Ending::Completed
    };
    Ok((result, ending))
}

/// What to do with a check before running it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Gate {
    /// Run it.
    Run,
    /// Skip it with the reason.
    Skip(String),
    /// Only an unadvertised capability stands in the way: try it, then report it skipped with
    /// the reason, noting when it worked anyway.
    Unadvertised(String),
}

fn gate(check: &Check, discovered: &Discovered, settings: &SuiteSettings) -> Gate {
    if settings.read_only && check.writes {
        return Gate::Skip("read-only mode: this check creates or changes resources".into());
    }
    let unmet: Vec<(Need, String)> = check
        .needs
        .iter()
        .filter_map(|need| discovered.offers(*need).err().map(|r| (*need, r)))
        .collect();
    match unmet.first() {
        None => Gate::Run,
        Some((_, reason)) if unmet.iter().all(|(need, _)| need.is_capability()) => {
            Gate::Unadvertised(reason.clone())
        }
        Some((_, reason)) => Gate::Skip(reason.clone()),
    }
}

/// What trying a check of an unadvertised capability showed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tried {
    /// It passed: the server could advertise the capability.
    Passed,
    /// It failed (or warned): a defect all the same for a client that does not read
    /// ServiceProviderConfig, so the run's notes list it.
    Failed,
    /// It was blocked, errored, or ended skipped on its own: nothing to say either way.
    Inconclusive,
}

/// A check of an unadvertised capability is reported skipped with `reason` whatever happened.
/// When it failed, the reason goes on with what failed — the capability first, the assertion
/// second — so that a skip never hides a defect; when it passed, a log line says the server
/// could advertise the capability.
fn judge_unadvertised(mut case: CaseResult, reason: &str) -> (CaseResult, Tried) {
    let tried = match case.verdict {
        Verdict::Pass => Tried::Passed,
        Verdict::Fail | Verdict::Warn => Tried::Failed,
        Verdict::Skip | Verdict::Blocked | Verdict::Error => Tried::Inconclusive,
    };
    let failure = case.reason.take().unwrap_or_default();
    case.verdict = Verdict::Skip;
    case.reason = Some(match tried {
        Tried::Failed => format!("{reason}; tried anyway: {failure}"),
        Tried::Passed | Tried::Inconclusive => reason.to_owned(),
    });
    // A skipped case blocks on nothing: a root cause counts only the cases it kept from running.
    case.blocked_by = None;
    if tried == Tried::Passed {
        case.logs.push(
            "not advertised, but this check passed when tried: the server could advertise it in \
             ServiceProviderConfig"
                .into(),
        );
    }
    (case, tried)
}

async fn run_check(ctx: Arc<Context>, check: Check, index: usize) -> (usize, CaseResult) {
    let started = Instant::now();
    let mut probe = Probe::new(ctx, &check);
    // `Err` means the body already concluded the case; nothing more to do.
    let _ended = (check.body)(&mut probe).await;
    if let Some(rule) = check.shared_rule {
        probe.share_rule(rule);
    }
    let mut case = probe.into_case();
    case.duration_ms = millis(started.elapsed());
    (index, case)
}

/// Reads ServiceProviderConfig, ResourceTypes and Schemas. Fails only when the server cannot
/// be reached at all. Public so that `scimcheck load` starts from the same discovery.
pub async fn discover(client: &HttpClient, target: &Target) -> Result<Discovered, SuiteError> {
    let mut discovered = Discovered::default();
    let (status, body) = fetch(client, target, "/ServiceProviderConfig").await?;
    discovered.read_spc(status, &body);
    let (status, body) = fetch(client, target, "/ResourceTypes").await?;
    discovered.read_resource_types(status, &body);
    let (status, body) = fetch(client, target, "/Schemas").await?;
    discovered.read_schemas(status, &body);
    Ok(discovered)
}

async fn fetch(
    client: &HttpClient,
    target: &Target,
    path: &str,
) -> Result<(u16, String), SuiteError> {
    let url = format!("{}{path}", target.base_url);
    let mut headers = vec![("Accept".to_owned(), crate::probe::SCIM_JSON.to_owned())];
    headers.extend(target.headers.iter().cloned());
    let spec = RequestSpec {
        method: "GET".into(),
        url: url.clone(),
        headers,
        body: String::new(),
        basic_auth: target.basic.clone(),
    };
    let received = client.send(&spec).await?;
    match received.exchange.response {
        Some(response) => Ok((response.status, received.body)),
        None => Err(SuiteError::Unreachable {
            url,
            detail: received
                .exchange
                .error
                .unwrap_or_else(|| "no response".into()),
        }),
    }
}

/// `order` with the checks of each shared rule rearranged among their own places so that its
/// MUST checks come first (otherwise in catalog order): checks of one rule run one after
/// another and the first to fail it is the root cause, which should then be the check stating
/// the rule as the RFC does, not a variant of it. (mlflow-oidc-auth supports no PATCH remove:
/// the root was the interop check of a capitalized `Remove`, and the MUST check of a plain
/// remove was blocked by it.)
fn must_first_within_rules(mut order: Vec<usize>, selected: &[&Check]) -> Vec<usize> {
    let rule_of = |index: usize| selected.get(index).and_then(|c| c.shared_rule);
    let rules: std::collections::BTreeSet<&str> =
        order.iter().filter_map(|&index| rule_of(index)).collect();
    for rule in rules {
        let places: Vec<usize> = (0..order.len())
            .filter(|&place| rule_of(order[place]) == Some(rule))
            .collect();
        let mut members: Vec<usize> = places.iter().map(|&place| order[place]).collect();
        members.sort_by_key(|&index| {
            selected
                .get(index)
                .is_none_or(|c| c.severity != Severity::Must)
        });
        for (place, member) in places.into_iter().zip(members) {
            order[place] = member;
        }
    }
    order
}

/// After a run cut short (Ctrl-C, deadline), a check stopped mid-request may have created a
/// resource whose 201 never reached the cleanup registry. Everything the run creates is named
/// with its unique prefix, so such stragglers are found by that name and deleted too; nothing
/// else matches the prefix, so nothing else is touched.
pub async fn sweep_stragglers(ctx: &Context) -> Vec<String> {
    let prefix = ctx.data.prefix();
    let mut deleted = 0;
    for (endpoint, attribute) in [("Groups", "displayName"), ("Users", "userName")] {
        // The prefix is letters, digits and '-', so only the space and the quotes need encoding.
        let filter = format!("{attribute} sw \"{prefix}\"")
            .replace(' ', "%20")
            .replace('"', "%22");
        let url = format!(
            "{}/{endpoint}?filter={filter}&count=1000",
            ctx.target.base_url
        );
        let Some(list) = send_for_json(ctx, "GET", url).await else {
            continue;
        };
        let found = list["Resources"].as_array().cloned().unwrap_or_default();
        for resource in found {
            let (Some(id), Some(name)) = (resource["id"].as_str(), resource[attribute].as_str())
            else {
                continue;
            };
            if name.starts_with(prefix)
                && !id.contains(['/', '\\'])
                && let Some(url) = url_under_base(ctx, &resource_path(&format!("/{endpoint}"), id))
                && send_for_json(ctx, "DELETE", url).await.is_some()
            {
                deleted += 1;
            }
        }
    }
    if deleted == 0 {
        return Vec::new();
    }
    vec![format!(
        "cleanup: deleted {deleted} more resources named {prefix}… that checks stopped mid-request had created"
    )]
}

/// The URL of `path` (relative to the base URL) when, dot segments resolved, it is still one
/// below the base URL: cleanup never deletes anywhere else, whatever ids the server answered.
fn url_under_base(ctx: &Context, path: &str) -> Option<String> {
    (ctx.client.egress().path_under_base(path).as_deref() == Some(path))
        .then(|| format!("{}{path}", ctx.target.base_url))
}

/// Sends a cleanup request; the JSON body (null when empty) of a 2xx answer, `None` otherwise.
async fn send_for_json(ctx: &Context, method: &str, url: String) -> Option<serde_json::Value> {
    let spec = RequestSpec {
        method: method.into(),
        url,
        headers: ctx.target.headers.clone(),
        body: String::new(),
        basic_auth: ctx.target.basic.clone(),
    };
    let received = ctx.client.send(&spec).await.ok()?;
    let status = received.exchange.response.as_ref()?.status;
    if !(200..300).contains(&status) {
        return None;
    }
    Some(serde_json::from_str(&received.body).unwrap_or(serde_json::Value::Null))
}

/// Deletes what `ctx`'s run registered as created, newest first (or keeps it under
/// `--no-cleanup`); returns notes on what happened. Shared with `scimcheck load`.
pub async fn clean_up(ctx: &Context, keep: bool) -> Vec<String> {
    let paths = ctx.cleanup.take_for_deletion();
    if paths.is_empty() {
        return Vec::new();
    }
    if keep {
        return vec![format!(
            "keeping what the run created: kept {} resources (names start with {}): {}",
            paths.len(),
            ctx.data.prefix(),
            paths.join(", ")
        )];
    }
    let mut left = Vec::new();
    for path in &paths {
        let Some(url) = url_under_base(ctx, path) else {
            left.push(format!("{path} (not under the base URL: not deleted)"));
            continue;
        };
        let spec = RequestSpec {
            method: "DELETE".into(),
            url,
            headers: ctx.target.headers.clone(),
            body: String::new(),
            basic_auth: ctx.target.basic.clone(),
        };
        let status = match ctx.client.send(&spec).await {
            Ok(received) => received.exchange.response.map(|r| r.status),
            Err(_) => None,
        };
        // 404: a check already deleted it.
        if !matches!(status, Some(200 | 204 | 404)) {
            let shown = status.map_or_else(|| "no response".to_owned(), |s| s.to_string());
            left.push(format!("{path} ({shown})"));
        }
    }
    let mut notes = vec![format!(
        "cleanup: deleted {} resources created by the run",
        paths.len() - left.len()
    )];
    if !left.is_empty() {
        notes.push(format!(
            "cleanup: could not delete {} resources (names start with {}): {}",
            left.len(),
            ctx.data.prefix(),
            left.join(", ")
        ));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_rule_runs_its_must_checks_first_and_keeps_every_other_place() {
        let check = |id: &'static str, rule: Option<&'static str>, severity: Severity| {
            let c = Check::new(id, "t", |p| Box::pin(async move { p.pass() })).severity(severity);
            match rule {
                Some(rule) => c.shared_rule(rule),
                None => c,
            }
        };
        let checks = [
            check("a.variant", Some("r"), Severity::Interop),
            check("b.other", None, Severity::Must),
            check("c.plain", Some("r"), Severity::Must),
            check("d.should", Some("r"), Severity::Should),
            check("e.second-rule", Some("s"), Severity::May),
        ];
        let selected: Vec<&Check> = checks.iter().collect();
        let ids = |order: Vec<usize>| order.into_iter().map(|i| checks[i].id).collect::<Vec<_>>();
        assert_eq!(
            ids(must_first_within_rules(vec![0, 1, 2, 3, 4], &selected)),
            [
                "c.plain",
                "b.other",
                "a.variant",
                "d.should",
                "e.second-rule"
            ]
        );
    }

    #[test]
    fn unadvertised_checks_are_skips_that_say_what_trying_showed() {
        let (worked, tried) = judge_unadvertised(CaseResult::new("sort.x", "t"), "no sort");
        assert_eq!((worked.verdict, tried), (Verdict::Skip, Tried::Passed));
        assert_eq!(worked.reason.as_deref(), Some("no sort"));
        assert!(worked.logs.iter().any(|l| l.contains("passed when tried")));
        let mut broken = CaseResult::new("sort.x", "t");
        broken.conclude(Verdict::Warn, "status: expected 204, got 200");
        let (broken, tried) = judge_unadvertised(broken, "no sort");
        assert_eq!((broken.verdict, tried), (Verdict::Skip, Tried::Failed));
        assert_eq!(
            broken.reason.as_deref(),
            Some("no sort; tried anyway: status: expected 204, got 200")
        );
        assert!(broken.logs.is_empty());
        let mut blocked = CaseResult::new("sort.x", "t");
        blocked.block("prerequisite.users.create", "blocked: …");
        let (blocked, tried) = judge_unadvertised(blocked, "no sort");
        assert_eq!(
            (blocked.verdict, blocked.blocked_by, tried),
            (Verdict::Skip, None, Tried::Inconclusive)
        );
        assert_eq!(blocked.reason.as_deref(), Some("no sort"));
    }

    #[test]
    fn only_capability_gaps_are_tried() {
        let mut discovered = Discovered::default();
        discovered.read_spc(200, r#"{"patch":{"supported":true}}"#);
        let settings = SuiteSettings::default();
        let body: crate::check::Body = |p| Box::pin(async move { p.pass() });
        let sort = Check::new("sort.a.b", "t", body).needs(&[Need::Users, Need::Sort]);
        assert!(matches!(
            gate(&sort, &discovered, &settings),
            Gate::Unadvertised(_)
        ));
        let patch = Check::new("patch.a.b", "t", body).needs(&[Need::Users, Need::Patch]);
        assert_eq!(gate(&patch, &discovered, &settings), Gate::Run);
        let enterprise = Check::new("e.a.b", "t", body).needs(&[Need::EnterpriseUser, Need::Sort]);
        assert!(matches!(
            gate(&enterprise, &discovered, &settings),
            Gate::Skip(_)
        ));
        let read_only = SuiteSettings {
            read_only: true,
            ..SuiteSettings::default()
        };
        let writer = Check::new("w.a.b", "t", body).writes();
        assert!(
            matches!(gate(&writer, &discovered, &read_only), Gate::Skip(r) if r.starts_with("read-only mode"))
        );
    }
}
