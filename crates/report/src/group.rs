//! Cases grouped by category and counted by verdict: every report shows a run this way, so the
//! grouping rules (order of first appearance, a name for uncategorized cases) live in one place.

use scimcheck_engine::model::{CaseResult, Summary, Verdict};

/// Category shown for cases that carry none (suites always set one; ad-hoc callers may not).
pub(crate) const UNCATEGORIZED: &str = "uncategorized";

/// Verdicts in the order reports list them: what needs attention first, passes after.
pub(crate) const DISPLAY_ORDER: [Verdict; 6] = [
    Verdict::Fail,
    Verdict::Error,
    Verdict::Blocked,
    Verdict::Warn,
    Verdict::Skip,
    Verdict::Pass,
];

/// The cases of one category, in run order.
pub(crate) struct Group<'a> {
    /// Category name (or [`UNCATEGORIZED`]).
    pub name: &'a str,
    /// Cases in the order they ran, each with its position in the run.
    pub members: Vec<(usize, &'a CaseResult)>,
}

impl<'a> Group<'a> {
    /// The group's cases in the order they ran.
    pub fn cases(&self) -> impl Iterator<Item = &'a CaseResult> + '_ {
        self.members.iter().map(|(_, case)| *case)
    }

    /// Counts of this group's cases per verdict.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary::default();
        for case in self.cases() {
            summary.add(case.verdict);
        }
        summary
    }
}

/// The category a report files `case` under.
pub(crate) fn category(case: &CaseResult) -> &str {
    case.category.as_deref().unwrap_or(UNCATEGORIZED)
}

/// Groups `cases` by category; groups appear in the order their first case ran.
pub(crate) fn by_category(cases: &[CaseResult]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    for (position, case) in cases.iter().enumerate() {
        let name = category(case);
        match groups.iter_mut().find(|g| g.name == name) {
            Some(group) => group.members.push((position, case)),
            None => groups.push(Group {
                name,
                members: vec![(position, case)],
            }),
        }
    }
    groups
}

/// How many cases of `summary` ended with `verdict` (`Summary::count`, named for the reports).
pub(crate) fn count(summary: &Summary, verdict: Verdict) -> u32 {
    summary.count(verdict)
}

/// Total number of cases counted in `summary`.
pub(crate) fn total(summary: &Summary) -> u32 {
    DISPLAY_ORDER.iter().map(|v| summary.count(*v)).sum()
}

/// Plural label for a verdict's count, as in "3 failed".
pub(crate) fn counted_label(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "passed",
        Verdict::Fail => "failed",
        Verdict::Error => "errored",
        Verdict::Warn => "warned",
        Verdict::Skip => "skipped",
        Verdict::Blocked => "blocked",
    }
}

/// "18 passed, 2 failed" — only the verdicts that occurred, in display order.
pub(crate) fn counts_phrase(summary: &Summary) -> String {
    let parts: Vec<String> = DISPLAY_ORDER
        .iter()
        .filter(|v| summary.count(**v) > 0)
        .map(|v| format!("{} {}", summary.count(*v), counted_label(*v)))
        .collect();
    if parts.is_empty() {
        "no cases".to_owned()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(id: &str, category: Option<&str>, verdict: Verdict) -> CaseResult {
        let mut c = CaseResult::new(id, id);
        c.category = category.map(str::to_owned);
        c.verdict = verdict;
        c
    }

    #[test]
    fn groups_keep_first_appearance_order_and_name_the_uncategorized() {
        let cases = vec![
            case("a", Some("users"), Verdict::Pass),
            case("b", None, Verdict::Fail),
            case("c", Some("groups"), Verdict::Pass),
            case("d", Some("users"), Verdict::Error),
        ];
        let groups = by_category(&cases);
        let names: Vec<&str> = groups.iter().map(|g| g.name).collect();
        assert_eq!(names, ["users", UNCATEGORIZED, "groups"]);
        let positions: Vec<usize> = groups[0].members.iter().map(|(p, _)| *p).collect();
        assert_eq!(positions, [0, 3]);
        let users = groups[0].summary();
        assert_eq!((users.passed, users.errored, users.failed), (1, 1, 0));
    }

    #[test]
    fn counts_phrase_lists_only_occurring_verdicts_worst_first() {
        let summary = Summary {
            passed: 18,
            failed: 2,
            skipped: 0,
            warned: 0,
            errored: 1,
            blocked: 4,
        };
        assert_eq!(
            counts_phrase(&summary),
            "2 failed, 1 errored, 4 blocked, 18 passed"
        );
        assert_eq!(total(&summary), 25);
        assert_eq!(counts_phrase(&Summary::default()), "no cases");
    }
}
