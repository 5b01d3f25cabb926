//! Running the suite against the embedded reference server, for the black-box tests.

use scim_server::{DEFAULT_TOKEN, RunningServer, ServerConfig, TlsIdentity, spawn};
use scimcheck_engine::event::CollectingSink;
use scimcheck_engine::http::{HttpLimits, Transport};
use scimcheck_engine::model::RunResult;
use scimcheck_suites::{RunOptions, SuiteSettings, Target, catalog, run};
use std::sync::Arc;

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

/// [`run_against`] a reference server serving TLS with a fresh self-signed certificate, which
/// the run trusts as `--ca-cert` would make it: how the `transport` checks are proven.
#[allow(
    dead_code,
    reason = "each test binary compiles this module; the clean-server binary runs only this"
)]
pub async fn run_against_tls(config: ServerConfig, only: &[&str]) -> RunResult {
    let identity = TlsIdentity::self_signed_loopback().expect("a loopback certificate");
    let mut transport = Transport::default();
    transport
        .trust_ca_pem(identity.certificate_pem().as_bytes().to_vec())
        .expect("the generated certificate is PEM");
    let server = spawn(ServerConfig {
        tls: Some(identity),
        ..config
    })
    .await
    .expect("the reference server starts with TLS");
    assert!(server.base_url_v2().starts_with("https://"));
    let settings = SuiteSettings {
        only: only.iter().map(|s| (*s).to_owned()).collect(),
        ..SuiteSettings::default()
    };
    let options = RunOptions {
        limits: HttpLimits {
            transport: Some(Arc::new(transport)),
            ..HttpLimits::default()
        },
        ..RunOptions::default()
    };
    let result = run_with(&server, &settings, &options).await;
    server.shutdown().await;
    result
}

/// Runs the checks matching `only` (all when empty) against the running `server`.
#[allow(
    dead_code,
    reason = "each test binary compiles this module; the clean-server binary does not use it"
)]
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
