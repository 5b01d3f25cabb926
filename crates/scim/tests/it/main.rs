//! The scim crate's black-box tests, one module per area, in one test binary: one link
//! instead of one per file (issue 12), and the shared helpers compiled once.

mod filter_eval;
mod filter_parse;
mod filter_roundtrip;
mod message;
mod patch;
mod patch_interop;
mod patch_path;
mod patch_props;
mod projection;
mod schema;
mod validate;
mod validate_okta;
mod validate_props;
mod version;
