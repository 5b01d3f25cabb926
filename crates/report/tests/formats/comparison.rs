//! A run compared with a baseline and carrying an expected failure, in every format: each shows
//! the comparison and the expected failure, and hostile text in them stays inert.

use std::time::Duration;

use scimcheck_engine::model::{CaseResult, RunResult, Verdict};
use scimcheck_report::terminal::{TerminalOptions, TerminalReporter, Verbosity};
use scimcheck_report::{comparison, expectation, html, json, junit, markdown};

use crate::fixture::{self, ANSI_CLEAR, SCRIPT};

/// The fixture run with `step-3` expected to fail (for a hostile reason), compared with a
/// baseline where `users.duplicate-conflict` passed, `users.create` failed, `step-4` did not
/// exist and a case with a hostile title did.
fn compared() -> RunResult {
    let mut baseline = fixture::run();
    let set = |run: &mut RunResult, id: &str, verdict: Verdict| {
        let case = run
            .cases
            .iter_mut()
            .find(|c| c.id == id)
            .expect("fixture case");
        case.verdict = verdict;
    };
    set(&mut baseline, "users.duplicate-conflict", Verdict::Pass);
    set(&mut baseline, "users.create", Verdict::Fail);
    baseline.cases.retain(|c| c.id != "step-4");
    baseline.cases.push(CaseResult::new(
        "gone",
        format!("removed {SCRIPT}{ANSI_CLEAR}"),
    ));
    let mut current = fixture::run();
    let expect = expectation::Expectations::from([(
        "step-3".to_owned(),
        format!("known {SCRIPT} | {ANSI_CLEAR}"),
    )]);
    expectation::apply(&mut current, &expect);
    current.comparison = Some(comparison::between(&baseline, &current));
    current
}

#[test]
fn the_lists_follow_the_rules() {
    let run = compared();
    let c = run.comparison.as_ref().expect("compared");
    let ids = |list: &[scimcheck_engine::model::CaseChange]| -> Vec<String> {
        list.iter().map(|c| c.case.clone()).collect()
    };
    assert_eq!(ids(&c.regressions), ["users.duplicate-conflict"]);
    assert_eq!(ids(&c.fixes), ["users.create"]);
    assert_eq!(ids(&c.still_failing), ["groups.create"]);
    assert_eq!(ids(&c.new_cases), ["step-4"]);
    assert_eq!(ids(&c.removed_cases), ["gone"]);
}

#[test]
fn markdown_has_the_comparison_and_the_expected_failures_escaped() {
    let text = markdown::render(&compared());
    let headline = text.lines().next().expect("headline");
    assert!(
        headline.contains(
            "· 1 expected failure · 1 regression, 1 fixed, 1 still failing, 1 new, 1 removed"
        ),
        "{headline}"
    );
    for expected in [
        "### Compared with the baseline",
        "| Regressions | Change |",
        "| Removed | Change |",
        "pass → fail",
        "### Expected failures (not failing the run)",
        "known &lt;script&gt;",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(!text.contains(SCRIPT) && !text.contains('\u{1b}'), "{text}");
    let failures = &text[text.find("### Failures").expect("failures")..];
    let failures = &failures[..failures.find("### Expected").unwrap_or(failures.len())];
    assert!(
        !failures.contains("(step-3)"),
        "an expected failure is not a failure: {failures}"
    );
}

#[test]
fn html_has_the_comparison_and_the_expected_failure() {
    let page = html::render(&compared());
    for expected in [
        "Compared with the baseline: 1 regression",
        "<h3>Regressions</h3>",
        ">XFAIL<",
        "regression since the baseline (pass → fail)",
        "Expected failures (not failing the run)",
    ] {
        assert!(page.contains(expected), "missing {expected:?}");
    }
    assert!(!page.contains(SCRIPT), "hostile text reached the markup");
}

#[test]
fn junit_skips_the_expected_failure_and_names_the_regression() {
    let xml = junit::render(&compared());
    for expected in [
        "vs baseline: 1 regression, 1 fixed",
        "expected failure (known &lt;script&gt;",
        "regression since the baseline (pass → fail): ",
        "fixed since the baseline (fail → pass)",
    ] {
        assert!(xml.contains(expected), "missing {expected:?} in\n{xml}");
    }
}

#[test]
fn json_carries_the_comparison_and_reads_back() {
    let run = compared();
    let text = json::render(&run);
    let back: RunResult = serde_json::from_str(&text).expect("the results schema");
    assert_eq!(back, run);
    assert!(text.contains("\"expected_failure\": \"known"), "{text}");
}

#[test]
fn terminal_shows_xfail_and_the_comparison_without_escapes() {
    let mut reporter = TerminalReporter::new(
        Vec::new(),
        TerminalOptions {
            verbosity: Verbosity::Normal,
            color: false,
            progress: false,
        },
    );
    let run = compared();
    // The binary judges cases against [expect] as they finish; replay the judged ones.
    fixture::replay(&run, &mut reporter, Duration::ZERO);
    let out = String::from_utf8(reporter.into_inner().expect("memory")).expect("UTF-8");
    for expected in [
        "XFAIL",
        "expected failure: known",
        "Compared with the baseline of 2026-11-28T12:00:00.000Z",
        "1 regression, 1 fixed, 1 still failing, 1 new, 1 removed",
        "Expected failures (1), not failing the run",
        "(1 expected)",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    assert!(!out.contains('\u{1b}'), "no escape sequence without colour");
    let options = TerminalOptions::decide(Verbosity::Normal, false, false, true);
    assert!(scimcheck_report::terminal::comparison(&run, options).contains("Regressions"));
    let not_compared = RunResult {
        comparison: None,
        load: None,
        ..run
    };
    assert_eq!(
        scimcheck_report::terminal::comparison(&not_compared, options),
        "",
        "nothing to print for a run that was not compared"
    );
}
