//! A response as a check sees it: status, headers and the body parsed as JSON when it is JSON.

use serde_json::Value;

/// What came back for one request.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// Response headers in the order received.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub text: String,
    /// The body as JSON, when it parses.
    pub json: Option<Value>,
}

/// Shared `null` for lookups in bodies that are not JSON.
static NULL: Value = Value::Null;

impl Reply {
    /// Builds a reply from the status, headers and body text.
    pub fn new(status: u16, headers: Vec<(String, String)>, text: String) -> Self {
        let json = serde_json::from_str(&text).ok();
        Reply {
            status,
            headers,
            text,
            json,
        }
    }

    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, `null` when it is not JSON.
    pub fn body(&self) -> &Value {
        self.json.as_ref().unwrap_or(&NULL)
    }

    /// The member at `key` of the JSON body (`null` when absent).
    pub fn get(&self, key: &str) -> &Value {
        self.body().get(key).unwrap_or(&NULL)
    }

    /// Whether the body's `schemas` lists `urn` (a SCIM Error's, a resource's).
    pub fn lists_schema(&self, urn: &str) -> bool {
        self.get("schemas")
            .as_array()
            .is_some_and(|schemas| schemas.iter().any(|s| s == urn))
    }

    /// The body's top-level attribute `name` (see [`attribute`]).
    pub fn attribute(&self, name: &str) -> &Value {
        attribute(self.body(), name)
    }

    /// The resource id in the body, when there is one.
    pub fn id(&self) -> Option<&str> {
        self.get("id").as_str()
    }

    /// The `Resources` of a list response (empty when absent).
    pub fn resources(&self) -> &[Value] {
        self.get("Resources")
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The `id`s of the `Resources` of a list response, in order.
    pub fn resource_ids(&self) -> Vec<&str> {
        self.resources()
            .iter()
            .filter_map(|r| r.get("id").and_then(Value::as_str))
            .collect()
    }

    /// The `id`s of the `Resources`, sorted: for comparing sets of results whatever the order.
    pub fn sorted_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.resource_ids().into_iter().map(str::to_owned).collect();
        ids.sort_unstable();
        ids
    }

    /// The `value`s of the multi-valued attribute `attribute` (e.g. a group's member ids).
    pub fn values(&self, attribute: &str) -> Vec<&str> {
        self.get(attribute)
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|m| m.get("value").and_then(Value::as_str))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The media type of the response without parameters, lower case (`application/scim+json`).
    pub fn media_type(&self) -> String {
        self.header("content-type")
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    }

    /// Judges the status against the `allowed` ones: whether it holds, the expected text
    /// ("200 or 204") and the actual text (with a body excerpt when it does not hold), so every
    /// status assertion reads the same wherever it is made.
    pub fn judge_status(&self, allowed: &[u16]) -> (bool, String, String) {
        let expected = allowed
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(" or ");
        let holds = allowed.contains(&self.status);
        let actual = if holds {
            self.status.to_string()
        } else {
            format!("{} {}", self.status, self.excerpt())
        };
        (holds, expected, actual)
    }

    /// An excerpt of the body for messages (at most 200 characters).
    pub fn excerpt(&self) -> String {
        let mut text: String = self.text.chars().take(200).collect();
        if text.len() < self.text.len() {
            text.push('…');
        }
        text
    }
}

/// The JSON type of `value` as JSON Schema names it (`object`, `array`, `string`…), or
/// `not JSON` when there is no value (a body that does not parse).
pub fn json_type(value: Option<&Value>) -> &'static str {
    match value {
        None => "not JSON",
        Some(Value::Null) => "null",
        Some(Value::Bool(_)) => "boolean",
        Some(Value::Number(_)) => "number",
        Some(Value::String(_)) => "string",
        Some(Value::Array(_)) => "array",
        Some(Value::Object(_)) => "object",
    }
}

/// The value of `resource`'s top-level attribute `name`, matched case-insensitively as
/// attribute names are (RFC 7643 §2.1); `null` when absent.
pub fn attribute<'a>(resource: &'a Value, name: &str) -> &'a Value {
    resource
        .as_object()
        .and_then(|o| o.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)))
        .map_or(&NULL, |(_, v)| v)
}

/// The first value of attribute `name` any of `resources` carries (`null` when none does):
/// what a list response leaks.
pub fn first_attribute<'a>(resources: &'a [Value], name: &str) -> &'a Value {
    resources
        .iter()
        .map(|r| attribute(r, name))
        .find(|v| !v.is_null())
        .unwrap_or(&NULL)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lookups_and_media_type() {
        let r = Reply::new(
            200,
            vec![(
                "Content-Type".into(),
                "Application/SCIM+json; charset=utf-8".into(),
            )],
            r#"{"id":"a","Resources":[{"id":"x"},{"id":"y"}]}"#.into(),
        );
        assert_eq!(r.id(), Some("a"));
        assert_eq!(r.resource_ids(), vec!["x", "y"]);
        assert_eq!(r.media_type(), "application/scim+json");
        assert_eq!(r.get("missing"), &Value::Null);
    }

    #[test]
    fn non_json_body_reads_as_null() {
        let r = Reply::new(500, vec![], "<html>".into());
        assert!(r.json.is_none());
        assert!(r.resources().is_empty());
        assert_eq!(r.excerpt(), "<html>");
    }
}
