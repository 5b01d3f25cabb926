//! Canonical values (RFC 7643 §2.4, §4.1.2): what a server SHOULD return for an email address,
//! a phone number, an instant-messaging address and a `type` a client spelled its own way.
//! Each check sends one value in a non-canonical spelling on a new user and reads it back.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop, resource_path};
use scim::schema::urn;
use serde_json::{Value, json};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "users.create.email-domain-canonical",
            "An email sent with its domain in capitals (…@EXAMPLE.COM) comes back with the domain in lower case",
            |p| Box::pin(email_domain(p)),
        )
        .rfc("RFC 7643 §4.1.2 (emails SHOULD be canonicalised per RFC 5321: the domain is case-insensitive)")
        .requirements(&["7643-4.1.2-2"])
        .needs(&[Need::Users])
        .defects(&["values-stored-as-sent"])
        .hint("Lower-case the domain of an email address when you store it (keep the local part, which RFC 5321 lets be case-sensitive): IdPs and your own lookups then compare one spelling."),
        Check::new(
            "users.create.phone-rfc3966",
            "A phone number sent as a global number with spaces (+1 201 555 0123) comes back as an RFC 3966 tel URI of the same number",
            |p| Box::pin(phone_rfc3966(p)),
        )
        .rfc("RFC 7643 §4.1.2 (phoneNumbers SHOULD be canonicalised to the RFC 3966 format)")
        .requirements(&["7643-4.1.2-6"])
        .needs(&[Need::Users])
        .defects(&["values-stored-as-sent"])
        .hint("Store a global phone number as an RFC 3966 URI (tel:+1-201-555-0123); numbers without a country code may stay as sent."),
        Check::new(
            "users.create.im-canonical",
            "An IM address sent with spaces and capitals comes back without whitespace, in lower case",
            |p| Box::pin(im_canonical(p)),
        )
        .rfc("RFC 7643 §4.1.2 (ims: SHOULD remove whitespace and lower-case, where appropriate)")
        .requirements(&["7643-4.1.2-9"])
        .needs(&[Need::Users])
        .defects(&["values-stored-as-sent"])
        .hint("Strip whitespace from instant-messaging addresses and lower-case them when you store them."),
        Check::new(
            "users.create.type-canonical",
            "An email sent with type \"WORK\" comes back with the canonical value \"work\"",
            |p| Box::pin(type_canonical(p)),
        )
        .rfc("RFC 7643 §2.4 (returned multi-valued values SHOULD be canonicalised, e.g. type \"work\")")
        .requirements(&["7643-2.4-6"])
        .needs(&[Need::Users])
        .defects(&["values-stored-as-sent"])
        .hint("Return a type in the spelling of its canonicalValues (\"work\", \"home\", \"other\") whatever letter case the client used."),
    ]
}

/// Creates a user whose `attribute` holds the one `entry`, reads it back and returns the
/// first entry of that attribute (null when there is none). Entries carry only what their
/// check judges: a server may not take `type` (Canaille refuses it when undeclared). A server
/// that refuses the value as sent (400: a strict E.164 or canonicalValues validator) never
/// returns it uncanonicalised: nothing to judge.
async fn round_trip(p: &mut Probe, attribute: &str, entry: Value) -> Result<Value, Stop> {
    p.require_declared(urn::USER, &format!("{attribute}.value"))?;
    let endpoint = p.endpoint("User")?;
    let mut body = p.user_body();
    body[attribute] = json!([entry]);
    let reply = p.post(&endpoint, &body).await?;
    if reply.status == 400 {
        return Err(p.skip(format!(
            "the server refuses {attribute} {entry} as sent (400): it keeps the value out rather than canonicalising it, so nothing is returned to judge"
        )));
    }
    p.status(&reply, &[201])?;
    let Some(id) = reply.id().map(str::to_owned) else {
        return Err(p.fail(format!("the 201 response has no id: {}", reply.excerpt())));
    };
    let read = p.get(&resource_path(&endpoint, &id)).await?;
    p.status(&read, &[200])?;
    Ok(read.get(attribute)[0].clone())
}

/// The local part is sent in lower case, so a server lower-casing the whole address (which
/// RFC 5321 does not ask for, but is common) and one lower-casing the domain agree.
async fn email_domain(p: &mut Probe) -> Result<(), Stop> {
    let local = p.ctx().data.unique("canon").to_lowercase();
    let sent = json!({ "value": format!("{local}@EXAMPLE.COM") });
    let entry = round_trip(p, "emails", sent).await?;
    p.equal(
        "emails[0].value",
        &json!(format!("{local}@example.com")),
        &entry["value"],
    )
}

/// RFC 3966 lets visual separators (`-`, `.`, parentheses) sit between the digits of a `tel:`
/// URI, so the number is compared without them.
async fn phone_rfc3966(p: &mut Probe) -> Result<(), Stop> {
    let sent = json!({ "value": "+1 201 555 0123" });
    let entry = round_trip(p, "phoneNumbers", sent).await?;
    let value = entry["value"].as_str().unwrap_or_default();
    let seen = match value.strip_prefix("tel:+") {
        Some(rest)
            if rest
                .chars()
                .all(|c| c.is_ascii_digit() || "-.()".contains(c)) =>
        {
            let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
            json!(format!("tel:+{digits}"))
        }
        _ => entry["value"].clone(),
    };
    p.equal(
        "phoneNumbers[0].value, visual separators aside",
        &json!("tel:+12015550123"),
        &seen,
    )
}

async fn im_canonical(p: &mut Probe) -> Result<(), Stop> {
    let sent = json!({ "value": " Ada Lovelace@Example.ORG " });
    let entry = round_trip(p, "ims", sent).await?;
    p.equal(
        "ims[0].value",
        &json!("adalovelace@example.org"),
        &entry["value"],
    )
}

async fn type_canonical(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(urn::USER, "emails.type")?;
    let address = format!(
        "{}@example.com",
        p.ctx().data.unique("typed").to_lowercase()
    );
    let sent = json!({ "value": address, "type": "WORK" });
    let entry = round_trip(p, "emails", sent).await?;
    p.equal("emails[0].type", &json!("work"), &entry["type"])
}
