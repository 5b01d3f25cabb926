//! Expected failures: the checks a team knows its server fails today, each with a reason
//! (`[expect]` in scimcheck.toml), so a run can pass while they are being fixed.
//!
//! A listed case that fails or errors keeps its verdict and gets
//! [`expected_failure`](scimcheck_engine::model::CaseResult::expected_failure) set: it does not
//! fail the run, and every report shows it as an expected failure. A listed case that passes
//! (or only warns) becomes a failure saying so, so the list cannot silently go stale once the
//! server is fixed. A listed case that was skipped or blocked is left alone: it was not judged.
//!
//! ```
//! use std::collections::BTreeMap;
//! use scimcheck_engine::model::{CaseResult, Verdict};
//! let expect = BTreeMap::from([("users.create".to_owned(), "ticket SCIM-12".to_owned())]);
//! let mut case = CaseResult::new("users.create", "POST /Users");
//! scimcheck_report::expectation::apply_to_case(&mut case, &expect);
//! assert_eq!(case.verdict, Verdict::Fail);
//! assert!(case.reason.unwrap().contains("remove it from [expect]"));
//! ```

use std::collections::BTreeMap;

use scimcheck_engine::model::{CaseResult, RunResult, Summary, Verdict};

use crate::failure::is_failure;

/// Case id → why it is expected to fail.
pub type Expectations = BTreeMap<String, String>;

/// Judges `case` against `expect` (see the [module docs](self)).
pub fn apply_to_case(case: &mut CaseResult, expect: &Expectations) {
    let Some(reason) = expect.get(&case.id) else {
        return;
    };
    match case.verdict {
        verdict if is_failure(verdict) => case.expected_failure = Some(reason.clone()),
        Verdict::Pass | Verdict::Warn => case.conclude(
            Verdict::Fail,
            format!(
                "expected to fail because {reason}, but passed: remove it from [expect] in \
                 scimcheck.toml"
            ),
        ),
        _ => {}
    }
}

/// Judges every case of `run` against `expect`, recounts the summary, and adds a note for each
/// entry that names no case of the run (a typo, or a check this run did not include).
pub fn apply(run: &mut RunResult, expect: &Expectations) {
    if expect.is_empty() {
        return;
    }
    for case in &mut run.cases {
        apply_to_case(case, expect);
    }
    run.summary = Summary::of(&run.cases);
    for id in expect.keys() {
        if !run.cases.iter().any(|c| &c.id == id) {
            run.notes.push(format!(
                "[expect] lists {id}, which this run did not include: check the id \
                 (`scimcheck checks` lists them) or remove the entry"
            ));
        }
    }
}

/// The cases of `run` that failed as expected, in run order.
pub(crate) fn expected_failures(run: &RunResult) -> impl Iterator<Item = &CaseResult> {
    run.cases.iter().filter(|c| c.expected_failure.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comparison::tests::run;

    #[test]
    fn failing_cases_are_expected_passing_ones_fail_unjudged_ones_stay() {
        let expect = Expectations::from([
            ("failing".to_owned(), "known bug".to_owned()),
            ("erroring".to_owned(), "flaky proxy".to_owned()),
            ("passing".to_owned(), "was broken".to_owned()),
            ("skipped".to_owned(), "n/a".to_owned()),
            ("missing".to_owned(), "typo".to_owned()),
        ]);
        let mut run = run(&[
            ("failing", Verdict::Fail),
            ("erroring", Verdict::Error),
            ("passing", Verdict::Pass),
            ("skipped", Verdict::Skip),
            ("unlisted", Verdict::Pass),
        ]);
        assert!(!run.succeeded());
        apply(&mut run, &expect);
        let seen: Vec<(Verdict, Option<&str>)> = run
            .cases
            .iter()
            .map(|c| (c.verdict, c.expected_failure.as_deref()))
            .collect();
        assert_eq!(
            seen,
            [
                (Verdict::Fail, Some("known bug")),
                (Verdict::Error, Some("flaky proxy")),
                (Verdict::Fail, None),
                (Verdict::Skip, None),
                (Verdict::Pass, None),
            ]
        );
        assert_eq!(
            run.cases[2].reason.as_deref(),
            Some(
                "expected to fail because was broken, but passed: remove it from [expect] in \
                 scimcheck.toml"
            )
        );
        assert_eq!((run.summary.failed, run.summary.passed), (2, 1));
        assert!(!run.succeeded(), "the unexpected pass fails the run");
        assert_eq!(run.notes.len(), 1);
        assert!(run.notes[0].contains("missing"), "{:?}", run.notes);
        run.cases.remove(2);
        run.summary = Summary::of(&run.cases);
        assert!(run.succeeded(), "expected failures alone do not fail it");
    }
}
