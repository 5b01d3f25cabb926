//! The dashboard crate's black-box tests, one module per area, in one test binary: one link
//! instead of one per file (issue 12), and the shared helpers compiled once.

mod accounts;
mod api;
mod browser;
mod connections;
mod http;
mod monitor;
mod suites;
mod support;
