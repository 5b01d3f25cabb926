//! The logical operators and the less common attribute operators: `and` binding tighter than
//! `or`, `not`, `ne`, `pr`, and value-path filters on a multi-valued attribute.

use super::expect_ids;
use crate::check::{Check, Need};
use crate::probe::{Created, Probe, Stop};
use scim::schema::{core, urn};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "filter.precedence.and-before-or",
            "`a or b and c` is read as `a or (b and c)`",
            |p| Box::pin(and_before_or(p)),
        )
        .rfc("RFC 7644 §3.4.2.2 (and has higher precedence than or)")
        .requirements(&["7644-3.4.2.2-4", "7644-3.4.2.2-7", "7644-3.4.2.2-16"])
        .tags(&["logic"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["filter-and-or-precedence"])
        .hint("Give `and` higher precedence than `or` when parsing filters; evaluate `a or b and c` as `a or (b and c)`.")
        .writes(),
        Check::new(
            "filter.not.negates",
            "`not (…)` negates its filter",
            |p| Box::pin(not_negates(p)),
        )
        .rfc("RFC 7644 §3.4.2.2 (not)")
        .requirements(&["7644-3.4.2.2-4", "7644-3.4.2.2-8", "7644-3.4.2.2-10", "7644-3.4.2.2-16"])
        .tags(&["logic"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["filter-not-ignored"])
        .hint("Evaluate `not (filter)` as the negation of the filter inside the parentheses.")
        .writes(),
        Check::new(
            "filter.defaulted.active-as-returned",
            "A user created without `active` is found by `active eq` the value the server returned for it",
            |p| Box::pin(defaulted_active(p)),
        )
        .rfc("RFC 7644 §3.4.2.2 (comparisons on a defaulted attribute use the value last returned)")
        .requirements(&["7644-3.4.2.2-18"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["defaulted-active-not-stored"])
        .hint("Filter on a defaulted attribute (active) by the value you return for it: store the default when you create the user, or evaluate the filter as if it were stored.")
        .writes(),
        Check::new(
            "filter.ne.excludes-equal",
            "`ne` leaves out the resource whose value equals the operand and keeps one whose value differs",
            |p| Box::pin(ne_excludes_equal(p)),
        )
        .rfc("RFC 7644 §3.4.2.2 (ne: the attribute and operator values are not identical)")
        .requirements(&["7644-3.4.2.2-4"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["filter-ne-ignored"])
        .hint("Evaluate `ne` as the negation of `eq` (with the attribute's case rules); do not drop a comparison whose operator the filter translator does not know.")
        .writes(),
        Check::new(
            "filter.pr.present",
            "`userName pr` (present) matches a user who has a userName, and `nickName pr` (or another attribute the user has no value for) leaves that user out",
            |p| Box::pin(present(p)),
        )
        .rfc("RFC 7644 §3.4.2.2 (pr)")
        .requirements(&["7644-3.4.2.2-4"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["filter-pr-unsupported", "filter-only-first-eq"])
        .hint("Support the `pr` operator: it matches when the attribute has a non-empty value.")
        .writes(),
        Check::new(
            "filter.valuepath.emails",
            "`emails[type eq … and value eq …]` finds the user with that email",
            |p| Box::pin(value_path(p)),
        )
        .rfc("RFC 7644 §3.4.2.2 (valuePath)")
        .requirements(&["7644-3.4.2.2-11"])
        .tags(&["entra"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["filter-valuepath-unsupported"])
        .hint("Support value-path filters: `attr[filter]` matches when one value of the multi-valued attribute matches the inner filter.")
        .writes(),
        Check::new(
            "filter.schemas.by-schema",
            "`userName eq … and schemas eq \"urn:…:User\"` finds the user (a query by schema)",
            |p| Box::pin(by_schema(p)),
        )
        .rfc("RFC 7644 §3.4.2.2 (clients may query by schema)")
        .requirements(&["7644-3.4.2.2-22"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["filter-schemas-unsupported"])
        .hint("Let filters name the schemas attribute like any other multi-valued string: schemas eq \"<URN>\" matches the resources listing that schema.")
        .writes(),
        Check::new(
            "filter.valuepath.same-value",
            "`emails[type eq \"work\" and value eq …]` matches only when one email has both",
            |p| Box::pin(same_value(p)),
        )
        .rfc("RFC 7644 §3.4.2.2 (a valuePath filter applies to one value)")
        .requirements(&["7644-3.4.2.2-12"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["filter-valuepath-any-value"])
        .hint("Evaluate the filter inside brackets against each value on its own: `emails[type eq \"work\" and value eq \"x\"]` needs one email that is both work and x, not a work email and an x email.")
        .writes(),
    ]
}

/// Creates a user and returns it with its userName.
async fn user_and_name(p: &mut Probe) -> Result<(Created, String), Stop> {
    let user = p.create_user().await?;
    let name = user.sent["userName"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    Ok((user, name))
}

/// Creates a user without `active`, which servers commonly default (RFC 7643 §4.1.1 gives no
/// default, so a server that returns none has nothing to compare and the check skips), then
/// filters for it by the value returned.
async fn defaulted_active(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let mut body = p.user_body();
    if let Some(attributes) = body.as_object_mut() {
        attributes.remove("active");
    }
    let user = p.create(&endpoint, body).await?;
    let Some(active) = user.reply.get("active").as_bool() else {
        return Err(p.skip(
            "the server returned no `active` for a user created without one: no defaulted value to compare",
        ));
    };
    let name = user.sent["userName"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let filter = format!("userName eq \"{name}\" and active eq {active}");
    let list = p
        .filter_unless_refused(&endpoint, &filter, "active")
        .await?;
    let ids = list.resource_ids();
    p.equal(
        &format!("ids matching {filter}"),
        &[user.id.as_str()][..],
        &ids[..],
    )?;
    p.pass()
}

async fn and_before_or(p: &mut Probe) -> Result<(), Stop> {
    let (user, name) = user_and_name(p).await?;
    let other = p.ctx().data.unique("nobody");
    // Right: the first term alone selects the user. Read left to right, `(a or b) and c`
    // selects nobody, since no user has the userName `c` asks for.
    let filter =
        format!("userName eq \"{name}\" or userName eq \"{other}\" and userName eq \"{other}x\"");
    expect_ids(p, &filter, &[user.id.as_str()]).await
}

async fn not_negates(p: &mut Probe) -> Result<(), Stop> {
    let (user, name) = user_and_name(p).await?;
    let other = p.ctx().data.unique("nobody");
    let keeps = format!("userName eq \"{name}\" and not (userName eq \"{other}\")");
    expect_ids(p, &keeps, &[user.id.as_str()]).await?;
    let drops = format!("userName eq \"{name}\" and not (userName eq \"{name}\")");
    expect_ids(p, &drops, &[]).await
}

async fn ne_excludes_equal(p: &mut Probe) -> Result<(), Stop> {
    let (user, name) = user_and_name(p).await?;
    let endpoint = p.endpoint("User")?;
    let other = p.ctx().data.unique("nobody");
    // The `eq` scopes both queries to the run's own user; the `ne` decides whether it stays.
    for (filter, expected) in [
        (
            format!("userName eq \"{name}\" and userName ne \"{other}\""),
            &[user.id.as_str()][..],
        ),
        (
            format!("userName eq \"{name}\" and userName ne \"{name}\""),
            &[][..],
        ),
    ] {
        let list = p
            .filter_unless_refused(&endpoint, &filter, "userName with ne")
            .await?;
        let ids = list.resource_ids();
        p.equal(&format!("ids matching {filter}"), expected, &ids[..])?;
    }
    p.pass()
}

async fn by_schema(p: &mut Probe) -> Result<(), Stop> {
    let (user, name) = user_and_name(p).await?;
    let filter = format!("userName eq \"{name}\" and schemas eq \"{}\"", urn::USER);
    expect_ids(p, &filter, &[user.id.as_str()]).await
}

/// Optional User attributes the generated user is created without, most likely declared first:
/// `pr` on one the user has no value for must leave the user out.
const UNSENT: [&str; 6] = [
    "nickName",
    "title",
    "profileUrl",
    "preferredLanguage",
    "locale",
    "timezone",
];

async fn present(p: &mut Probe) -> Result<(), Stop> {
    let (user, name) = user_and_name(p).await?;
    let filter = format!("userName pr and userName eq \"{name}\"");
    expect_ids(p, &filter, &[user.id.as_str()]).await?;
    // A parser that reads only the `eq` (seen on SAML Jackson) passes the case above: `pr` must
    // also exclude. The attribute is one the server declares (an undeclared one could rightly
    // be refused as an invalid filter) and the created user came back without.
    let schema = p
        .ctx()
        .discovered
        .schema(urn::USER)
        .unwrap_or_else(|| core::user_schema());
    let unassigned = UNSENT.into_iter().find(|attribute| {
        schema.attribute(attribute).is_some() && user.reply.attribute(attribute).is_null()
    });
    let Some(unassigned) = unassigned else {
        return Err(p.skip(format!(
            "none of the optional attributes tried ({}) is both declared by the server's User schema and absent from the created user: no attribute for pr to leave out",
            UNSENT.join(", ")
        )));
    };
    let filter = format!("{unassigned} pr and userName eq \"{name}\"");
    expect_ids(p, &filter, &[]).await
}

async fn value_path(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let email = &user.sent["emails"][0];
    let (Some(kind), Some(value)) = (
        email.get("type").and_then(|v| v.as_str()),
        email.get("value").and_then(|v| v.as_str()),
    ) else {
        return Err(p.skip("the server's User schema offers no typed emails to filter on"));
    };
    let filter = format!("emails[type eq \"{kind}\" and value eq \"{value}\"]");
    expect_ids(p, &filter, &[user.id.as_str()]).await
}

async fn same_value(p: &mut Probe) -> Result<(), Stop> {
    let (user, work, home) = p.create_user_with_two_emails().await?;
    let name = user.sent["userName"].as_str().unwrap_or_default();
    let endpoint = p.endpoint("User")?;
    let both =
        format!("userName eq \"{name}\" and emails[type eq \"work\" and value eq \"{work}\"]");
    let reply = p.list(&endpoint, &[("filter", &both)]).await?;
    if reply.status == 400 {
        return Err(p.skip(
            "the server refuses value-path filters, which are optional (filter.valuepath.emails notes it): nothing to judge",
        ));
    }
    p.status(&reply, &[200])?;
    let ids = reply.resource_ids();
    p.equal(
        &format!("ids matching {both}"),
        &[user.id.as_str()][..],
        &ids[..],
    )?;
    // The home address is on the user, but not on its work email.
    let crossed =
        format!("userName eq \"{name}\" and emails[type eq \"work\" and value eq \"{home}\"]");
    expect_ids(p, &crossed, &[]).await
}
