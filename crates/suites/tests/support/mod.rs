//! Running the suite against the embedded reference server, for the black-box tests.

use scim_server::{DEFAULT_TOKEN, ServerConfig, spawn};
use scimcheck_engine::event::CollectingSink;
use scimcheck_engine::model::RunResult;
use scimcheck_suites::{RunOptions, Target, catalog, run};

/// Runs the checks matching `only` (all when empty) against a reference server started with
/// `config`, and stops the server.
pub async fn run_against(config: ServerConfig, only: &[&str]) -> RunResult {
    let server = spawn(config).await.expect("the reference server starts");
    let target = Target::new(server.base_url_v2()).bearer(DEFAULT_TOKEN);
    let options = RunOptions {
        only: only.iter().map(|s| (*s).to_owned()).collect(),
        ..RunOptions::default()
    };
    let result = run(
        target,
        &catalog::all(),
        &options,
        &mut CollectingSink::default(),
    )
    .await
    .expect("the run completes");
    server.shutdown().await;
    result
}
