//! `scimcheck serve`: runs the reference SCIM server until interrupted, optionally with defects.
//!
//! Exit codes: 0 stopped by Ctrl-C (or `--list-defects` printed), 2 unusable flags (the default
//! token on a non-loopback address among them) or a server that cannot start (port in use,
//! unreadable database).

use anyhow::Context;
use anyhow::{Result, bail};
use scim_server::{DEFAULT_TOKEN, Defect, EntitlementType, ServerConfig, TlsIdentity, all_defects};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Flags of `scimcheck serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to listen. An address other than loopback needs --token or --basic: the default
    /// token is public.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
    listen: SocketAddr,
    /// A SQLite file to keep resources in (created if missing); in memory without it.
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
    /// An accepted bearer token; repeat for more. Without --token or --basic, the token
    /// "scimcheck-token" is accepted, and only on a loopback --listen address.
    #[arg(
        long = "token",
        value_name = "T",
        env = "SCIMCHECK_SERVE_TOKEN",
        hide_env_values = true
    )]
    tokens: Vec<String>,
    /// Accepted basic credentials; repeat for more.
    #[arg(long = "basic", value_name = "USER:PASS", value_parser = parse_basic)]
    basic: Vec<(String, String)>,
    /// A deviation to commit (see --list-defects); repeat for more.
    #[arg(long = "defect", value_name = "NAME")]
    defects: Vec<Defect>,
    /// Users to create when the store is empty.
    #[arg(long, default_value_t = 3, value_name = "N")]
    seed_users: usize,
    /// Groups to create when the store is empty.
    #[arg(long, default_value_t = 2, value_name = "N")]
    seed_groups: usize,
    /// Serve ResourceTypes and Schemas without credentials too (ServiceProviderConfig always
    /// is, as RFC 7643 §5 recommends, unless the spc-requires-auth defect is on).
    #[arg(long)]
    open_discovery: bool,
    /// Answer a successful PATCH with 204 No Content (legal per RFC 7644 §3.5.2) instead of 200
    /// with the resource, to see that a client accepts both.
    #[arg(long)]
    patch_no_content: bool,
    /// Serve no entitlement catalogs: without it, /Roles and /Entitlements (Okta Identity
    /// Governance's role and entitlement resource types) are listed in /ResourceTypes and served.
    #[arg(long)]
    no_entitlements: bool,
    /// Serve https with a fresh self-signed certificate for 127.0.0.1, ::1 and localhost; its
    /// PEM is written to a file named on start, for `scimcheck run --ca-cert FILE`.
    #[arg(long, conflicts_with = "tls_cert")]
    tls: bool,
    /// Serve https with the certificate chain in FILE (PEM); needs --tls-key.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Print every defect (name, RFC clause, what it breaks) and exit.
    #[arg(long)]
    list_defects: bool,
}

fn parse_basic(text: &str) -> Result<(String, String), String> {
    text.split_once(':')
        .map(|(u, p)| (u.to_owned(), p.to_owned()))
        .ok_or_else(|| format!("'{text}' is not USER:PASS"))
}

/// Runs the command.
pub fn execute(args: Args) -> ExitCode {
    if args.list_defects {
        let mut out = std::io::stdout().lock();
        for d in all_defects() {
            // A closed pipe (`| head`) ends the listing quietly.
            if writeln!(
                out,
                "{:<40} {}\n{:<40} {}",
                d.name(),
                d.rfc(),
                "",
                d.description()
            )
            .is_err()
            {
                break;
            }
        }
        return ExitCode::SUCCESS;
    }
    super::serve_until_stopped("serve", serve(args))
}

async fn serve(args: Args) -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let default_token = args.tokens.is_empty() && args.basic.is_empty();
    if default_token && !args.listen.ip().is_loopback() {
        bail!(
            "refusing to listen on {} with the default token \"{DEFAULT_TOKEN}\": it is written in \
             scimcheck's help and docs, so anyone who can reach that address could read and change \
             every resource. Pass your own --token T (or --basic USER:PASS), or listen on loopback \
             (--listen 127.0.0.1:PORT)",
            args.listen
        );
    }
    let (tls, generated_pem) = tls_identity(&args)?;
    let config = ServerConfig {
        listen: args.listen,
        tls,
        tokens: if default_token {
            vec![DEFAULT_TOKEN.to_owned()]
        } else {
            args.tokens
        },
        basic: args.basic,
        db: args.db,
        defects: args.defects.iter().copied().collect(),
        discovery_requires_auth: !args.open_discovery,
        seed_users: args.seed_users,
        seed_groups: args.seed_groups,
        patch_no_content: args.patch_no_content,
        entitlement_types: if args.no_entitlements {
            Vec::new()
        } else {
            EntitlementType::defaults()
        },
        ..ServerConfig::default()
    };

    let server = scim_server::spawn(config).await?;
    println!("SCIM 2.0: {}", server.base_url_v2());
    println!("SCIM 1.1: {}", server.base_url_v1());
    if default_token {
        println!("auth:     Authorization: Bearer {DEFAULT_TOKEN}");
    }
    let written_certificate = match generated_pem {
        Some(pem) => Some(write_certificate(&pem)?),
        None => None,
    };
    if let Some(path) = &written_certificate {
        println!(
            "tls:      certificate in {0} (scimcheck run --ca-cert {0})",
            path.display()
        );
    }
    for d in &args.defects {
        println!("defect:   {d} ({})", d.rfc());
    }
    if let Err(e) = tokio::signal::ctrl_c().await {
        bail!("cannot wait for Ctrl-C: {e}");
    }
    server.shutdown().await;
    if let Some(path) = written_certificate {
        // Only this process's own file; a failure to remove it leaves a public certificate.
        let _ = std::fs::remove_file(path);
    }
    Ok(())
}

/// The TLS identity the flags ask for, and its certificate's PEM when it was generated
/// (`--tls`), for [`write_certificate`].
fn tls_identity(args: &Args) -> Result<(Option<TlsIdentity>, Option<String>)> {
    if let (Some(cert), Some(key)) = (&args.tls_cert, &args.tls_key) {
        let read = |path: &PathBuf| {
            std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
        };
        return Ok((
            Some(TlsIdentity::from_pem(&read(cert)?, &read(key)?)?),
            None,
        ));
    }
    if !args.tls {
        return Ok((None, None));
    }
    let identity = TlsIdentity::self_signed_loopback()?;
    let pem = identity.certificate_pem().to_owned();
    Ok((Some(identity), Some(pem)))
}

/// Writes a generated certificate where a client can trust it from: the temporary folder's
/// `scimcheck-serve-PID.pem` (a certificate is public; its key stays in memory), removed when
/// the server stops.
fn write_certificate(pem: &str) -> Result<PathBuf> {
    let path = std::env::temp_dir().join(format!("scimcheck-serve-{}.pem", std::process::id()));
    std::fs::write(&path, pem)
        .with_context(|| format!("cannot write the certificate to {}", path.display()))?;
    Ok(path)
}
