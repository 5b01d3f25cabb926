//! `scimcheck run`: the conformance suite plus the native rendering of Okta's SPEC test
//! (`okta-spec.*`) — or, with `--profile`, an identity provider's scenarios — against a SCIM
//! server, or against the embedded reference server when no base URL is given. Without `--report` it writes `scimcheck-report.html` in the current directory.
//!
//! Exit codes: 0 every required check passed (SHOULD/MAY failures are warnings; `[expect]`ed
//! failures aside), 1 a required check failed or errored — with `--fail-on regressions`, only
//! one that did not fail in the `--baseline` — (or the `--deadline` passed), 2 usage or input error, 3 the target
//! could not be reached at all, 130 interrupted with Ctrl-C (after deleting what the run created).

use super::say;
use crate::launching;
use crate::options::{self, SharedArgs};
use anyhow::Result;
use scimcheck_launch::{Launch, Plan};
use scimcheck_suites::SuiteSettings;
use std::path::PathBuf;
use std::process::ExitCode;

/// The HTML report written when no `--report` is given.
pub const DEFAULT_REPORT: &str = "scimcheck-report.html";

/// Flags of `scimcheck run`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Target, credentials, TLS, limits, reports, verbosity (see docs/CLI.md).
    #[command(flatten)]
    shared: Box<SharedArgs>,
    /// Run only the checks whose id matches (glob like `filter.*`, or a category like `users`).
    #[arg(long, value_name = "GLOB")]
    only: Vec<String>,
    /// Leave out the checks whose id matches.
    #[arg(long, value_name = "GLOB")]
    skip: Vec<String>,
    /// Run only checks that change nothing on the server.
    #[arg(long)]
    read_only: bool,
    /// Keep the resources the run created (their names start with the run's prefix).
    #[arg(long)]
    no_cleanup: bool,
    /// Instead of the suite, replay how an identity provider calls SCIM (okta, entra — with
    /// Entra's aadOptscim062020 flag — entra-legacy, without it, or onelogin) and say whether
    /// it would provision; see docs/IDP.md.
    #[arg(long, value_name = "okta|entra|entra-legacy|onelogin")]
    profile: Option<scimcheck_idp::Profile>,
    /// Record the values of resources this run did not create (other people's, on a real
    /// server) in every output, instead of masking them; for debugging against a server that
    /// holds only test data. A flag only, so no config file or CI environment can leave it on.
    #[arg(long)]
    show_foreign_data: bool,
}

/// Runs the command and maps the outcome to the exit code.
pub fn execute(args: Args) -> ExitCode {
    super::block_on("run", async {
        match run(args).await {
            Ok(finished) => finished.exit_code(),
            Err(e) => {
                say(&mut std::io::stderr(), &format!("scimcheck run: {e:#}"));
                ExitCode::from(options::error_exit_code(&e))
            }
        }
    })
}

/// Runs the suite or the profile; the run's judged result and how it ended.
async fn run(args: Args) -> Result<launching::Finished> {
    let mut settings = args.shared.resolve()?;
    if settings.base_url.is_none() {
        // The embedded server answers only this run, one request at a time: one password hash
        // at a time keeps a bare run under 50 MB (issue 18).
        scim_server::limit_concurrent_hashes(1);
    }
    let connection = settings.connect(false).await?;
    settings
        .outputs
        .report
        .get_or_insert_with(|| PathBuf::from(DEFAULT_REPORT));
    let suite = SuiteSettings {
        only: args.only,
        skip: args.skip,
        read_only: args.read_only,
        no_cleanup: args.no_cleanup,
        show_foreign_data: args.show_foreign_data,
        ..SuiteSettings::default()
    };
    let plan = match args.profile {
        Some(profile) => Plan::Profile(profile, suite),
        None => Plan::Suite(suite),
    };
    let launch = Launch {
        base_url: settings.base_url.clone(),
        authorization: connection.authorization,
        headers: settings.headers.clone(),
        run: connection.run,
        ..Launch::new(plan)
    };
    launching::launch(launch, &settings, "run").await
}
