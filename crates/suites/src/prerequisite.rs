//! Prerequisites: what many checks build on (creating a user, creating a group, PATCHing a user,
//! filtering users by userName or by its prefix, POST /.search). The runner establishes each one once, as its own case, before
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
use crate::probe::{NOT_OFFERED, Probe, Stop};
use scimcheck_engine::model::{CaseResult, Verdict};
use serde_json::json;
use std::collections::HashMap;

/// For [`Check::builds_on`]: a check that creates users and finds them by filter without
/// declaring the `filter` need (it filters whether or not ServiceProviderConfig says so).
pub const CREATE_AND_FILTER_USERS: &[Prerequisite] =
    &[Prerequisite::CreateUser, Prerequisite::FilterUsers];

/// For [`Check::builds_on`]: a check that filters users with `userName sw "…"` — mostly to
/// select a batch it created by the batch's shared prefix, to page, sort or search it.
pub const USER_BATCHES: &[Prerequisite] = &[
    Prerequisite::CreateUser,
    Prerequisite::FilterUsers,
    Prerequisite::FilterUsersByPrefix,
];

/// For [`Check::builds_on`]: a check that pages through a batch of users it selects by their
/// prefix (`count` on every page).
pub const PAGED_USER_BATCHES: &[Prerequisite] = &[
    Prerequisite::CreateUser,
    Prerequisite::FilterUsers,
    Prerequisite::FilterUsersByPrefix,
    Prerequisite::ListWithCount,
];

/// For [`Check::builds_on`]: a check that sends a POST /Users/.search for users it created.
pub const SEARCHED_USERS: &[Prerequisite] = &[
    Prerequisite::CreateUser,
    Prerequisite::FilterUsers,
    Prerequisite::SearchUsers,
];

/// For [`Check::builds_on`]: a check that searches a batch of users by their prefix.
pub const SEARCHED_USER_BATCHES: &[Prerequisite] = &[
    Prerequisite::CreateUser,
    Prerequisite::FilterUsers,
    Prerequisite::FilterUsersByPrefix,
    Prerequisite::SearchUsers,
];

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
    /// `userName eq "…"` finds the user with that userName, and only that user.
    FilterUsers,
    /// `userName sw "…"` finds exactly the run's users with that prefix: how the checks that
    /// page, sort or search select the batch of users they made.
    FilterUsersByPrefix,
    /// GET /Users?count=1 answers a ListResponse: the checks that read bounded pages of a
    /// collection (its envelope, its media type, paging) build on it, so a server that cannot
    /// take `count` in the query is one root cause, not a failure in each of them.
    ListWithCount,
    /// POST /Users/.search answers a ListResponse.
    SearchUsers,
}

impl Prerequisite {
    /// Every prerequisite, in the order the runner establishes them (each after those it
    /// builds on itself).
    pub const ALL: [Prerequisite; 7] = [
        Prerequisite::CreateUser,
        Prerequisite::CreateGroup,
        Prerequisite::PatchUser,
        Prerequisite::FilterUsers,
        Prerequisite::FilterUsersByPrefix,
        Prerequisite::ListWithCount,
        Prerequisite::SearchUsers,
    ];

    /// The id of its case, e.g. `prerequisite.users.create`.
    pub fn id(self) -> &'static str {
        match self {
            Prerequisite::CreateUser => "prerequisite.users.create",
            Prerequisite::CreateGroup => "prerequisite.groups.create",
            Prerequisite::PatchUser => "prerequisite.users.patch",
            Prerequisite::FilterUsers => "prerequisite.users.filter",
            Prerequisite::FilterUsersByPrefix => "prerequisite.users.filter-sw",
            Prerequisite::SearchUsers => "prerequisite.users.search",
            Prerequisite::ListWithCount => "prerequisite.users.list-count",
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
                "filter=userName eq \"…\" finds the user with that userName and no other: the checks that filter the users they made build on it",
                |p| Box::pin(filter_users(p)),
                "RFC 7644 §3.4.2.2",
                &[Need::Users, Need::Filter],
                &["user-filter-fails", "filter-ignored"],
                "Answer GET /Users?filter=userName eq \"name\" with 200 and a ListResponse holding that user and no other; every filter check waits for this.",
            ),
            Prerequisite::FilterUsersByPrefix => (
                "filter=userName sw \"…\" finds exactly the users with that prefix: the checks that page, sort or search a batch of users build on it",
                |p| Box::pin(filter_users_by_prefix(p)),
                "RFC 7644 §3.4.2.2 (sw is part of the filter language filter.supported advertises)",
                &[Need::Users, Need::Filter],
                &["filter-sw-unsupported"],
                "Support the sw operator (\"starts with\") on userName, as RFC 7644 §3.4.2.2 defines it; the pagination, sort and search checks select their users this way.",
            ),
            Prerequisite::SearchUsers => (
                "POST /Users/.search answers 200: the checks that query with POST build on it",
                |p| Box::pin(search_users(p)),
                "RFC 7644 §3.4.3",
                &[Need::Users],
                &["search-taken-for-create"],
                "Serve POST /Users/.search with a SearchRequest body, answering like GET with the same parameters; every .search check waits for this.",
            ),
            Prerequisite::ListWithCount => (
                "GET /Users?count=1 answers 200: the checks that read one bounded page of a list build on it",
                |p| Box::pin(list_with_count(p)),
                "RFC 7644 §3.4.2.4 (count)",
                &[Need::Users],
                &["count-parameter-500"],
                "Read count as an integer (the query gives text) and answer GET /Users?count=1 with a ListResponse of at most one user; the list checks ask for one resource at a time this way.",
            ),
        };
        let check = Check::new(self.id(), title, body)
            .rfc(rfc)
            .needs(needs)
            .defects(defects)
            .hint(hint);
        // A list or a search without a filter reads only: they also run under --read-only.
        // (A search's `count` is a JSON number in its body, not query text: it does not build on
        // the list's.)
        if self == Prerequisite::ListWithCount {
            check.shared_rule(crate::setup::COUNT_PARAMETER)
        } else if self == Prerequisite::SearchUsers {
            check
        } else {
            check.writes()
        }
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
    /// Prerequisites of something optional that the server does not offer (their case ended
    /// skipped with a [`NOT_OFFERED`] note), and that note.
    not_offered: HashMap<&'static str, String>,
    /// Prerequisites of capabilities the server does not advertise that failed when tried.
    failed_unadvertised: HashMap<&'static str, (String, String)>,
}

impl Established {
    /// Records how the prerequisite case `case` of `check` ended. A prerequisite of a capability
    /// the server does not advertise blocks nothing (its checks are reported skipped), but when
    /// it failed when tried, the checks that build on it are not tried either: one of them
    /// passing would read as "works, just not advertised" on a server that, say, ignores
    /// filters and returns every resource.
    pub(crate) fn record(&mut self, check: &Check, case: &CaseResult, advertised: bool) {
        let root = match (&case.verdict, &case.blocked_by) {
            (Verdict::Blocked, Some(by)) => by.clone(),
            (Verdict::Fail | Verdict::Warn | Verdict::Error, _) => case.id.clone(),
            (Verdict::Skip, _) => {
                if let Some(note) = case
                    .reason
                    .as_deref()
                    .filter(|r| r.starts_with(NOT_OFFERED))
                {
                    self.not_offered.insert(check.id, note.to_owned());
                }
                return;
            }
            _ => return,
        };
        let why = case
            .reason
            .clone()
            .unwrap_or_else(|| case.verdict.as_str().into());
        let failed = if advertised {
            &mut self.failed
        } else {
            &mut self.failed_unadvertised
        };
        failed.insert(check.id, (root, why));
    }

    /// The prerequisite of an unadvertised capability that `check` builds on and that failed
    /// when tried, and why; such a check is reported skipped without being tried.
    pub(crate) fn failed_when_tried(&self, check: &Check) -> Option<(&str, &str)> {
        Prerequisite::of(check)
            .into_iter()
            .find_map(|p| self.failed_unadvertised.get(p.id()))
            .map(|(root, why)| (root.as_str(), why.as_str()))
    }

    /// The root case that blocks `check` and why it failed, when one of its prerequisites
    /// failed (the first in establishing order).
    pub(crate) fn blocker(&self, check: &Check) -> Option<(&str, &str)> {
        Prerequisite::of(check)
            .into_iter()
            .find_map(|p| self.failed.get(p.id()))
            .map(|(root, why)| (root.as_str(), why.as_str()))
    }

    /// The prerequisite `check` builds on that the server does not offer, and its note; such a
    /// check is reported skipped, as not offered, without being run.
    pub(crate) fn not_offered(&self, check: &Check) -> Option<(&'static str, &str)> {
        Prerequisite::of(check).into_iter().find_map(|p| {
            self.not_offered
                .get(p.id())
                .map(|note| (p.id(), note.as_str()))
        })
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

/// Two users, one looked up: a server that ignores the filter (and returns every user) passes
/// an inclusion test, so the other user must not come back either.
async fn filter_users(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let user = p.create_user().await?;
    let other = p.create_user().await?;
    let reply = p.filter(&endpoint, &user.user_name_filter()).await?;
    let ids = reply.resource_ids();
    p.expect_includes(
        "the created user among the Resources",
        &ids,
        &user.id.as_str(),
    )?;
    p.expect_excludes(
        "another user of the run among the Resources",
        &ids,
        &other.id.as_str(),
    )
}

/// A batch selected by its prefix comes back whole, and a user of the run outside the batch
/// does not.
async fn filter_users_by_prefix(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let (filter, batch) = p.create_user_batch(2).await?;
    let other = p.create_user().await?;
    let reply = p.filter(&endpoint, &filter).await?;
    let ids = reply.resource_ids();
    for user in &batch {
        p.expect_includes(
            "a user of the batch among the Resources",
            &ids,
            &user.id.as_str(),
        )?;
    }
    p.expect_excludes(
        "a user outside the batch among the Resources",
        &ids,
        &other.id.as_str(),
    )
}

/// Unfiltered and bounded by `count=1`: it only establishes that a bounded list answers.
async fn list_with_count(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let reply = p.list(&endpoint, &[("count", "1")]).await?;
    p.status(&reply, &[200])
}

/// Unfiltered and bounded by `count: 1`: it only establishes that the endpoint answers.
/// A server need not serve POST /.search: RFC 7644 §3.4.3 leaves querying with POST to the
/// client ("Clients MAY"), and neither Okta nor Entra sends it. So 404, 405 or 501 — no such
/// resource, method or operation — is a search not offered, a note; anything else but 200 (a
/// 400 from taking `.search` for an id or a new resource, a 500) fails.
async fn search_users(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let body = json!({ "schemas": [scim::schema::urn::SEARCH_REQUEST], "count": 1 });
    let reply = p.post(&format!("{endpoint}/.search"), &body).await?;
    if matches!(reply.status, 404 | 405 | 501) {
        return Err(p.skip(format!(
            "{NOT_OFFERED}POST {endpoint}/.search answered {}: querying with POST is the \
             client's choice (RFC 7644 §3.4.3, \"Clients MAY\"), so a server need not serve it",
            reply.status
        )));
    }
    p.status(&reply, &[200])
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
    fn an_unadvertised_prerequisite_that_failed_when_tried_blocks_nothing_but_is_named() {
        let filter = Prerequisite::FilterUsers.check();
        let mut case = CaseResult::new(filter.id, filter.title);
        case.conclude(Verdict::Fail, "another user of the run among the Resources");
        let dependent = check(&[Need::Users, Need::Filter], true);
        let mut established = Established::default();
        established.record(&filter, &case, false);
        assert_eq!(established.blocker(&dependent), None);
        assert_eq!(
            established.failed_when_tried(&dependent),
            Some((filter.id, "another user of the run among the Resources"))
        );
        let mut advertised = Established::default();
        advertised.record(&filter, &case, true);
        assert!(advertised.blocker(&dependent).is_some());
        assert_eq!(advertised.failed_when_tried(&dependent), None);
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
