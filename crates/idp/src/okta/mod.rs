//! Okta: the SCIM requests its provisioning engine sends ([`shape`]) and the lifecycle scenarios
//! of `scimcheck run --profile okta`, each tagged with the Okta test-plan cases it automates
//! (`C9290`, …; see [`crate::testplan`]) and naming the pages its shapes come from.

mod entitlements;
mod groups;
mod import;
mod limits;
pub mod shape;
mod users;

pub use limits::notes;

use crate::source::*;
use scimcheck_suites::check::{Check, Need, Severity};

/// What every Okta request carries and no public page backs.
const CONTENT_TYPE: &str =
    "Okta's Content-Type `application/scim+json; charset=utf-8` on requests with a body";

/// Every Okta scenario, in lifecycle order. None needs a ServiceProviderConfig capability:
/// Okta sends its lookups, filters and PATCHes as the integration was configured, without
/// reading ServiceProviderConfig ([`OKTA_PROVISIONING_OPTIONS`], [`OKTA_OIW_PROVISIONING`]), so a
/// server that does not advertise them meets the same requests and is judged on its answers.
pub fn scenarios() -> Vec<Scenario> {
    let okta = |id, title, body| Check::new(id, title, body).severity(Severity::Interop);
    vec![
        Scenario::new(
            okta("okta.credentials", "Test API Credentials: GET /Users?startIndex=1&count=2 answers a ListResponse", |p| Box::pin(users::credentials(p)))
                .rfc("RFC 7644 §3.4.2")
                .tags(&["okta", "C9306", "C9341"])
                .needs(&[Need::Users])
                .defects(&["list-without-schemas"])
                .hint("Answer GET /Users with a ListResponse (schemas, integer totalResults, at most count resources)."),
            "`GET /Users?startIndex=1&count=2` → 200, a ListResponse with an integer totalResults and at most 2 resources",
        )
        .sources(&[OKTA_RETRIEVE_USERS, OKTA_HEADERS])
        .assumed(&["the exact query of Okta's Test API Credentials (`startIndex=1&count=2`, from Okta's Runscope SPEC test)"]),
        Scenario::new(
            okta("okta.assign.create", "Assign a new user: the lookup finds nothing (200 with an empty list, or 404), POST Okta's body gives 201 with id, the lookup finds it", |p| Box::pin(users::assign(p)))
                .rfc("RFC 7644 §3.3, §3.4.2; RFC 7643 §4.1.1")
                .tags(&["okta", "C9290", "C9334", "C9336"])
                .needs(&[Need::Users])
                .defects(&["password-returned", "user-filter-fails"])
                .hint("Accept Okta's create body (password, externalId, locale, groups: []), answer 201 with id, never return password, and answer the userName lookup.")
                .writes(),
            "`GET /Users?filter=userName%20eq%20%22…%22&startIndex=1&count=100` (no match: 200 with totalResults 0, or a 404 error body — Okta accepts both), `POST /Users` with Okta's body (`password`, `externalId`, `locale`, `groups: []`, work email) → 201 + id, the same lookup finds it; password never returned",
        )
        .sources(&[OKTA_USER_EXISTS, OKTA_CREATE_USER, OKTA_HEADERS, OKTA_PROVISIONING_OPTIONS, OKTA_OIW_PROVISIONING])
        .assumed(&[CONTENT_TYPE]),
        Scenario::new(
            okta("okta.assign.link-existing", "Assign a user the app already has (other letter case): Okta's lookup finds it and links", |p| Box::pin(users::link_existing(p)))
                .rfc("RFC 7643 §4.1.1 (userName caseExact=false)")
                .tags(&["okta", "C9335"])
                .needs(&[Need::Users])
                .defects(&["filter-username-case-sensitive"])
                .hint("Compare userName case-insensitively in filters, or Okta creates a second account.")
                .writes(),
            "the app already has the user in other letter case: Okta's lookup must find it (link, not duplicate)",
        )
        .sources(&[OKTA_USER_EXISTS, OKTA_PROVISIONING_OPTIONS, OKTA_OIW_PROVISIONING]),
        Scenario::new(
            okta("okta.assign.duplicate-409", "Creating an existing userName answers 409", |p| Box::pin(users::duplicate(p)))
                .rfc("RFC 7644 §3.3")
                .tags(&["okta", "C9335"])
                .needs(&[Need::Users])
                .defects(&["duplicate-usernames-allowed", "conflict-400"])
                .hint("Answer 409 (scimType uniqueness) for an existing userName; Okta shows the conflict instead of duplicating.")
                .writes(),
            "`POST /Users` of an existing userName → 409",
        )
        .sources(&[OKTA_CREATE_USER])
        .assumed(&[CONTENT_TYPE]),
        Scenario::new(
            okta("okta.update.put", "Profile push: GET then PUT of the whole user as read (id, meta) with the change and password", |p| Box::pin(users::update_put(p)))
                .rfc("RFC 7644 §3.5.1")
                .tags(&["okta", "C9291", "C9310", "C9301", "C9302"])
                .needs(&[Need::Users])
                .defects(&["password-returned"])
                .hint("On PUT, ignore the read-only id and meta you returned, store the change, and store but never return password.")
                .writes(),
            "`GET /Users/{id}`, then `PUT /Users/{id}` of the user as read (its `id` and `meta`) with `name`, `emails` and `password` changed → 200; the change is read back, password not",
        )
        .sources(&[OKTA_UPDATE_PUT, OKTA_UPDATE_PATCH])
        .assumed(&[CONTENT_TYPE]),
        Scenario::new(
            okta("okta.update.push-empty", "Push empty values (C9337): an attribute left out of Okta's PUT is removed", |p| Box::pin(users::push_empty(p)))
                .rfc("RFC 7644 §3.5.1 (PUT replaces)")
                .tags(&["okta", "C9337"])
                .needs(&[Need::Users])
                .defects(&["put-keeps-omitted-attributes"])
                .hint("PUT replaces the resource: clear every writable attribute the body leaves out.")
                .writes(),
            "an attribute cleared in Okta is left out of the GET + PUT; it must be gone",
        )
        .sources(&[OKTA_UPDATE_PUT, OKTA_TEST_PLAN])
        .assumed(&["Okta leaving a cleared attribute out of the PUT (rather than sending it empty)", CONTENT_TYPE]),
        Scenario::new(
            okta("okta.deactivate.reactivate", "OIN apps: deactivate and reactivate with path-less PATCH {active}; the user stays readable", |p| Box::pin(users::deactivate(p)))
                .rfc("RFC 7644 §3.5.2.3; RFC 7643 §4.1.1 (active)")
                .tags(&["okta", "C9292", "C9293", "C9294", "C9295", "C9300", "C9311"])
                .needs(&[Need::Users])
                .defects(&["deactivated-user-404", "patch-replace-pathless-unsupported"])
                .hint("Keep deactivated users readable (GET /Users/{id} → 200 with active:false); Okta reactivates them later.")
                .writes(),
            "`{\"op\":\"replace\",\"value\":{\"active\":false}}` (no path) → 200/204; GET → 200 with active false; the same with true",
        )
        .sources(&[OKTA_UPDATE_PATCH, OKTA_DELETE_USERS, OKTA_OIW_PROVISIONING])
        .assumed(&["the reactivation body mirroring the documented deactivation body with `true`", CONTENT_TYPE]),
        Scenario::new(
            okta("okta.deactivate.put", "Wizard-built apps: deactivate and reactivate by GET then PUT of the whole user with active", |p| Box::pin(users::deactivate_put(p)))
                .rfc("RFC 7644 §3.5.1; RFC 7643 §4.1.1 (active)")
                .tags(&["okta", "C9292", "C9293"])
                .needs(&[Need::Users])
                .defects(&["deactivated-user-404"])
                .hint("Accept a PUT that only changes active, and keep deactivated users readable for the next GET + PUT.")
                .writes(),
            "`GET /Users/{id}`, `PUT /Users/{id}` of the user as read with `active: false` → 200; GET → 200 with active false; the same with true",
        )
        .sources(&[OKTA_DELETE_USERS, OKTA_UPDATE_PATCH, OKTA_UPDATE_PUT])
        .assumed(&[CONTENT_TYPE]),
        Scenario::new(
            okta("okta.import.users", "Import users: page with startIndex/count=100 to the end (at most 10 pages), integer counters, stable order", |p| Box::pin(import::users(p)))
                .rfc("RFC 7644 §3.4.2.4")
                .tags(&["okta", "C9303", "C9304", "C9305"])
                .needs(&[Need::Users])
                .defects(&["zero-based-start-index", "items-per-page-is-page-size"])
                .hint("Page 1-based, echo startIndex, set itemsPerPage to the number returned, and keep a stable order (e.g. by creation).")
                .writes()
                .exclusive(),
            "`GET /Users?startIndex=N&count=100` to the end (at most 10 pages; stopping there is a note, not a failure), twice: integer counters, `startIndex` echoed, `itemsPerPage` = returned, no duplicates, same order",
        )
        .sources(&[OKTA_RETRIEVE_USERS]),
        Scenario::new(
            okta("okta.import.groups", "Import groups: page with startIndex/count=100 to the end (at most 10 pages)", |p| Box::pin(import::groups(p)))
                .rfc("RFC 7644 §3.4.2.4")
                .tags(&["okta", "C9338"])
                .needs(&[Need::Groups])
                .defects(&["zero-based-start-index", "items-per-page-is-page-size"])
                .hint("Page /Groups like /Users: 1-based, itemsPerPage = number returned, stable order.")
                .writes()
                .exclusive(),
            "the same for `/Groups`",
        )
        .sources(&[OKTA_RETRIEVE_GROUPS]),
        Scenario::new(
            okta("okta.groups.push", "Group Push: create empty, lookup by displayName, rename with id in the value, delete", |p| Box::pin(groups::lifecycle(p)))
                .rfc("RFC 7644 §3.3, §3.5.2.3, §3.6")
                .tags(&["okta", "C9312", "C9315", "C9318", "C9322", "C9327"])
                .needs(&[Need::Groups])
                .defects(&["soft-delete", "patch-replace-pathless-unsupported"])
                .hint("Accept the group's own unchanged id inside a replace value, and make DELETE final (404 afterwards).")
                .writes(),
            "`POST /Groups` with `members: []`, lookup `displayName%20eq%20%22…%22`, rename with `{\"op\":\"replace\",\"value\":{\"id\":…,\"displayName\":…}}`, DELETE → 204, GET → 404",
        )
        .sources(&[OKTA_CREATE_GROUPS, OKTA_RETRIEVE_GROUPS, OKTA_GROUP_NAME, OKTA_DELETE_GROUP, OKTA_OIW_PROVISIONING])
        .assumed(&[CONTENT_TYPE]),
        Scenario::new(
            okta("okta.groups.members", "Group Push members: one PATCH removing by members[value eq] and adding with display, each followed by the rename repeating the name", |p| Box::pin(groups::membership(p)))
                .rfc("RFC 7644 §3.5.2.1, §3.5.2.2")
                .tags(&["okta", "C9307", "C9308", "C9332", "C9333"])
                .needs(&[Need::Users, Need::Groups])
                .defects(&["patch-ignores-value-filter", "patch-replace-pathless-unsupported"])
                .hint("Apply a remove by members[value eq \"…\"] and an add in one PATCH, and accept a rename to the unchanged name.")
                .writes(),
            "PATCH `add` of two `members` (`value` + `display`) and the rename repeating the unchanged name; then one PATCH `remove` of `members[value eq \"…\"]` + `add` of another, and the rename again; exactly the expected members remain",
        )
        .sources(&[OKTA_GROUP_MEMBERS, OKTA_GROUP_NAME, OKTA_OIW_PROVISIONING])
        .assumed(&[CONTENT_TYPE]),
        Scenario::new(
            okta("okta.groups.readd", "A membership push repeated: adding a member the group already has succeeds and changes nothing", |p| Box::pin(groups::readd(p)))
                .rfc("RFC 7644 §3.5.2.1 (a value already there: no change, success)")
                .tags(&["okta"])
                .needs(&[Need::Users, Need::Groups])
                .defects(&["member-readd-conflict"])
                .hint("Answer an add of an existing member with success (200/204) and change nothing; a 409 fails the push.")
                .writes(),
            "PATCH `add` of a member (with `display`) and the rename, twice → 2xx both times; the member is there once",
        )
        .sources(&[OKTA_GROUP_MEMBERS, MEMBER_READD, OKTA_OIW_PROVISIONING])
        .assumed(&["Okta sending an add for a member the group already has (a retry or a repeated push)", CONTENT_TYPE]),
        Scenario::new(
            okta("okta.groups.push-now", "Push Now: replace all members, then replace with none", |p| Box::pin(groups::push_now(p)))
                .rfc("RFC 7644 §3.5.2.3")
                .tags(&["okta", "C9316", "C9317"])
                .needs(&[Need::Users, Need::Groups])
                .defects(&["members-replace-unsupported"])
                .hint("Support PATCH replace of members, including with an empty list.")
                .writes(),
            "Push Now: `replace` of all `members`, then with `[]`",
        )
        .sources(&[OKTA_GROUP_MEMBERS, OKTA_OIW_PROVISIONING])
        .assumed(&["Okta pushing an empty group as a `replace` of `members` with `[]`", CONTENT_TYPE]),
        Scenario::new(
            okta("okta.groups.put", "Wizard-built apps' Group Push: PUT of the whole group with its members, then with none", |p| Box::pin(groups::put(p)))
                .rfc("RFC 7644 §3.5.1")
                .tags(&["okta", "C9316", "C9317"])
                .needs(&[Need::Users, Need::Groups])
                .defects(&["put-keeps-omitted-attributes"])
                .hint("PUT of a group replaces its members with exactly those sent (none when empty).")
                .writes(),
            "`PUT /Groups/{id}` with `schemas`, `displayName` and `members` (no `id`), then with `members: []`",
        )
        .sources(&[OKTA_GROUP_MEMBERS, OKTA_GROUP_NAME, OKTA_GROUP_PUT_CONFLICT])
        .assumed(&["Okta pushing an empty group by PUT as `members: []`", CONTENT_TYPE]),
        Scenario::new(
            okta("okta.entitlements.discover", "Entitlement discovery: /ResourceTypes, /Schemas, then every value of each Role and Entitlement resource type, each with id and displayName (and type)", |p| Box::pin(entitlements::discover(p)))
                .rfc("RFC 7644 §4, §3.4.2.4; Okta's Role and Entitlement schemas")
                .tags(&["okta", "entitlements"])
                .defects(&["entitlement-values-without-display-name"])
                .hint("List each catalog as a ResourceType whose schema is urn:okta:scim:schemas:core:1.0:Role or :Entitlement, and serve its values with id, displayName and (entitlements) type = the ResourceType's name."),
            "`GET /ResourceTypes` (keeps the types whose `schema` is Okta's Role or Entitlement URN; none: skipped), `GET /Schemas` (200, or 404 when there are no extensions), then each catalog's `GET {endpoint}?count=100&startIndex=N` to the end: every value has `id`, `displayName`, and for entitlements `type` = the ResourceType's name",
        )
        .sources(&[OKTA_ENTITLEMENT_CALLS, OKTA_ENTITLEMENT_SCHEMAS, OKTA_ENTITLEMENTS_WORKSHOP, OKTA_HEADERS])
        .assumed(&["the page size of Okta's catalog reads (`count=100`, as its user import)"]),
        Scenario::new(
            okta("okta.entitlements.first-page", "Okta's Entitlements test: GET {endpoint}?count=1&startIndex=1 on each catalog answers one value in a ListResponse", |p| Box::pin(entitlements::first_page(p)))
                .rfc("RFC 7644 §3.4.2, §3.4.2.4")
                .tags(&["okta", "entitlements"])
                .defects(&["entitlement-catalog-unpaged"])
                .hint("Honour count and startIndex on the catalog endpoints (/Roles, /Entitlements…): count=1 answers one value and itemsPerPage 1."),
            "per catalog, `GET {endpoint}?count=1&startIndex=1` → 200, `schemas` lists the ListResponse URN, numeric `totalResults` and `startIndex`, `itemsPerPage` 1, non-empty `Resources`",
        )
        .sources(&[OKTA_ENTITLEMENTS_TEST, OKTA_ENTITLEMENT_CALLS, OKTA_HEADERS]),
        Scenario::new(
            okta("okta.entitlements.assign", "Assign with entitlements: POST of Okta's create body with roles and entitlements; the user reads and lists with them", |p| Box::pin(entitlements::assign(p)))
                .rfc("RFC 7643 §4.1.2 (roles, entitlements); RFC 7644 §3.3")
                .tags(&["okta", "entitlements"])
                .needs(&[Need::Users])
                .defects(&["user-grants-dropped"])
                .hint("Store the roles and entitlements a created user carries (value, display, type) and return them on GET.")
                .writes(),
            "`POST /Users` with Okta's create body plus `roles: [{value, display}]` and `entitlements: [{value, display, type}]` (the first value of each catalog) → 201; `GET /Users/{id}` and Okta's `userName` lookup show exactly those values",
        )
        .sources(&[OKTA_ENTITLEMENT_USERS, OKTA_CREATE_USER, OKTA_USER_EXISTS, OKTA_HEADERS])
        .assumed(&["Okta sending the grants in the create itself when entitlements are assigned with the app", CONTENT_TYPE]),
        Scenario::new(
            okta("okta.entitlements.grant-revoke", "Grant then revoke after assignment: GET + PUT of the user with roles and entitlements, then with none; each change reads back", |p| Box::pin(entitlements::grant_and_revoke(p)))
                .rfc("RFC 7644 §3.5.1 (PUT replaces)")
                .tags(&["okta", "entitlements"])
                .needs(&[Need::Users])
                .defects(&["put-merges-grants", "user-grants-dropped"])
                .hint("A PUT replaces roles and entitlements with exactly those sent: a value left out (or an empty list) is revoked.")
                .writes(),
            "`POST /Users` (Okta's create), `GET` + `PUT /Users/{id}` of the user as read with `roles` and `entitlements` → 200, read back; `GET` + `PUT` with `roles: []` and `entitlements: []` → 200; nothing is left",
        )
        .sources(&[OKTA_ENTITLEMENTS_WORKSHOP, OKTA_ENTITLEMENT_USERS, OKTA_UPDATE_PUT])
        .assumed(&["Okta revoking the last grant with an empty list (rather than leaving the attribute out)", CONTENT_TYPE]),
    ]
}
