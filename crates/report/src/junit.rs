//! JUnit XML (`--junit FILE`) for CI test tabs: one `<testsuite>` per category, one
//! `<testcase>` per case. Failures carry "expected …, got …" as their message and every failed
//! assertion, the RFC section and the hint as their text; errors are `<error>`s, skipped cases
//! say why, and each case's exchanges and logs go to its `<system-out>`.
//!
//! JUnit has no "warning": a warned case is a success whose `<system-out>` starts with the
//! warning. Nor "blocked": a blocked case is skipped, its message naming the root cause. The
//! root causes lead: the report's name says how many there are, and each root-cause failure's
//! message starts with how many checks it blocked (prerequisites run first, so their suite comes
//! first). An expected failure (`[expect]`) is skipped, its message giving the reason; with a
//! baseline, the report's name counts regressions and fixes, and a regressed case's message (a
//! fixed case's `<system-out>`) says so. quick-junit writes the XML, escaping markup and dropping characters XML forbids.

use std::fmt::Write as _;
use std::time::Duration;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use scimcheck_engine::model::{CaseResult, RunResult, Verdict};

use crate::comparison;
use crate::failure::{failed_assertions, headline, requirement_lines};
use crate::group;
use crate::root_cause;

/// `run` as a JUnit XML document.
pub fn render(run: &RunResult) -> String {
    let mut name = format!("scimcheck: {}", run.suite);
    if !run.root_causes.is_empty() {
        let _ = write!(name, " · {}", root_cause::heading(run));
    }
    if let Some(comparison) = &run.comparison {
        let _ = write!(name, " · vs baseline: {}", comparison::phrase(comparison));
    }
    let mut report = Report::new(name);
    report.set_time(Duration::from_millis(run.duration_ms));
    let started = chrono::DateTime::parse_from_rfc3339(&run.started_at).ok();
    if let Some(started) = started {
        report.set_timestamp(started);
    }
    for group in group::by_category(&run.cases) {
        let mut suite = TestSuite::new(group.name);
        if let Some(started) = started {
            suite.set_timestamp(started);
        }
        let millis = group.cases().map(|c| c.duration_ms).sum();
        suite.set_time(Duration::from_millis(millis));
        suite.add_property(("target", run.target.as_str()));
        suite.add_test_cases(group.cases().map(|case| test_case(run, group.name, case)));
        report.add_test_suite(suite);
    }
    // Writing into memory cannot fail for I/O, and every string passed through quick-junit's
    // XmlString (which drops what XML forbids), so serialization has no failure left to report.
    report
        .to_string()
        .expect("serializing a JUnit report into memory cannot fail")
}

fn test_case(run: &RunResult, category: &str, case: &CaseResult) -> TestCase {
    let status = match case.verdict {
        _ if case.expected_failure.is_some() => {
            let mut status = TestCaseStatus::skipped();
            status.set_message(format!(
                "expected failure ({}): {}",
                case.expected_failure.as_deref().unwrap_or_default(),
                headline(case)
            ));
            status
        }
        Verdict::Pass | Verdict::Warn => TestCaseStatus::success(),
        Verdict::Skip | Verdict::Blocked => {
            let mut status = TestCaseStatus::skipped();
            if let Some(reason) = &case.reason {
                status.set_message(reason.as_str());
            }
            status
        }
        Verdict::Fail => non_success(run, NonSuccessKind::Failure, "assertion", case),
        Verdict::Error => non_success(run, NonSuccessKind::Error, "error", case),
    };
    let mut test = TestCase::new(format!("{} ({})", case.title, case.id), status);
    test.set_classname(category);
    test.set_time(Duration::from_millis(case.duration_ms));
    test.set_assertions(case.assertions.len());
    let mut out = system_out(case);
    if let Some(note) = comparison::note_for(run, &case.id) {
        out.insert_str(0, &format!("{note}\n"));
    }
    if !out.is_empty() {
        test.set_system_out(out);
    }
    test
}

fn non_success(
    run: &RunResult,
    kind: NonSuccessKind,
    kind_name: &str,
    case: &CaseResult,
) -> TestCaseStatus {
    let mut status = TestCaseStatus::non_success(kind);
    let mut message = match run.root_causes.iter().find(|c| c.case == case.id) {
        Some(cause) => format!(
            "root cause, {}: {}",
            root_cause::blocked_phrase(cause),
            headline(case)
        ),
        None => headline(case),
    };
    if let Some(note) = comparison::note_for(run, &case.id) {
        message = format!("{note}: {message}");
    }
    let requirements = requirement_lines(case);
    if !requirements.is_empty() {
        message = format!("{message} [requires {}]", requirements.join("; "));
    }
    status.set_message(message);
    status.set_type(kind_name);
    status.set_description(details(case));
    status
}

/// The text of a failure: every failed assertion, then where the rule comes from and the fix.
fn details(case: &CaseResult) -> String {
    let mut text = String::new();
    for a in failed_assertions(case) {
        let _ = writeln!(
            text,
            "{}\n  expected: {}\n  actual:   {}",
            a.description,
            a.wanted(),
            a.actual
        );
        if let Some(note) = &a.note {
            let _ = writeln!(text, "  note:     {note}");
        }
    }
    if let Some(rfc) = &case.rfc_section {
        let _ = writeln!(text, "RFC: {rfc}");
    }
    for requirement in requirement_lines(case) {
        let _ = writeln!(text, "requires: {requirement}");
    }
    if let Some(hint) = &case.hint {
        let _ = writeln!(text, "hint: {hint}");
    }
    text
}

/// What the case did: warning, exchanges in one line each, then its logs.
fn system_out(case: &CaseResult) -> String {
    let mut text = String::new();
    if case.verdict == Verdict::Warn {
        let _ = writeln!(text, "warning: {}", headline(case));
        for requirement in requirement_lines(case) {
            let _ = writeln!(text, "requires: {requirement}");
        }
    }
    for exchange in &case.exchanges {
        let request = &exchange.request;
        let outcome = match (&exchange.response, &exchange.error) {
            (Some(r), _) => format!("{} {} ({} ms)", r.status, r.reason, r.time_ms),
            (None, Some(error)) => format!("no response: {error}"),
            (None, None) => "no response".to_owned(),
        };
        let _ = writeln!(text, "{} {} -> {outcome}", request.method, request.url);
    }
    for line in &case.logs {
        let _ = writeln!(text, "{line}");
    }
    text
}
