//! The one error type of the filter module: what went wrong, and where in the filter text.

use crate::error::ScimType;

/// Why a filter was refused: it does not parse, or it asks for a comparison the attributes'
/// types do not support (e.g. `active gt true`).
///
/// Both map to `scimType` `invalidFilter` (RFC 7644 §3.4.2.2, §3.12), so a server can turn any
/// `FilterError` into a 400 response without inspecting it. The message is meant for the person
/// who wrote the filter: it says what was expected, what was found and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FilterError {
    kind: FilterErrorKind,
    position: usize,
    message: String,
}

/// Which stage refused the filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilterErrorKind {
    /// The text is not a filter (RFC 7644 §3.4.2.2 grammar); the position points at the problem.
    Syntax,
    /// The filter parses but an operator or operand does not fit the attribute's type, e.g. an
    /// ordering operator on a boolean. Found while evaluating, so there is no text position.
    Unsupported,
}

impl FilterError {
    /// A syntax error at `position` (0-based character offset into the filter text).
    pub(crate) fn syntax(position: usize, message: String) -> Self {
        FilterError {
            kind: FilterErrorKind::Syntax,
            position,
            message,
        }
    }

    /// An operator/operand combination the attribute's type does not support.
    pub(crate) fn unsupported(message: String) -> Self {
        FilterError {
            kind: FilterErrorKind::Unsupported,
            position: 0,
            message,
        }
    }

    /// The 0-based character offset in the filter text where the problem was found.
    ///
    /// Always 0 for [`FilterErrorKind::Unsupported`] errors, which are found during evaluation
    /// and concern an expression rather than a character; their message names the expression.
    pub fn position(&self) -> usize {
        self.position
    }

    /// Whether the text failed to parse or an operator did not fit an attribute's type.
    pub fn kind(&self) -> FilterErrorKind {
        self.kind
    }

    /// The human-readable explanation (the same text `Display` prints).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The `scimType` a server answers with: always `invalidFilter` (RFC 7644 §3.4.2.2).
    pub fn scim_type(&self) -> ScimType {
        ScimType::InvalidFilter
    }
}
