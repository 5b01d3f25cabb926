//! Reading values out of a response — the sources shared by assertions and variable extraction —
//! and setting variables from them.
//!
//! | source | property | value read |
//! |---|---|---|
//! | response_status | — | the status code (a number) |
//! | response_headers | header name, case-insensitive | the header's values joined with `, ` |
//! | response_json | path (see [`property`](super::property)) | the JSON value at the path |
//! | response_text | — | the body as text |
//! | response_time | — | milliseconds (a number) |
//! | response_size | — | body bytes (a number) |
//! | response_xml | XPath expression (see [`xml`](super::xml)) | the string value of the first node selected, or a count |
//!
//! An extracted variable holds strings as they are, numbers and booleans as written in JSON,
//! `null` as the empty string, and objects and arrays as compact JSON. A missing property sets
//! nothing (a later `{{name}}` then reports the variable as undefined).

use super::format::{Extraction, Source};
use super::xml::{Document, XmlValue};
use super::{Variables, property};
use serde_json::Value;
use std::cell::OnceCell;

/// The parts of a response sources read from; the JSON body is parsed once, on first use.
#[derive(Debug)]
pub struct ResponseView<'a> {
    status: u16,
    headers: &'a [(String, String)],
    body: &'a str,
    time_ms: u64,
    size_bytes: u64,
    json: OnceCell<Result<Value, String>>,
    xml: OnceCell<Result<Document, String>>,
}

impl<'a> ResponseView<'a> {
    /// A view over one response.
    pub fn new(
        status: u16,
        headers: &'a [(String, String)],
        body: &'a str,
        time_ms: u64,
        size_bytes: u64,
    ) -> Self {
        ResponseView {
            status,
            headers,
            body,
            time_ms,
            size_bytes,
            json: OnceCell::new(),
            xml: OnceCell::new(),
        }
    }

    fn json(&self) -> Result<&Value, String> {
        self.json
            .get_or_init(|| {
                serde_json::from_str(self.body).map_err(|e| {
                    format!("the response body is not JSON ({e}); response_json needs a JSON body")
                })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Reads `source[property]`: `Ok(None)` when it does not exist, `Err` when it cannot be read.
    pub fn read(&self, source: Source, property: &str) -> Result<Option<Value>, String> {
        match source {
            Source::Status => Ok(Some(Value::from(self.status))),
            Source::Time => Ok(Some(Value::from(self.time_ms))),
            Source::Size => Ok(Some(Value::from(self.size_bytes))),
            Source::Text => Ok(Some(Value::String(self.body.to_owned()))),
            Source::Headers => {
                let name = property.trim();
                if name.is_empty() {
                    return Err("response_headers needs the header's name as its property".into());
                }
                let values: Vec<&str> = self
                    .headers
                    .iter()
                    .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.as_str())
                    .collect();
                Ok((!values.is_empty()).then(|| Value::String(values.join(", "))))
            }
            Source::Json => property::read(self.json()?, property).map_err(|e| e.to_string()),
            Source::Xml => {
                let document = self
                    .xml
                    .get_or_init(|| {
                        Document::parse(self.body).map_err(|e| {
                            format!(
                                "the response body is not XML ({e}); response_xml needs an XML body"
                            )
                        })
                    })
                    .as_ref()
                    .map_err(Clone::clone)?;
                Ok(document.select(property)?.map(|value| match value {
                    XmlValue::Text(text) => Value::String(text),
                    XmlValue::Count(n) => Value::from(n),
                }))
            }
        }
    }
}

/// The text a variable holds for a JSON value.
pub fn variable_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Applies one extraction to `variables`; returns a note for the step's log.
pub fn apply(
    extraction: &Extraction,
    view: &ResponseView<'_>,
    variables: &mut Variables,
) -> String {
    let what = format!("{} {:?}", extraction.source.as_str(), extraction.property);
    match view.read(extraction.source, &extraction.property) {
        Ok(Some(value)) => {
            variables.insert(extraction.name.clone(), variable_text(&value));
            format!("variable {} set from {what}", extraction.name)
        }
        Ok(None) => format!(
            "variable {} not set: {what} is missing from the response",
            extraction.name
        ),
        Err(e) => format!("variable {} not set: {e}", extraction.name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn headers() -> Vec<(String, String)> {
        vec![
            ("Content-Type".into(), "application/scim+json".into()),
            ("x-a".into(), "1".into()),
            ("X-A".into(), "2".into()),
        ]
    }

    #[test]
    fn every_source_reads_its_value() {
        let h = headers();
        let view = ResponseView::new(201, &h, r#"{"id":"u1"}"#, 12, 11);
        assert_eq!(view.read(Source::Status, "").unwrap(), Some(json!(201)));
        assert_eq!(view.read(Source::Time, "").unwrap(), Some(json!(12)));
        assert_eq!(view.read(Source::Size, "").unwrap(), Some(json!(11)));
        assert_eq!(
            view.read(Source::Text, "").unwrap(),
            Some(json!(r#"{"id":"u1"}"#))
        );
        assert_eq!(
            view.read(Source::Headers, "content-type").unwrap(),
            Some(json!("application/scim+json"))
        );
        assert_eq!(
            view.read(Source::Headers, "X-a").unwrap(),
            Some(json!("1, 2"))
        );
        assert_eq!(view.read(Source::Headers, "ETag").unwrap(), None);
        assert_eq!(view.read(Source::Json, "id").unwrap(), Some(json!("u1")));
    }

    #[test]
    fn unreadable_sources_say_why() {
        let h = headers();
        let view = ResponseView::new(200, &h, "<html>", 1, 6);
        assert!(
            view.read(Source::Json, "id")
                .unwrap_err()
                .contains("not JSON")
        );
        assert!(
            view.read(Source::Xml, "/html[last()]")
                .unwrap_err()
                .contains("does not support")
        );
        assert!(
            view.read(Source::Headers, "")
                .unwrap_err()
                .contains("header's name")
        );
    }

    #[test]
    fn extraction_sets_text_or_reports_missing() {
        let h = headers();
        let view = ResponseView::new(
            200,
            &h,
            r#"{"id":"u1","n":3,"ok":true,"z":null,"o":{"a":1}}"#,
            1,
            1,
        );
        let mut vars = Variables::new();
        for (name, path) in [
            ("id", "id"),
            ("n", "n"),
            ("ok", "ok"),
            ("z", "z"),
            ("o", "o"),
            ("gone", "nope"),
        ] {
            let extraction = Extraction {
                name: name.into(),
                source: Source::Json,
                property: path.into(),
            };
            let note = apply(&extraction, &view, &mut vars);
            assert!(note.contains(name), "{note}");
        }
        let got: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            got,
            [
                ("id", "u1"),
                ("n", "3"),
                ("o", "{\"a\":1}"),
                ("ok", "true"),
                ("z", "")
            ]
        );
    }
}
