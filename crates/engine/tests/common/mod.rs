//! Helpers shared by the engine's black-box tests: Okta's fixture files and a quiet run.

#![allow(dead_code)] // each test binary uses a different subset

use scimcheck_engine::event::CollectingSink;
use scimcheck_engine::model::{CaseResult, RunResult, Verdict};
use scimcheck_engine::runscope::format::{self, RunscopeTest};
use scimcheck_engine::runscope::runner::{self, RunOptions};
use std::path::PathBuf;

/// Okta's published test files live outside the repository (see common.md): read, never copy.
pub fn okta_file(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/okta")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read Okta's fixture {} ({e}). Get Okta's SCIM test files from \
             https://developer.okta.com/standards/SCIM/SCIMFiles/ (repository okta/okta-developer-docs, \
             packages/@okta/vuepress-site/.vuepress/public/standards/SCIM/SCIMFiles/) and put them in \
             ../shared/okta next to the checkout",
            path.display()
        )
    })
}

/// Parses Okta's file `name`.
pub fn okta_test(name: &str) -> RunscopeTest {
    format::parse(&okta_file(name)).unwrap_or_else(|e| panic!("{name} does not import: {e}"))
}

/// Runs `test` with `options`, collecting events.
pub async fn run(test: &RunscopeTest, options: &RunOptions) -> (RunResult, CollectingSink) {
    let mut sink = CollectingSink::default();
    let result = runner::run(test, options, &mut sink)
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
