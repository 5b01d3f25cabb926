//! What a `remove` leaves behind (RFC 7644 §3.5.2.2): a removed attribute is unassigned, and a
//! multi-valued one removed without a filter loses every value.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use crate::setup;
use serde_json::json;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "patch.remove.single-valued-unassigned",
            "PATCH remove of a single-valued attribute (displayName) leaves it unassigned",
            |p| Box::pin(single_valued(p)),
        )
        .rfc("RFC 7644 §3.5.2.2 (a removed single-value attribute is unassigned)")
        .requirements(&["7644-3.5.2.2-1"])
        .shared_rule(setup::REMOVE_UNASSIGNS)
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-remove-single-valued-ignored"])
        .hint("On remove of a single-valued attribute, delete the attribute: it must no longer be returned.")
        .writes(),
        Check::new(
            "patch.remove.multi-valued-all",
            "PATCH remove of emails without a filter removes every email",
            |p| Box::pin(multi_valued(p)),
        )
        .rfc("RFC 7644 §3.5.2.2 (remove without a filter removes all values)")
        .requirements(&["7644-3.5.2.2-2"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-remove-multi-valued-needs-filter"])
        .hint("A remove whose path names a multi-valued attribute without a value filter removes all its values; it needs no filter.")
        .writes(),
        Check::new(
            "patch.remove.last-records-unassigned",
            "PATCH remove through a filter matching every email leaves emails unassigned",
            |p| Box::pin(last_records(p)),
        )
        .rfc("RFC 7644 §3.5.2.2 (no records left: the attribute is unassigned)")
        .requirements(&["7644-3.5.2.2-5"])
        // Its path is a value filter: a server refusing those is `patch.valuepath.*`'s finding.
        .shared_rule(setup::VALUE_PATH)
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-remove-filter-keeps-records"])
        .hint("A remove through a value filter removes the matching records whole; when none is left, the attribute is unassigned (absent or []).")
        .writes(),
    ]
}

async fn single_valued(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(scim::schema::urn::USER, "displayName")?;
    let user = p.create_user().await?;
    let operation = json!({ "op": "remove", "path": "displayName" });
    let read = super::patch_and_read(p, &user.path, operation).await?;
    p.expect_absent(super::REMOVED_DISPLAY_NAME, read.attribute("displayName"))
}

async fn multi_valued(p: &mut Probe) -> Result<(), Stop> {
    let (user, _, _) = p.create_user_with_two_emails().await?;
    let operation = json!({ "op": "remove", "path": "emails" });
    let read = super::patch_and_read(p, &user.path, operation).await?;
    p.expect_unassigned("emails after remove", read.attribute("emails"))
}

async fn last_records(p: &mut Probe) -> Result<(), Stop> {
    let (user, _, _) = p.create_user_with_two_emails().await?;
    let operation =
        json!({ "op": "remove", "path": "emails[type eq \"work\" or type eq \"home\"]" });
    let read = super::patch_and_read(p, &user.path, operation).await?;
    p.expect_unassigned(
        "emails after removing every record",
        read.attribute("emails"),
    )
}
