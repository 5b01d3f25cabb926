//! The one place where scimcheck bends RFC 7643/7644 for real identity providers.
//!
//! Identity providers do not always send what the RFCs say. A server that wants to work with them
//! accepts a few known deviations; a conformance checker wants to know whether a server needs
//! them. Both needs are served by passing a [`Leniency`] to the code that reads client input
//! (validation and PATCH) instead of scattering special cases through it.
//!
//! Each field names one deviation, who sends it, and what accepting it means.

/// Which known client deviations from the RFCs are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Leniency {
    /// Accept the strings `"True"` / `"False"` (any letter case) for a boolean attribute and
    /// store them as JSON booleans. Microsoft Entra ID sends
    /// `{"op":"Replace","path":"active","value":"False"}`.
    pub string_booleans: bool,
    /// Accept extension data (e.g. under the enterprise User URN key) whose URN is missing from
    /// `schemas`, and add the URN. Some clients list only the core schema.
    pub implied_extension_schemas: bool,
    /// Accept a resource body without a `schemas` member and assume the resource type's core
    /// schema. Some clients omit it on PUT.
    pub missing_schemas: bool,
    /// In a PATCH `remove` whose path names a multi-valued attribute without a filter (e.g.
    /// `members`), treat a `value` array as the list of values to remove rather than removing
    /// them all. Microsoft Entra ID removes group members this way; RFC 7644 §3.5.2.2 would clear
    /// the whole attribute.
    pub remove_with_value: bool,
    /// Accept a bare scalar for a single-valued complex attribute that has a `value`
    /// sub-attribute, read as `{"value": …}`. Microsoft Entra ID sets the enterprise User's
    /// manager with `{"op": "add", "path": "<enterprise URN>:manager", "value": "<manager id>"}`,
    /// where RFC 7643 §4.3 wants `{"value": "<manager id>"}`.
    pub bare_complex_values: bool,
}

impl Leniency {
    /// Exactly the RFCs: every deviation is rejected. For judging whether a client or server
    /// conforms.
    pub const fn strict() -> Self {
        Leniency {
            string_booleans: false,
            implied_extension_schemas: false,
            missing_schemas: false,
            remove_with_value: false,
            bare_complex_values: false,
        }
    }

    /// Every known deviation of Okta and Microsoft Entra ID accepted. For a server that must work
    /// with those clients as they are.
    pub const fn interop() -> Self {
        Leniency {
            string_booleans: true,
            implied_extension_schemas: true,
            missing_schemas: true,
            remove_with_value: true,
            bare_complex_values: true,
        }
    }

    /// Reads a boolean the way this policy allows: a JSON boolean always; `"true"` / `"false"`
    /// strings in any case only when [`Leniency::string_booleans`] is on.
    pub fn boolean(&self, value: &serde_json::Value) -> Option<bool> {
        match value {
            serde_json::Value::Bool(b) => Some(*b),
            serde_json::Value::String(s) if self.string_booleans => {
                if s.eq_ignore_ascii_case("true") {
                    Some(true)
                } else if s.eq_ignore_ascii_case("false") {
                    Some(false)
                } else {
                    None
                }
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn string_booleans_are_read_only_when_allowed() {
        assert_eq!(Leniency::interop().boolean(&json!("False")), Some(false));
        assert_eq!(Leniency::interop().boolean(&json!("TRUE")), Some(true));
        assert_eq!(Leniency::interop().boolean(&json!("yes")), None);
        assert_eq!(Leniency::strict().boolean(&json!("True")), None);
        assert_eq!(Leniency::strict().boolean(&json!(true)), Some(true));
    }
}
