//! One attribute definition with every characteristic RFC 7643 §2.2 and §7 name.

use serde::{Deserialize, Serialize};

/// The data type of an attribute (RFC 7643 §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AttrType {
    /// A JSON string.
    String,
    /// `true` or `false`.
    Boolean,
    /// A real number; filters compare it numerically.
    Decimal,
    /// A whole number.
    Integer,
    /// An xsd:dateTime string; filters compare it as an instant, not as text.
    DateTime,
    /// Base64-encoded bytes; always case-exact, never ordered.
    Binary,
    /// A URI; `referenceTypes` says what it may point to.
    Reference,
    /// An object made of `subAttributes`.
    Complex,
}

/// Whether and when a client may write an attribute (RFC 7643 §7 "mutability").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Mutability {
    /// The service provider sets it; client values are ignored.
    ReadOnly,
    /// Clients may set and change it.
    #[default]
    ReadWrite,
    /// Settable once (at creation or when empty); a later change is an error.
    Immutable,
    /// Accepted but never returned (e.g. `password`).
    WriteOnly,
}

/// When an attribute appears in responses (RFC 7643 §7 "returned").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Returned {
    /// In every response, whatever `attributes` / `excludedAttributes` say (e.g. `id`).
    Always,
    /// Never (e.g. `password`).
    Never,
    /// Unless excluded.
    #[default]
    Default,
    /// Only when named in `attributes`.
    Request,
}

/// How unique a value must be (RFC 7643 §7 "uniqueness").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Uniqueness {
    /// No constraint.
    #[default]
    None,
    /// Unique within the service provider.
    Server,
    /// Unique across all service providers.
    Global,
}

/// An attribute definition as published in `/Schemas` (RFC 7643 §7).
///
/// Reading another server's definition, a missing characteristic takes its RFC 7643 §2.2 default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attribute {
    /// The attribute name, e.g. `userName`. Compared case-insensitively.
    pub name: String,
    /// The data type.
    #[serde(rename = "type")]
    pub attr_type: AttrType,
    /// Whether the value is an array.
    #[serde(default)]
    pub multi_valued: bool,
    /// What the attribute is for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Whether a resource is invalid without it.
    #[serde(default)]
    pub required: bool,
    /// Suggested values (e.g. `work`, `home` for `emails.type`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub canonical_values: Vec<String>,
    /// Whether string comparison is case-sensitive.
    #[serde(default)]
    pub case_exact: bool,
    /// Whether and when clients may write it.
    #[serde(default)]
    pub mutability: Mutability,
    /// When it is returned.
    #[serde(default)]
    pub returned: Returned,
    /// How unique it must be.
    #[serde(default)]
    pub uniqueness: Uniqueness,
    /// For `reference` attributes: `User`, `Group`, `external`, `uri`, …
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reference_types: Vec<String>,
    /// For `complex` attributes: their sub-attributes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub_attributes: Vec<Attribute>,
}

impl Attribute {
    /// Finds a sub-attribute by name, case-insensitively.
    pub fn sub_attribute(&self, name: &str) -> Option<&Attribute> {
        self.sub_attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }
}

/// Builder-style constructors, so schema tables (the core schemas here, custom schemas in tests
/// and servers) read as one line per attribute instead of a wall of struct literals.
///
/// A fresh attribute has the RFC 7643 §2.2 defaults: single-valued, optional, not case-exact,
/// `readWrite`, returned `default`, uniqueness `none`.
impl Attribute {
    /// A new attribute of `attr_type` with the RFC 7643 §2.2 default characteristics.
    pub fn new(name: &str, attr_type: AttrType) -> Self {
        Attribute {
            name: name.to_owned(),
            attr_type,
            multi_valued: false,
            description: String::new(),
            required: false,
            canonical_values: Vec::new(),
            case_exact: false,
            mutability: Mutability::ReadWrite,
            returned: Returned::Default,
            uniqueness: Uniqueness::None,
            reference_types: Vec::new(),
            sub_attributes: Vec::new(),
        }
    }

    /// Sets the human-readable description.
    pub fn describe(mut self, description: &str) -> Self {
        self.description = description.to_owned();
        self
    }

    /// Makes the attribute multi-valued (its value is a JSON array).
    pub fn multi(mut self) -> Self {
        self.multi_valued = true;
        self
    }

    /// Makes the attribute required.
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// Makes string comparison case-sensitive.
    pub fn case_exact(mut self) -> Self {
        self.case_exact = true;
        self
    }

    /// Sets the mutability.
    pub fn mutability(mut self, mutability: Mutability) -> Self {
        self.mutability = mutability;
        self
    }

    /// Sets when the attribute is returned.
    pub fn returned(mut self, returned: Returned) -> Self {
        self.returned = returned;
        self
    }

    /// Sets the uniqueness constraint.
    pub fn uniqueness(mut self, uniqueness: Uniqueness) -> Self {
        self.uniqueness = uniqueness;
        self
    }

    /// Sets the canonical values.
    pub fn canonical(mut self, values: &[&str]) -> Self {
        self.canonical_values = values.iter().map(|v| (*v).to_owned()).collect();
        self
    }

    /// Sets the reference types of a `reference` attribute.
    pub fn references(mut self, types: &[&str]) -> Self {
        self.reference_types = types.iter().map(|v| (*v).to_owned()).collect();
        self
    }

    /// Sets the sub-attributes of a `complex` attribute.
    pub fn subs(mut self, sub_attributes: Vec<Attribute>) -> Self {
        self.sub_attributes = sub_attributes;
        self
    }

    /// True when a client may not set this attribute at all (`readOnly`).
    pub fn is_read_only(&self) -> bool {
        self.mutability == Mutability::ReadOnly
    }
}
