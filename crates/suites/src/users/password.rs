//! The password is writeOnly and returned "never": not on create, read or list.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use crate::reply::{Reply, first_attribute};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "users.password.not-returned",
            "The password is never returned: not by POST, GET, or a filtered list",
            |p| Box::pin(not_returned(p)),
        )
        .rfc("RFC 7643 §4.1.1 (password returned \"never\"), §7")
        .requirements(&["7643-4.1.1-12", "7643-4.1.1-18", "7643-7-23"])
        .needs(&[Need::Users])
        .defects(&["password-returned"])
        .hint("Never serialize the password (store only a hash); drop it from every response.")
        .writes()
        .builds_on(crate::prerequisite::CREATE_AND_FILTER_USERS),
    ]
}

async fn not_returned(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user_with_password().await?;
    let sent_password = user.sent.get("password").is_some();
    if !sent_password {
        return Err(p.skip("the User schema has no password attribute to send"));
    }
    absent(p, "POST response", &user.reply)?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    absent(p, "GET response", &read)?;
    let endpoint = p.endpoint("User")?;
    let filter = user.user_name_filter();
    let list = p.filter(&endpoint, &filter).await?;
    let leaked = first_attribute(list.resources(), "password");
    p.expect_absent("password in list Resources", leaked)
}

fn absent(p: &mut Probe, what: &str, reply: &Reply) -> Result<(), Stop> {
    p.expect_absent(
        &format!("password in the {what}"),
        reply.attribute("password"),
    )
}
