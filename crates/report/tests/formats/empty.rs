use std::time::Duration;

use scimcheck_engine::model::Summary;
use scimcheck_report::terminal::{TerminalOptions, TerminalReporter, Verbosity};
use scimcheck_report::{html, json, junit, markdown};

use crate::fixture;

#[test]
fn a_run_without_cases_renders_in_every_format() {
    let mut run = fixture::run();
    run.cases.clear();
    run.summary = Summary::of(&run.cases);
    let page = html::render(&run);
    assert!(page.contains(">PASSED</span>") && page.contains("[]</script>"));
    assert!(!page.contains("<details"));
    assert!(junit::render(&run).contains("tests=\"0\""));
    assert!(json::render(&run).contains("\"cases\": []"));
    assert!(markdown::render(&run).starts_with("## ✅ scimcheck: 0 checks, none failed"));
    let options = TerminalOptions::decide(Verbosity::Normal, false, false, false);
    let mut reporter = TerminalReporter::new(Vec::new(), options);
    fixture::replay(&run, &mut reporter, Duration::ZERO);
    let out = String::from_utf8(reporter.into_inner().unwrap()).unwrap();
    assert!(out.contains("\nPASSED no cases in 2.35 s"), "{out}");
    assert!(!out.contains("Failures") && !out.contains("Summary by category"));
}
