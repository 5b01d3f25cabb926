//! A finished run compared with an earlier one of the same environment and suite: the previous
//! run (the default), the last green one (no failing case), or a chosen one (`?compare=ID`).
//! The comparison is the report crate's `comparison::between` — the same one behind the CLI's
//! `--baseline` and `scimcheck diff` and the alerts — so "regression" means the same everywhere;
//! the latency changes are the cases whose time changed most between the two runs.

use super::PageError;
use crate::html::esc;
use crate::store::{HistoryFilter, RunRow, RunStatus, Store, SuiteKey};
use scimcheck_engine::model::{CaseChange, RunResult};
use scimcheck_report::comparison;

/// How many earlier runs are looked through for the previous and the last green one.
const LOOK_BACK: i64 = 200;

/// How many latency changes the section lists.
const LATENCY_ROWS: usize = 10;

/// Which run to compare with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Baseline {
    /// The run before this one.
    Previous,
    /// The last run before this one with no failing case.
    LastGreen,
    /// A chosen run.
    Run(i64),
}

impl Baseline {
    /// `?compare=previous|green|ID`; anything else is the previous run.
    pub fn parse(text: Option<&str>) -> Baseline {
        match text {
            Some("green") => Baseline::LastGreen,
            Some(id) => id.parse().map_or(Baseline::Previous, Baseline::Run),
            None => Baseline::Previous,
        }
    }
}

/// The section comparing `run` (finished) with `baseline`; empty for a run still going.
pub fn section(store: &Store, run: &RunRow, baseline: Baseline) -> Result<String, PageError> {
    if run.status == RunStatus::Running {
        return Ok(String::new());
    }
    let base = format!("/runs/{}", run.id);
    let choices = format!(
        "<p class=\"meta\">Compare with: <a href=\"{base}?compare=previous\">the previous run</a> · \
         <a href=\"{base}?compare=green\">the last green run</a> · another run: add \
         <code>?compare=ID</code></p>"
    );
    let Some((earlier, label)) = find(store, run, baseline)? else {
        return Ok(format!(
            "<div class=\"card\" id=\"comparison\"><h2>Compared with</h2><p class=\"empty\">No {} of this environment and suite to compare with.</p>{choices}</div>",
            match baseline {
                Baseline::Previous => "earlier finished run",
                Baseline::LastGreen => "earlier green run",
                Baseline::Run(_) => "such run",
            }
        ));
    };
    let (before, now) = (store.run_result(&earlier)?, store.run_result(run)?);
    let compared = comparison::between(&before, &now);
    let list = |title: &str, id: &str, changes: &[CaseChange]| {
        if changes.is_empty() {
            return String::new();
        }
        let items: String = changes
            .iter()
            .map(|c| format!("<li><code>{}</code> {}</li>", esc(&c.case), esc(&c.title)))
            .collect();
        format!(
            "<h3>{title} ({})</h3><ul id=\"{id}\">{items}</ul>",
            changes.len()
        )
    };
    Ok(format!(
        "<div class=\"card\" id=\"comparison\"><h2>Compared with {label} <a href=\"/runs/{id}\">#{id}</a></h2>\
         <p id=\"comparison-phrase\">{phrase}</p>{regressions}{fixes}{still}{latency}{choices}</div>",
        id = earlier.id,
        phrase = esc(&comparison::phrase(&compared)),
        regressions = list("Regressions", "regressions", &compared.regressions),
        fixes = list("Fixed", "fixes", &compared.fixes),
        still = list("Still failing", "still-failing", &compared.still_failing),
        latency = latency(&before, &now),
    ))
}

/// The run to compare with, and how the page names it.
fn find(
    store: &Store,
    run: &RunRow,
    baseline: Baseline,
) -> Result<Option<(RunRow, &'static str)>, PageError> {
    if let Baseline::Run(id) = baseline {
        // A run still going has no verdicts to compare yet.
        let chosen = store
            .run(id)?
            .filter(|r| r.id != run.id && r.status != RunStatus::Running);
        return Ok(chosen.map(|r| (r, "run")));
    }
    let filter = HistoryFilter {
        environment_id: Some(run.environment_id),
        suite: SuiteKey::parse(&run.suite_key),
    };
    let earlier = store.history(&filter, Some(run.id), LOOK_BACK)?;
    for candidate in earlier {
        if candidate.status != RunStatus::Finished {
            continue;
        }
        // Green as the schedules judge it: no failed or errored case (the dashboard's runs
        // mark no failure as expected), read from the stored counts, not the whole result.
        let green = candidate.summary.failed == 0 && candidate.summary.errored == 0;
        match baseline {
            Baseline::Previous => return Ok(Some((candidate, "the previous run"))),
            _ if green => return Ok(Some((candidate, "the last green run"))),
            _ => {}
        }
    }
    Ok(None)
}

/// The cases in both runs whose time changed most, largest change first.
fn latency(before: &RunResult, now: &RunResult) -> String {
    let mut changes: Vec<(&str, u64, u64)> = now
        .cases
        .iter()
        .filter_map(|case| {
            let earlier = before.cases.iter().find(|c| c.id == case.id)?;
            Some((case.id.as_str(), earlier.duration_ms, case.duration_ms))
        })
        .filter(|(_, was, is)| was != is)
        .collect();
    if changes.is_empty() {
        return String::new();
    }
    changes.sort_by_key(|(_, was, is)| std::cmp::Reverse(was.abs_diff(*is)));
    let rows: String = changes
        .iter()
        .take(LATENCY_ROWS)
        .map(|(id, was, is)| {
            format!(
                "<tr><td><code>{}</code></td><td>{was} ms</td><td>{is} ms</td></tr>",
                esc(id)
            )
        })
        .collect();
    format!(
        "<h3>Latency changes</h3><table id=\"latency-changes\"><thead><tr><th>Case</th><th>Before</th><th>Now</th></tr></thead><tbody>{rows}</tbody></table>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_choice_reads_previous_green_or_an_id() {
        assert_eq!(Baseline::parse(None), Baseline::Previous);
        assert_eq!(Baseline::parse(Some("green")), Baseline::LastGreen);
        assert_eq!(Baseline::parse(Some("42")), Baseline::Run(42));
        assert_eq!(Baseline::parse(Some("nonsense")), Baseline::Previous);
    }
}
