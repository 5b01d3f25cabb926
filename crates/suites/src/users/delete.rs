//! DELETE /Users/{id}: 204, then the user is gone (404).

use crate::check::{Check, Need, Severity};
use crate::probe::{Probe, Stop};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "users.delete.then-404",
            "DELETE /Users/{id} answers 204 and the user then answers 404",
            |p| Box::pin(then_404(p)),
        )
        .rfc("RFC 7644 §3.6")
        .needs(&[Need::Users])
        .defects(&["soft-delete"])
        .hint("DELETE must remove the resource: later GETs answer 404 (deactivation is PATCH active=false, not DELETE).")
        .writes(),
        Check::new(
            "users.delete.unknown-id-404",
            "DELETE /Users/{id} of an unknown id answers 404",
            |p| Box::pin(unknown_404(p)),
        )
        .rfc("RFC 7644 §3.6, §3.12")
        .severity(Severity::Should)
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
        .needs(&[Need::Users, Need::Filter])
        .defects(&["soft-delete"])
        .hint("Remove deleted users from list results too, not only from GET by id.")
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
    let reply = p.delete(&user.path).await?;
    p.status(&reply, &[204])?;
    let endpoint = p.endpoint("User")?;
    let list = p
        .filter(&endpoint, &format!("id eq \"{}\"", user.id))
        .await?;
    let ids = list.resource_ids();
    p.equal("users found after DELETE", &[][..], &ids[..])
}
