//! A record judged by a rule that inverts its expected value (not-equal, excludes) reads as
//! what was wanted in every format: the real-world corpus (docs/REAL-WORLD.md, problem 14) saw
//! `expected "2001-01-01T00:00:00Z", got "2001-01-01T00:00:00Z"` in the terminal for a
//! read-only `meta.created` the server kept.

use scimcheck_engine::model::{AssertionResult, CaseResult, RunResult, Summary, Verdict};
use scimcheck_engine::rule::Rule;
use scimcheck_report::terminal::Verbosity;
use scimcheck_report::{html, junit, markdown};

use crate::fixture;
use crate::html::{EXPAND, run_page_script, texts};
use crate::terminal::output_of;

const KEPT: &str = "\"2001-01-01T00:00:00Z\"";
const WANTED: &str = "a value other than \"2001-01-01T00:00:00Z\"";

/// The fixture run with one more failed case: a `meta.created` the server should have ignored.
fn run() -> RunResult {
    let mut case = CaseResult::new("users.readonly.ignored", "Read-only attributes are ignored");
    case.category = Some("users".into());
    case.verdict = Verdict::Fail;
    case.assertions = vec![AssertionResult {
        description: "meta.created after a POST that sent it".into(),
        expected: KEPT.into(),
        actual: KEPT.into(),
        passed: false,
        note: None,
        rule: Some(Rule::NotEqual),
    }];
    // No reason: the reports phrase the failure from the record alone.
    let mut run = fixture::run();
    run.cases.push(case);
    run.summary = Summary::of(&run.cases);
    run
}

#[test]
fn the_terminal_says_what_was_wanted_on_the_progress_line_and_in_the_failure_block() {
    let out = output_of(&run(), Verbosity::Normal, false);
    let block = &out[out.rfind("Read-only attributes are ignored").unwrap()..];
    assert!(block.contains(WANTED), "{block}");
    // The progress line and the "why" line under it.
    let at = out.find("Read-only attributes are ignored").unwrap();
    let progress: Vec<&str> = out[at..].lines().take(2).collect();
    assert!(progress[1].contains(WANTED), "{progress:?}");
    let expected_row = block
        .lines()
        .find(|l| l.trim_start().starts_with("expected"))
        .unwrap();
    assert!(expected_row.ends_with(WANTED), "{expected_row}");
}

#[test]
fn markdown_junit_and_the_html_page_say_what_was_wanted() {
    let run = run();
    assert!(markdown::render(&run).contains(WANTED));
    // JUnit escapes the quotes.
    assert!(junit::render(&run).contains("expected a value other than &quot;2001-01-01"));
    let page = html::render(&run);
    let last = run.cases.len() - 1;
    let shown = run_page_script(
        &page,
        &format!("(function () {{ {EXPAND} return expand({last}); }})()"),
    );
    assert!(texts(&shown).contains(&WANTED), "{shown}");
}
