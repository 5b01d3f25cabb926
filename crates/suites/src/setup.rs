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
/// How the checks of [`ERROR_MESSAGES`] name an Error body's `status` member in their records
/// (not "status", the HTTP status's name), so that one body without it is grouped as one.
pub const ERROR_STATUS: &str = "Error status";
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
/// Shared rule: the discovery endpoints refuse writes (RFC 7644 §4, §3.12).
pub const DISCOVERY_READ_ONLY: &str = "discovery endpoints refuse writes";
/// Shared rule: a group's `displayName` is unique, so a duplicate is a 409 conflict (what Okta
/// and Entra rely on; RFC 7643 §4.2 leaves uniqueness to the provider).
pub const UNIQUE_DISPLAY_NAME: &str = "displayName is unique";
/// Shared rule: a PATCH path may carry a value filter (`emails[type eq "work"]`, RFC 7644
/// §3.5.2's valuePath).
pub const VALUE_PATH: &str = "PATCH paths take value filters";
/// Shared rule: PUT replaces the resource, so what its body omits is cleared (RFC 7644 §3.5.1).
pub const PUT_REPLACES: &str = "PUT replaces what it omits";
/// Shared rule: a list takes `count` (RFC 7644 §3.4.2.4), on /Users as on discovery.
pub const COUNT_PARAMETER: &str = "lists take count";
/// Shared rule: a body that is not JSON is refused as `invalidSyntax` (RFC 7644 §3.12).
pub const INVALID_SYNTAX: &str = "a malformed body is refused as invalidSyntax";
/// Shared rule: a PATCH remove of a single-valued attribute unassigns it (RFC 7644 §3.5.2.2).
pub const REMOVE_UNASSIGNS: &str = "a PATCH remove unassigns the attribute";
use std::sync::Mutex;

/// The setup steps that failed in this run, each with the case that failed it first.
#[derive(Debug, Default)]
pub struct SetupSteps {
    failed: Mutex<HashMap<String, String>>,
}

impl SetupSteps {
    /// Records that `case` failed each of `steps` (a setup step, or several observations of one
    /// case, e.g. the members missing from one `meta`); answers the case that failed one of
    /// them first (`case` itself when none was failed before). The steps nobody failed before are
    /// recorded under that case, so a later case failing one of them is grouped with the
    /// same root, never behind a case that is itself blocked.
    pub fn failed(&self, steps: &[String], case: &str) -> String {
        let mut failed = self
            .failed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let first = steps
            .iter()
            .find_map(|step| failed.get(step).filter(|by| *by != case).cloned())
            .unwrap_or_else(|| case.to_owned());
        for step in steps {
            failed.entry(step.clone()).or_insert_with(|| first.clone());
        }
        first
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_case_to_fail_a_step_is_its_root() {
        let steps = SetupSteps::default();
        let failed = |step: &str, case| steps.failed(&[step.to_owned()], case);
        assert_eq!(failed("POST /Groups with members", "a"), "a");
        assert_eq!(failed("POST /Groups with members", "b"), "a");
        assert_eq!(failed("POST /Users", "b"), "b");
    }

    #[test]
    fn a_case_failing_several_ways_is_grouped_by_any_of_them() {
        let steps = SetupSteps::default();
        let keys = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        assert_eq!(steps.failed(&keys(&["created", "location"]), "a"), "a");
        assert_eq!(steps.failed(&keys(&["type", "location"]), "b"), "a");
        // `type` was first failed by b, which is blocked behind a: a later case is grouped
        // with a, the root, not with b.
        assert_eq!(steps.failed(&keys(&["type"]), "c"), "a");
        assert_eq!(steps.failed(&keys(&["other"]), "c"), "c");
    }
}
