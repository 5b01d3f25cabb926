//! Test data: resources generated from the server's own /Schemas (types, required attributes,
//! canonical values), every unique value carrying a run-unique prefix so the run never collides
//! with real data or with a previous run.

use crate::discovered::Discovered;
use scim::schema::{AttrType, Attribute, Mutability, Schema, core, urn};
use serde_json::{Map, Value, json};
use std::sync::atomic::{AtomicU64, Ordering};

/// User attributes every generated user carries when the schema defines them, besides the
/// required ones: what IdPs send and what the checks read back. The password is left out
/// unless a check asks for it ([`TestData::user_with_password`]): servers hash it on purpose
/// slowly, and most checks do not need it.
const USER_ATTRIBUTES: [&str; 6] = [
    "userName",
    "externalId",
    "name",
    "displayName",
    "emails",
    "active",
];

/// Generates unique, schema-shaped test resources.
#[derive(Debug)]
pub struct TestData {
    prefix: String,
    counter: AtomicU64,
}

impl TestData {
    /// A generator whose values all start with `scimcheck-` and 8 random hex digits.
    pub fn new() -> Self {
        let random = uuid::Uuid::new_v4().simple().to_string();
        TestData {
            prefix: format!("scimcheck-{}", &random[..8]),
            counter: AtomicU64::new(0),
        }
    }

    /// The run-unique prefix, e.g. `scimcheck-1a2b3c4d`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// A value no other call returns: `<prefix>-<label><n>`.
    pub fn unique(&self, label: &str) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        format!("{}-{label}{n}", self.prefix)
    }

    /// `text` with every value this run generated (`<prefix>-u12@…`, `<prefix>-g3`) replaced by
    /// `…`, so that two answers that differ only in the test data compare equal.
    pub fn without_run_values(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find(&self.prefix) {
            out.push_str(&rest[..at]);
            out.push('…');
            let after = &rest[at + self.prefix.len()..];
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(after.len());
            rest = &after[end..];
        }
        out.push_str(rest);
        out
    }

    /// A new user body: the schema's required attributes plus the common ones it defines.
    pub fn user(&self, discovered: &Discovered) -> Value {
        let schema = discovered
            .schema(urn::USER)
            .unwrap_or_else(|| core::user_schema());
        let tag = self.unique("u");
        let mut body = Map::new();
        body.insert("schemas".into(), json!([urn::USER]));
        for attr in schema.attributes.iter().filter(|a| {
            a.required
                || USER_ATTRIBUTES
                    .iter()
                    .any(|n| a.name.eq_ignore_ascii_case(n))
        }) {
            if let Some(value) = sample(with_sub_attributes(attr, core::user_schema()), &tag) {
                body.insert(attr.name.clone(), value);
            }
        }
        with_required_extensions(discovered, urn::USER, &tag, &mut body);
        Value::Object(body)
    }

    /// A new user body that also carries a password, when the schema defines one.
    pub fn user_with_password(&self, discovered: &Discovered) -> Value {
        let mut body = self.user(discovered);
        let schema = discovered
            .schema(urn::USER)
            .unwrap_or_else(|| core::user_schema());
        if let (Some(attr), Some(object)) = (schema.attribute("password"), body.as_object_mut())
            && let Some(value) = sample(attr, &self.unique("pw"))
        {
            object.insert(attr.name.clone(), value);
        }
        body
    }

    /// A new group body with a unique displayName and the given member ids.
    pub fn group(&self, discovered: &Discovered, member_ids: &[&str]) -> Value {
        let schema = discovered
            .schema(urn::GROUP)
            .unwrap_or_else(|| core::group_schema());
        let tag = self.unique("g");
        let mut body = Map::new();
        body.insert("schemas".into(), json!([urn::GROUP]));
        body.insert("displayName".into(), Value::String(tag.clone()));
        for attr in schema.attributes.iter().filter(|a| a.required) {
            if !body.contains_key(&attr.name)
                && let Some(value) = sample(attr, &tag)
            {
                body.insert(attr.name.clone(), value);
            }
        }
        if !member_ids.is_empty() {
            let members: Vec<Value> = member_ids.iter().map(|id| json!({ "value": id })).collect();
            body.insert("members".into(), Value::Array(members));
        }
        with_required_extensions(discovered, urn::GROUP, &tag, &mut body);
        Value::Object(body)
    }
}

/// Adds to the new resource `body` of core schema `core` each extension its resource type
/// marks required, with the extension's required attributes and its URN in `schemas`: a server
/// enforcing RFC 7643 §6's `required` refuses a resource without them, whatever a check tests.
fn with_required_extensions(
    discovered: &Discovered,
    core: &str,
    tag: &str,
    body: &mut Map<String, Value>,
) {
    for extension in discovered.required_extensions(core) {
        let values: Map<String, Value> = extension
            .attributes
            .iter()
            .filter(|a| a.required)
            .filter_map(|a| Some((a.name.clone(), sample(a, tag)?)))
            .collect();
        if let Some(Value::Array(schemas)) = body.get_mut("schemas") {
            schemas.push(Value::String(extension.id.clone()));
        }
        body.insert(extension.id.clone(), Value::Object(values));
    }
}

impl Default for TestData {
    fn default() -> Self {
        Self::new()
    }
}

/// `attr` as /Schemas gave it, or — a complex attribute given without `subAttributes` (which
/// RFC 7643 §7 only recommends) — as `core` defines it, so its generated value has
/// sub-attributes: a bare `{}` would be refused or stored empty, failing checks about
/// something else.
fn with_sub_attributes<'a>(attr: &'a Attribute, core: &'a Schema) -> &'a Attribute {
    if attr.attr_type == AttrType::Complex && attr.sub_attributes.is_empty() {
        core.attribute(&attr.name).unwrap_or(attr)
    } else {
        attr
    }
}

/// A plausible value for `attr`, unique through `tag`; `None` for attributes a client cannot
/// set (readOnly) or cannot invent (references it was not given).
fn sample(attr: &Attribute, tag: &str) -> Option<Value> {
    if attr.mutability == Mutability::ReadOnly {
        return None;
    }
    let one = match attr.attr_type {
        AttrType::Complex => {
            let mut object = Map::new();
            for sub in &attr.sub_attributes {
                if let Some(v) = sample(sub, tag) {
                    object.insert(sub.name.clone(), v);
                }
            }
            if attr.multi_valued {
                // One value of a multi-valued attribute is its primary one.
                if attr.sub_attribute("primary").is_some() {
                    object.insert("primary".into(), Value::Bool(true));
                }
            }
            Value::Object(object)
        }
        AttrType::String => Value::String(string_sample(attr, tag)),
        AttrType::Boolean if attr.name.eq_ignore_ascii_case("primary") => return None,
        AttrType::Boolean => Value::Bool(true),
        AttrType::Integer => json!(1),
        AttrType::Decimal => json!(1.5),
        AttrType::DateTime => Value::String("2024-01-02T03:04:05Z".into()),
        AttrType::Binary => Value::String("c2NpbWNoZWNr".into()),
        AttrType::Reference if attr.required => Value::String(format!("https://example.com/{tag}")),
        AttrType::Reference => return None,
    };
    Some(if attr.multi_valued {
        Value::Array(vec![one])
    } else {
        one
    })
}

fn string_sample(attr: &Attribute, tag: &str) -> String {
    if let Some(first) = attr.canonical_values.first() {
        // `work` is the value IdPs send for email and phone types; prefer it when allowed.
        return attr
            .canonical_values
            .iter()
            .find(|v| v.eq_ignore_ascii_case("work"))
            .unwrap_or(first)
            .clone();
    }
    let name = attr.name.to_ascii_lowercase();
    match name.as_str() {
        "username" | "value" => format!("{tag}@example.com"),
        "password" => format!("Pw-{tag}-9x!"),
        "givenname" => "Ada".into(),
        "familyname" => format!("Lovelace-{tag}"),
        "displayname" | "formatted" => format!("Ada Lovelace {tag}"),
        _ => format!("{}-{tag}", attr.name),
    }
}

/// The required attributes of `schema` a client must send (for checks that omit one).
pub fn required_writable(schema: &Schema) -> impl Iterator<Item = &Attribute> {
    schema
        .attributes
        .iter()
        .filter(|a| a.required && a.mutability != Mutability::ReadOnly)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_users_are_unique_and_prefixed() {
        let data = TestData::new();
        let d = Discovered::default();
        let a = data.user(&d);
        let b = data.user(&d);
        let name_a = a["userName"].as_str().unwrap();
        assert!(name_a.starts_with(data.prefix()), "{name_a}");
        assert_ne!(a["userName"], b["userName"]);
        assert_eq!(a["emails"][0]["type"], "work");
        assert_eq!(a["emails"][0]["primary"], true);
        assert!(a.get("id").is_none() && a.get("meta").is_none());
        assert!(a.get("password").is_none());
        let with = data.user_with_password(&d);
        assert!(with["password"].as_str().unwrap().starts_with("Pw-"));
    }

    #[test]
    fn a_required_extension_is_sent_with_its_required_attributes() {
        let data = TestData::new();
        let mut extension = core::enterprise_user_schema().clone();
        extension.attributes[0].required = true;
        let user_type: scim::schema::ResourceType = serde_json::from_value(json!({
            "name": "User", "endpoint": "/Users", "schema": urn::USER,
            "schemaExtensions": [{"schema": urn::ENTERPRISE_USER, "required": true}],
        }))
        .unwrap();
        let d = Discovered {
            resource_types: vec![user_type],
            schemas: vec![core::user_schema().clone(), extension.clone()],
            ..Discovered::default()
        };
        let user = data.user(&d);
        assert_eq!(user["schemas"], json!([urn::USER, urn::ENTERPRISE_USER]));
        let required = &extension.attributes[0].name;
        assert!(user[urn::ENTERPRISE_USER][required].is_string(), "{user}");
        // Not required: not sent.
        assert!(
            data.user(&Discovered::default())
                .get(urn::ENTERPRISE_USER)
                .is_none()
        );
    }

    #[test]
    fn run_values_are_masked_for_comparison() {
        let data = TestData::new();
        let a = format!("userName '{}' is taken", data.unique("u"));
        let b = format!("userName '{}' is taken", data.unique("u"));
        assert_ne!(a, b);
        assert_eq!(data.without_run_values(&a), data.without_run_values(&b));
        assert_eq!(data.without_run_values(&a), "userName '…' is taken");
    }

    #[test]
    fn groups_carry_members() {
        let data = TestData::new();
        let g = data.group(&Discovered::default(), &["u1"]);
        assert_eq!(g["members"][0]["value"], "u1");
        assert!(g["displayName"].as_str().unwrap().starts_with("scimcheck-"));
    }
}
