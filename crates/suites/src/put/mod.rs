//! PUT (RFC 7644 §3.5.1): the body replaces the resource; what it omits is cleared, and what
//! it says about readOnly attributes is ignored.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use crate::setup;
use serde_json::Value;

/// The PUT checks.
pub fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "put.replace.clears-omitted",
            "PUT /Users/{id} without displayName clears displayName",
            |p| Box::pin(clears_omitted(p)),
        )
        .rfc("RFC 7644 §3.5.1")
        .requirements(&["7643-7-19", "7644-3.5-1", "7644-3.5.1-4", "7644-3.5.1-8"])
        .tags(&["okta"])
        .shared_rule(setup::PUT_REPLACES)
        .needs(&[Need::Users])
        .defects(&["put-keeps-omitted-attributes"])
        .hint("PUT replaces the whole resource: clear readWrite attributes the body leaves out (PATCH is for partial updates).")
        .writes(),
        Check::new(
            "put.replace.group-members-cleared",
            "PUT /Groups/{id} without members leaves the group empty",
            |p| Box::pin(members_cleared(p)),
        )
        .rfc("RFC 7644 §3.5.1")
        .requirements(&["7644-3.5-1", "7644-3.5.1-8"])
        .tags(&["okta"])
        .needs(&[Need::Users, Need::Groups])
        .defects(&["put-keeps-omitted-attributes"])
        .hint("A PUT without members replaces the membership with nothing (Okta's PUT variant of Push Now).")
        .writes(),
        Check::new(
            "put.replace.read-only-ignored",
            "A PUT carrying another meta.created (readOnly) leaves meta.created as it was",
            |p| Box::pin(read_only_ignored(p)),
        )
        .rfc("RFC 7644 §3.5.1 (readOnly values in a PUT are ignored)")
        .requirements(&["7644-3.5.1-13"])
        .tags(&["okta"])
        // A created user without meta.created leaves nothing to compare: the meta checks
        // report that, this one is grouped with them.
        .shared_rule(setup::META)
        .needs(&[Need::Users])
        .defects(&["put-stores-read-only"])
        .hint("Ignore the readOnly attributes of a PUT body (id, meta, groups): clients send back what they read, and the server owns those values.")
        .writes(),
        Check::new(
            "put.replace.password-not-returned",
            "The PUT response does not return the password",
            |p| Box::pin(password_not_returned(p)),
        )
        .rfc("RFC 7643 §4.1.1 (password returned \"never\")")
        .requirements(&["7643-4.1.1-12", "7643-4.1.1-18", "7643-7-23"])
        .needs(&[Need::Users])
        .defects(&["password-returned"])
        .hint("Drop the password from PUT responses like from every other response.")
        .writes(),
        Check::new(
            "put.target.unknown-id-404",
            "PUT /Users/{id} of an unknown id answers 404",
            |p| Box::pin(unknown_404(p)),
        )
        .rfc("RFC 7644 §3.5.1, §3.12")
        .requirements(&["7644-3.2-4", "7644-3.5.1-2", "7644-3.12-7"])
        .needs(&[Need::Users])
        .defects(&["unknown-id-400"])
        .hint("Answer 404 when the resource to replace does not exist (do not create it).")
        .writes(),

        Check::new(
            "put.replace.clears-omitted-emails",
            "PUT /Users/{id} without emails removes the user's emails",
            |p| Box::pin(clears_emails(p)),
        )
        .rfc("RFC 7644 §3.5.1")
        .requirements(&["7644-3.5-1", "7644-3.5.1-8"])
        .shared_rule(setup::PUT_REPLACES)
        .needs(&[Need::Users])
        .defects(&["put-keeps-omitted-attributes"])
        .hint("PUT replaces multi-valued attributes too: omitted emails are cleared.")
        .writes(),
    ]
}

/// The record of a displayName a PUT left out, named alike by the checks of
/// [`setup::PUT_REPLACES`] so one server keeping it is one root cause.
const OMITTED_DISPLAY_NAME: &str = "displayName after PUT without it";

async fn clears_omitted(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let mut body = user.sent.clone();
    if body.get("displayName").is_none() {
        return Err(p.skip("the User schema has no displayName to omit"));
    }
    if let Some(object) = body.as_object_mut() {
        object.remove("displayName");
    }
    let reply = p.put(&user.path, &body).await?;
    p.status(&reply, &[200])?;
    let read = p.get(&user.path).await?;
    p.equal(OMITTED_DISPLAY_NAME, &Value::Null, read.get("displayName"))
}

async fn members_cleared(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let group = p.create_group(&[&user.id]).await?;
    let body = serde_json::json!({
        "schemas": [scim::schema::urn::GROUP],
        "displayName": group.sent["displayName"],
    });
    let reply = p.put(&group.path, &body).await?;
    p.status(&reply, &[200])?;
    let read = p.get(&group.path).await?;
    let members = read.values("members");
    p.equal("members after PUT without members", &[][..], &members[..])
}

async fn password_not_returned(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user_with_password().await?;
    let reply = p.put(&user.path, &user.sent).await?;
    p.status(&reply, &[200])?;
    p.expect_absent("password in the PUT response", reply.attribute("password"))
}

async fn unknown_404(p: &mut Probe) -> Result<(), Stop> {
    let body = p.user_body();
    let endpoint = p.endpoint("User")?;
    let path = p.missing_path(&endpoint);
    let reply = p.put(&path, &body).await?;
    p.status(&reply, &[404])
}

async fn clears_emails(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let mut body = user.sent.clone();
    if body
        .as_object_mut()
        .and_then(|o| o.remove("emails"))
        .is_none()
    {
        return Err(p.skip("the User schema has no emails to omit"));
    }
    // displayName is left out too and judged first, as `put.replace.clears-omitted` judges
    // it: a server keeping whatever a PUT omits is one root cause, and the emails are judged
    // on their own once single-valued attributes are cleared.
    let display_name = body.as_object_mut().and_then(|o| o.remove("displayName"));
    let reply = p.put(&user.path, &body).await?;
    p.status(&reply, &[200])?;
    let read = p.get(&user.path).await?;
    if display_name.is_some() {
        p.equal(OMITTED_DISPLAY_NAME, &Value::Null, read.get("displayName"))?;
    }
    // An empty list is as unassigned as no attribute (RFC 7643 §2.5).
    let emails = read.get("emails").as_array().map_or(0, Vec::len);
    p.equal("emails after PUT without them", &0, &emails)
}

async fn read_only_ignored(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let created = user.reply.attribute("meta")["created"].clone();
    p.expect_date_time("meta.created", &created)?;
    let mut body = user.sent.clone();
    body["id"] = Value::from(user.id.clone());
    body["meta"] = serde_json::json!({ "created": "2001-02-03T04:05:06Z" });
    let reply = p.put(&user.path, &body).await?;
    p.status(&reply, &[200])?;
    p.equal(
        "meta.created in the PUT answer",
        &created,
        &reply.attribute("meta")["created"],
    )?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    p.equal(
        "meta.created after the PUT",
        &created,
        &read.attribute("meta")["created"],
    )
}
