//! Microsoft Entra ID: the SCIM requests its provisioning service sends ([`shape`]) and the
//! lifecycle scenarios of `scimcheck run --profile entra` (with the `aadOptscim062020` flag, the
//! SCIM-compliant shapes) and `--profile entra-legacy` (without it). A scenario never mixes the
//! two modes: the shapes the flag changes come from the mode, the others are the same in both.

mod groups;
pub mod shape;
mod users;

use crate::source::*;
use scimcheck_suites::check::{Body, Check, Need, Severity};
use shape::Mode;

/// The scenario id `rest` under the mode's profile name (`entra.…` or `entra-legacy.…`).
macro_rules! id {
    ($mode:expr, $rest:literal) => {
        match $mode {
            Mode::Compliant => concat!("entra.", $rest),
            Mode::Legacy => concat!("entra-legacy.", $rest),
        }
    };
}

/// The body running `scenario(probe, mode)`: one function pointer per mode, since a check body
/// captures nothing.
macro_rules! by_mode {
    ($mode:expr, $scenario:path) => {{
        let compliant: Body = |p| Box::pin($scenario(p, Mode::Compliant));
        let legacy: Body = |p| Box::pin($scenario(p, Mode::Legacy));
        match $mode {
            Mode::Compliant => compliant,
            Mode::Legacy => legacy,
        }
    }};
}

/// The headers no public page backs.
const HEADERS: &str = "Entra's headers: no User-Agent, `Accept: application/scim+json`, `Content-Type: application/scim+json`";

/// Every Entra scenario of `mode`, in lifecycle order. None needs a ServiceProviderConfig
/// capability or the enterprise extension in /ResourceTypes: Entra sends its filters and
/// PATCHes as requirements of the endpoint ([`ENTRA_REQUIREMENTS`], [`ENTRA_GROUP_PATCH`]) and
/// the attributes its mappings hold, enterprise ones included ([`ENTRA_ATTRIBUTE_LIST`]),
/// without reading the server's discovery endpoints; a server is judged on its answers.
pub fn scenarios(mode: Mode) -> Vec<Scenario> {
    let entra = |id, title, body| {
        Check::new(id, title, body)
            .severity(Severity::Interop)
            .tags(&["entra"])
    };
    let op_case: &'static [&'static str] = match mode {
        Mode::Compliant => &[
            "patch-replace-pathless-unsupported",
            "patch-ignores-value-filter",
        ],
        Mode::Legacy => &["patch-rejects-capitalized-op", "patch-ignores-value-filter"],
    };
    const CAPITALISED: &[&str] = &["patch-rejects-capitalized-op"];
    vec![
        Scenario::new(
            entra(id!(mode, "connection"), "Test connection: a +-encoded filter on a random GUID userName answers 200 with an empty ListResponse", |p| Box::pin(users::connection(p)))
                .rfc("RFC 7644 §3.4.2")
                .needs(&[Need::Users])
                .defects(&["no-match-filter-404", "list-without-schemas", "plus-in-query-not-decoded"])
                .hint("Answer a filter that matches nothing with 200 and an empty ListResponse (never 404), decode + as a space, whatever Accept says."),
            "`GET /Users?filter=userName+eq+%22<random GUID>%22` with `Accept: application/json` → 200, empty ListResponse",
        )
        .sources(&[ENTRA_ZERO_RESULTS, ENTRA_PLUS_LOOKUP, ENTRA_REQUIREMENTS])
        .assumed(&["`Accept: application/json` on Test Connection"]),
        Scenario::new(
            entra(id!(mode, "users.matching"), "Matching: externalId eq and userName eq lookups (+-encoded) find nothing, POST creates, both lookups then find the user", |p| Box::pin(users::matching(p)))
                .rfc("RFC 7644 §3.4.2.2, §3.3")
                .needs(&[Need::Users])
                .defects(&["plus-in-query-not-decoded", "no-match-filter-404"])
                .hint("Answer userName eq and externalId eq filters (with + for spaces) with a ListResponse; an empty one when nothing matches.")
                .writes(),
            "`GET /Users?filter=externalId+eq+%22…%22` and `…userName+eq+%22…%22` → 200, totalResults 0; `POST /Users`; both lookups → the new user",
        )
        .sources(&[ENTRA_REQUIREMENTS, ENTRA_PLUS_LOOKUP, ENTRA_ZERO_RESULTS, ENTRA_CREATE_USER])
        .assumed(&["the `+` encoding of `externalId` lookups (the capture shows userName lookups)", HEADERS]),
        Scenario::new(
            entra(id!(mode, "users.create"), "Create with the enterprise extension; the same userName again answers 409", |p| Box::pin(users::create_enterprise(p)))
                .rfc("RFC 7644 §3.3; RFC 7643 §4.3")
                .needs(&[Need::Users])
                .defects(&["duplicate-usernames-allowed", "conflict-400"])
                .hint("Store the enterprise extension and answer 409 (uniqueness) for an existing userName.")
                .writes(),
            "`POST /Users` with the enterprise extension (employeeNumber, department), work + home emails; read back; again → 409",
        )
        .sources(&[ENTRA_CREATE_USER, ENTRA_ATTRIBUTE_LIST])
        .assumed(&["a second POST of an existing userName (Entra matches first; this checks the 409 it would then read)", "the create body's `displayName`, `title`, home email and enterprise values (the tutorial's body has the core attributes and lists the enterprise schema); every Entra scenario creates users with it", HEADERS]),
        Scenario::new(
            entra(id!(mode, "users.create-nulls"), "Create with explicit nulls: null attributes are unassigned", |p| Box::pin(users::create_nulls(p)))
                .rfc("RFC 7643 §2.5 (null is unassigned)")
                .needs(&[Need::Users])
                .defects(&["null-values-rejected"])
                .hint("Treat a null value as 'no value' instead of rejecting the request.")
                .writes(),
            "`POST /Users` with explicit nulls (`title`, `name.middleName`, enterprise `department` and `costCenter`): unassigned",
        )
        .sources(&[ENTRA_CREATE_USER, ENTRA_ATTRIBUTE_LIST, ENTRA_DEFAULT_MAPPING])
        .assumed(&["Entra sending unmapped attributes as explicit nulls in a create", HEADERS]),
        Scenario::new(
            entra(id!(mode, "users.update"), "Update several attributes and add a single-valued one, in the mode's PATCH shapes", by_mode!(mode, users::update))
                .rfc("RFC 7644 §3.5.2")
                .needs(&[Need::Users])
                .defects(op_case)
                .hint("Compare op case-insensitively, apply a valuePath filter to the matching values only, and read each key of a path-less replace as an attribute path (name.givenName, urn:…:employeeNumber).")
                .writes(),
            match mode {
                Mode::Compliant => "`replace` of `emails[type eq \"work\"].value` plus one path-less `replace` with keys `displayName`, `name.givenName`, `name.familyName`, `urn:…:User:employeeNumber`; then `add` of `title` (not set before); only the work email changes",
                Mode::Legacy => "one `Replace` per path: `emails[type eq \"work\"].value`, `displayName`, `name.givenName`, `name.familyName`, `urn:…:User:employeeNumber`; then `Add` of `title` (not set before); only the work email changes",
            },
        )
        .sources(&[ENTRA_FLAG, ENTRA_REQUIREMENTS, ENTRA_ATTRIBUTE_LIST, ENTRA_DEFAULT_MAPPING])
        .assumed(&[HEADERS]),
        Scenario::new(
            entra(id!(mode, "users.add-filtered"), "Add through filtered paths that match nothing creates the entries: a work address (two sub-attributes), a mobile number", by_mode!(mode, users::add_filtered))
                .rfc("RFC 7644 §3.5.2.1 (add through a valuePath)")
                .needs(&[Need::Users])
                .defects(match mode {
                    Mode::Compliant => &["patch-add-filtered-path-unsupported"],
                    Mode::Legacy => &["patch-add-filtered-path-unsupported", "patch-rejects-capitalized-op"],
                })
                .hint("An add through addresses[type eq \"work\"].formatted with no work address creates one; a second add through the same filter fills the same entry.")
                .writes(),
            match mode {
                Mode::Compliant => "one PATCH: `add` of `addresses[type eq \"work\"].formatted` and `….locality` (no work address yet) and of `phoneNumbers[type eq \"mobile\"].value` (only a work number): one work address with both, one mobile number, the work number kept",
                Mode::Legacy => "one PATCH: `Add` of `addresses[type eq \"work\"].formatted` and `….locality` (no work address yet) and of `phoneNumbers[type eq \"mobile\"].value` (only a work number): one work address with both, one mobile number, the work number kept",
            },
        )
        .sources(&[ENTRA_ADD_FILTERED_ADDRESS, ENTRA_ADD_SAME_FILTER, ENTRA_ADD_MOBILE, ENTRA_REQUIREMENTS])
        .assumed(&["the three adds in one PATCH (the captures show them separately or two at a time)", HEADERS]),
        Scenario::new(
            entra(id!(mode, "users.rename"), "Replace of userName; the +-encoded lookup of the new name finds the user", |p| Box::pin(users::rename(p)))
                .rfc("RFC 7644 §3.5.2.3")
                .needs(&[Need::Users])
                .defects(&["patch-rejects-capitalized-op", "plus-in-query-not-decoded"])
                .hint("Accept Replace of userName and find the user by its new name.")
                .writes(),
            "`{\"op\":\"Replace\",\"path\":\"userName\",\"value\":…}`; `GET /Users?filter=userName+eq+%22<new>%22` → the user",
        )
        .sources(&[ENTRA_SINGLE_VALUED, ENTRA_PLUS_LOOKUP, ENTRA_REQUIREMENTS])
        .assumed(&[HEADERS]),
        Scenario::new(
            entra(id!(mode, "users.manager"), "Manager set (bare id), changed and cleared through the enterprise URN path", |p| Box::pin(users::manager(p)))
                .rfc("RFC 7643 §4.3 (manager)")
                .needs(&[Need::Users])
                .defects(CAPITALISED)
                .hint("Accept Entra's manager as a bare id string (store it as manager.value) and Remove of the manager path.")
                .writes(),
            "`Add` of `urn:…:User:manager` with a bare id, again with another, `Remove` of it",
        )
        .sources(&[ENTRA_REQUIREMENTS, ENTRA_ATTRIBUTE_LIST])
        .assumed(&["the manager shapes: `Add` with a bare id and `Remove` without a value", HEADERS]),
        Scenario::new(
            entra(id!(mode, "users.disable"), "Disable in the mode's shape; still readable; DELETE removes it", by_mode!(mode, users::disable))
                .rfc("RFC 7643 §4.1.1 (active); RFC 7644 §3.6")
                .needs(&[Need::Users])
                .defects(match mode {
                    Mode::Compliant => &["deactivated-user-404", "soft-delete"],
                    Mode::Legacy => &["patch-rejects-string-booleans", "deactivated-user-404", "soft-delete"],
                })
                .hint("Keep disabled users readable (200, active:false) until Entra deletes them, then 404; accept \"False\" for active from Entra without the flag.")
                .writes(),
            match mode {
                Mode::Compliant => "`{\"op\":\"replace\",\"path\":\"active\",\"value\":false}`; GET → 200 active false; DELETE → 204; GET → 404",
                Mode::Legacy => "`{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}`; GET → 200 active false; DELETE → 204; GET → 404",
            },
        )
        .sources(&[ENTRA_FLAG, ENTRA_REQUIREMENTS, ENTRA_DELETE_USER])
        .assumed(&[HEADERS]),
        Scenario::new(
            entra(id!(mode, "users.clear"), "Replace with an empty string and with null clears attributes", |p| Box::pin(users::clear(p)))
                .rfc("RFC 7644 §3.5.2.3")
                .needs(&[Need::Users])
                .defects(CAPITALISED)
                .hint("Treat \"\" and null in a replace as removing the value.")
                .writes(),
            "`Replace` of `title` with `\"\"` and of `urn:…:User:department` with `null` clears them",
        )
        .sources(&[ENTRA_REQUIREMENTS, ENTRA_DEFAULT_MAPPING])
        .assumed(&["Entra clearing an attribute by `Replace` with `\"\"` or `null`", HEADERS]),
        Scenario::new(
            entra(id!(mode, "users.pagination"), "Paging with count=5 over 11 new users (filtered to them): pages of at most 5, right counters, each user seen once", |p| Box::pin(users::pagination(p)))
                .rfc("RFC 7644 §3.4.2.4")
                .needs(&[Need::Users])
                .defects(&["count-ignored", "zero-based-start-index", "items-per-page-is-page-size"])
                .hint("Honour count, page 1-based, and set itemsPerPage to the number returned.")
                .writes(),
            "11 new users, `GET /Users?filter=userName sw \"<batch>-\"&startIndex=N&count=5` to the end: ≤ 5 per page, itemsPerPage, totals, each user seen once",
        )
        .sources(&[ENTRA_REQUIREMENTS])
        .assumed(&["the page size `count=5` (Microsoft requires paging but documents no page size)", HEADERS]),
        Scenario::new(
            entra(id!(mode, "groups.reads"), "Group created without members, found by a displayName with spaces with excludedAttributes=members, read without members", |p| Box::pin(groups::reads(p)))
                .rfc("RFC 7644 §3.4.2.5, §3.9")
                .needs(&[Need::Users, Need::Groups])
                .defects(&["excluded-attributes-param-ignored", "plus-in-query-not-decoded"])
                .hint("Honour excludedAttributes=members (Entra reads groups this way) and decode + as a space in filters.")
                .writes(),
            "`POST /Groups` without members, `GET /Groups?excludedAttributes=members&filter=displayName+eq+%22…+Entra+Group%22`, `Add` a member as `{\"$ref\":null,\"value\":…}`, `GET /Groups/{id}?excludedAttributes=members` has no members",
        )
        .sources(&[ENTRA_GROUP_OPERATIONS, ENTRA_FLAG, ENTRA_GROUP_PATCH])
        .assumed(&["the `+` encoding of group lookups (the capture shows user lookups)", HEADERS]),
        Scenario::new(
            entra(id!(mode, "groups.members"), "Members added with $ref null, removed one by one in the mode's shape", by_mode!(mode, groups::membership))
                .rfc("RFC 7644 §3.5.2.1, §3.5.2.2")
                .needs(&[Need::Users, Need::Groups])
                .defects(match mode {
                    Mode::Compliant => &["patch-ignores-value-filter"],
                    Mode::Legacy => CAPITALISED,
                })
                .hint("Accept Add of members with \"$ref\": null, and both removal shapes: a members[value eq] path and a members value array.")
                .writes(),
            match mode {
                Mode::Compliant => "`Add` of two `members` (`{\"$ref\":null,\"value\":…}`), then `{\"op\":\"remove\",\"path\":\"members[value eq \\\"…\\\"]\"}` for each",
                Mode::Legacy => "`Add` of two `members` (`{\"$ref\":null,\"value\":…}`), then `{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":…}]}` for each",
            },
        )
        .sources(&[ENTRA_GROUP_OPERATIONS, ENTRA_FLAG, ENTRA_GROUP_PATCH])
        .assumed(&[HEADERS]),
        Scenario::new(
            entra(id!(mode, "groups.readd"), "A member add repeated: adding a member the group already has succeeds and changes nothing", |p| Box::pin(groups::readd(p)))
                .rfc("RFC 7644 §3.5.2.1 (a value already there: no change, success)")
                .needs(&[Need::Users, Need::Groups])
                .defects(&["member-readd-conflict", "patch-rejects-capitalized-op"])
                .hint("Answer an add of an existing member with success (200/204) and change nothing; a 409 fails the membership update.")
                .writes(),
            "`Add` of `members` `{\"$ref\":null,\"value\":…}` twice → 2xx both times; the member is there once",
        )
        .sources(&[ENTRA_GROUP_OPERATIONS, MEMBER_READD, ENTRA_GROUP_PATCH])
        .assumed(&[HEADERS]),
        Scenario::new(
            entra(id!(mode, "groups.several"), "One PATCH with several changes: rename, add a member, remove another", by_mode!(mode, groups::several))
                .rfc("RFC 7644 §3.5.2 (operations in order, atomically)")
                .needs(&[Need::Users, Need::Groups])
                .defects(match mode {
                    Mode::Compliant => &["patch-ignores-value-filter"],
                    Mode::Legacy => CAPITALISED,
                })
                .hint("Apply every operation of one PATCH in order.")
                .writes(),
            "one PATCH: `Replace` displayName, `Add` one member, remove another in the mode's shape",
        )
        .sources(&[ENTRA_GROUP_OPERATIONS, ENTRA_FLAG, ENTRA_GROUP_PATCH])
        .assumed(&["Entra combining a rename and member changes in one PATCH", HEADERS]),
    ]
}
