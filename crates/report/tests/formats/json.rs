use scimcheck_engine::model::RunResult;
use scimcheck_report::json;

use crate::fixture::{self, SCRIPT, UNICODE};

#[test]
fn json_report_parses_back_to_the_same_run() {
    let run = fixture::run();
    let text = json::render(&run);
    assert!(text.ends_with("}\n"));
    assert!(
        text.contains("\n  \"schema_version\": 2,"),
        "pretty-printed with the version"
    );
    let back: RunResult = serde_json::from_str(&text).expect("valid results JSON");
    assert_eq!(back, run);
    assert!(text.contains(UNICODE) && text.contains(SCRIPT));
}

#[test]
fn root_causes_come_right_after_the_summary_and_read_back() {
    let run = fixture::blocked();
    let text = json::render(&run);
    let causes = text
        .find("\n  \"root_causes\": [")
        .expect("root causes written");
    let cases = text.find("\n  \"cases\": [").expect("cases written");
    assert!(causes < cases, "the root causes lead the cases");
    let back: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(
        back["root_causes"],
        serde_json::json!([{
            "case": fixture::ROOT,
            "title": run.root_causes[0].title,
            "blocked": 2,
        }])
    );
    assert_eq!(back["summary"]["blocked"], 2);
    let blocked = &back["cases"][1];
    assert_eq!(
        (blocked["verdict"].as_str(), blocked["blocked_by"].as_str()),
        (Some("blocked"), Some(fixture::ROOT))
    );
    assert_eq!(
        serde_json::from_str::<RunResult>(&text).expect("reads back"),
        run
    );
}
