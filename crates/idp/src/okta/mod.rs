//! Okta: the SCIM requests its provisioning engine sends ([`shape`]) and the lifecycle scenarios
//! of `scimcheck run --profile okta`, each tagged with the Okta test-plan cases it automates
//! (`C9290`, …; see [`crate::testplan`]).

mod groups;
mod import;
mod limits;
pub mod shape;
mod users;

pub use limits::notes;

use scimcheck_suites::check::{Check, Need, Severity};

/// Every Okta scenario, in lifecycle order.
pub fn scenarios() -> Vec<Check> {
    let okta = |id, title, body| Check::new(id, title, body).severity(Severity::Interop);
    vec![
        okta("okta.credentials", "Test API Credentials: GET /Users?startIndex=1&count=2 answers a ListResponse", |p| Box::pin(users::credentials(p)))
            .rfc("RFC 7644 §3.4.2")
            .tags(&["okta", "C9306", "C9341"])
            .needs(&[Need::Users])
            .defects(&["list-without-schemas"])
            .hint("Answer GET /Users with a ListResponse (schemas, integer totalResults, at most count resources)."),
        okta("okta.assign.create", "Assign a new user: lookup finds nothing (200, empty list), POST Okta's body gives 201 with id, the + encoded lookup finds it", |p| Box::pin(users::assign(p)))
            .rfc("RFC 7644 §3.3, §3.4.2; RFC 7643 §4.1.1")
            .tags(&["okta", "C9290", "C9334", "C9336"])
            .needs(&[Need::Users, Need::Filter])
            .defects(&["no-match-filter-404", "plus-in-query-not-decoded", "password-returned"])
            .hint("Accept Okta's create body (password, externalId, locale, groups: []), answer 201 with id, never return password, and decode + as a space in queries.")
            .writes(),
        okta("okta.assign.link-existing", "Assign a user the app already has (other letter case): Okta's lookup finds it and links", |p| Box::pin(users::link_existing(p)))
            .rfc("RFC 7643 §4.1.1 (userName caseExact=false)")
            .tags(&["okta", "C9335"])
            .needs(&[Need::Users, Need::Filter])
            .defects(&["filter-username-case-sensitive"])
            .hint("Compare userName case-insensitively in filters, or Okta creates a second account.")
            .writes(),
        okta("okta.assign.duplicate-409", "Creating an existing userName answers 409", |p| Box::pin(users::duplicate(p)))
            .rfc("RFC 7644 §3.3")
            .tags(&["okta", "C9335"])
            .needs(&[Need::Users])
            .defects(&["duplicate-usernames-allowed", "conflict-400"])
            .hint("Answer 409 (scimType uniqueness) for an existing userName; Okta shows the conflict instead of duplicating.")
            .writes(),
        okta("okta.update.put", "Profile push: GET then PUT of the whole user carrying id, meta (non-ISO dates) and password", |p| Box::pin(users::update_put(p)))
            .rfc("RFC 7644 §3.5.1")
            .tags(&["okta", "C9291", "C9310", "C9301", "C9302"])
            .needs(&[Need::Users])
            .defects(&["password-returned"])
            .hint("On PUT, ignore read-only id and meta (whatever their date format) and store but never return password.")
            .writes(),
        okta("okta.update.patch", "Profile push by PATCH: path-less replace of name and emails", |p| Box::pin(users::update_patch(p)))
            .rfc("RFC 7644 §3.5.2.3")
            .tags(&["okta", "C9291", "C9310"])
            .needs(&[Need::Users, Need::Patch])
            .defects(&["patch-replace-pathless-unsupported", "password-returned"])
            .hint("Support PATCH replace without a path: the value is an object of attributes to replace.")
            .writes(),
        okta("okta.update.push-empty", "Push empty values (C9337): an attribute left out of Okta's PUT is removed", |p| Box::pin(users::push_empty(p)))
            .rfc("RFC 7644 §3.5.1 (PUT replaces)")
            .tags(&["okta", "C9337"])
            .needs(&[Need::Users])
            .defects(&["put-keeps-omitted-attributes"])
            .hint("PUT replaces the resource: clear every writable attribute the body leaves out.")
            .writes(),
        okta("okta.deactivate.reactivate", "Deactivate and reactivate with path-less PATCH {active}; the user stays readable", |p| Box::pin(users::deactivate(p)))
            .rfc("RFC 7644 §3.5.2.3; RFC 7643 §4.1.1 (active)")
            .tags(&["okta", "C9292", "C9293", "C9294", "C9295", "C9300", "C9311"])
            .needs(&[Need::Users, Need::Patch])
            .defects(&["deactivated-user-404", "patch-replace-pathless-unsupported"])
            .hint("Keep deactivated users readable (GET /Users/{id} → 200 with active:false); Okta reactivates them later.")
            .writes(),
        okta("okta.import.users", "Import users: page with startIndex/count=100 to the end (at most 10 pages), integer counters, stable order", |p| Box::pin(import::users(p)))
            .rfc("RFC 7644 §3.4.2.4")
            .tags(&["okta", "C9303", "C9304", "C9305"])
            .needs(&[Need::Users])
            .defects(&["zero-based-start-index", "items-per-page-is-page-size"])
            .hint("Page 1-based, echo startIndex, set itemsPerPage to the number returned, and keep a stable order (e.g. by creation).")
            .writes()
            .exclusive(),
        okta("okta.import.groups", "Import groups: page with startIndex/count=100 to the end (at most 10 pages)", |p| Box::pin(import::groups(p)))
            .rfc("RFC 7644 §3.4.2.4")
            .tags(&["okta", "C9338"])
            .needs(&[Need::Groups])
            .defects(&["zero-based-start-index", "items-per-page-is-page-size"])
            .hint("Page /Groups like /Users: 1-based, itemsPerPage = number returned, stable order.")
            .writes()
            .exclusive(),
        okta("okta.groups.push", "Group Push: create empty, lookup by displayName, rename with id in the value, delete", |p| Box::pin(groups::lifecycle(p)))
            .rfc("RFC 7644 §3.3, §3.5.2.3, §3.6")
            .tags(&["okta", "C9312", "C9315", "C9318", "C9322", "C9327"])
            .needs(&[Need::Groups, Need::Patch, Need::Filter])
            .defects(&["soft-delete", "patch-replace-pathless-unsupported"])
            .hint("Accept the group's own unchanged id inside a replace value, and make DELETE final (404 afterwards).")
            .writes(),
        okta("okta.groups.members", "Group Push members: add with display, remove by members[value eq]", |p| Box::pin(groups::membership(p)))
            .rfc("RFC 7644 §3.5.2.1, §3.5.2.2")
            .tags(&["okta", "C9307", "C9308", "C9332", "C9333"])
            .needs(&[Need::Users, Need::Groups, Need::Patch])
            .defects(&["patch-ignores-value-filter"])
            .hint("Remove only the member the members[value eq \"…\"] filter selects.")
            .writes(),
        okta("okta.groups.push-now", "Push Now: replace all members, then replace with none", |p| Box::pin(groups::push_now(p)))
            .rfc("RFC 7644 §3.5.2.3")
            .tags(&["okta", "C9316", "C9317"])
            .needs(&[Need::Users, Need::Groups, Need::Patch])
            .defects(&["members-replace-unsupported"])
            .hint("Support PATCH replace of members, including with an empty list.")
            .writes(),
        okta("okta.groups.put", "Group Push by PUT: the whole group with its members, then with none", |p| Box::pin(groups::put(p)))
            .rfc("RFC 7644 §3.5.1")
            .tags(&["okta", "C9316", "C9317"])
            .needs(&[Need::Users, Need::Groups])
            .defects(&["put-keeps-omitted-attributes"])
            .hint("PUT of a group replaces its members with exactly those sent (none when empty).")
            .writes(),
    ]
}
