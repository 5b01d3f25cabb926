//! Alerts on state changes: a schedule's run is green (no failing case) or red (a failing
//! case, or the run could not run at all). Green → red (and a first run that is red) alerts
//! `failing`; red → green alerts `recovered`; the N-th red run in a row alerts `still-failing`
//! once (N is the schedule's threshold), so a long outage is one reminder, not one per run.
//!
//! The payload names the environment, the suite, the failing checks and what changed since
//! the last green run, computed by the report crate's `comparison::between`, the function
//! behind the CLI's `--baseline` and `scimcheck diff`, so "regression" means the same thing in
//! an alert as in a report. It carries nothing from the environment but its id and name: no
//! base URL, credential or variable, and no run notes (whose wording the launcher owns); case
//! titles come from results the engine has already redacted.

use crate::store::{Health, RunRow, RunStatus};
use scimcheck_engine::model::{CaseChange, RunResult};
use scimcheck_report::comparison;
use serde_json::{Value, json};

/// Which alert a judged run raises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alert {
    /// Green (or nothing yet) → red.
    Failing,
    /// Red → green.
    Recovered,
    /// The threshold's red run in a row.
    StillFailing,
}

impl Alert {
    /// The name in payloads and the delivery log.
    pub fn as_str(self) -> &'static str {
        match self {
            Alert::Failing => "failing",
            Alert::Recovered => "recovered",
            Alert::StillFailing => "still-failing",
        }
    }
}

/// A finished run's health; `None` for runs that say nothing about the server (cancelled,
/// cut by a restart, still running).
pub fn health(run: &RunRow, result: &RunResult) -> Option<Health> {
    match run.status {
        RunStatus::Error => Some(Health::Red),
        RunStatus::Finished if result.cases.iter().any(comparison::is_failing) => Some(Health::Red),
        RunStatus::Finished => Some(Health::Green),
        RunStatus::Running | RunStatus::Cancelled | RunStatus::Interrupted => None,
    }
}

/// The alert (if any) for a run of health `now` after `previous`, and the red runs in a row
/// counting this one.
pub fn decide(
    previous: Option<Health>,
    failures_before: u32,
    now: Health,
    threshold: u32,
) -> (Option<Alert>, u32) {
    match now {
        Health::Green => (
            (previous == Some(Health::Red)).then_some(Alert::Recovered),
            0,
        ),
        Health::Red => {
            let in_a_row = failures_before + 1;
            let alert = if previous != Some(Health::Red) {
                Some(Alert::Failing)
            } else if threshold > 1 && in_a_row == threshold {
                Some(Alert::StillFailing)
            } else {
                None
            };
            (alert, in_a_row)
        }
    }
}

/// What an alert is about.
pub struct Subject<'a> {
    /// The schedule's id.
    pub schedule_id: i64,
    /// The judged run and its result.
    pub run: &'a RunRow,
    /// Its result.
    pub result: &'a RunResult,
    /// The last green run before it, with its result, when there is one.
    pub last_green: Option<(&'a RunRow, &'a RunResult)>,
    /// Red runs in a row, counting this one.
    pub consecutive_failures: u32,
    /// `http://host:port` (or `--public-url`) the links start with.
    pub link_base: &'a str,
}

fn changes(list: &[CaseChange]) -> Value {
    list.iter()
        .map(|c| json!({"id": c.case, "title": c.title, "change": comparison::transition(c)}))
        .collect()
}

/// The webhook's JSON body.
pub fn payload(alert: Alert, subject: &Subject<'_>) -> Value {
    let run = subject.run;
    let base = subject.link_base;
    let failing: Vec<Value> = subject
        .result
        .cases
        .iter()
        .filter(|c| comparison::is_failing(c))
        .map(|c| json!({"id": c.id, "title": c.title, "verdict": c.verdict.as_str()}))
        .collect();
    let since_last_green = subject.last_green.map(|(green, green_result)| {
        let compared = comparison::between(green_result, subject.result);
        json!({
            "run_id": green.id,
            "run_url": format!("{base}/runs/{}", green.id),
            "summary": comparison::phrase(&compared),
            "regressions": changes(&compared.regressions),
            "fixes": changes(&compared.fixes),
            "still_failing": changes(&compared.still_failing),
            "new": changes(&compared.new_cases),
            "removed": changes(&compared.removed_cases),
        })
    });
    let headline = match alert {
        Alert::Failing => "is failing",
        Alert::Recovered => "has recovered",
        Alert::StillFailing => "is still failing",
    };
    let s = run.summary;
    json!({
        "alert": alert.as_str(),
        "text": format!(
            "scimcheck: {} in {} {headline} (run #{}: {} failing checks)",
            run.suite_name, run.environment_name, run.id, failing.len()
        ),
        "environment": {"id": run.environment_id, "name": run.environment_name},
        "suite": run.suite_name,
        "schedule": {"id": subject.schedule_id, "url": format!("{base}/schedules/{}", subject.schedule_id)},
        "run": {
            "id": run.id,
            "url": format!("{base}/runs/{}", run.id),
            "status": run.status.as_str(),
            "started_at": run.started_at,
            "passed": s.passed, "failed": s.failed, "errored": s.errored,
            "warned": s.warned, "skipped": s.skipped, "blocked": s.blocked,
        },
        "consecutive_failures": subject.consecutive_failures,
        "failing_checks": failing,
        "since_last_green": since_last_green,
    })
}

#[cfg(test)]
mod tests {
    use super::{Alert, decide};
    use crate::store::Health::{Green, Red};

    #[test]
    fn alerts_follow_state_changes_and_the_threshold() {
        assert_eq!(decide(None, 0, Green, 3), (None, 0));
        assert_eq!(decide(None, 0, Red, 3), (Some(Alert::Failing), 1));
        assert_eq!(decide(Some(Green), 0, Red, 3), (Some(Alert::Failing), 1));
        assert_eq!(decide(Some(Red), 1, Red, 3), (None, 2));
        assert_eq!(decide(Some(Red), 2, Red, 3), (Some(Alert::StillFailing), 3));
        assert_eq!(decide(Some(Red), 3, Red, 3), (None, 4));
        assert_eq!(decide(Some(Red), 4, Green, 3), (Some(Alert::Recovered), 0));
        assert_eq!(decide(Some(Green), 0, Green, 3), (None, 0));
        // Threshold 0 or 1: the `failing` alert is the only one.
        assert_eq!(decide(Some(Red), 0, Red, 1), (None, 1));
        assert_eq!(decide(Some(Red), 5, Red, 0), (None, 6));
    }
}
