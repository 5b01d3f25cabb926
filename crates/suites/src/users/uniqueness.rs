//! userName uniqueness: a second user with the same userName, in any case, is a 409.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use serde_json::Value;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "users.uniqueness.duplicate-409",
            "POST /Users with an existing userName answers 409 with scimType uniqueness",
            |p| Box::pin(duplicate(p, str::to_owned)),
        )
        .rfc("RFC 7644 §3.3, §3.12")
        .tags(&["okta"])
        .needs(&[Need::Users])
        .defects(&["duplicate-usernames-allowed", "conflict-400"])
        .hint("Before inserting, look the userName up (case-insensitively) and answer 409 with scimType \"uniqueness\".")
        .writes(),
        Check::new(
            "users.uniqueness.case-variant-409",
            "POST /Users with an existing userName in other letter case answers 409 (userName is caseExact=false)",
            |p| Box::pin(duplicate(p, str::to_uppercase)),
        )
        .rfc("RFC 7643 §4.1.1; RFC 7644 §3.3")
        .tags(&["okta", "case"])
        .needs(&[Need::Users])
        .defects(&["duplicate-usernames-allowed"])
        .hint("Compare userName case-insensitively when enforcing uniqueness (store a lower-cased copy with a unique index).")
        .writes(),
    ]
}

async fn duplicate(p: &mut Probe, variant: fn(&str) -> String) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let endpoint = p.endpoint("User")?;
    let mut second = p.user_body();
    let name = user.sent["userName"].as_str().unwrap_or_default();
    second["userName"] = Value::from(variant(name));
    let reply = p.post(&endpoint, &second).await?;
    p.status(&reply, &[409])?;
    p.equal(
        "scimType",
        &Value::from("uniqueness"),
        reply.get("scimType"),
    )
}
