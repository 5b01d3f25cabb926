//! Prerequisites: what many checks build on (creating a user, creating a group, PATCHing a user,
//! filtering users by userName). The runner establishes each one once, as its own case, before
//! the checks that need it; when it fails, those checks end `blocked`, naming it, instead of each
//! repeating the same failure. A server that cannot create users then shows one root cause,
//! not sixty failures with the same body.
//!
//! A check's prerequisites are derived from what it declares already — its [`Need`]s and whether
//! it [`writes`](Check::writes) — so checks rarely say more: a check that writes and needs
//! `Users` creates a user; with `Patch` (and no `Groups`) it PATCHes one; with `Filter` it finds
//! the users it made by filter. [`Check::builds_on`] overrides the derivation where it is wrong.
//!
//! ```
//! use scimcheck_suites::check::{Check, Need};
//! use scimcheck_suites::prerequisite::Prerequisite;
//! let check = Check::new("patch.x.y", "t", |p| Box::pin(async move { p.pass() }))
//!     .needs(&[Need::Users, Need::Patch])
//!     .writes();
//! assert_eq!(
//!     Prerequisite::of(&check),
//!     [Prerequisite::CreateUser, Prerequisite::PatchUser]
//! );
//! ```

use crate::check::{Body, Check, Need, Severity};
use crate::probe::{Probe, Stop};
use scimcheck_engine::model::{CaseResult, Verdict};
use serde_json::json;
use std::collections::HashMap;

/// For [`Check::builds_on`]: a check that creates users and finds them by filter without
/// declaring the `filter` need (it filters whether or not ServiceProviderConfig says so).
pub const CREATE_AND_FILTER_USERS: &[Prerequisite] =
    &[Prerequisite::CreateUser, Prerequisite::FilterUsers];

/// The category of the prerequisite cases (their ids start `prerequisite.`).
pub const CATEGORY: &str = "prerequisite";

/// Something checks build on, established once per run as its own case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Prerequisite {
    /// POST /Users creates a user (201 with an id).
    CreateUser,
    /// POST /Groups creates a group (201 with an id).
    CreateGroup,
    /// PATCH of a user's attribute (with a path) changes it.
    PatchUser,
    /// `userName eq "…"` finds the user with that userName.
    FilterUsers,
}

impl Prerequisite {
    /// Every prerequisite, in the order the runner establishes them (each after those it
    /// builds on itself).
    pub const ALL: [Prerequisite; 4] = [
        Prerequisite::CreateUser,
        Prerequisite::CreateGroup,
        Prerequisite::PatchUser,
        Prerequisite::FilterUsers,
    ];

    /// The id of its case, e.g. `prerequisite.users.create`.
    pub fn id(self) -> &'static str {
        match self {
            Prerequisite::CreateUser => "prerequisite.users.create",
            Prerequisite::CreateGroup => "prerequisite.groups.create",
            Prerequisite::PatchUser => "prerequisite.users.patch",
            Prerequisite::FilterUsers => "prerequisite.users.filter",
        }
    }

    /// The prerequisites `check` builds on: its explicit [`Check::builds_on`], else derived from
    /// its needs (see the module docs). Never includes the prerequisite `check` establishes.
    pub fn of(check: &Check) -> Vec<Prerequisite> {
        let mut found = match check.builds_on {
            Some(explicit) => explicit.to_vec(),
            None => derived(check),
        };
        found.retain(|p| p.id() != check.id);
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Every prerequisite `check` builds on, also through another prerequisite (a check that
    /// filters the users it made needs users to be created too).
    pub fn all_of(check: &Check) -> Vec<Prerequisite> {
        let mut found = Prerequisite::of(check);
        for p in found.clone() {
            found.extend(Prerequisite::of(&p.check()));
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The case that establishes it: a MUST check (the runner lowers it to SHOULD when only
    /// SHOULD/MAY checks build on it), with the reference-server defect that breaks it.
    pub fn check(self) -> Check {
        type Facts = (
            &'static str,
            Body,
            &'static str,
            &'static [Need],
            &'static [&'static str],
            &'static str,
        );
        let (title, body, rfc, needs, defects, hint): Facts = match self {
            Prerequisite::CreateUser => (
                "POST /Users creates a user (201 with an id): the checks that create users build on it",
                |p| Box::pin(create_user(p)),
                "RFC 7644 §3.3",
                &[Need::Users],
                &["user-creation-fails"],
                "Make POST /Users with a valid user answer 201 Created with the new user and its id; every check that creates a user waits for this.",
            ),
            Prerequisite::CreateGroup => (
                "POST /Groups creates a group (201 with an id): the checks that create groups build on it",
                |p| Box::pin(create_group(p)),
                "RFC 7644 §3.3",
                &[Need::Groups],
                &["group-creation-fails"],
                "Make POST /Groups with a valid group answer 201 Created with the new group and its id; every check that creates a group waits for this.",
            ),
            Prerequisite::PatchUser => (
                "PATCH replace of a user's displayName (with a path) changes it: the PATCH checks build on it",
                |p| Box::pin(patch_user(p)),
                "RFC 7644 §3.5.2.3",
                &[Need::Users, Need::Patch],
                &["user-patch-fails"],
                "Make PATCH /Users/{id} apply a replace operation with a path and answer 200 (with the user) or 204; every PATCH check waits for this.",
            ),
            Prerequisite::FilterUsers => (
                "filter=userName eq \"…\" finds the user with that userName: the checks that filter the users they made build on it",
                |p| Box::pin(filter_users(p)),
                "RFC 7644 §3.4.2.2",
                &[Need::Users, Need::Filter],
                &["user-filter-fails"],
                "Answer GET /Users?filter=userName eq \"name\" with 200 and a ListResponse holding that user; every filter check waits for this.",
            ),
        };
        Check::new(self.id(), title, body)
            .rfc(rfc)
            .needs(needs)
            .defects(defects)
            .hint(hint)
            .writes()
    }
}

/// The prerequisite cases a run of `checks` needs, in the order to establish them (those they
/// build on included). Each is a MUST unless only SHOULD/MAY checks build on it: its failure
/// fails the run exactly when one of the checks it blocks would have.
pub fn needed(checks: &[&Check]) -> Vec<Check> {
    let mut needed: Vec<(Prerequisite, bool)> = Vec::new();
    for check in checks {
        for prerequisite in Prerequisite::all_of(check) {
            let required = check.severity.is_required();
            match needed.iter_mut().find(|(p, _)| *p == prerequisite) {
                Some((_, r)) => *r |= required,
                None => needed.push((prerequisite, required)),
            }
        }
    }
    needed.sort_unstable();
    needed
        .into_iter()
        .map(|(prerequisite, required)| {
            let check = prerequisite.check();
            if required {
                check
            } else {
                check.severity(Severity::Should)
            }
        })
        .collect()
}

/// What the run learnt of its prerequisites: for each one that failed, the case its dependents
/// name (itself, or the prerequisite that blocked it in turn) and why.
#[derive(Debug, Default)]
pub(crate) struct Established {
    failed: HashMap<&'static str, (String, String)>,
}

impl Established {
    /// Records how the prerequisite case `case` of `check` ended. A prerequisite of a capability
    /// the server does not advertise blocks nothing: its checks are tried and reported skipped.
    pub(crate) fn record(&mut self, check: &Check, case: &CaseResult, advertised: bool) {
        if !advertised {
            return;
        }
        let root = match (&case.verdict, &case.blocked_by) {
            (Verdict::Blocked, Some(by)) => by.clone(),
            (Verdict::Fail | Verdict::Warn | Verdict::Error, _) => case.id.clone(),
            _ => return,
        };
        let why = case
            .reason
            .clone()
            .unwrap_or_else(|| case.verdict.as_str().into());
        self.failed.insert(check.id, (root, why));
    }

    /// The root case that blocks `check` and why it failed, when one of its prerequisites
    /// failed (the first in establishing order).
    pub(crate) fn blocker(&self, check: &Check) -> Option<(&str, &str)> {
        Prerequisite::of(check)
            .into_iter()
            .find_map(|p| self.failed.get(p.id()))
            .map(|(root, why)| (root.as_str(), why.as_str()))
    }

    /// `case` ended as blocked by the failed prerequisite case `root`, saying what failed.
    pub(crate) fn block(case: &mut CaseResult, root: &str, why: &str) {
        case.block(
            root,
            format!("blocked: {root} failed ({why}); this check builds on it, so it was not run"),
        );
    }
}

/// The prerequisites a check's needs imply (see the module docs).
fn derived(check: &Check) -> Vec<Prerequisite> {
    if !check.writes {
        return Vec::new();
    }
    let needs = |need| check.needs.contains(&need);
    let mut found = Vec::new();
    if needs(Need::Users) {
        found.push(Prerequisite::CreateUser);
        if needs(Need::Patch) && !needs(Need::Groups) {
            found.push(Prerequisite::PatchUser);
        }
        if needs(Need::Filter) {
            found.push(Prerequisite::FilterUsers);
        }
    }
    if needs(Need::Groups) {
        found.push(Prerequisite::CreateGroup);
    }
    found
}

async fn create_user(p: &mut Probe) -> Result<(), Stop> {
    p.create_user().await?;
    p.pass()
}

async fn create_group(p: &mut Probe) -> Result<(), Stop> {
    p.create_group(&[]).await?;
    p.pass()
}

async fn patch_user(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let name = p.ctx().data.unique("patched");
    let reply = p
        .patch(
            &user.path,
            json!([{"op": "replace", "path": "displayName", "value": name}]),
        )
        .await?;
    p.status(&reply, &[200, 204])?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    p.equal(
        "displayName after the PATCH",
        &json!(name),
        read.get("displayName"),
    )
}

async fn filter_users(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let user = p.create_user().await?;
    let user_name = user.sent["userName"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let reply = p
        .filter(&endpoint, &format!("userName eq \"{user_name}\""))
        .await?;
    p.expect_includes(
        "the created user among the Resources",
        &reply.resource_ids(),
        &user.id.as_str(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(needs: &'static [Need], writes: bool) -> Check {
        let c = Check::new("c.a.b", "t", |p| Box::pin(async move { p.pass() })).needs(needs);
        if writes { c.writes() } else { c }
    }

    #[test]
    fn prerequisites_follow_the_needs_of_checks_that_write() {
        use Prerequisite::*;
        assert_eq!(Prerequisite::of(&check(&[Need::Users], false)), []);
        assert_eq!(Prerequisite::of(&check(&[Need::Users], true)), [CreateUser]);
        assert_eq!(
            Prerequisite::of(&check(&[Need::Users, Need::Filter, Need::Sort], true)),
            [CreateUser, FilterUsers]
        );
        assert_eq!(
            Prerequisite::of(&check(&[Need::Users, Need::Groups, Need::Patch], true)),
            [CreateUser, CreateGroup],
            "group PATCH checks do not wait for a user PATCH"
        );
        assert_eq!(
            Prerequisite::of(&check(&[Need::Groups], true)),
            [CreateGroup]
        );
        let explicit = check(&[Need::Users], true).builds_on(&[]);
        assert_eq!(Prerequisite::of(&explicit), []);
    }

    #[test]
    fn a_prerequisite_builds_only_on_those_before_it() {
        for prerequisite in Prerequisite::ALL {
            let established = prerequisite.check();
            assert_eq!(established.id, prerequisite.id());
            assert!(established.id.starts_with(&format!("{CATEGORY}.")));
            for earlier in Prerequisite::of(&established) {
                assert!(
                    earlier < prerequisite,
                    "{prerequisite:?} builds on {earlier:?}"
                );
            }
        }
    }
}
