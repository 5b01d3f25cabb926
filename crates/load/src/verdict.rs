//! Load verdicts as cases of the engine's result model (category `load`), so the terminal, the
//! four report formats and `--fail-on` treat them like any other case.

use scimcheck_engine::model::{AssertionResult, CaseResult, Verdict};

/// The report category of every load case.
pub const CATEGORY: &str = "load";

/// A passing case `id` titled `title`, ready for assertions.
pub fn case(id: &str, title: &str) -> CaseResult {
    let mut case = CaseResult::new(id, title);
    case.category = Some(CATEGORY.to_owned());
    case
}

/// Records that `what` was expected to be `expected` and was `actual`; when it does not
/// `hold`, the case fails with `reason` (or "what: expected …, got …").
pub fn judge(
    case: &mut CaseResult,
    what: &str,
    expected: String,
    actual: String,
    holds: bool,
    reason: Option<String>,
) {
    if !holds {
        let reason = reason.unwrap_or_else(|| format!("{what}: expected {expected}, got {actual}"));
        case.conclude(Verdict::Fail, reason);
    }
    case.assertions.push(AssertionResult {
        description: what.to_owned(),
        expected,
        actual,
        passed: holds,
        note: None,
        rule: None,
    });
}

/// At most `shown` items of `items` joined by ", ", then "and N more".
pub fn some_of(items: &[String], shown: usize) -> String {
    let mut text = items
        .iter()
        .take(shown)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > shown {
        text.push_str(&format!(" and {} more", items.len() - shown));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_judgement_that_does_not_hold_fails_the_case_and_is_recorded() {
        let mut c = case("load.x", "x");
        judge(&mut c, "count", "3".into(), "3".into(), true, None);
        assert_eq!(c.verdict, Verdict::Pass);
        judge(&mut c, "members", "10".into(), "8".into(), false, None);
        assert_eq!(c.verdict, Verdict::Fail);
        assert_eq!(c.reason.as_deref(), Some("members: expected 10, got 8"));
        assert_eq!(c.assertions.len(), 2);
        assert!(!c.assertions[1].passed);
    }

    #[test]
    fn long_lists_are_shortened() {
        let items: Vec<String> = (1..=5).map(|i| i.to_string()).collect();
        assert_eq!(some_of(&items, 3), "1, 2, 3 and 2 more");
        assert_eq!(some_of(&items[..2], 3), "1, 2");
    }
}
