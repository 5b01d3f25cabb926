//! SCIM filters (RFC 7644 §3.4.2.2): parsing, printing and evaluation.
//!
//! ```
//! use scim::filter::parse;
//! use scim::schema::core::user;
//! use serde_json::json;
//!
//! let filter = parse(r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#)?;
//! let babs = json!({
//!     "userName": "bjensen",
//!     "userType": "Employee",
//!     "emails": [{"type": "work", "value": "bjensen@example.com"}]
//! });
//! assert!(filter.matches(&babs, user())?);
//! assert_eq!(parse(&filter.to_string())?, filter); // the printer round-trips the parser
//! # Ok::<(), scim::filter::FilterError>(())
//! ```
//!
//! [`parse`] turns text into a [`Filter`]; `Display` prints it back; [`Filter::matches`]
//! evaluates it against a resource with the attribute characteristics of a
//! [`ResourceSchema`](crate::schema::ResourceSchema). [`parse_attr_path`] reads a bare attribute
//! path and [`parse_value_filter`] the inside of `attr[…]`; PATCH paths build on both and
//! select elements with [`Filter::matches_element`].
//!
//! # Grammar
//!
//! The RFC's ABNF, with its precedence (`not` / parentheses, then `and`, then `or`; both
//! left-associative). Operators, `and` / `or` / `not`, `true` / `false` / `null` and attribute
//! names are case-insensitive; names keep the client's spelling in the tree. Any run of ASCII
//! whitespace separates tokens. Values are JSON literals, strings with every JSON escape. Value
//! paths do not nest (RFC 7644 errata 4690). Parentheses, `not` and `[…]` nest at most
//! [`MAX_NESTING`] deep and a filter holds at most [`MAX_TERMS`] attribute expressions, so no
//! input can exhaust the stack.
//!
//! # Comparison, per attribute type
//!
//! | type                | operators         | how                                          |
//! |---------------------|-------------------|----------------------------------------------|
//! | string, reference   | all               | text; case-folded (Unicode) unless caseExact |
//! | dateTime            | eq ne gt ge lt le | as instants: offsets and fractions count; no offset means UTC |
//! |                     | co sw ew          | on the text as written, case-exact           |
//! | integer, decimal    | eq ne gt ge lt le | numerically (`5` eq `5.0`)                   |
//! | boolean             | eq ne             |                                              |
//! | binary              | eq ne             | case-exact text                              |
//!
//! Another operator (`active gt true`, `loginCount co 5`), or an operand of the wrong JSON type
//! (`active eq "true"`, a dateTime operand that is not an xsd:dateTime) is `invalidFilter`. For
//! attributes the schema does not define, the operand's JSON type decides, and strings compare
//! case-insensitively. A *stored* value of the wrong type is simply not identical: `eq` fails,
//! `ne` holds.
//!
//! # Evaluation rules
//!
//! - **Any value matches** (RFC 7644 §3.4.2.2): on a multi-valued attribute a comparison holds
//!   when it holds for at least one value — `ne` too, so `emails.type ne "work"` holds for a
//!   user with a work and a home email; write `not (emails.type eq "work")` for "no work email".
//! - **Multi-valued complex attributes without a sub-attribute** compare their `value`
//!   sub-attribute: `emails co "example.com"` is `emails.value co "example.com"` (the RFC's
//!   example list uses the two forms side by side). A single-valued complex attribute
//!   (`name eq "x"`), or a multi-valued one without `value` (`addresses`), is `invalidFilter`.
//! - **Unassigned is null** (RFC 7643 §2.5: absent, `null` and `[]` are one state). Null is not
//!   identical to any value, so `title ne "x"` holds for a user without a title, while `eq`,
//!   `co`, `sw`, `ew`, `gt`, `ge`, `lt`, `le` do not.
//! - **`eq null` / `ne null`** mean unassigned / assigned (`title eq null` is `not (title pr)`);
//!   `pr` is the RFC's way to ask, these are accepted for clients that write them. Any other
//!   operator with `null` is `invalidFilter`.
//! - **`pr`** holds when some value is neither `null`, `""`, `[]` nor `{}`.
//! - **Names are case-insensitive** (RFC 7643 §2.1), in the filter and in the resource's keys.
//! - **URN-qualified paths** read the extension object of that URN
//!   (`urn:…:enterprise:2.0:User:employeeNumber`), or the top level for the core schema's URN.
//!   Inside `attr[…]` paths are relative to the element and a URN prefix is ignored.
//! - **Errors do not depend on data**: the whole filter is checked against the schema before any
//!   value is read, so `active gt true` is refused even for a resource without `active`.

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

/// `text` folded the way filters compare text that is not caseExact (each character
/// lowercased by `char::to_lowercase`): `a co b` on such an attribute holds exactly when
/// `fold_case(a)` contains `fold_case(b)`, and likewise for `eq`, `sw` and `ew`. Stores that
/// index text for filters index it folded by this function, so the index agrees with
/// [`Filter::matches`].
pub fn fold_case(text: &str) -> String {
    compare::fold(text).collect()
}

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
