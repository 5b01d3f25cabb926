//! The assertions a check makes. Each helper takes the value it observed, and computes both the
//! verdict and the `actual` text it records from that one value, under a named
//! [`Rule`] that is recorded too — so no record can say "expected present, actual absent" and
//! pass, and anyone can re-judge a record from its text (`tests/records.rs` does, for the whole
//! catalog against every reference-server defect).
//!
//! JSON values are recorded as JSON text (strings quoted); headers and other plain text as they
//! are; something not there as [`MISSING`].

use crate::probe::{Probe, Stop};
use crate::reply::Reply;
use scimcheck_engine::rule::{MISSING, Rule, relative_segment};
use serde::Serialize;
use serde_json::Value;

/// A value as JSON text; `null` (unassigned, RFC 7643 §2.5) as [`MISSING`].
fn shown(value: &Value) -> String {
    if value.is_null() {
        MISSING.to_owned()
    } else {
        value.to_string()
    }
}

/// Anything serializable as JSON text.
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("(unserializable: {e})"))
}

impl Probe {
    /// Expects `value` (an attribute's value, `null` when absent) to be there.
    pub fn expect_present(&mut self, what: &str, value: &Value) -> Result<(), Stop> {
        let holds = !value.is_null();
        self.record(Rule::Present, holds, what, "present".into(), shown(value))
    }

    /// Expects `value` (an attribute's value, `null` when absent) not to be there.
    pub fn expect_absent(&mut self, what: &str, value: &Value) -> Result<(), Stop> {
        let holds = value.is_null();
        self.record(Rule::Absent, holds, what, "absent".into(), shown(value))
    }

    /// Expects `value` to be cleared: absent, `null` or the empty string (how IdPs clear a
    /// single-valued attribute; RFC 7643 §2.5 reads `null` as unassigned).
    pub fn expect_cleared(&mut self, what: &str, value: &Value) -> Result<(), Stop> {
        let holds = value.is_null() || value == "";
        let expected = format!("{MISSING} or \"\"");
        self.record(Rule::OneOf, holds, what, expected, shown(value))
    }

    /// Expects the multi-valued `value` to be unassigned: absent, `null` or `[]`, which RFC 7643
    /// §2.5 makes equivalent.
    pub fn expect_unassigned(&mut self, what: &str, value: &Value) -> Result<(), Stop> {
        let holds = value.is_null() || value.as_array().is_some_and(Vec::is_empty);
        let expected = format!("{MISSING} or []");
        self.record(Rule::OneOf, holds, what, expected, shown(value))
    }

    /// Expects `reply` to carry the header `name`; returns its value.
    pub fn expect_header(&mut self, reply: &Reply, name: &str) -> Result<String, Stop> {
        let value = reply.header(name);
        let actual = value.unwrap_or(MISSING).to_owned();
        let what = format!("{name} header");
        self.record(
            Rule::Present,
            value.is_some(),
            &what,
            "present".into(),
            actual,
        )?;
        Ok(value.unwrap_or_default().to_owned())
    }

    /// Expects two values to be equal (recorded as JSON).
    pub fn equal<T: Serialize + PartialEq + ?Sized>(
        &mut self,
        what: &str,
        expected: &T,
        actual: &T,
    ) -> Result<(), Stop> {
        let holds = expected == actual;
        self.record(Rule::Equal, holds, what, json(expected), json(actual))
    }

    /// Expects `actual` to differ from `unwanted` (recorded as JSON).
    pub fn expect_not_equal<T: Serialize + PartialEq + ?Sized>(
        &mut self,
        what: &str,
        unwanted: &T,
        actual: &T,
    ) -> Result<(), Stop> {
        let holds = unwanted != actual;
        self.record(Rule::NotEqual, holds, what, json(unwanted), json(actual))
    }

    /// Expects `items` to include `item`.
    pub fn expect_includes<T: Serialize + PartialEq>(
        &mut self,
        what: &str,
        items: &[T],
        item: &T,
    ) -> Result<(), Stop> {
        let holds = items.contains(item);
        self.record(Rule::Includes, holds, what, json(item), json(items))
    }

    /// Expects `items` not to include `item`.
    pub fn expect_excludes<T: Serialize + PartialEq>(
        &mut self,
        what: &str,
        items: &[T],
        item: &T,
    ) -> Result<(), Stop> {
        let holds = !items.contains(item);
        self.record(Rule::Excludes, holds, what, json(item), json(items))
    }

    /// Expects the JSON array `value` to include `item` (a `value` that is no array includes
    /// nothing).
    pub fn expect_listed(&mut self, what: &str, value: &Value, item: &str) -> Result<(), Stop> {
        let holds = value
            .as_array()
            .is_some_and(|items| items.iter().any(|i| i == item));
        self.record(Rule::Includes, holds, what, json(item), value.to_string())
    }

    /// Expects the text `actual` to start with `prefix`.
    pub fn expect_starts_with(
        &mut self,
        what: &str,
        prefix: &str,
        actual: &str,
    ) -> Result<(), Stop> {
        let holds = actual.starts_with(prefix);
        self.record(Rule::StartsWith, holds, what, prefix.into(), actual.into())
    }

    /// Expects the text `actual` (`None`: not there) to end with `suffix`.
    pub fn expect_ends_with(
        &mut self,
        what: &str,
        suffix: &str,
        actual: Option<&str>,
    ) -> Result<(), Stop> {
        let holds = actual.is_some_and(|a| a.ends_with(suffix));
        let shown = actual.unwrap_or(MISSING).to_owned();
        self.record(Rule::EndsWith, holds, what, suffix.into(), shown)
    }

    /// Expects the text `actual` not to contain `unwanted` anywhere.
    pub fn expect_lacks(&mut self, what: &str, unwanted: &str, actual: &str) -> Result<(), Stop> {
        let holds = !actual.contains(unwanted);
        self.record(Rule::Lacks, holds, what, unwanted.into(), actual.into())
    }

    /// Expects the text `actual` to contain `wanted`.
    pub fn expect_contains(&mut self, what: &str, wanted: &str, actual: &str) -> Result<(), Stop> {
        let holds = actual.contains(wanted);
        self.record(Rule::Contains, holds, what, wanted.into(), actual.into())
    }

    /// Expects the count `actual` to be at most `bound`.
    pub fn expect_at_most(&mut self, what: &str, bound: usize, actual: usize) -> Result<(), Stop> {
        let holds = actual <= bound;
        self.record(
            Rule::AtMost,
            holds,
            what,
            bound.to_string(),
            actual.to_string(),
        )
    }

    /// Expects `value` to be a JSON number.
    pub fn expect_number(&mut self, what: &str, value: &Value) -> Result<(), Stop> {
        let holds = value.is_number();
        self.record(Rule::Number, holds, what, "a number".into(), shown(value))
    }

    /// Expects `value` to be a count: a non-negative JSON integer.
    pub fn expect_count(&mut self, what: &str, value: &Value) -> Result<(), Stop> {
        let holds = value.is_u64();
        let expected = "a non-negative integer".into();
        self.record(Rule::Count, holds, what, expected, shown(value))
    }

    /// Expects `value` to be a string holding an RFC 3339 date-time.
    pub fn expect_date_time(&mut self, what: &str, value: &Value) -> Result<(), Stop> {
        let holds = value
            .as_str()
            .is_some_and(|s| chrono::DateTime::parse_from_rfc3339(s).is_ok());
        let expected = "an xsd:dateTime (RFC 3339)".into();
        self.record(Rule::DateTime, holds, what, expected, shown(value))
    }

    /// Expects `value` to be present and not `""` or `[]` (Okta's `not_empty`).
    pub fn expect_not_empty(&mut self, what: &str, value: &Value) -> Result<(), Stop> {
        let holds = match value {
            Value::Null => false,
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => !a.is_empty(),
            _ => true,
        };
        self.record(Rule::NotEmpty, holds, what, "a value".into(), shown(value))
    }

    /// Expects `location` (`None`: not there) to be an absolute URL ending in `path`: the URL of
    /// the resource at `path` (a Location header, a meta.location).
    pub fn expect_absolute_location(
        &mut self,
        what: &str,
        location: Option<&str>,
        path: &str,
    ) -> Result<(), Stop> {
        let absolute =
            location.is_some_and(|l| l.starts_with("http://") || l.starts_with("https://"));
        let shown = location.unwrap_or(MISSING).to_owned();
        let expected = "an absolute http(s) URL".into();
        self.record(Rule::AbsoluteUrl, absolute, what, expected, shown)?;
        self.expect_ends_with(what, path, location)
    }

    /// Expects `endpoint` (a ResourceType's `endpoint`) to be relative to the base URL.
    pub fn expect_relative_endpoint(&mut self, what: &str, endpoint: &Value) -> Result<(), Stop> {
        let holds = endpoint.as_str().and_then(relative_segment).is_some();
        let expected = "an endpoint relative to the base URL, e.g. /Users".into();
        self.record(
            Rule::RelativeEndpoint,
            holds,
            what,
            expected,
            shown(endpoint),
        )
    }

    /// Expects `reply`'s status to be one of `allowed`, under the name `what`.
    pub fn expect_status(
        &mut self,
        what: &str,
        reply: &Reply,
        allowed: &[u16],
    ) -> Result<(), Stop> {
        let (holds, expected, actual) = reply.judge_status(allowed);
        self.record(Rule::Status, holds, what, expected, actual)
    }

    /// Expects the reply's status to be one of `allowed`.
    pub fn status(&mut self, reply: &Reply, allowed: &[u16]) -> Result<(), Stop> {
        self.expect_status("status", reply, allowed)
    }

    /// Expects the text `actual` to be one of `allowed`.
    pub fn expect_one_of(
        &mut self,
        what: &str,
        allowed: &[&str],
        actual: &str,
    ) -> Result<(), Stop> {
        let holds = allowed.contains(&actual);
        self.record(
            Rule::OneOf,
            holds,
            what,
            allowed.join(" or "),
            actual.into(),
        )
    }

    /// Expects `reply` to be a SCIM Error: JSON whose `schemas` lists the Error URN. What is
    /// recorded is the `schemas` member, or an excerpt of the body when it is not JSON.
    pub fn expect_scim_error(&mut self, reply: &Reply, what: &str) -> Result<(), Stop> {
        let urn = scim::schema::urn::ERROR;
        match &reply.json {
            Some(_) => self.expect_listed(what, reply.get("schemas"), urn),
            None => self.record(Rule::Includes, false, what, json(urn), reply.excerpt()),
        }
    }
}
