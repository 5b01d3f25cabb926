//! The filter syntax tree (RFC 7644 §3.4.2.2) and attribute paths shared with PATCH.

use serde_json::Value;

/// `[schemaURN ":"] attrName ["." subAttr]` — an attribute reference (RFC 7644 §3.10).
///
/// Names keep the spelling the client used; comparisons against schemas are case-insensitive.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AttrPath {
    /// The schema URN prefix, when the path is fully qualified (extensions).
    pub schema: Option<String>,
    /// The attribute name.
    pub name: String,
    /// The sub-attribute name, e.g. `givenName` in `name.givenName`.
    pub sub: Option<String>,
}

/// The comparison operators of RFC 7644 §3.4.2.2 (all but `pr`, which has no operand).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// equal
    Eq,
    /// not equal
    Ne,
    /// contains
    Co,
    /// starts with
    Sw,
    /// ends with
    Ew,
    /// greater than
    Gt,
    /// greater than or equal
    Ge,
    /// less than
    Lt,
    /// less than or equal
    Le,
}

/// A parsed filter expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// `attrPath op value`; the value is a JSON literal (string, number, true, false, null).
    Compare {
        /// The attribute compared.
        path: AttrPath,
        /// The operator.
        op: CompareOp,
        /// The literal operand.
        value: Value,
    },
    /// `attrPath pr`: the attribute has a non-empty value.
    Present(AttrPath),
    /// `a and b`
    And(Box<Filter>, Box<Filter>),
    /// `a or b`
    Or(Box<Filter>, Box<Filter>),
    /// `not (a)`
    Not(Box<Filter>),
    /// `attrPath[valFilter]`: some value of a multi-valued complex attribute matches the inner
    /// filter, whose paths are relative to that value.
    ValuePath {
        /// The multi-valued attribute, e.g. `emails`.
        path: AttrPath,
        /// The filter applied to each of its values.
        filter: Box<Filter>,
    },
}

impl Filter {
    /// The attribute paths the filter names at the resource's level: those of comparisons,
    /// `pr` and value paths (`emails` in `emails[type eq "work"]`), not the paths inside `[…]`,
    /// which are relative to a value.
    pub fn attribute_paths(&self) -> Vec<&AttrPath> {
        let mut paths = Vec::new();
        let mut pending = vec![self];
        while let Some(filter) = pending.pop() {
            match filter {
                Filter::Compare { path, .. } | Filter::Present(path) => paths.push(path),
                Filter::ValuePath { path, .. } => paths.push(path),
                Filter::And(a, b) | Filter::Or(a, b) => pending.extend([&**a, &**b]),
                Filter::Not(inner) => pending.push(inner),
            }
        }
        paths
    }
}
