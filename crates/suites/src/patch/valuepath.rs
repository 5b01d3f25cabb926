//! Value-filter paths: `emails[type eq "work"].value` touches only the matching value.

use crate::check::{Check, Need};
use crate::probe::{Created, Probe, Stop};
use serde_json::{Value, json};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
        "patch.valuepath.replace-sub-attribute",
        "PATCH replace emails[type eq \"work\"].value changes only the work email",
        |p| Box::pin(replace_sub_attribute(p)),
    )
    .rfc("RFC 7644 §3.5.2.3")
    .tags(&["entra"])
    .needs(&[Need::Users, Need::Patch])
    .defects(&["patch-ignores-value-filter"])
    .hint("Apply a valuePath filter to select which values of the multi-valued attribute an operation touches.")
    .writes(),

        Check::new(
            "patch.valuepath.remove-matching",
            "PATCH remove emails[type eq \"home\"] removes only the home email",
            |p| Box::pin(remove_matching(p)),
        )
        .rfc("RFC 7644 §3.5.2.2")
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-ignores-value-filter"])
        .hint("Remove only the values the valuePath filter selects.")
        .writes(),
    ]
}

/// The `value` of the email whose `type` is `kind`.
fn email(resource: &Value, kind: &str) -> Value {
    resource
        .get("emails")
        .and_then(Value::as_array)
        .and_then(|emails| emails.iter().find(|e| e.get("type") == Some(&json!(kind))))
        .and_then(|e| e.get("value"))
        .cloned()
        .unwrap_or(Value::Null)
}

async fn replace_sub_attribute(p: &mut Probe) -> Result<(), Stop> {
    let (user, _, home) = two_emails(p).await?;
    let new_work = format!("{}@example.com", p.ctx().data.unique("work"));
    let reply = p
        .patch(
            &user.path,
            json!([{ "op": "replace", "path": "emails[type eq \"work\"].value", "value": new_work }]),
        )
        .await?;
    p.status(&reply, &[200, 204])?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    p.equal(
        "work email",
        &Value::from(new_work),
        &email(read.body(), "work"),
    )?;
    p.equal(
        "home email (untouched)",
        &Value::from(home),
        &email(read.body(), "home"),
    )
}

/// Creates a user with a work and a home email; returns it with both addresses.
async fn two_emails(p: &mut Probe) -> Result<(Created, String, String), Stop> {
    p.require_declared(scim::schema::urn::USER, "emails.type")?;
    let endpoint = p.endpoint("User")?;
    let mut body = p.user_body();
    let home = format!("{}@home.example.com", p.ctx().data.unique("home"));
    let work = format!("{}@example.com", p.ctx().data.unique("work"));
    body["emails"] = json!([
        { "value": work, "type": "work", "primary": true },
        { "value": home, "type": "home" },
    ]);
    let user = p.create(&endpoint, body).await?;
    Ok((user, work, home))
}

async fn remove_matching(p: &mut Probe) -> Result<(), Stop> {
    let (user, work, _) = two_emails(p).await?;
    let reply = p
        .patch(
            &user.path,
            json!([{ "op": "remove", "path": "emails[type eq \"home\"]" }]),
        )
        .await?;
    p.status(&reply, &[200, 204])?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    p.equal(
        "work email (untouched)",
        &Value::from(work),
        &email(read.body(), "work"),
    )?;
    p.equal("home email", &Value::Null, &email(read.body(), "home"))
}
