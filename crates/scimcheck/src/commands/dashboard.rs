//! `scimcheck dashboard`: serves the local web dashboard (environments, suites, live runs,
//! history, shareable run pages) until Ctrl-C. Exit codes: 0 stopped normally, 2 could not start
//! (address in use, unwritable data directory, non-loopback address without a password).

use scimcheck_dashboard::config::SmtpSettings;
use scimcheck_dashboard::{DashboardConfig, start};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Flags of `scimcheck dashboard`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on; anything but loopback requires --password.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7878")]
    listen: SocketAddr,
    /// Directory for the dashboard's SQLite database (created when missing).
    #[arg(long, value_name = "DIR", default_value = ".scimcheck")]
    data: PathBuf,
    /// Turns on accounts: the password of the built-in `admin` account, set at every start;
    /// every browser then signs in (required off loopback).
    #[arg(
        long,
        value_name = "PASSWORD",
        env = "SCIMCHECK_DASHBOARD_PASSWORD",
        hide_env_values = true
    )]
    password: Option<String>,
    /// Address browsers use to reach the dashboard (e.g. https://scim-qa.example.com behind a
    /// proxy); share links are built on it. Unset, they use the Host header, over http.
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
    /// Lets runs reach HOST although it is a link-local or cloud metadata address (refused by
    /// default); repeatable. The dashboard's own address is refused regardless.
    #[arg(long = "allow-target", value_name = "HOST")]
    allow_targets: Vec<String>,
    /// Bearer token of the JSON API under /api/v1 (scripts and CI start runs and read results
    /// with it; see docs/DASHBOARD.md); at least 16 characters. The API is off without it.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "SCIMCHECK_DASHBOARD_API_TOKEN",
        hide_env_values = true
    )]
    api_token: Option<String>,
    /// SMTP server of e-mail alerts: smtp://host:25 (no TLS, a local relay),
    /// smtp://user:password@host:587?tls=required (STARTTLS) or smtps://user:password@host:465.
    /// Needs --smtp-from.
    #[arg(
        long,
        value_name = "URL",
        env = "SCIMCHECK_DASHBOARD_SMTP_URL",
        hide_env_values = true,
        requires = "smtp_from"
    )]
    smtp_url: Option<String>,
    /// Sender address of e-mail alerts (with --smtp-url).
    #[arg(long, value_name = "ADDRESS", requires = "smtp_url")]
    smtp_from: Option<String>,
}

/// Runs the command and maps the outcome to the exit code.
pub fn execute(args: Args) -> ExitCode {
    let script_host = match super::script_host() {
        Ok(host) => host,
        Err(e) => {
            eprintln!("scimcheck dashboard: {e}");
            return ExitCode::from(2);
        }
    };
    let config = DashboardConfig {
        listen: args.listen,
        data_dir: args.data,
        password: args.password,
        public_url: args.public_url,
        allow_targets: args.allow_targets,
        script_host,
        api_token: args.api_token,
        smtp: args
            .smtp_url
            .zip(args.smtp_from)
            .map(|(url, from)| SmtpSettings { url, from }),
    };
    super::block_on("dashboard", async {
        let dashboard = match start(&config).await {
            Ok(dashboard) => dashboard,
            Err(e) => {
                eprintln!("scimcheck dashboard: {e}");
                return ExitCode::from(2);
            }
        };
        println!(
            "scimcheck dashboard at {} (data in {}); Ctrl-C to stop.",
            dashboard.url(),
            config.data_dir.display()
        );
        tokio::select! {
            served = dashboard.wait() => match served {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("scimcheck dashboard: {e}");
                    ExitCode::from(2)
                }
            },
            _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
        }
    })
}
