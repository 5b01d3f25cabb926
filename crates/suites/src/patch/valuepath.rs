//! Value-filter paths: `emails[type eq "work"].value` touches only the matching value.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use crate::setup;
use serde_json::{Value, json};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
        "patch.valuepath.replace-sub-attribute",
        "PATCH replace emails[type eq \"work\"].value changes only the work email",
        |p| Box::pin(replace_sub_attribute(p)),
    )
    .rfc("RFC 7644 §3.5.2.3")
    .requirements(&["7644-3.5.2.3-4"])
    .shared_rule(setup::VALUE_PATH)
    .tags(&["entra"])
    .needs(&[Need::Users, Need::Patch])
    .defects(&["patch-ignores-value-filter"])
    .hint("Apply a valuePath filter to select which values of the multi-valued attribute an operation touches.")
    .writes(),

        Check::new(
            "patch.valuepath.replace-matching-values",
            "PATCH replace emails[type eq \"work\"] with a whole email replaces the work email instead of adding one",
            |p| Box::pin(replace_matching_values(p)),
        )
        // "If the target location is a multi-valued attribute and a value selection
        // ("valuePath") filter is specified that matches one or more values of the multi-valued
        // attribute, then all matching record values SHALL be replaced" — with RFC 7644 §3.5.2.3's
        // own example, a whole address as the value.
        .rfc("RFC 7644 §3.5.2.3 (a valuePath filter: the matching values are replaced)")
        .requirements(&["7644-3.5.2.3-4"])
        .shared_rule(setup::VALUE_PATH)
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-ignores-value-filter", "patch-filtered-replace-appends"])
        .hint("A replace whose path is a value filter with no sub-attribute (emails[type eq \"work\"]) replaces each matching value by the value given; it must not keep them and add the new one.")
        .writes(),
        Check::new(
            "patch.valuepath.remove-matching",
            "PATCH remove emails[type eq \"home\"] removes only the home email",
            |p| Box::pin(remove_matching(p)),
        )
        .rfc("RFC 7644 §3.5.2.2")
        .requirements(&["7644-3.5.2.2-4"])
        .shared_rule(setup::VALUE_PATH)
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-ignores-value-filter", "patch-remove-filtered-path-unsupported"])
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
    let (user, _, home) = p.create_user_with_two_emails().await?;
    let new_work = format!("{}@example.com", p.ctx().data.unique("work"));
    let operation =
        json!({ "op": "replace", "path": "emails[type eq \"work\"].value", "value": new_work });
    let read = super::patch_and_read(p, &user.path, operation).await?;
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

async fn replace_matching_values(p: &mut Probe) -> Result<(), Stop> {
    let (user, _, home) = p.create_user_with_two_emails().await?;
    let new_work = format!("{}@example.com", p.ctx().data.unique("work"));
    let operation = json!({ "op": "replace", "path": "emails[type eq \"work\"]",
                            "value": {"value": new_work, "type": "work"} });
    let read = super::patch_and_read(p, &user.path, operation).await?;
    let work: Vec<&Value> = read
        .body()
        .get("emails")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|e| e.get("type") == Some(&json!("work")))
        .filter_map(|e| e.get("value"))
        .collect();
    p.equal(
        "values of the work emails",
        &json!([new_work]),
        &json!(work),
    )?;
    p.equal(
        "home email (untouched)",
        &Value::from(home),
        &email(read.body(), "home"),
    )
}

async fn remove_matching(p: &mut Probe) -> Result<(), Stop> {
    let (user, work, _) = p.create_user_with_two_emails().await?;
    let operation = json!({ "op": "remove", "path": "emails[type eq \"home\"]" });
    let read = super::patch_and_read(p, &user.path, operation).await?;
    p.equal(
        "work email (untouched)",
        &Value::from(work),
        &email(read.body(), "work"),
    )?;
    p.equal("home email", &Value::Null, &email(read.body(), "home"))
}
