//! Helpers shared by the engine's black-box tests: Okta's fixture files and a quiet run.

use scimcheck_engine::event::CollectingSink;
use scimcheck_engine::model::{CaseResult, RunResult, Verdict};
use scimcheck_engine::run::RunOptions;
use scimcheck_engine::runscope::format::{self, RunscopeTest};
use scimcheck_engine::runscope::runner::{self, RunscopeSettings};

/// Okta's published file `name`, read from beside the checkout (never copied into it); `None`
/// when it is absent there (see scimcheck-testkit).
pub fn okta_file(name: &str) -> Option<String> {
    scimcheck_testkit::okta_text(name)
}

/// Parses Okta's file `name`; `None` when it is absent.
pub fn okta_test(name: &str) -> Option<RunscopeTest> {
    let text = okta_file(name)?;
    Some(format::parse(&text).unwrap_or_else(|e| panic!("{name} does not import: {e}")))
}

/// Settings for a run whose target is `base`, also given to the steps as the variable `base`.
pub fn targeting(base: &str) -> RunscopeSettings {
    let mut settings = RunscopeSettings {
        target: base.to_owned(),
        ..RunscopeSettings::default()
    };
    settings.variables.insert("base".into(), base.to_owned());
    settings
}

/// Runs `test` with `settings` and the defaults every run has, collecting events.
pub async fn run(test: &RunscopeTest, settings: &RunscopeSettings) -> (RunResult, CollectingSink) {
    run_with(test, settings, &RunOptions::default()).await
}

/// Runs `test` with `settings` and `options`, collecting events.
pub async fn run_with(
    test: &RunscopeTest,
    settings: &RunscopeSettings,
    options: &RunOptions,
) -> (RunResult, CollectingSink) {
    let mut sink = CollectingSink::default();
    let result = runner::run(test, settings, options, &mut sink)
        .await
        .expect("HTTP client");
    (result, sink)
}

/// The case titled `title` (the first one, when a title repeats).
pub fn case<'a>(result: &'a RunResult, title: &str) -> &'a CaseResult {
    result
        .cases
        .iter()
        .find(|c| c.title.trim() == title.trim())
        .unwrap_or_else(|| panic!("no case titled {title:?}; cases: {:?}", titles(result)))
}

/// Asserts that a case passed, showing all it recorded when not.
pub fn assert_passed(case: &CaseResult) {
    assert_eq!(
        case.verdict,
        Verdict::Pass,
        "{} {:?} logs {:?} {:#?}",
        case.title,
        case.reason,
        case.logs,
        case.assertions
    );
}

/// Asserts that one of `case`'s log lines matches, printing them all when none does.
pub fn assert_logged(case: &CaseResult, matches: impl Fn(&str) -> bool) {
    assert!(
        case.logs.iter().any(|line| matches(line)),
        "no log line of {:?} matches: {:?}",
        case.title,
        case.logs
    );
}

/// The case's reason, or `""`.
pub fn reason(case: &CaseResult) -> &str {
    case.reason.as_deref().unwrap_or("")
}

/// Every case title, for failure messages.
pub fn titles(result: &RunResult) -> Vec<String> {
    result
        .cases
        .iter()
        .map(|c| format!("{} [{}]", c.title, c.verdict.as_str()))
        .collect()
}

/// Cases that failed or errored, with reason, for failure messages and defect tests.
pub fn failures(result: &RunResult) -> Vec<(String, String)> {
    result
        .cases
        .iter()
        .filter(|c| matches!(c.verdict, Verdict::Fail | Verdict::Error))
        .map(|c| {
            (
                c.title.trim().to_owned(),
                c.reason.clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// Serves `app` on a fresh loopback port for the rest of the test; returns its base URL.
pub async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}
