//! The engine crate's black-box tests, one module per area, in one test binary: one link
//! instead of one per file (issue 12), and the shared helpers compiled once.

mod common;
mod oauth;
mod okta_reference;
mod runscope_caps;
mod runscope_cookies;
mod runscope_engine;
mod runscope_features;
mod runscope_import_props;
mod runscope_oauth1;
mod runscope_script_thread;
mod runscope_secrets;
mod runscope_subtests;
mod runscope_templates;
mod script_chai;
mod script_globals;
mod script_helpers;
mod script_okta;
mod script_sandbox;
mod script_worker;
mod tls;
