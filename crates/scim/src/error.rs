//! SCIM error types (RFC 7644 §3.12): the `scimType` keywords every protocol error maps to.

use serde::{Deserialize, Serialize};

/// The `scimType` detail error keywords of RFC 7644 §3.12, Table 9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ScimType {
    /// The filter syntax was invalid, or an operator is not valid for the attribute (400).
    InvalidFilter,
    /// The filter yields more results than the server is willing to return (400).
    TooMany,
    /// A unique attribute value is already in use (409).
    Uniqueness,
    /// A write conflicts with an attribute's mutability (400).
    Mutability,
    /// The request body's structure was invalid or did not follow the schema (400).
    InvalidSyntax,
    /// A PATCH path was invalid (400).
    InvalidPath,
    /// A PATCH path did not yield a target to operate on (400).
    NoTarget,
    /// A required value was missing, or a value was not compatible with the attribute (400).
    InvalidValue,
    /// The protocol version is not supported (400).
    InvalidVers,
    /// The request cannot be completed because of sensitive information in the URI (403).
    Sensitive,
}

impl ScimType {
    /// The HTTP status RFC 7644 §3.12 pairs with this keyword.
    pub fn status(self) -> u16 {
        match self {
            ScimType::Uniqueness => 409,
            ScimType::Sensitive => 403,
            _ => 400,
        }
    }

    /// The keyword as it appears in the `scimType` member.
    pub fn as_str(self) -> &'static str {
        match self {
            ScimType::InvalidFilter => "invalidFilter",
            ScimType::TooMany => "tooMany",
            ScimType::Uniqueness => "uniqueness",
            ScimType::Mutability => "mutability",
            ScimType::InvalidSyntax => "invalidSyntax",
            ScimType::InvalidPath => "invalidPath",
            ScimType::NoTarget => "noTarget",
            ScimType::InvalidValue => "invalidValue",
            ScimType::InvalidVers => "invalidVers",
            ScimType::Sensitive => "sensitive",
        }
    }
}

impl std::fmt::Display for ScimType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
