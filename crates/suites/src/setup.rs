//! Setup steps many checks repeat (creating a group with members, an IdP's own create-user
//! request): when one fails, the first case to fail it is the root cause and every later case
//! that fails the same step ends `blocked` naming it, instead of each reporting the same 400.
//!
//! Unlike a [`Prerequisite`](crate::prerequisite::Prerequisite), a setup step is not a case of
//! its own: the checks that take it run as usual, and only their failures are grouped. That
//! suits steps whose request is the check's own (an IdP scenario's body), which a generic
//! prerequisite request would not reproduce.

use std::collections::HashMap;
use std::sync::Mutex;

/// The setup steps that failed in this run, each with the case that failed it first.
#[derive(Debug, Default)]
pub struct SetupSteps {
    failed: Mutex<HashMap<String, String>>,
}

impl SetupSteps {
    /// Records that `case` failed `step`; answers the case that failed it first (`case` itself
    /// when it is the first).
    pub fn failed(&self, step: &str, case: &str) -> String {
        let mut failed = self
            .failed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        failed
            .entry(step.to_owned())
            .or_insert_with(|| case.to_owned())
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_case_to_fail_a_step_is_its_root() {
        let steps = SetupSteps::default();
        assert_eq!(steps.failed("POST /Groups with members", "a"), "a");
        assert_eq!(steps.failed("POST /Groups with members", "b"), "a");
        assert_eq!(steps.failed("POST /Users", "b"), "b");
    }
}
