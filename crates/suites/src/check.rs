//! What a conformance check is: a stable id, what it enforces and where the RFC says so, what it
//! needs from the server, which reference-server defect proves it can fail, and its body.
//!
//! ```
//! use scimcheck_suites::check::{Check, Need, Severity};
//! let check = Check::new("users.read.ok", "GET /Users/{id} returns the user", |p| {
//!     Box::pin(async move { p.pass() })
//! })
//! .rfc("RFC 7644 §3.4.1")
//! .needs(&[Need::Users]);
//! assert_eq!(check.category(), "users");
//! assert_eq!(check.severity, Severity::Must);
//! ```

use crate::prerequisite::Prerequisite;
use crate::probe::{Probe, Stop};
use std::future::Future;
use std::pin::Pin;

/// The future a check body returns: `Ok` when every assertion held, `Err` once the case ended.
pub type BodyFuture<'a> = Pin<Box<dyn Future<Output = Result<(), Stop>> + Send + 'a>>;

/// A check body: sends requests through the [`Probe`] and judges the answers.
pub type Body = for<'a> fn(&'a mut Probe) -> BodyFuture<'a>;

/// How much a failure matters; decides whether it fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// An RFC MUST (or an unconditional requirement): failing it fails the run.
    Must,
    /// An RFC SHOULD: a failure is reported as a warning and does not fail the run.
    Should,
    /// An RFC MAY: optional behaviour; a failure is a warning.
    May,
    /// Not an RFC rule but what Okta or Entra rely on: failing it fails the run, because
    /// provisioning breaks in production.
    Interop,
}

impl Severity {
    /// Upper-case label as the RFCs spell it (`MUST`, `SHOULD`, `MAY`, `INTEROP`).
    pub fn label(self) -> &'static str {
        match self {
            Severity::Must => "MUST",
            Severity::Should => "SHOULD",
            Severity::May => "MAY",
            Severity::Interop => "INTEROP",
        }
    }

    /// Whether a failure of a check with this severity fails the run (exit code 1).
    pub fn is_required(self) -> bool {
        matches!(self, Severity::Must | Severity::Interop)
    }
}

/// Something a check needs from the server; when the server lacks it the check is skipped
/// with the reason instead of failing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Need {
    /// A `User` resource type (from /ResourceTypes).
    Users,
    /// A `Group` resource type.
    Groups,
    /// The enterprise user extension on the User resource type.
    EnterpriseUser,
    /// ServiceProviderConfig `patch.supported`.
    Patch,
    /// ServiceProviderConfig `bulk.supported`.
    Bulk,
    /// ServiceProviderConfig `filter.supported`.
    Filter,
    /// ServiceProviderConfig `sort.supported`.
    Sort,
    /// ServiceProviderConfig `etag.supported`.
    Etag,
    /// ServiceProviderConfig `changePassword.supported`.
    ChangePassword,
}

impl Need {
    /// How the need is named in skip reasons and the catalog.
    pub fn label(self) -> &'static str {
        match self {
            Need::Users => "resource type User",
            Need::Groups => "resource type Group",
            Need::EnterpriseUser => "enterprise user extension",
            Need::Patch => "patch",
            Need::Bulk => "bulk",
            Need::Filter => "filter",
            Need::Sort => "sort",
            Need::Etag => "etag",
            Need::ChangePassword => "changePassword",
        }
    }

    /// Whether the need is a ServiceProviderConfig capability (as opposed to a resource type):
    /// a failing check that needs one was *advertised but broken*.
    pub fn is_capability(self) -> bool {
        !matches!(self, Need::Users | Need::Groups | Need::EnterpriseUser)
    }
}

/// One conformance check of the catalog.
#[derive(Clone)]
pub struct Check {
    /// Stable dotted id, `<category>.<subject>.<rule>`, e.g. `filter.valuepath.and`.
    pub id: &'static str,
    /// One line saying what the server must do.
    pub title: &'static str,
    /// The RFC 7643/7644 section (or IdP source) the rule comes from.
    pub rfc: &'static str,
    /// How much a failure matters.
    pub severity: Severity,
    /// Free labels for filtering (`okta`, `entra`, `case`…).
    pub tags: &'static [&'static str],
    /// What the server must offer for the check to run.
    pub needs: &'static [Need],
    /// Names of reference-server defects that make this check fail (the proof it can fail).
    pub defects: &'static [&'static str],
    /// The ids of the requirements of RFC 7643/7644 it tests (`7644-3.4.2.2-3`, from
    /// `crates/suites/requirements/*.toml`): the strongest keyword among them is its severity,
    /// and they are what a report shows beside its failure. Said here, where the check is
    /// written, so that adding a check leaves the matrix alone.
    pub requirements: &'static [&'static str],
    /// What to change on the server when the check fails.
    pub hint: &'static str,
    /// Whether the check creates, changes or deletes anything (skipped under `--read-only`).
    pub writes: bool,
    /// Whether the check must run alone (it reads server-wide state others would disturb).
    pub exclusive: bool,
    /// The prerequisites it builds on, when the ones derived from its needs are wrong
    /// (`None`: derived; see [`Prerequisite::of`]).
    pub builds_on: Option<&'static [Prerequisite]>,
    /// The rule it judges together with other checks, each on another request (every
    /// response's Content-Type, a 401's WWW-Authenticate, userName uniqueness): when several
    /// fail it the same way, the first is the root cause and the others end `blocked` naming
    /// it (see [`Probe::share_rule`](crate::probe::Probe::share_rule)).
    pub shared_rule: Option<&'static str>,
    /// The check itself.
    pub body: Body,
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Check")
            .field("id", &self.id)
            .field("severity", &self.severity)
            .field("rfc", &self.rfc)
            .finish_non_exhaustive()
    }
}

impl Check {
    /// A MUST check with no needs, no defects and no hint yet; the builder methods fill them.
    pub fn new(id: &'static str, title: &'static str, body: Body) -> Self {
        Check {
            id,
            title,
            rfc: "",
            severity: Severity::Must,
            tags: &[],
            needs: &[],
            defects: &[],
            requirements: &[],
            hint: "",
            writes: false,
            exclusive: false,
            builds_on: None,
            shared_rule: None,
            body,
        }
    }

    /// The category: the id's first segment (`filter` for `filter.valuepath.and`).
    pub fn category(&self) -> &'static str {
        self.id.split('.').next().unwrap_or(self.id)
    }

    /// Sets the RFC section.
    pub fn rfc(mut self, rfc: &'static str) -> Self {
        self.rfc = rfc;
        self
    }

    /// Sets the requirements it tests (see [`Check::requirements`]).
    pub fn requirements(mut self, ids: &'static [&'static str]) -> Self {
        self.requirements = ids;
        self
    }

    /// Sets the severity.
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Sets the tags.
    pub fn tags(mut self, tags: &'static [&'static str]) -> Self {
        self.tags = tags;
        self
    }

    /// Sets what the server must offer.
    pub fn needs(mut self, needs: &'static [Need]) -> Self {
        self.needs = needs;
        self
    }

    /// Sets the reference-server defects that break the check.
    pub fn defects(mut self, defects: &'static [&'static str]) -> Self {
        self.defects = defects;
        self
    }

    /// Sets the fix hint.
    pub fn hint(mut self, hint: &'static str) -> Self {
        self.hint = hint;
        self
    }

    /// Marks the check as creating or changing resources.
    pub fn writes(mut self) -> Self {
        self.writes = true;
        self
    }

    /// Marks the check as needing the server to itself.
    pub fn exclusive(mut self) -> Self {
        self.exclusive = true;
        self
    }

    /// Declares the prerequisites the check builds on, replacing those derived from its needs.
    pub fn builds_on(mut self, prerequisites: &'static [Prerequisite]) -> Self {
        self.builds_on = Some(prerequisites);
        self
    }

    /// Declares the rule it judges together with other checks ([`Check::shared_rule`]).
    pub fn shared_rule(mut self, rule: &'static str) -> Self {
        self.shared_rule = Some(rule);
        self
    }
}
