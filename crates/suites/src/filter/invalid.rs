//! Filters the server cannot parse answer 400 with scimType invalidFilter, never an empty list.

use crate::check::{Check, Need};
use crate::prerequisite::Prerequisite;
use crate::probe::{Probe, Stop};
use serde_json::Value;

/// Each builds on the filter prerequisite: a server that ignores `filter` altogether (and
/// lists every resource) accepts a broken filter for that reason, already reported there.
pub(super) fn checks() -> Vec<Check> {
    let checks = vec![
        Check::new(
            "filter.invalid.missing-value",
            "A filter with an operator but no value answers 400 invalidFilter",
            |p| Box::pin(invalid(p, "userName eq")),
        )
        .rfc("RFC 7644 §3.4.2.2, §3.12")
        .requirements(&["7644-3.12-5"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["invalid-filter-ignored"])
        .hint("Answer 400 with scimType \"invalidFilter\" when a filter does not parse; an empty 200 list hides the client's mistake."),
        Check::new(
            "filter.invalid.attribute-name",
            "A filter whose attribute name starts with a digit (`9userName eq …`, not an ATTRNAME) answers 400 invalidFilter",
            |p| Box::pin(invalid(p, "9userName eq \"x\"")),
        )
        .rfc("RFC 7644 §3.4.2.2 (Figure 1: ATTRNAME starts with a letter), §3.12")
        .requirements(&["7644-3.12-5"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["invalid-filter-ignored"])
        .hint("Parse attribute names by RFC 7643's ATTRNAME (a letter, then letters, digits, '-' or '_') and answer 400 invalidFilter otherwise."),
        Check::new(
            "filter.invalid.unknown-operator",
            "A filter with an unknown operator answers 400 invalidFilter",
            |p| Box::pin(invalid(p, "userName zz \"x\"")),
        )
        .rfc("RFC 7644 §3.4.2.2, §3.12")
        .requirements(&["7644-3.4.2.2-20"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["invalid-filter-ignored"])
        .hint("Reject operators other than eq, ne, co, sw, ew, pr, gt, ge, lt, le with 400 invalidFilter."),
        Check::new(
            "filter.invalid.unbalanced-parenthesis",
            "A filter with an unclosed parenthesis answers 400 invalidFilter",
            |p| Box::pin(invalid(p, "(userName eq \"x\"")),
        )
        .rfc("RFC 7644 §3.4.2.2, §3.12")
        .requirements(&["7644-3.12-5"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["invalid-filter-ignored"])
        .hint("Parse the whole filter grammar and answer 400 invalidFilter on any syntax error."),
        Check::new(
            "filter.invalid.unterminated-string",
            "A filter with an unterminated string answers 400 invalidFilter",
            |p| Box::pin(invalid(p, "userName eq \"abc")),
        )
        .rfc("RFC 7644 §3.4.2.2, §3.12")
        .requirements(&["7644-3.12-5"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["invalid-filter-ignored"])
        .hint("Reject unterminated string literals with 400 invalidFilter."),
        Check::new(
            "filter.invalid.dangling-and",
            "A filter ending in a dangling `and` answers 400 invalidFilter",
            |p| Box::pin(invalid(p, "userName eq \"x\" and")),
        )
        .rfc("RFC 7644 §3.4.2.2, §3.12")
        .requirements(&["7644-3.12-5"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["invalid-filter-ignored"])
        .hint("Reject incomplete logical expressions with 400 invalidFilter."),
        Check::new(
            "filter.invalid.leading-or",
            "A filter starting with `or` answers 400 invalidFilter",
            |p| Box::pin(invalid(p, "or userName eq \"x\"")),
        )
        .rfc("RFC 7644 §3.4.2.2, §3.12")
        .requirements(&["7644-3.12-5"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["invalid-filter-ignored"])
        .hint("Reject logical operators without a left operand with 400 invalidFilter."),
        Check::new(
            "filter.invalid.unclosed-bracket",
            "A value filter with an unclosed bracket answers 400 invalidFilter",
            |p| Box::pin(invalid(p, "emails[type eq \"work\"")),
        )
        .rfc("RFC 7644 §3.4.2.2, §3.12")
        .requirements(&["7644-3.12-5"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["invalid-filter-ignored"])
        .hint("Reject unclosed value-path brackets with 400 invalidFilter."),
        Check::new(
            "filter.invalid.pr-with-value",
            "`pr` followed by a value answers 400 invalidFilter",
            |p| Box::pin(invalid(p, "userName pr \"x\"")),
        )
        .rfc("RFC 7644 §3.4.2.2, §3.12")
        .requirements(&["7644-3.12-5"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["invalid-filter-ignored"])
        .hint("`pr` takes no value: reject `userName pr \"x\"` with 400 invalidFilter."),
        Check::new(
            "filter.invalid.boolean-ordering",
            "`active gt true` (an ordering on a Boolean) answers 400 invalidFilter",
            |p| Box::pin(boolean_ordering(p)),
        )
        .rfc("RFC 7644 §3.4.2.2 (gt, ge, lt, le on Boolean: 400 invalidFilter)")
        .requirements(&["7644-3.4.2.2-9"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["filter-boolean-ordering-accepted"])
        .hint("Booleans have no order: answer 400 with scimType \"invalidFilter\" to gt, ge, lt and le on a Boolean attribute."),
        Check::new(
            "filter.invalid.binary-ordering",
            "`x509Certificates.value gt \"…\"` (an ordering on a Binary) answers 400 invalidFilter",
            |p| Box::pin(binary_ordering(p)),
        )
        .rfc("RFC 7644 §3.4.2.2 (gt, ge, lt, le on Binary: 400 invalidFilter)")
        .requirements(&["7644-3.4.2.2-9"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["filter-binary-ordering-accepted"])
        .hint("Binary values have no order: answer 400 with scimType \"invalidFilter\" to gt, ge, lt and le on a Binary attribute such as x509Certificates.value."),
    ];
    // Each lists with `count=1` (see `invalid`).
    checks
        .into_iter()
        .map(|c| c.builds_on(&[Prerequisite::FilterUsers, Prerequisite::ListWithCount]))
        .collect()
}

async fn boolean_ordering(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(scim::schema::urn::USER, "active")?;
    // Read with an order (false < true), the filter would match nobody: a 200 here is an empty
    // list, never another user's data.
    invalid(p, "active gt true").await
}

async fn binary_ordering(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(scim::schema::urn::USER, "x509Certificates.value")?;
    invalid(p, "x509Certificates.value gt \"TUlJQw==\"").await
}

async fn invalid(p: &mut Probe, filter: &str) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    // `count=1`: a server that ignores the bad filter answers one user, not its whole list.
    let reply = p
        .list(&endpoint, &[("filter", filter), ("count", "1")])
        .await?;
    p.status(&reply, &[400])?;
    p.equal(
        "scimType",
        &Value::from("invalidFilter"),
        reply.get("scimType"),
    )
}
