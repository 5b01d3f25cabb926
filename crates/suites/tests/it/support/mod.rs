//! Running the suite against the embedded reference server, for the black-box tests.

use scim_server::{DEFAULT_TOKEN, RunningServer, ServerConfig, spawn};
use scimcheck_engine::event::CollectingSink;
use scimcheck_engine::model::RunResult;
use scimcheck_suites::{RunOptions, SuiteSettings, Target, catalog, run};

/// Runs the checks matching `only` (all when empty) against a reference server started with
/// `config`, and stops the server.
#[allow(
    dead_code,
    reason = "each test binary compiles this module; at_size runs on a server it inspects first"
)]
pub async fn run_against(config: ServerConfig, only: &[&str]) -> RunResult {
    let server = spawn(config).await.expect("the reference server starts");
    let result = run_on(&server, only).await;
    server.shutdown().await;
    result
}

/// Runs the checks matching `only` (all when empty) against the running `server`.
pub async fn run_on(server: &RunningServer, only: &[&str]) -> RunResult {
    let settings = SuiteSettings {
        only: only.iter().map(|s| (*s).to_owned()).collect(),
        ..SuiteSettings::default()
    };
    run_with(server, &settings, &RunOptions::default()).await
}

/// Runs the suite with `settings` and `options` against the running `server`.
pub async fn run_with(
    server: &RunningServer,
    settings: &SuiteSettings,
    options: &RunOptions,
) -> RunResult {
    let target = Target::new(server.base_url_v2()).bearer(DEFAULT_TOKEN);
    run(
        target,
        &catalog::all(),
        settings,
        options,
        &mut CollectingSink::default(),
    )
    .await
    .expect("the run completes")
}
