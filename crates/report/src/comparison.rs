//! A run compared with an earlier one (its baseline), case by case by id: what regressed, what
//! was fixed, what still fails, which cases are new and which are gone. The binary attaches the
//! result to the run (`--baseline`, `scimcheck diff`) and every report shows it; the dashboard
//! compares two stored runs with the same function, so "regression" means one thing everywhere.
//!
//! A case is *failing* when it failed or errored and is not an expected failure (`[expect]`):
//!
//! - **regression**: failing now, and not failing in the baseline — passed, warned, skipped,
//!   blocked or absent (a new check that fails is a regression: CI gating on regressions must
//!   not let it through);
//! - **fix**: failing in the baseline, passed or warned now;
//! - **still failing**: failing in both;
//! - **new**: absent from the baseline and not failing now; **removed**: absent now.
//!
//! A case failing in the baseline and skipped, blocked or expected to fail now is in none of
//! the lists: it says nothing about whether the server was fixed.
//!
//! ```
//! use scimcheck_engine::model::{CaseResult, RunResult, Summary, Verdict, SCHEMA_VERSION};
//! use scimcheck_report::comparison;
//! let run = |verdict| {
//!     let mut case = CaseResult::new("users.create", "POST /Users");
//!     case.verdict = verdict;
//!     let cases = vec![case];
//!     RunResult {
//!         schema_version: SCHEMA_VERSION, suite: "s".into(), target: "t".into(),
//!         started_at: String::new(), duration_ms: 0, summary: Summary::of(&cases),
//!         root_causes: Vec::new(), cases, notes: Vec::new(), secrets_masked: true, foreign_data: None,
//!         comparison: None,
//!         load: None,
//!     }
//! };
//! let compared = comparison::between(&run(Verdict::Pass), &run(Verdict::Fail));
//! assert_eq!(compared.regressions[0].case, "users.create");
//! ```

use std::collections::HashMap;

use scimcheck_engine::model::{
    CaseChange, CaseResult, ComparedRun, Comparison, RunResult, Verdict,
};

use crate::failure::is_failure;

/// Compares `current` with `baseline` (see the [module docs](self) for the rules).
pub fn between(baseline: &RunResult, current: &RunResult) -> Comparison {
    let before: HashMap<&str, &CaseResult> =
        baseline.cases.iter().map(|c| (c.id.as_str(), c)).collect();
    let now: HashMap<&str, &CaseResult> =
        current.cases.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut comparison = Comparison {
        baseline: ComparedRun {
            suite: baseline.suite.clone(),
            target: baseline.target.clone(),
            started_at: baseline.started_at.clone(),
        },
        ..Comparison::default()
    };
    for case in &current.cases {
        let old = before.get(case.id.as_str()).copied();
        let change = CaseChange {
            case: case.id.clone(),
            title: case.title.clone(),
            before: old.map(|c| c.verdict),
            after: Some(case.verdict),
        };
        let list = match (old.map(is_failing), is_failing(case)) {
            (Some(true), true) => &mut comparison.still_failing,
            (_, true) => &mut comparison.regressions,
            (None, false) => &mut comparison.new_cases,
            (Some(true), false) if matches!(case.verdict, Verdict::Pass | Verdict::Warn) => {
                &mut comparison.fixes
            }
            (Some(_), false) => continue,
        };
        list.push(change);
    }
    comparison.removed_cases = baseline
        .cases
        .iter()
        .filter(|c| !now.contains_key(c.id.as_str()))
        .map(|c| CaseChange {
            case: c.id.clone(),
            title: c.title.clone(),
            before: Some(c.verdict),
            after: None,
        })
        .collect();
    comparison
}

/// True for a case that fails its run: failed or errored, and not an expected failure.
pub fn is_failing(case: &CaseResult) -> bool {
    is_failure(case.verdict) && case.expected_failure.is_none()
}

/// "2 regressions, 1 fixed, 3 still failing, 1 new, 0 removed": the comparison in one line.
pub fn phrase(comparison: &Comparison) -> String {
    let regressions = match comparison.regressions.len() {
        1 => "1 regression".to_owned(),
        n => format!("{n} regressions"),
    };
    format!(
        "{regressions}, {} fixed, {} still failing, {} new, {} removed",
        comparison.fixes.len(),
        comparison.still_failing.len(),
        comparison.new_cases.len(),
        comparison.removed_cases.len()
    )
}

/// The lists of `comparison` with the heading each report gives them, in the order they are
/// shown: what needs attention first.
pub(crate) fn sections(comparison: &Comparison) -> [(&'static str, &[CaseChange]); 5] {
    [
        ("Regressions", &comparison.regressions),
        ("Fixed", &comparison.fixes),
        ("Still failing", &comparison.still_failing),
        ("New", &comparison.new_cases),
        ("Removed", &comparison.removed_cases),
    ]
}

/// "pass → fail", "(new) → fail", "fail → (removed)": how one case changed.
pub fn transition(change: &CaseChange) -> String {
    let name =
        |v: Option<Verdict>, absent: &str| v.map_or(absent.to_owned(), |v| v.as_str().into());
    format!(
        "{} → {}",
        name(change.before, "(new)"),
        name(change.after, "(removed)")
    )
}

/// How the case `id` changed since the baseline, when `run` was compared and the case is a
/// regression or a fix: the note JUnit and the HTML rows attach to the case itself.
pub(crate) fn note_for(run: &RunResult, id: &str) -> Option<String> {
    let comparison = run.comparison.as_ref()?;
    let find = |list: &[CaseChange]| list.iter().find(|c| c.case == id).map(transition);
    if let Some(change) = find(&comparison.regressions) {
        return Some(format!("regression since the baseline ({change})"));
    }
    find(&comparison.fixes).map(|change| format!("fixed since the baseline ({change})"))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use scimcheck_engine::model::{SCHEMA_VERSION, Summary};

    /// A run of one case per `(id, verdict)`, for the tests of this crate's run-level rules.
    pub(crate) fn run(cases: &[(&str, Verdict)]) -> RunResult {
        let cases: Vec<CaseResult> = cases
            .iter()
            .map(|(id, verdict)| {
                let mut case = CaseResult::new(*id, format!("title of {id}"));
                case.verdict = *verdict;
                case
            })
            .collect();
        RunResult {
            schema_version: SCHEMA_VERSION,
            suite: "suite".into(),
            target: "http://target".into(),
            started_at: "2026-12-01T00:00:00Z".into(),
            duration_ms: 0,
            summary: Summary::of(&cases),
            root_causes: Vec::new(),
            cases,
            notes: Vec::new(),
            secrets_masked: true,
            foreign_data: None,
            comparison: None,
            load: None,
        }
    }

    fn ids(list: &[CaseChange]) -> Vec<&str> {
        list.iter().map(|c| c.case.as_str()).collect()
    }

    #[test]
    fn every_transition_lands_in_its_list() {
        use Verdict::*;
        let baseline = run(&[
            ("pass-fail", Pass),
            ("fail-pass", Fail),
            ("fail-fail", Fail),
            ("error-warn", Error),
            ("skip-fail", Skip),
            ("blocked-error", Blocked),
            ("fail-blocked", Fail),
            ("pass-pass", Pass),
            ("gone", Fail),
        ]);
        let current = run(&[
            ("pass-fail", Fail),
            ("fail-pass", Pass),
            ("fail-fail", Error),
            ("error-warn", Warn),
            ("skip-fail", Fail),
            ("blocked-error", Error),
            ("fail-blocked", Blocked),
            ("pass-pass", Pass),
            ("new-pass", Pass),
            ("new-fail", Fail),
        ]);
        let c = between(&baseline, &current);
        assert_eq!(
            ids(&c.regressions),
            ["pass-fail", "skip-fail", "blocked-error", "new-fail"]
        );
        assert_eq!(ids(&c.fixes), ["fail-pass", "error-warn"]);
        assert_eq!(ids(&c.still_failing), ["fail-fail"]);
        assert_eq!(ids(&c.new_cases), ["new-pass"]);
        assert_eq!(ids(&c.removed_cases), ["gone"]);
        assert_eq!(transition(&c.regressions[3]), "(new) → fail");
        assert_eq!(transition(&c.removed_cases[0]), "fail → (removed)");
        assert_eq!(c.baseline.started_at, "2026-12-01T00:00:00Z");
        assert_eq!(
            phrase(&c),
            "4 regressions, 2 fixed, 1 still failing, 1 new, 1 removed"
        );
    }

    #[test]
    fn expected_failures_are_not_failing() {
        let baseline = run(&[("a", Verdict::Pass), ("b", Verdict::Fail)]);
        let mut current = run(&[("a", Verdict::Fail), ("b", Verdict::Fail)]);
        for case in &mut current.cases {
            case.expected_failure = Some("known".into());
        }
        let c = between(&baseline, &current);
        assert!(c.regressions.is_empty(), "{c:?}");
        assert!(c.still_failing.is_empty() && c.fixes.is_empty(), "{c:?}");
        // The other way round: an expected failure in the baseline that fails unexpectedly now
        // (e.g. it passed and was turned into a failure by its [expect] entry) regressed.
        let c = between(&current, &baseline);
        assert_eq!(ids(&c.regressions), ["b"]);
    }
}
