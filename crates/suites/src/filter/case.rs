//! Case sensitivity follows each attribute's caseExact: userName (caseExact=false) matches in
//! any case.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "filter.eq.username-any-case",
            "userName eq matches a user whatever the letter case (userName is caseExact=false)",
            |p| Box::pin(username_any_case(p)),
        )
        .rfc("RFC 7644 §3.4.2.2; RFC 7643 §4.1.1")
        .tags(&["okta", "case"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["filter-username-case-sensitive"])
        .hint("Compare userName case-insensitively in filters (Okta looks users up with the case it has).")
        .writes(),
    ]
}

async fn username_any_case(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let endpoint = p.endpoint("User")?;
    let name = user.sent["userName"]
        .as_str()
        .unwrap_or_default()
        .to_uppercase();
    let list = p
        .filter(&endpoint, &format!("userName eq \"{name}\""))
        .await?;
    let ids = list.resource_ids();
    p.expect(
        ids == [user.id.as_str()],
        &format!("ids matching userName eq \"{name}\""),
        format!("[{}]", user.id),
        format!("{ids:?}"),
    )
}
