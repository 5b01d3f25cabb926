//! SCIM filters (RFC 7644 §3.4.2.2): parsing, printing and evaluation.

mod ast;

pub use ast::{AttrPath, CompareOp, Filter};
