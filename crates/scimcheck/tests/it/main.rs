//! The scimcheck crate's black-box tests, one module per area, in one test binary: one link
//! instead of one per file (issue 12), and the shared helpers compiled once.

mod baseline;
mod ci_recipes;
mod fixture;
mod hostile;
mod install;
mod load;
mod okta_sim;
mod run_profile;
mod run_suite;
mod runscope;
mod runscope_hostile;
mod serve;
mod settings;
mod show_secrets;
