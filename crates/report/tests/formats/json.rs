use scimcheck_engine::model::RunResult;
use scimcheck_report::json;

use crate::fixture::{self, SCRIPT, UNICODE};

#[test]
fn json_report_parses_back_to_the_same_run() {
    let run = fixture::run();
    let text = json::render(&run);
    assert!(text.ends_with("}\n"));
    assert!(
        text.contains("\n  \"schema_version\": 1,"),
        "pretty-printed with the version"
    );
    let back: RunResult = serde_json::from_str(&text).expect("valid results JSON");
    assert_eq!(back, run);
    assert!(text.contains(UNICODE) && text.contains(SCRIPT));
}
