//! The server crate's black-box tests, one module per area, in one test binary: one link
//! instead of one per file (issue 12), and the shared helpers compiled once.

mod common;
mod crud;
mod defects;
mod durability;
mod entitlements;
mod indexes;
mod lists;
mod okta;
mod password;
mod patch_bulk;
mod protocol;
mod robustness;
