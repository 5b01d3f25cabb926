//! readOnly attributes in a POST body (id, meta, groups): the client may send them, the server
//! must ignore them.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use serde_json::{Value, json};

/// A creation time no run can really have, so a server that stores it is caught.
const CLIENT_CREATED: &str = "2001-01-01T00:00:00Z";

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "users.readonly.ignored",
            "An id and meta.created sent in POST /Users are ignored: the response and a GET carry the server's own",
            |p| Box::pin(readonly_ignored(p)),
        )
        .rfc("RFC 7643 §2.2, §3.1 (readOnly); RFC 7644 §3.3 (readOnly values are ignored)")
        .requirements(&["7643-3.1-4", "7643-3.1-14", "7643-7-18", "7644-3.1-5", "7644-3.3-1"])
        .needs(&[Need::Users])
        .defects(&["readonly-attributes-stored", "client-id-accepted"])
        .hint("Drop readOnly attributes (id, meta, groups) from POST bodies before storing; assign id and meta.created yourself.")
        .writes(),
        Check::new(
            "users.readonly.groups-not-joined",
            "A group named in the readOnly groups of a POST /Users body does not gain the user as a member",
            |p| Box::pin(groups_not_joined(p)),
        )
        .rfc("RFC 7643 §4.1.2 (groups is readOnly: membership changes go through the Group)")
        .requirements(&["7643-4.1.2-22"])
        .needs(&[Need::Users, Need::Groups])
        .defects(&["user-groups-writable"])
        .hint("Ignore groups in User bodies: a membership is made by adding the user to the Group's members.")
        .writes(),
    ]
}

async fn groups_not_joined(p: &mut Probe) -> Result<(), Stop> {
    let group = p.create_group(&[]).await?;
    let endpoint = p.endpoint("User")?;
    let mut body = p.user_body();
    body["groups"] = json!([{ "value": group.id }]);
    let user = p.create(&endpoint, body).await?;
    let read = p.get(&group.path).await?;
    p.status(&read, &[200])?;
    let members = read.values("members");
    p.expect_excludes("members of the group", &members, &user.id.as_str())
}

async fn readonly_ignored(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let mut body = p.user_body();
    let chosen = p.ctx().data.unique("readonly-id");
    body["id"] = Value::from(chosen.as_str());
    body["meta"] = json!({ "created": CLIENT_CREATED });
    let user = p.create(&endpoint, body).await?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    for (source, reply) in [("response", &user.reply), ("GET", &read)] {
        let id = reply.get("id");
        p.expect_present(&format!("id in the {source}"), id)?;
        p.expect_not_equal(
            &format!("id in the {source}"),
            &Value::from(chosen.as_str()),
            id,
        )?;
        let created = &reply.get("meta")["created"];
        p.expect_present(&format!("meta.created in the {source}"), created)?;
        let client = Value::from(CLIENT_CREATED);
        p.expect_not_equal(&format!("meta.created in the {source}"), &client, created)?;
    }
    Ok(())
}
