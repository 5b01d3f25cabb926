//! OneLogin: the SCIM requests its "SCIM Provisioner with SAML (SCIM v2 Enterprise)" connector
//! sends ([`shape`]) and the lifecycle scenarios of `scimcheck run --profile onelogin`.
//!
//! OneLogin documents the calls it makes and publishes a sample server that answers them; a
//! server's log of OneLogin's requests shows their URLs, encoding and headers. The user body is
//! whatever the app's SCIM JSON template renders, so the profile sends a published template.
//!
//! No source shows OneLogin reading ServiceProviderConfig, and its documented flow looks users
//! up with a filter and changes memberships with PATCH as a matter of course, so no scenario
//! waits for those capabilities to be advertised: like Okta's and Entra's, they are sent and
//! judged whatever the server advertises. The enterprise extension stays a need: the template
//! carries it, and an app for a server whose /ResourceTypes lists none would use a template
//! without it.

mod groups;
pub mod shape;
mod users;

use crate::source::*;
use scimcheck_suites::check::{Check, Need, Severity};

/// The headers no capture shows on every request.
const HEADERS: &str = "OneLogin's headers on every request: `Accept: application/json`, an empty User-Agent, `Content-Type: application/scim+json` with a body (the log shows the last two on a group PATCH)";
/// The trailing `?` no capture shows on this request.
const BARE_PATHS: &str =
    "the trailing `?` on POST, GET by id and DELETE paths (logged on PUT and PATCH)";
/// The template the profile renders.
const TEMPLATE: &str = "the rendered template's `active` as a JSON boolean (the sample server reads `active` from the PUT body; templates differ per app)";

/// Every OneLogin scenario, in lifecycle order.
pub fn scenarios() -> Vec<Scenario> {
    let onelogin = |id, title, body| {
        Check::new(id, title, body)
            .severity(Severity::Interop)
            .tags(&["onelogin"])
    };
    vec![
        Scenario::new(
            onelogin("onelogin.connection", "Enable: the +-encoded lookup of a userName that does not exist answers an empty list (or 404)", |p| Box::pin(users::connection(p)))
                .rfc("RFC 7644 §3.4.2")
                .needs(&[Need::Users])
                .defects(&["plus-in-query-not-decoded", "user-filter-fails"])
                .hint("Decode + as a space in the filter and answer a lookup that matches nothing with 200 and an empty ListResponse (OneLogin also takes a 404)."),
            "`GET /Users?filter=userName+eq+%22<random>%22&` → 200 with totalResults 0, or 404",
        )
        .sources(&[ONELOGIN_API_FLOW, ONELOGIN_CAPTURE])
        .assumed(&[HEADERS]),
        Scenario::new(
            onelogin("onelogin.users.provision", "Provision: the lookup finds nothing, POST of the rendered template creates the user, the lookup then finds it", |p| Box::pin(users::provision(p)))
                .rfc("RFC 7644 §3.3, §3.4.2; RFC 7643 §4.3")
                .needs(&[Need::Users, Need::EnterpriseUser])
                .defects(&["plus-in-query-not-decoded", "enterprise-extension-dropped", "user-creation-fails"])
                .hint("Create the user from OneLogin's template (core and enterprise schemas) with 201 and an id, store the enterprise attributes, and find it by the +-encoded userName lookup.")
                .writes(),
            "`GET /Users?filter=userName+eq+%22…%22&` (200 empty or 404), `POST /Users?` with the template (both schemas, name, title, work email, `active`, enterprise department) → 201 + id; the lookup → the user; its department is stored",
        )
        .sources(&[ONELOGIN_API_FLOW, ONELOGIN_CAPTURE, ONELOGIN_TEMPLATE])
        .assumed(&[TEMPLATE, BARE_PATHS, HEADERS]),
        Scenario::new(
            onelogin("onelogin.users.update", "Update: the lookup finds the user, PUT of the rendered template with changed values; the read shows them", |p| Box::pin(users::update(p)))
                .rfc("RFC 7644 §3.5.1")
                .needs(&[Need::Users, Need::EnterpriseUser])
                .defects(&["plus-in-query-not-decoded", "enterprise-extension-dropped"])
                .hint("Accept a PUT of the whole template (no id, no meta) at /Users/{id}? and store every attribute it carries, enterprise ones included.")
                .writes(),
            "`GET /Users?filter=userName+eq+%22…%22&` → the user, `PUT /Users/{id}?` of the template with a new givenName, title and department → 200; GET shows all three",
        )
        .sources(&[ONELOGIN_CAPTURE, ONELOGIN_SAMPLE, ONELOGIN_TEMPLATE])
        .assumed(&[TEMPLATE, HEADERS]),
        Scenario::new(
            onelogin("onelogin.users.suspend", "Suspend and reactivate: PUT of the template with active false, then true; the suspended user stays readable", |p| Box::pin(users::suspend(p)))
                .rfc("RFC 7644 §3.5.1; RFC 7643 §4.1.1 (active)")
                .needs(&[Need::Users])
                .defects(&["deactivated-user-404"])
                .hint("Keep a suspended user (active false) readable and writable at its id: OneLogin reactivates it by a PUT there.")
                .writes(),
            "`PUT /Users/{id}?` of the template with `active: false` → 200, GET → 200 active false; the same with `true`",
        )
        .sources(&[ONELOGIN_TEST, ONELOGIN_SAMPLE, ONELOGIN_CAPTURE])
        .assumed(&["suspension and reactivation sent as the template PUT with `active` (no log shows one)", TEMPLATE, HEADERS]),
        Scenario::new(
            onelogin("onelogin.users.delete", "Delete: DELETE answers 200 or 204, the user is gone, also from the group it was in", |p| Box::pin(users::delete(p)))
                .rfc("RFC 7644 §3.6")
                .needs(&[Need::Users, Need::Groups])
                .defects(&["soft-delete", "delete-keeps-memberships"])
                .hint("Make DELETE final: the user answers 404 afterwards and leaves every group's members.")
                .writes(),
            "a member of a group: `DELETE /Users/{id}?` → 200 or 204; GET → 404; the group's members no longer list it",
        )
        .sources(&[ONELOGIN_TEST, ONELOGIN_SAMPLE, ONELOGIN_API_FLOW])
        .assumed(&[BARE_PATHS, HEADERS]),
        Scenario::new(
            onelogin("onelogin.groups.entitlements", "Refresh Entitlements: a group created by POST is among the groups GET /Groups lists", |p| Box::pin(groups::entitlements(p)))
                .rfc("RFC 7644 §3.3, §3.4.2")
                .needs(&[Need::Groups])
                .defects(&["group-creation-fails"])
                .hint("Create groups from {schemas, displayName} and list every group at GET /Groups (OneLogin offers only the groups listed there).")
                .writes(),
            "`POST /Groups?` with `schemas` and `displayName` → 201 + id; `GET /Groups?` (then `startIndex` while more remain, at most 10 pages) lists it",
        )
        .sources(&[ONELOGIN_API_FLOW, ONELOGIN_SAMPLE])
        .assumed(&["paging the group list with `startIndex` when one page does not hold every group (the sample returns all groups at once)", BARE_PATHS, HEADERS]),
        Scenario::new(
            onelogin("onelogin.groups.members", "Members added one PATCH each with {\"value\": id}, then one removed by a remove of members with a value list", |p| Box::pin(groups::members(p)))
                .rfc("RFC 7644 §3.5.2.1, §3.5.2.2")
                .needs(&[Need::Users, Need::Groups])
                .defects(&["members-remove-value-ignored"])
                .hint("Add a member from {\"value\": id} alone, and remove only the members a remove of members lists in its value.")
                .writes(),
            "`PATCH /Groups/{id}?` `{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":…}]}` for two users, one request each; then `{\"op\":\"remove\",\"path\":\"members\",\"value\":[{\"value\":…}]}` for the first: only the second remains",
        )
        .sources(&[ONELOGIN_CAPTURE, ONELOGIN_SAMPLE, ONELOGIN_API_FLOW])
        .assumed(&["the add body beyond its size (the logged 165 bytes are this body with a 36-character id; `add` and `Add` have the same size)", "the removal: `remove` of `members` with a value list, mirroring the add", HEADERS]),
    ]
}
