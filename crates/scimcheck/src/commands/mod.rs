//! One module per subcommand: each turns its parsed flags into library calls and an exit code.

pub mod checks;
pub mod dashboard;
pub mod okta_sim;
pub mod run;
pub mod runscope;
pub mod serve;
