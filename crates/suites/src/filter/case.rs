//! Case sensitivity follows each attribute's caseExact: userName (caseExact=false) matches in
//! any case, with eq as with co, sw and ew.

use super::expect_ids;
use crate::check::{Check, Need};
use crate::probe::{Created, Probe, Stop};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "filter.eq.username-any-case",
            "userName eq matches a user whatever the letter case (userName is caseExact=false)",
            |p| Box::pin(username_any_case(p)),
        )
        .rfc("RFC 7644 §3.4.2.2; RFC 7643 §4.1.1")
        .requirements(&["7643-4.1.1-3", "7643-7-14", "7644-3.4.2.2-4", "7644-3.4.2.2-21", "7644-7.8-1"])
        .tags(&["okta", "case"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["filter-username-case-sensitive"])
        .hint("Compare userName case-insensitively in filters (Okta looks users up with the case it has).")
        .writes(),

        Check::new(
            "filter.urn.username-any-case",
            "A URN-qualified userName filter matches whatever the letter case",
            |p| Box::pin(urn_any_case(p)),
        )
        .rfc("RFC 7644 §3.4.2.2 (fully qualified attribute paths), §3.10")
        .requirements(&["7643-7-14", "7644-3.4.2.2-15", "7644-3.4.2.2-21"])
        .tags(&["case"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["filter-username-case-sensitive", "filter-urn-path-unsupported"])
        .hint("Resolve urn:ietf:params:scim:schemas:core:2.0:User:userName to userName and compare it case-insensitively.")
        .writes(),
        Check::new(
            "filter.and.username-any-case",
            "`userName eq … and active eq true` matches in any case",
            |p| Box::pin(and_any_case(p)),
        )
        .rfc("RFC 7644 §3.4.2.2 (and)")
        .requirements(&["7643-7-14", "7644-3.4.2.2-4", "7644-3.4.2.2-7"])
        .tags(&["case"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["filter-username-case-sensitive"])
        .hint("Evaluate each side of `and` with the attribute's own caseExact.")
        .writes(),

        Check::new(
            "filter.substring.username-any-case",
            "userName co / sw / ew match whatever the letter case (userName is caseExact=false)",
            |p| Box::pin(substring_any_case(p)),
        )
        .rfc("RFC 7644 §3.4.2.2 (co, sw, ew); RFC 7643 §2.2 (caseExact)")
        .requirements(&["7643-4.1.1-3", "7643-7-14", "7644-3.4.2.2-21"])
        .tags(&["case"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["filter-co-sw-ew-case-sensitive"])
        .hint("Apply the attribute's caseExact to co, sw and ew as to eq: compare caseExact=false attributes case-insensitively.")
        .builds_on(crate::prerequisite::USER_BATCHES)
        .writes(),
        Check::new(
            "filter.substring.other-attributes-any-case",
            "co / sw / ew on name.givenName (ASCII) and name.familyName (non-ASCII) match whatever the letter case, and only where the value contains, starts or ends with the operand",
            |p| Box::pin(substring_other_attributes(p)),
        )
        .rfc("RFC 7644 §3.4.2.2 (co, sw, ew); RFC 7643 §2.2 (caseExact)")
        .requirements(&["7644-3.4.2.2-4", "7644-3.4.2.2-21"])
        .tags(&["case"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["filter-co-sw-ew-case-sensitive"])
        .hint("Evaluate co, sw and ew on every string attribute, not only the indexed ones, folding both sides' case (Unicode, not only ASCII) when the attribute is caseExact=false.")
        .builds_on(crate::prerequisite::USER_BATCHES)
        .writes(),
        Check::new(
            "filter.eq.email-value-any-case",
            "emails.value eq <the user's email, upper-cased> finds exactly that user (emails.value is caseExact=false)",
            |p| Box::pin(email_value_any_case(p)),
        )
        .rfc("RFC 7644 §3.4.2.2 (a multi-valued attribute matches when one of its values does); RFC 7643 §4.1.2 (emails)")
        .requirements(&["7644-3.4.2.2-4", "7644-3.4.2.2-21"])
        .tags(&["case", "entra"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["filter-emails-case-sensitive"])
        .hint("Match a filter on emails.value against each of the user's emails, case-insensitively; return only the users with a matching email.")
        .writes(),
        Check::new(
            "filter.case-exact.external-id",
            "eq / co / sw / ew on externalId (caseExact=true) match only in the same letter case",
            |p| Box::pin(case_exact_external_id(p)),
        )
        .rfc("RFC 7644 §3.4.2.2 (string comparisons follow caseExact); RFC 7643 §3.1 (externalId caseExact)")
        .requirements(&["7644-3.4.2.2-4", "7644-3.4.2.2-21"])
        .tags(&["case"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["filter-case-exact-ignored"])
        .hint("Compare caseExact attributes (externalId, id) exactly: \"AbC\" does not match \"abc\".")
        .builds_on(crate::prerequisite::USER_BATCHES)
        .writes(),
        Check::new(
            "filter.string.json-escapes",
            "A filter value written with JSON escapes (\\u002d for '-', \\\" …) is decoded before comparing: userName eq \"…\\u002d…\" finds the user",
            |p| Box::pin(json_escapes(p)),
        )
        .rfc("RFC 7644 §3.4.2.2 (compValue is a JSON string, RFC 7159)")
        .requirements(&["7644-3.4.2.2-4"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["filter-escapes-not-decoded"])
        .hint("Parse a filter's quoted value as a JSON string: decode \\uXXXX, \\\" and \\\\ before comparing.")
        .writes(),
        Check::new(
            "filter.string.json-escapes-astral",
            "A filter value holding a character outside the BMP written as JSON escapes it, a surrogate pair (\\ud83d\\ude00 for 😀), finds the user whose externalId holds that character",
            |p| Box::pin(json_escapes_astral(p)),
        )
        .rfc("RFC 7644 §3.4.2.2 (compValue is a JSON string); RFC 7159 §7 (a character outside the BMP is escaped as a UTF-16 surrogate pair)")
        .requirements(&["7644-3.4.2.2-4"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["filter-surrogates-split"])
        .hint("Decode a \\uD8xx\\uDCxx pair in a filter value as the one character it encodes, not each half on its own.")
        .writes(),
        Check::new(
            "filter.eq.no-match-empty-list",
            "A filter that matches nothing answers 200 with totalResults 0",
            |p| Box::pin(no_match(p)),
        )
        .rfc("RFC 7644 §3.4.2")
        .requirements(&["7644-3.4.2-10"])
        .tags(&["okta", "entra"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["no-match-filter-404"])
        .hint("Answer a query that matches nothing with 200 and an empty ListResponse, never 404 (Okta and Entra look users up before creating them).")
        .builds_on(&[crate::prerequisite::Prerequisite::FilterUsers]),
    ]
}

async fn username_any_case(p: &mut Probe) -> Result<(), Stop> {
    finds_upper_cased(p, |n| vec![format!("userName eq \"{n}\"")]).await
}

/// Creates a user, lists with each of `filters(UPPER-CASED userName)`, and expects exactly
/// that user every time.
async fn finds_upper_cased(p: &mut Probe, filters: fn(&str) -> Vec<String>) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let name = user.sent["userName"]
        .as_str()
        .unwrap_or_default()
        .to_uppercase();
    for filter in filters(&name) {
        expect_ids(p, &filter, &[user.id.as_str()]).await?;
    }
    Ok(())
}

async fn substring_any_case(p: &mut Probe) -> Result<(), Stop> {
    finds_upper_cased(p, |n| {
        ["co", "sw", "ew"]
            .iter()
            .map(|op| format!("userName {op} \"{n}\""))
            .collect()
    })
    .await
}

async fn urn_any_case(p: &mut Probe) -> Result<(), Stop> {
    finds_upper_cased(p, |n| {
        vec![format!("{}:userName eq \"{n}\"", scim::schema::urn::USER)]
    })
    .await
}

async fn and_any_case(p: &mut Probe) -> Result<(), Stop> {
    finds_upper_cased(p, |n| {
        vec![format!("userName eq \"{n}\" and active eq true")]
    })
    .await
}

async fn no_match(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let name = format!("{}@example.com", p.ctx().data.unique("nobody"));
    let list = p
        .filter(&endpoint, &format!("userName eq \"{name}\""))
        .await?;
    p.equal(
        "totalResults",
        &serde_json::Value::from(0),
        list.get("totalResults"),
    )?;
    let returned = list.resources().len();
    p.equal("Resources", &0, &returned)
}

/// Given and family names the ASCII and the Unicode case-folding paths of a comparison must
/// both see: each operator once matching in the other case, once not matching.
async fn substring_other_attributes(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(scim::schema::urn::USER, "name.givenName")?;
    p.require_declared(scim::schema::urn::USER, "name.familyName")?;
    let endpoint = p.endpoint("User")?;
    let mut body = p.user_body();
    body["name"] = serde_json::json!({"givenName": "Quentin", "familyName": "Ærøskøbing"});
    let user = p.create(&endpoint, body).await?;
    let mine = [user.id.as_str()];
    let cases: [(&str, &str, &[&str]); 10] = [
        ("name.givenName co", "ENTI", &mine),
        ("name.givenName sw", "QUEN", &mine),
        ("name.givenName ew", "NTIN", &mine),
        ("name.givenName sw", "NTIN", &[]),
        ("name.givenName ew", "QUEN", &[]),
        ("name.familyName co", "RØSKØ", &mine),
        ("name.familyName sw", "ÆRØ", &mine),
        ("name.familyName ew", "KØBING", &mine),
        ("name.familyName sw", "KØBING", &[]),
        ("name.familyName ew", "ÆRØ", &[]),
    ];
    expect_each(p, &user, &cases).await
}

/// For each `(comparison, operand, expected)`, lists users with `userName eq <user's> and
/// <comparison> "<operand>"` (scoped to `user`, so the verdict ignores everyone else) and
/// expects exactly the ids `expected`.
async fn expect_each(
    p: &mut Probe,
    user: &Created,
    cases: &[(&str, &str, &[&str])],
) -> Result<(), Stop> {
    let name = user.sent["userName"].as_str().unwrap_or_default();
    for (comparison, operand, expected) in cases {
        let filter = format!("userName eq \"{name}\" and {comparison} \"{operand}\"");
        expect_ids(p, &filter, expected).await?;
    }
    Ok(())
}

async fn email_value_any_case(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(scim::schema::urn::USER, "emails.value")?;
    let user = p.create_user().await?;
    let email = p.sent_email(&user)?["value"]
        .as_str()
        .unwrap_or_default()
        .to_uppercase();
    expect_ids(
        p,
        &format!("emails.value eq \"{email}\""),
        &[user.id.as_str()],
    )
    .await
}

/// An externalId in mixed case, compared in its own case (found) and in another (not found).
async fn case_exact_external_id(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let external = format!("{}-AbC", p.ctx().data.unique("ext"));
    let mut body = p.user_body();
    body["externalId"] = serde_json::json!(external);
    let user = p.create(&endpoint, body).await?;
    let mine = [user.id.as_str()];
    let lower = external.to_lowercase();
    let cases: [(&str, &str, &[&str]); 8] = [
        ("externalId eq", &external, &mine),
        ("externalId eq", &lower, &[]),
        ("externalId co", "-AbC", &mine),
        ("externalId co", "-ABC", &[]),
        ("externalId sw", &external[..external.len() - 1], &mine),
        ("externalId sw", &lower[..lower.len() - 1], &[]),
        ("externalId ew", "bC", &mine),
        ("externalId ew", "bc", &[]),
    ];
    expect_each(p, &user, &cases).await
}

/// A user whose externalId ends in U+1F600, found by a filter writing it as the surrogate pair
/// `\ud83d\ude00`. externalId is the client's own string, so a server keeps it as sent; one
/// that refuses it (400), stores it otherwise (a three-byte UTF-8 database), does not filter on
/// externalId, or cannot find it even written as itself leaves the decoding of the escape
/// nothing to be judged on: the check judges the escape against the plain character.
async fn json_escapes_astral(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let external = format!("{}-\u{1F600}", p.ctx().data.unique("ext"));
    let mut body = p.user_body();
    body["externalId"] = serde_json::json!(external);
    let reply = p.post(&endpoint, &body).await?;
    if reply.status == 400 {
        return Err(p.skip(
            "the server refuses an externalId holding a character outside the BMP (400), so how its filters decode one cannot be judged",
        ));
    }
    p.status(&reply, &[201])?;
    let Some(id) = reply.id().map(str::to_owned) else {
        return Err(p.fail(format!("the 201 response has no id: {}", reply.excerpt())));
    };
    let stored = reply.get("externalId");
    if stored.as_str() != Some(external.as_str()) {
        return Err(p.skip(format!(
            "the server answered externalId {stored} for {external:?} sent, so how its filters decode a character outside the BMP cannot be judged"
        )));
    }
    let plain = format!("externalId eq \"{external}\"");
    let list = p
        .filter_unless_refused(&endpoint, &plain, "externalId")
        .await?;
    let found = list.resource_ids();
    if found != [id.as_str()] {
        return Err(p.skip(format!(
            "{plain} (the character written as itself) finds {found:?}, not the user, so how the server decodes the escaped form cannot be judged"
        )));
    }
    let escaped = external.replace('\u{1F600}', "\\ud83d\\ude00");
    expect_ids(p, &format!("externalId eq \"{escaped}\""), &[id.as_str()]).await
}

/// The user's userName with its first `-` written as the JSON escape `\u002d`.
async fn json_escapes(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let name = user.sent["userName"].as_str().unwrap_or_default();
    if !name.contains('-') {
        return Err(p.skip("the generated userName has no '-' to escape"));
    }
    let escaped = name.replacen('-', "\\u002d", 1);
    expect_ids(
        p,
        &format!("userName eq \"{escaped}\""),
        &[user.id.as_str()],
    )
    .await
}
