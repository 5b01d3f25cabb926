//! SCIM filters (RFC 7644 §3.4.2.2): parsing, printing and evaluation.
//!
//! ```
//! use scim::filter::parse;
//!
//! let filter = parse(r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#)?;
//! assert_eq!(
//!     filter.to_string(),
//!     r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#
//! );
//! # Ok::<(), scim::filter::FilterError>(())
//! ```
//!
//! [`parse`] turns text into a [`Filter`]; `Display` prints it back (the printer round-trips the
//! parser); [`Filter::matches`] evaluates it against a resource with the attribute
//! characteristics of a [`crate::schema::ResourceSchema`]. [`parse_attr_path`] reads a bare
//! attribute path, which PATCH paths build on.

mod ast;
mod compare;
mod error;
mod eval;
mod literal;
mod parser;
mod print;

pub use ast::{AttrPath, CompareOp, Filter};
pub use error::{FilterError, FilterErrorKind};
pub use parser::{MAX_NESTING, MAX_TERMS};

/// Parses a whole filter, e.g. `userName eq "bjensen" and active eq true`.
///
/// Errors carry the 0-based character position of the problem and a message saying what was
/// expected there.
pub fn parse(input: &str) -> Result<Filter, FilterError> {
    parser::parse(input, false)
}

/// Parses the value filter found inside `attr[…]`, e.g. `type eq "work" and primary eq true`
/// from the PATCH path `emails[type eq "work" and primary eq true].value`.
///
/// The same grammar as [`parse`] except that value paths may not nest (RFC 7644 errata 4690):
/// `emails[type[x eq 1]]` is refused. Evaluate the result with [`Filter::matches_element`].
pub fn parse_value_filter(input: &str) -> Result<Filter, FilterError> {
    parser::parse(input, true)
}

/// Parses one attribute path spanning all of `input`: `[schemaURN ":"] name ["." subAttr]`,
/// e.g. `name.givenName` or
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`.
pub fn parse_attr_path(input: &str) -> Result<AttrPath, FilterError> {
    parser::parse_attr_path(input)
}
