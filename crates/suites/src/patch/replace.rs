//! What a `replace` does where the target is not simply there (RFC 7644 §3.5.2.3): an unassigned
//! attribute is added, a complex one keeps the sub-attributes the value does not name, and a
//! value filter that matches nothing is `noTarget`.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use serde_json::{Value, json};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "patch.replace.unassigned-adds",
            "PATCH replace of an attribute the user does not have (nickName) adds it",
            |p| Box::pin(unassigned_adds(p)),
        )
        .rfc("RFC 7644 §3.5.2.3 (replace of a missing attribute is an add)")
        .requirements(&["7644-3.5.2.3-2"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-replace-unassigned-no-target"])
        .hint("Treat a replace whose path names an attribute without a value as an add.")
        .writes(),
        Check::new(
            "patch.replace.complex-keeps-other-sub-attributes",
            "PATCH replace of name with only givenName keeps familyName",
            |p| Box::pin(complex_keeps_others(p)),
        )
        .rfc("RFC 7644 §3.5.2.3 (sub-attributes not in the value are left unchanged)")
        .requirements(&["7644-3.5.2.3-3"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-replace-complex-overwrites"])
        .hint("A replace of a complex attribute replaces the sub-attributes its value names and leaves the others as they are; it does not replace the whole object.")
        .writes(),
        Check::new(
            "patch.replace.unmatched-filter-no-target",
            "PATCH replace through a value filter that matches no email answers 400 noTarget",
            |p| Box::pin(unmatched_filter(p)),
        )
        .rfc("RFC 7644 §3.5.2.3 (no record matched: 400 noTarget)")
        .requirements(&["7644-3.5.2.3-5"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-replace-unmatched-filter-adds"])
        .hint("When the valuePath filter of a replace matches no value, answer 400 with scimType \"noTarget\" and change nothing.")
        .writes(),
    ]
}

async fn unassigned_adds(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(scim::schema::urn::USER, "nickName")?;
    let user = p.create_user().await?;
    if !user.reply.attribute("nickName").is_null() {
        return Err(p.error("the server gave the new user a nickName it was not sent"));
    }
    let operation = json!({ "op": "replace", "path": "nickName", "value": "Countess" });
    let read = super::patch_and_read(p, &user.path, operation).await?;
    p.equal(
        "nickName after the replace",
        &Value::from("Countess"),
        read.attribute("nickName"),
    )
}

async fn complex_keeps_others(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(scim::schema::urn::USER, "name.givenName")?;
    p.require_declared(scim::schema::urn::USER, "name.familyName")?;
    let endpoint = p.endpoint("User")?;
    let mut body = p.user_body();
    let family = format!("Lovelace-{}", p.ctx().data.unique("family"));
    // The generated name keeps the sub-attributes the server's /Schemas requires (Canaille
    // requires `formatted`); only the two this check compares are set.
    body["name"]["givenName"] = json!("Ada");
    body["name"]["familyName"] = json!(family);
    let user = p.create(&endpoint, body).await?;
    let operation = json!({ "op": "replace", "path": "name", "value": { "givenName": "Augusta" } });
    let read = super::patch_and_read(p, &user.path, operation).await?;
    let name = read.attribute("name");
    p.equal(
        "name.givenName (replaced)",
        &Value::from("Augusta"),
        name.get("givenName").unwrap_or(&Value::Null),
    )?;
    p.equal(
        "name.familyName (not in the value: unchanged)",
        &Value::from(family),
        name.get("familyName").unwrap_or(&Value::Null),
    )
}

async fn unmatched_filter(p: &mut Probe) -> Result<(), Stop> {
    let (user, _, _) = p.create_user_with_two_emails().await?;
    let reply = p
        .patch(
            &user.path,
            json!([{
                "op": "replace",
                "path": "emails[type eq \"other\"].value",
                "value": "nobody@example.com",
            }]),
        )
        .await?;
    p.status(&reply, &[400])?;
    p.equal("scimType", &Value::from("noTarget"), reply.get("scimType"))
}
