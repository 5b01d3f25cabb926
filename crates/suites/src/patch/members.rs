//! Group members through PATCH: replace all members (Okta "Push Now").

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use serde_json::json;

pub(super) fn checks() -> Vec<Check> {
    vec![Check::new(
        "patch.members.replace",
        "PATCH replace of members sets exactly the given members",
        |p| Box::pin(replace(p)),
    )
    .rfc("RFC 7644 §3.5.2.3")
    .tags(&["okta"])
    .needs(&[Need::Users, Need::Groups, Need::Patch])
    .defects(&["members-replace-unsupported"])
    .hint("Support op replace on members: the given list becomes the whole membership (Okta Push Now sends it).")
    .writes()]
}

async fn replace(p: &mut Probe) -> Result<(), Stop> {
    let first = p.create_user().await?;
    let second = p.create_user().await?;
    let group = p.create_group(&[&first.id]).await?;
    let reply = p
        .patch(
            &group.path,
            json!([{ "op": "replace", "path": "members", "value": [{ "value": second.id }] }]),
        )
        .await?;
    p.status(&reply, &[200, 204])?;
    let read = p.get(&group.path).await?;
    let members = read.values("members");
    p.expect(
        members == [second.id.as_str()],
        "members after replace",
        format!("[{}]", second.id),
        format!("{members:?}"),
    )
}
