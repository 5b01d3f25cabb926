//! Property tests for the importer's text handling (the fuzz target `runscope_import` explores
//! the same ground with coverage guidance): arbitrary text never panics, and templates and paths
//! keep their documented laws.

use proptest::prelude::*;
use scimcheck_engine::runscope::{Variables, format, property, template};
use serde_json::json;

proptest! {
    #[test]
    fn any_text_imports_or_fails_with_a_position(text in "\\PC{0,200}") {
        if let Err(e) = format::parse(&text) {
            prop_assert!(e.line >= 1);
        }
    }

    #[test]
    fn json_shaped_noise_never_panics(steps in prop::collection::vec(
        (prop::sample::select(vec!["request", "pause", "condition", "subtest", "x"]), "\\PC{0,20}", -5.0f64..5.0),
        0..5,
    )) {
        let steps: Vec<_> = steps
            .into_iter()
            .map(|(kind, text, n)| json!({"step_type": kind, "url": text, "duration": n, "note": text,
                "comparison": text, "assertions": [{"source": "response_json", "comparison": "equal", "property": text}]}))
            .collect();
        let _ = format::parse(&json!({"steps": steps}).to_string());
    }

    #[test]
    fn text_without_braces_renders_unchanged(text in "[^{}]{0,100}") {
        let rendered = template::render(&text, &Variables::new());
        prop_assert_eq!(rendered.text, text);
        prop_assert!(rendered.undefined.is_empty());
    }

    #[test]
    fn defined_variables_are_substituted_verbatim(name in "[A-Za-z_][A-Za-z0-9_]{0,12}", value in "\\PC{0,40}") {
        let variables: Variables = [(name.clone(), value.clone())].into();
        let rendered = template::render(&format!("<{{{{{name}}}}}>"), &variables);
        prop_assert_eq!(rendered.text, format!("<{value}>"));
    }

    #[test]
    fn any_path_reads_or_fails_without_panicking(path in "\\PC{0,40}") {
        let document = json!({"a": [{"b": 1}, {"b": [2, 3]}], "c": {"d.e": null}});
        let _ = property::read(&document, &path);
    }
}
