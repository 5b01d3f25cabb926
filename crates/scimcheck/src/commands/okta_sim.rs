//! `scimcheck okta-sim`: serves a simulated Okta org so Okta's "SCIM 2.0 CRUD Test" runs without
//! one. It prints the three variables the test needs (oktaOrgUrl, oktaAppId, oktaToken) and
//! provisions the SCIM server at --scim-url the way Okta would until interrupted.
//!
//! Exit codes: 0 stopped by Ctrl-C, 2 unusable flags or a simulator that cannot start.

use anyhow::{Result, bail};
use scimcheck_idp::oktasim::{OktaSimConfig, spawn};
use std::net::SocketAddr;
use std::process::ExitCode;

/// Flags of `scimcheck okta-sim`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The SCIM base URL Okta would provision, e.g. http://127.0.0.1:8080/scim/v2.
    #[arg(long, value_name = "URL")]
    scim_url: String,
    /// The whole Authorization header value Okta would send, e.g. "Bearer abc".
    #[arg(
        long,
        value_name = "VALUE",
        env = "SCIMCHECK_SCIM_AUTH",
        hide_env_values = true
    )]
    scim_auth: String,
    /// Where the simulated org listens (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:0", value_name = "ADDR:PORT")]
    listen: SocketAddr,
    /// The API token the org accepts (SSWS); random when not given.
    #[arg(long, value_name = "TOKEN")]
    token: Option<String>,
}

/// Runs the command.
pub fn execute(args: Args) -> ExitCode {
    super::serve_until_stopped("okta-sim", simulate(args))
}

async fn simulate(args: Args) -> Result<()> {
    let config = OktaSimConfig {
        listen: args.listen,
        token: args.token,
        ..OktaSimConfig::new(args.scim_url, args.scim_auth)
    };
    let sim = spawn(config).await?;
    println!("oktaOrgUrl={}", sim.org_url());
    println!("oktaAppId={}", sim.app_id());
    println!("oktaToken={}", sim.token());
    println!(
        "(pass these as --var NAME=VALUE to `scimcheck runscope Okta-SCIM-20-CRUD-Test.json`; Ctrl-C stops)"
    );
    if let Err(e) = tokio::signal::ctrl_c().await {
        bail!("cannot wait for Ctrl-C: {e}");
    }
    let calls = sim.exchanges().len();
    sim.shutdown().await;
    println!("made {calls} SCIM calls");
    Ok(())
}
