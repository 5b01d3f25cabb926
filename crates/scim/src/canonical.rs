//! The canonical forms RFC 7643 recommends for values a server returns: an email's domain in
//! lower case (§4.1.2, after RFC 5321, where the domain is case-insensitive and the local part
//! may not be), a phone number given as a global number as an RFC 3966 `tel:` URI (§4.1.2),
//! an instant-messaging address without whitespace and in lower case (§4.1.2), and a `type`
//! spelled as one of the attribute's `canonicalValues` (§2.4: "work", not "Work").
//!
//! Each is a SHOULD "where appropriate": values that do not have the recognised shape are kept
//! as sent, so nothing a client sent is lost to a guess.
//!
//! ```
//! use scim::canonical;
//! assert_eq!(canonical::email("Barbara.Jensen@EXAMPLE.com"), "Barbara.Jensen@example.com");
//! assert_eq!(canonical::phone("+1 201 555 0123"), "tel:+1-201-555-0123");
//! assert_eq!(canonical::phone("555-0123"), "555-0123");
//! assert_eq!(canonical::im(" Some One@Example.com "), "someone@example.com");
//! ```

use serde_json::{Map, Value};

use crate::schema::{AttrType, ResourceSchema};

/// The shortest and longest global numbers made canonical: E.164 numbers have at most 15
/// digits; shorter than 8 is a fragment (an extension, a local number), kept as sent.
const GLOBAL_DIGITS: std::ops::RangeInclusive<usize> = 8..=15;

/// `address` with its domain (after the last `@`) in lower case.
pub fn email(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((local, domain)) => format!("{local}@{}", domain.to_lowercase()),
        None => address.to_owned(),
    }
}

/// A global number (`+` then digits, spaces and RFC 3966 visual separators) as a `tel:` URI
/// whose separators are `-` (spaces are not allowed in a URI); anything else as given.
pub fn phone(number: &str) -> String {
    let trimmed = number.trim();
    let Some(rest) = trimmed.strip_prefix('+') else {
        return number.to_owned();
    };
    let separator = |c: char| matches!(c, ' ' | '-' | '.' | '(' | ')');
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    if !rest.chars().all(|c| c.is_ascii_digit() || separator(c))
        || !rest.starts_with(|c: char| c.is_ascii_digit())
        || !GLOBAL_DIGITS.contains(&digits)
    {
        return number.to_owned();
    }
    let groups: Vec<&str> = rest.split(separator).filter(|g| !g.is_empty()).collect();
    format!("tel:+{}", groups.join("-"))
}

/// `address` without whitespace, in lower case.
pub fn im(address: &str) -> String {
    address
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// One value's canonical form.
type Rewrite = fn(&str) -> String;

/// Rewrites the values of `resource` (a stored body, keys in the schema's spelling) into their
/// canonical forms: `emails`, `phoneNumbers` and `ims` values, and every multi-valued complex
/// attribute's `type` that matches one of its `canonicalValues` but for letter case.
pub fn canonicalise(resource: &mut Map<String, Value>, schema: &ResourceSchema) {
    let rewrites: [(&str, Rewrite); 3] = [("emails", email), ("phoneNumbers", phone), ("ims", im)];
    for (attribute, rewrite) in rewrites {
        for entry in entries(resource, attribute) {
            if let Some(Value::String(value)) = entry.get_mut("value") {
                *value = rewrite(value);
            }
        }
    }
    for attr in schema.core.attributes.iter() {
        if attr.attr_type != AttrType::Complex || !attr.multi_valued {
            continue;
        }
        let Some(canonical) = attr.sub_attribute("type").map(|t| &t.canonical_values) else {
            continue;
        };
        for entry in entries(resource, &attr.name) {
            if let Some(Value::String(kind)) = entry.get_mut("type")
                && let Some(spelled) = canonical.iter().find(|c| c.eq_ignore_ascii_case(kind))
            {
                kind.clone_from(spelled);
            }
        }
    }
}

/// The object entries of the multi-valued `attribute` of `resource`.
fn entries<'a>(
    resource: &'a mut Map<String, Value>,
    attribute: &str,
) -> impl Iterator<Item = &'a mut Map<String, Value>> {
    resource
        .get_mut(attribute)
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object_mut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::core;
    use serde_json::json;

    #[test]
    fn phones_become_tel_uris_only_when_global() {
        assert_eq!(phone("+44 (20) 7946.0958"), "tel:+44-20-7946-0958");
        assert_eq!(phone("tel:+1-201-555-0123"), "tel:+1-201-555-0123");
        for kept in [
            "555-555-5555",
            "+1 555",
            "+1 555 0100 ext 7",
            "+ 1 201 555 0123",
        ] {
            assert_eq!(phone(kept), kept);
        }
    }

    #[test]
    fn emails_keep_their_local_part() {
        assert_eq!(email("Ada@Example.ORG"), "Ada@example.org");
        assert_eq!(email("no-at-sign"), "no-at-sign");
    }

    #[test]
    fn types_take_the_canonical_spelling_and_others_stay() {
        let mut user = json!({
            "emails": [{"value": "A@B.COM", "type": "WORK"}, {"value": "c@d.com", "type": "Pager"}],
            "ims": [{"value": "Ada L@X.org", "type": "xmpp"}],
        });
        let resource = user.as_object_mut().expect("an object");
        canonicalise(resource, core::user());
        assert_eq!(
            user,
            json!({
                "emails": [{"value": "A@b.com", "type": "work"}, {"value": "c@d.com", "type": "Pager"}],
                "ims": [{"value": "adal@x.org", "type": "xmpp"}],
            })
        );
    }
}
