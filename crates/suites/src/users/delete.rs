//! DELETE /Users/{id}: 204, then the user is gone (404), and its userName is free again.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use crate::setup;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "users.delete.then-404",
            "DELETE /Users/{id} answers 204 and the user then answers 404",
            |p| Box::pin(then_404(p)),
        )
        .rfc("RFC 7644 §3.6")
        .requirements(&["7644-3.6-2", "7644-3.6-6"])
        .shared_rule(setup::DELETE)
        .needs(&[Need::Users])
        .defects(&["soft-delete", "delete-200"])
        .hint("Answer a successful DELETE with 204 No Content, and remove the resource: later GETs answer 404 (deactivation is PATCH active=false, not DELETE).")
        .writes(),
        Check::new(
            "users.delete.unknown-id-404",
            "DELETE /Users/{id} of an unknown id answers 404",
            |p| Box::pin(unknown_404(p)),
        )
        .rfc("RFC 7644 §3.6, §3.12")
        .requirements(&["7644-3.12-7"])
        .needs(&[Need::Users])
        .defects(&["unknown-id-400"])
        .hint("Answer 404 with a SCIM Error when the id to delete does not exist.")
        .writes(),

        Check::new(
            "users.delete.not-listed",
            "A deleted user is no longer found by a filter on its id",
            |p| Box::pin(not_listed(p)),
        )
        .rfc("RFC 7644 §3.6")
        .requirements(&["7644-3.4.2.2-4", "7644-3.6-3"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["soft-delete"])
        .hint("Remove deleted users from list results too, not only from GET by id.")
        .writes(),
        Check::new(
            "users.delete.user-name-reusable",
            "After DELETE, a new user with the deleted user's userName is created (201, not 409)",
            |p| Box::pin(user_name_reusable(p)),
        )
        .rfc("RFC 7644 §3.6 (a deleted resource causes no conflict)")
        .requirements(&["7644-3.6-4", "7644-3.6-5"])
        .tags(&["okta", "entra"])
        .needs(&[Need::Users])
        .defects(&["soft-delete"])
        .hint("Leave deleted users out of uniqueness checks: an IdP re-creates a user it deleted with the same userName.")
        .writes(),
    ]
}

async fn then_404(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let reply = p.delete(&user.path).await?;
    p.status(&reply, &[204])?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[404])
}

async fn unknown_404(p: &mut Probe) -> Result<(), Stop> {
    let reply = p.send_to_missing("DELETE", "User").await?;
    p.status(&reply, &[404])
}

async fn not_listed(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    p.delete_created(&user.path).await?;
    let endpoint = p.endpoint("User")?;
    let list = p.filter(&endpoint, &user.user_name_filter()).await?;
    let ids = list.resource_ids();
    p.equal("users found after DELETE", &[][..], &ids[..])
}

async fn user_name_reusable(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    p.delete_created(&user.path).await?;
    let endpoint = p.endpoint("User")?;
    let again = p.post(&endpoint, &user.sent).await?;
    p.expect_status("status of the POST reusing the userName", &again, &[201])
}
