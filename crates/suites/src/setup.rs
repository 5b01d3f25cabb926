//! Setup steps many checks repeat (creating a group with members, an IdP's own create-user
//! request): when one fails, the first case to fail it is the root cause and every later case
//! that fails the same step ends `blocked` naming it, instead of each reporting the same 400.
//! Shared rules ([`Check::shared_rule`](crate::check::Check::shared_rule)) are grouped the same
//! way: several checks judging one rule on different requests, failing it alike.
//!
//! Unlike a [`Prerequisite`](crate::prerequisite::Prerequisite), a setup step is not a case of
//! its own: the checks that take it run as usual, and only their failures are grouped. That
//! suits steps whose request is the check's own (an IdP scenario's body), which a generic
//! prerequisite request would not reproduce.

use std::collections::HashMap;

/// Shared rule: every SCIM response is labelled `application/scim+json` (RFC 7644 §3.8).
pub const SCIM_MEDIA_TYPE: &str = "responses are labelled application/scim+json";
/// Shared rule: a 401 names its authentication scheme in `WWW-Authenticate` (RFC 7235 §3.1).
pub const WWW_AUTHENTICATE: &str = "a 401 carries WWW-Authenticate";
/// Shared rule: `userName` is unique (RFC 7643 §4.1.1), so a duplicate is a 409 conflict.
pub const UNIQUE_USER_NAME: &str = "userName is unique";
/// Shared rule: errors are SCIM Error messages (RFC 7644 §3.12).
pub const ERROR_MESSAGES: &str = "errors are SCIM Error messages";
/// Shared rule: a 201 Created names the new resource in `Location` (RFC 7644 §3.3).
pub const LOCATION: &str = "a 201 carries Location";
/// Shared rule: `meta` describes the resource (RFC 7643 §3.1).
pub const META: &str = "meta describes the resource";
/// Shared rule: DELETE removes the resource: 204, then 404 (RFC 7644 §3.6).
pub const DELETE: &str = "DELETE removes the resource";
/// Shared rule: `attributes` narrows what is returned (RFC 7644 §3.9).
pub const ATTRIBUTES: &str = "attributes narrows the answer";
/// Shared rule: `excludedAttributes` narrows what is returned (RFC 7644 §3.9).
pub const EXCLUDED_ATTRIBUTES: &str = "excludedAttributes narrows the answer";
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
