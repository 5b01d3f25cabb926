//! Microsoft Entra ID: the SCIM requests its provisioning service sends ([`shape`]) and the
//! lifecycle scenarios of `scimcheck run --profile entra`.

mod groups;
pub mod shape;
mod users;

use scimcheck_suites::check::{Check, Need, Severity};

/// Every Entra scenario, in lifecycle order.
pub fn scenarios() -> Vec<Check> {
    let entra = |id, title, body| {
        Check::new(id, title, body)
            .severity(Severity::Interop)
            .tags(&["entra"])
    };
    const CAPITALISED: &[&str] = &["patch-rejects-capitalized-op"];
    vec![
        entra("entra.connection", "Test connection: filter on a random GUID userName answers 200 with an empty ListResponse", |p| Box::pin(users::connection(p)))
            .rfc("RFC 7644 §3.4.2")
            .needs(&[Need::Users, Need::Filter])
            .defects(&["no-match-filter-404", "list-without-schemas"])
            .hint("Answer a filter that matches nothing with 200 and an empty ListResponse (never 404), whatever Accept and User-Agent say."),
        entra("entra.users.create", "Create with the enterprise extension; the same userName again answers 409", |p| Box::pin(users::create_enterprise(p)))
            .rfc("RFC 7644 §3.3; RFC 7643 §4.3")
            .needs(&[Need::Users, Need::EnterpriseUser])
            .defects(&["duplicate-usernames-allowed", "conflict-400"])
            .hint("Store the enterprise extension and answer 409 (uniqueness) for an existing userName.")
            .writes(),
        entra("entra.users.create-nulls", "Create with explicit nulls: null attributes are unassigned", |p| Box::pin(users::create_nulls(p)))
            .rfc("RFC 7643 §2.5 (null is unassigned)")
            .needs(&[Need::Users, Need::EnterpriseUser])
            .defects(&["null-values-rejected"])
            .hint("Treat a null value as 'no value' instead of rejecting the request.")
            .writes(),
        entra("entra.users.patch", "PATCH with capitalised ops: emails[type eq \"work\"].value, name.familyName, an enterprise URN path, Add", |p| Box::pin(users::patch_paths(p)))
            .rfc("RFC 7644 §3.5.2")
            .needs(&[Need::Users, Need::Patch, Need::EnterpriseUser])
            .defects(&["patch-rejects-capitalized-op", "patch-ignores-value-filter"])
            .hint("Compare op case-insensitively and apply a valuePath filter to the matching values only.")
            .writes(),
        entra("entra.users.manager", "Manager set (bare id), changed and cleared through the enterprise URN path", |p| Box::pin(users::manager(p)))
            .rfc("RFC 7643 §4.3 (manager)")
            .needs(&[Need::Users, Need::Patch, Need::EnterpriseUser])
            .defects(CAPITALISED)
            .hint("Accept Entra's manager as a bare id string (store it as manager.value) and Remove of the manager path.")
            .writes(),
        entra("entra.users.pathless", "Path-less Replace with dotted and URN keys (the aadOptscim062020 flag-on shape)", |p| Box::pin(users::pathless(p)))
            .rfc("RFC 7644 §3.5.2.3")
            .needs(&[Need::Users, Need::Patch, Need::EnterpriseUser])
            .defects(&["patch-rejects-capitalized-op", "patch-replace-pathless-unsupported"])
            .hint("In a path-less replace, read each key of the value as an attribute path (name.givenName, urn:…:department).")
            .writes(),
        entra("entra.users.disable-string", "Disable with active \"False\" (a string); still readable; DELETE removes it", |p| Box::pin(users::disable_string(p)))
            .rfc("RFC 7643 §4.1.1 (active); RFC 7644 §3.6")
            .needs(&[Need::Users, Need::Patch])
            .defects(&["patch-rejects-string-booleans", "deactivated-user-404", "soft-delete"])
            .hint("Accept \"True\"/\"False\" strings for active (Entra sends them), keep disabled users readable, make DELETE final.")
            .writes(),
        entra("entra.users.disable-boolean", "Disable with active false (a boolean); still readable; DELETE removes it", |p| Box::pin(users::disable_boolean(p)))
            .rfc("RFC 7643 §4.1.1 (active); RFC 7644 §3.6")
            .needs(&[Need::Users, Need::Patch])
            .defects(&["deactivated-user-404", "soft-delete"])
            .hint("Keep disabled users readable (200, active:false) until Entra deletes them; then 404.")
            .writes(),
        entra("entra.users.clear", "Replace with an empty string and with null clears attributes", |p| Box::pin(users::clear(p)))
            .rfc("RFC 7644 §3.5.2.3")
            .needs(&[Need::Users, Need::Patch])
            .defects(CAPITALISED)
            .hint("Treat \"\" and null in a replace as removing the value.")
            .writes(),
        entra("entra.users.pagination", "Paging with count=5 over 11 new users (filtered to them): pages of at most 5, right counters, each user seen once", |p| Box::pin(users::pagination(p)))
            .rfc("RFC 7644 §3.4.2.4")
            .needs(&[Need::Users])
            .defects(&["count-ignored", "zero-based-start-index", "items-per-page-is-page-size"])
            .hint("Honour count, page 1-based, and set itemsPerPage to the number returned.")
            .writes(),
        entra("entra.groups.reads", "Group created without members, found by displayName, read with excludedAttributes=members", |p| Box::pin(groups::reads(p)))
            .rfc("RFC 7644 §3.4.2.5, §3.9")
            .needs(&[Need::Users, Need::Groups, Need::Patch, Need::Filter])
            .defects(&["excluded-attributes-param-ignored"])
            .hint("Honour excludedAttributes=members: Entra reads large groups this way.")
            .writes(),
        entra("entra.groups.members", "Members Add and Remove with value arrays, and Remove by members[value eq]", |p| Box::pin(groups::membership(p)))
            .rfc("RFC 7644 §3.5.2.1, §3.5.2.2")
            .needs(&[Need::Users, Need::Groups, Need::Patch])
            .defects(CAPITALISED)
            .hint("Accept Remove of members with a value array (Entra's shape) as well as a members[value eq] path.")
            .writes(),
        entra("entra.groups.several", "One PATCH with several changes: rename, add a member, remove another", |p| Box::pin(groups::several(p)))
            .rfc("RFC 7644 §3.5.2 (operations in order, atomically)")
            .needs(&[Need::Users, Need::Groups, Need::Patch])
            .defects(CAPITALISED)
            .hint("Apply every operation of one PATCH in order.")
            .writes(),
    ]
}
