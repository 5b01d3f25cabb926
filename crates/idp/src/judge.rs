//! Two verdict axes per scenario. Every judgement a scenario makes is something the IdP needs;
//! some are also RFC rules. Marking each assertion with its axis lets one run answer both
//! "is this server RFC-conformant here?" and "would this IdP succeed?".
//!
//! A scenario's IdP axis is its case verdict (any failed judgement fails it); its RFC axis fails
//! only when a judgement marked [`Axis::Rfc`] failed. A server that rejects Entra's `"False"`
//! is RFC-conformant and still breaks Entra; one that answers 404 for a missing filter match
//! breaks both.

use scimcheck_engine::model::{CaseResult, Verdict};
use scimcheck_suites::probe::{Probe, Stop};
use scimcheck_suites::reply::Reply;

/// Which rule a judgement enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    /// An RFC 7643/7644 rule the IdP also relies on.
    Rfc,
    /// Only the IdP's expectation (the RFC allows otherwise or says nothing).
    Idp,
}

impl Axis {
    /// The prefix put before the assertion's description.
    pub fn marker(self) -> &'static str {
        match self {
            Axis::Rfc => "[RFC] ",
            Axis::Idp => "[IdP] ",
        }
    }

    /// The description of a judgement `what` on this axis: what a scenario passes to the
    /// suite's assertion helpers (`Probe::equal`, `Probe::expect_absent`…), whose failure
    /// fails the case (the IdP would fail).
    pub fn on(self, what: &str) -> String {
        format!("{}{what}", self.marker())
    }
}

/// Expects `reply`'s status among `allowed`, on `axis`.
pub fn status(p: &mut Probe, axis: Axis, reply: &Reply, allowed: &[u16]) -> Result<(), Stop> {
    p.expect_status(&axis.on("status"), reply, allowed)
}

/// The verdict of one axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AxisVerdict {
    /// Nothing on this axis failed.
    Pass,
    /// A judgement on this axis failed.
    Fail,
    /// The scenario was skipped or could not be judged.
    NotJudged,
}

/// Both axes of a finished scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Axes {
    /// RFC conformance.
    pub rfc: AxisVerdict,
    /// Whether the IdP would succeed.
    pub idp: AxisVerdict,
}

/// Reads both axes from a scenario's case.
pub fn axes(case: &CaseResult) -> Axes {
    match case.verdict {
        Verdict::Skip | Verdict::Error | Verdict::Blocked => Axes {
            rfc: AxisVerdict::NotJudged,
            idp: AxisVerdict::NotJudged,
        },
        Verdict::Pass | Verdict::Warn => Axes {
            rfc: AxisVerdict::Pass,
            idp: AxisVerdict::Pass,
        },
        Verdict::Fail => {
            let rfc_failed = case
                .assertions
                .iter()
                .any(|a| !a.passed && a.description.starts_with(Axis::Rfc.marker()));
            Axes {
                rfc: if rfc_failed {
                    AxisVerdict::Fail
                } else {
                    AxisVerdict::Pass
                },
                idp: AxisVerdict::Fail,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scimcheck_engine::model::AssertionResult;

    fn failed_on(axis: Axis) -> CaseResult {
        let mut case = CaseResult::new("okta.x", "x");
        case.assertions.push(AssertionResult {
            description: format!("{}status", axis.marker()),
            expected: "200".into(),
            actual: "404".into(),
            passed: false,
            note: None,
            rule: None,
        });
        case.conclude(Verdict::Fail, "status");
        case
    }

    #[test]
    fn an_idp_only_failure_keeps_the_rfc_axis_green() {
        let a = axes(&failed_on(Axis::Idp));
        assert_eq!((a.rfc, a.idp), (AxisVerdict::Pass, AxisVerdict::Fail));
    }

    #[test]
    fn an_rfc_failure_fails_both_axes() {
        let a = axes(&failed_on(Axis::Rfc));
        assert_eq!((a.rfc, a.idp), (AxisVerdict::Fail, AxisVerdict::Fail));
    }

    #[test]
    fn skipped_scenarios_are_not_judged() {
        let mut case = CaseResult::new("okta.x", "x");
        case.conclude(Verdict::Skip, "no groups");
        assert_eq!(axes(&case).idp, AxisVerdict::NotJudged);
    }
}
