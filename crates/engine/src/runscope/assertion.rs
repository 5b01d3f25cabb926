//! Judging one Runscope assertion against a response: read the source, fill the expected
//! value's templates, apply the comparison, and record property, comparison, expected and actual.

use super::comparison::{display, judge};
use super::extraction::ResponseView;
use super::format::Assertion;
use super::{Variables, template};
use crate::cap::{ASSERTION_TEXT_BYTES, capped};
use crate::model::AssertionResult;

/// How an assertion is named in results: `response_json "Resources[0].id" not_empty`.
pub fn describe(assertion: &Assertion) -> String {
    if assertion.property.is_empty() {
        format!(
            "{} {}",
            assertion.source.as_str(),
            assertion.comparison.as_str()
        )
    } else {
        format!(
            "{} {:?} {}",
            assertion.source.as_str(),
            assertion.property,
            assertion.comparison.as_str()
        )
    }
}

/// Judges `assertion` against `view`, filling `{{variables}}` in its expected value.
pub fn evaluate(
    assertion: &Assertion,
    view: &ResponseView<'_>,
    variables: &Variables,
) -> AssertionResult {
    let rendered = assertion
        .value
        .as_deref()
        .map(|v| template::render(v, variables));
    let expected = rendered.as_ref().map(|r| r.text.clone());
    let mut result = AssertionResult {
        description: describe(assertion),
        expected: capped(expected.clone().unwrap_or_default(), ASSERTION_TEXT_BYTES),
        actual: String::new(),
        passed: false,
        note: None,
        rule: None,
    };
    let actual = match view.read(assertion.source, &assertion.property) {
        Ok(actual) => actual,
        Err(problem) => {
            result.actual = "(unreadable)".into();
            result.note = Some(problem);
            return result;
        }
    };
    result.actual = capped(display(actual.as_ref()), ASSERTION_TEXT_BYTES);
    if let Some(undefined) = rendered
        .as_ref()
        .filter(|r| !r.undefined.is_empty())
        .map(|r| &r.undefined)
    {
        result.note = Some(format!(
            "undefined variable(s) in the expected value: {}",
            undefined.join(", ")
        ));
        return result;
    }
    let judgement = judge(assertion.comparison, actual.as_ref(), expected.as_deref());
    result.passed = judgement.passed;
    result.note = judgement.note;
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runscope::format::{Comparison, Source};

    fn assertion(
        source: Source,
        property: &str,
        comparison: Comparison,
        value: Option<&str>,
    ) -> Assertion {
        Assertion {
            source,
            property: property.into(),
            comparison,
            value: value.map(Into::into),
        }
    }

    #[test]
    fn expected_value_is_templated_and_result_shows_all_parts() {
        let view = ResponseView::new(200, &[], r#"{"id":"u1"}"#, 1, 11);
        let vars: Variables = [("uid".to_string(), "u1".to_string())].into();
        let r = evaluate(
            &assertion(Source::Json, "id", Comparison::Equal, Some("{{uid}}")),
            &view,
            &vars,
        );
        assert!(r.passed, "{r:?}");
        assert_eq!(
            (
                r.description.as_str(),
                r.expected.as_str(),
                r.actual.as_str()
            ),
            ("response_json \"id\" equal", "u1", "u1")
        );
        let vars: Variables = [("uid".to_string(), "u2".to_string())].into();
        let r = evaluate(
            &assertion(Source::Json, "id", Comparison::Equal, Some("{{uid}}")),
            &view,
            &vars,
        );
        assert!(!r.passed);
    }

    #[test]
    fn undefined_variable_in_expected_value_fails_with_its_name() {
        let view = ResponseView::new(200, &[], r#"{"id":"{{nope}}"}"#, 1, 11);
        let r = evaluate(
            &assertion(Source::Json, "id", Comparison::Equal, Some("{{nope}}")),
            &view,
            &Variables::new(),
        );
        assert!(!r.passed);
        assert!(r.note.unwrap().contains("nope"));
    }

    #[test]
    fn unreadable_source_fails_with_the_reason() {
        let view = ResponseView::new(200, &[], "not json", 1, 8);
        let r = evaluate(
            &assertion(Source::Json, "id", Comparison::NotEmpty, None),
            &view,
            &Variables::new(),
        );
        assert!(!r.passed);
        assert_eq!(r.actual, "(unreadable)");
        assert!(r.note.unwrap().contains("not JSON"));
    }

    #[test]
    fn status_description_has_no_property() {
        let a = assertion(Source::Status, "", Comparison::EqualNumber, Some("200"));
        assert_eq!(describe(&a), "response_status equal_number");
        let view = ResponseView::new(404, &[], "", 1, 0);
        let r = evaluate(&a, &view, &Variables::new());
        assert!(!r.passed);
        assert_eq!(r.actual, "404");
    }

    #[test]
    fn long_actual_values_are_cut() {
        let body = format!("\"{}\"", "é".repeat(3000));
        let view = ResponseView::new(200, &[], &body, 1, 1);
        let r = evaluate(
            &assertion(Source::Json, "", Comparison::Empty, None),
            &view,
            &Variables::new(),
        );
        assert!(
            r.actual.ends_with(" bytes more)") && r.actual.len() < 2100,
            "{}",
            r.actual
        );
    }
}
