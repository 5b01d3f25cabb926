//! What went wrong in a case, phrased once for every report: the failed assertions with their
//! expected and actual values, or — when nothing was asserted — the reason the case ended.

use scimcheck_engine::model::{AssertionResult, CaseResult, Verdict};

/// True for verdicts a report lists as failures (they make the run fail).
pub(crate) fn is_failure(verdict: Verdict) -> bool {
    matches!(verdict, Verdict::Fail | Verdict::Error)
}

/// The assertions of `case` that did not hold, in the order they were judged.
pub(crate) fn failed_assertions(case: &CaseResult) -> impl Iterator<Item = &AssertionResult> {
    case.assertions.iter().filter(|a| !a.passed)
}

/// One sentence saying why `case` did not pass: its first failed assertion as "expected …, got
/// …" (with how many more failed), else its reason, else its verdict. A skipped case says why
/// it was skipped first: an assertion it failed on the way (a check of an unadvertised
/// capability tried anyway) is not why it is skipped, and its reason already carries it.
pub(crate) fn headline(case: &CaseResult) -> String {
    if let (Verdict::Skip, Some(reason)) = (case.verdict, &case.reason) {
        return reason.clone();
    }
    let mut failed = failed_assertions(case);
    if let Some(a) = failed.next() {
        let more = failed.count();
        let tail = if more > 0 {
            format!(" (+{more} more)")
        } else {
            String::new()
        };
        return format!("{}{tail}", a.failure_sentence());
    }
    match &case.reason {
        Some(reason) => reason.clone(),
        None => format!("case ended with verdict {}", case.verdict.as_str()),
    }
}

/// The requirements `case` enforces, one line each (`RFC 7644 §3.12 SHOULD: … (7644-3.12-7)`),
/// so a reader can hold the verdict against the RFC; for an IdP-behaviour check (INTEROP), which
/// no RFC sentence backs, the IdP source it cites. Empty for cases that name no requirement
/// (Runscope steps).
pub(crate) fn requirement_lines(case: &CaseResult) -> Vec<String> {
    if !case.requirements.is_empty() {
        return case.requirements.iter().map(ToString::to_string).collect();
    }
    match (case.severity.as_deref(), &case.rfc_section) {
        (Some("interop"), Some(source)) => {
            vec![format!("INTEROP (IdP behaviour, no RFC keyword): {source}")]
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assertion(description: &str, passed: bool) -> AssertionResult {
        AssertionResult {
            description: description.into(),
            expected: "201".into(),
            actual: "400".into(),
            passed,
            note: None,
            rule: None,
        }
    }

    #[test]
    fn headline_prefers_first_failed_assertion_then_reason() {
        let mut case = CaseResult::new("c", "c");
        case.verdict = Verdict::Fail;
        case.reason = Some("2 assertions failed".into());
        case.assertions = vec![assertion("ok", true), assertion("status", false)];
        assert_eq!(headline(&case), "status: expected 201, got 400");
        case.assertions.push(assertion("schemas", false));
        assert_eq!(headline(&case), "status: expected 201, got 400 (+1 more)");
        case.assertions.clear();
        assert_eq!(headline(&case), "2 assertions failed");
        let mut bare = CaseResult::new("b", "b");
        bare.verdict = Verdict::Error;
        assert_eq!(headline(&bare), "case ended with verdict error");
    }

    #[test]
    fn a_skip_headline_is_its_reason_even_after_a_failed_assertion() {
        let mut case = CaseResult::new("c", "c");
        case.assertions = vec![assertion("status", false)];
        case.verdict = Verdict::Skip;
        let reason = "ServiceProviderConfig does not advertise filter support; tried anyway: \
                      status: expected 201, got 400";
        case.reason = Some(reason.into());
        assert_eq!(headline(&case), reason);
    }

    #[test]
    fn requirement_lines_name_the_rfc_sentence_or_the_idp_source() {
        let mut case = CaseResult::new("c", "c");
        assert!(requirement_lines(&case).is_empty());
        case.severity = Some("interop".into());
        case.rfc_section = Some("Entra ID SCIM compatibility".into());
        assert_eq!(
            requirement_lines(&case),
            ["INTEROP (IdP behaviour, no RFC keyword): Entra ID SCIM compatibility"]
        );
        case.requirements = vec![scimcheck_engine::model::Requirement {
            id: "7644-3.12-7".into(),
            section: "RFC 7644 §3.12".into(),
            keyword: "SHOULD".into(),
            text: "An unknown resource answers 404.".into(),
        }];
        assert_eq!(
            requirement_lines(&case),
            ["RFC 7644 §3.12 SHOULD: An unknown resource answers 404. (7644-3.12-7)"]
        );
    }
}
