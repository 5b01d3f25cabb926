//! dateTime attributes compare as instants (RFC 7643 §2.3.5): a bound written with another UTC
//! offset names the same moment, whatever its text. IdPs send incremental queries such as
//! `meta.lastModified gt "…"` with the offset of their own clock.

use super::expect_ids;
use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use chrono::{DateTime, Duration, FixedOffset};

pub(super) fn checks() -> Vec<Check> {
    vec![Check::new(
        "filter.datetime.instant-order",
        "`meta.lastModified gt` compares instants: a bound written at UTC+05:00 an hour earlier matches",
        |p| Box::pin(instant_order(p)),
    )
    .rfc("RFC 7644 §3.4.2.2 (gt on dateTime is chronological); RFC 7643 §2.3.5")
    .requirements(&["7644-3.4.2.2-4"])
    .needs(&[Need::Users, Need::Filter])
    .defects(&["filter-datetime-as-string"])
    .hint("Parse dateTime operands and attribute values and compare the instants, not the strings: offsets other than Z are legal.")
    .writes()]
}

async fn instant_order(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    let modified = read.get("meta")["lastModified"]
        .as_str()
        .unwrap_or_default();
    let Ok(modified) = DateTime::parse_from_rfc3339(modified) else {
        return Err(p.skip("the user has no RFC 3339 meta.lastModified to filter on"));
    };
    let Some(plus_five) = FixedOffset::east_opt(5 * 3600) else {
        return Err(p.error("UTC+05:00 is not a valid offset"));
    };
    // An hour earlier as a moment, but later as text: 14:00Z becomes 18:00+05:00.
    let bound = (modified - Duration::hours(1))
        .with_timezone(&plus_five)
        .to_rfc3339();
    let name = user.sent["userName"].as_str().unwrap_or_default();
    let filter = format!("userName eq \"{name}\" and meta.lastModified gt \"{bound}\"");
    expect_ids(p, &filter, &[user.id.as_str()]).await
}
