//! What a hostile suite can make a run hold is capped: thrown values and Chai messages in
//! reasons, a step's logs, template expansion; each cut says how much it dropped.

use crate::common;

use common::run;
use scimcheck_engine::cap;
use scimcheck_engine::model::Verdict;
use scimcheck_engine::runscope::format;
use scimcheck_engine::runscope::runner::RunscopeSettings;
use serde_json::{Value, json};

/// One step per entry, each with these pre-request scripts; the URL names an undefined variable
/// so nothing is sent: the scripts are the whole step.
fn scripted(steps: &[Vec<&str>]) -> format::RunscopeTest {
    let steps: Vec<Value> = steps
        .iter()
        .map(|scripts| {
            json!({"step_type": "request", "method": "GET", "url": "{{nowhere}}",
                   "before_scripts": scripts})
        })
        .collect();
    format::parse(&json!({"name": "caps", "steps": steps}).to_string()).expect("imports")
}

#[tokio::test]
async fn ten_steps_throwing_huge_values_keep_small_reasons_and_a_small_result() {
    let thrower = "throw 'x'.repeat(20 * 1024 * 1024)";
    let test = scripted(&vec![vec![thrower]; 10]);
    let (result, _) = run(&test, &RunscopeSettings::default()).await;
    for case in &result.cases {
        assert_eq!(case.verdict, Verdict::Fail);
        let reason = case.reason.as_deref().unwrap_or("");
        assert!(reason.len() <= cap::REASON_BYTES + 64, "{}", reason.len());
        assert!(
            reason.ends_with(" bytes more)"),
            "{}",
            &reason[reason.len() - 40..]
        );
    }
    let size = serde_json::to_vec(&result).expect("serializes").len();
    assert!(size < 100 * 1024, "the result holds {size} bytes");
}

#[tokio::test]
async fn a_chai_message_quoting_a_huge_value_is_capped() {
    let test = scripted(&[vec!["expect('a'.repeat(5e6)).to.equal('b')"]]);
    let (result, _) = run(&test, &RunscopeSettings::default()).await;
    let reason = result.cases[0].reason.as_deref().unwrap_or("");
    assert!(
        reason.starts_with("pre-request script failed: expected 'aaa"),
        "{}",
        &reason[..60.min(reason.len())]
    );
    assert!(reason.len() <= cap::REASON_BYTES + 64, "{}", reason.len());
}

#[tokio::test]
async fn a_step_keeps_64_kib_of_logs_for_all_its_scripts_together() {
    let logger = "for (var i = 0; i < 60; i++) log('l'.repeat(1000))";
    let test = scripted(&[vec![logger, logger, logger]]);
    let (result, _) = run(&test, &RunscopeSettings::default()).await;
    let logs = &result.cases[0].logs;
    let kept: usize = logs.iter().map(String::len).sum();
    assert!(kept <= cap::CASE_LOG_BYTES + 200, "{kept}");
    let last = logs.last().map(String::as_str).unwrap_or("");
    assert!(
        last.ends_with("log lines; a step keeps 64 KiB of logs)"),
        "{last}"
    );
}

#[tokio::test]
async fn a_body_repeating_a_variable_is_refused_before_it_is_expanded() {
    let test = format::parse(
        &json!({"name": "bomb", "steps": [{"step_type": "request", "method": "POST",
            "url": "http://127.0.0.1:9/Users", "body": "{{v}}".repeat(200_000)}]})
        .to_string(),
    )
    .expect("imports");
    let mut options = RunscopeSettings::default();
    options.variables.insert("v".into(), "v".repeat(20 * 1024));
    let (result, _) = run(&test, &options).await;
    let case = &result.cases[0];
    assert_eq!(case.verdict, Verdict::Error);
    assert_eq!(
        case.reason.as_deref(),
        Some(
            "the request body would exceed 16 MiB after expanding variables; shorten the \
             template or the variables it repeats"
        )
    );
    assert!(case.exchanges.is_empty(), "nothing was sent");
}
