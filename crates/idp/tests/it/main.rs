//! The idp crate's black-box tests, one module per area, in one test binary: one link
//! instead of one per file (issue 12), and the shared helpers compiled once.

mod common;
mod idp_doc;
mod oktasim_api;
mod oktasim_crud;
mod profiles;
mod testplan;
