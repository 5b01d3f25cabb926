//! The Okta-org simulator: runs Okta's published "SCIM 2.0 CRUD Test" with no Okta org.
//!
//! It serves the part of Okta's management API the CRUD test calls — `GET apps/{id}`,
//! `POST users?activate=true`, `POST apps/{id}/users` (assign), `PUT users/{id}`,
//! `POST users/{id}/lifecycle/deactivate|activate`, `DELETE apps/{id}/users/{uid}` (unassign) —
//! authenticated with `SSWS <token>`, and performs the SCIM calls Okta would make against the
//! target, in Okta's shapes ([`crate::okta::shape`]): lookup by `userName` filter then create or
//! link, GET + PUT profile pushes, path-less PATCH deactivation and reactivation, deactivation on
//! unassignment. Provisioning happens before the management call answers, so the test's pauses
//! can be skipped.
//!
//! It lives in crates/idp rather than its own package because it is the Okta profile's request
//! shapes driven by a different trigger: one package keeps one definition of "what Okta sends".
//!
//! ```no_run
//! # async fn demo() -> Result<(), scimcheck_idp::oktasim::OktaSimError> {
//! use scimcheck_idp::oktasim::{OktaSimConfig, spawn};
//! let sim = spawn(OktaSimConfig::new("http://127.0.0.1:8080/scim/v2", "Bearer t")).await?;
//! println!("oktaOrgUrl={} oktaAppId={} oktaToken={}", sim.org_url(), sim.app_id(), sim.token());
//! sim.shutdown().await;
//! # Ok(()) }
//! ```

mod api;
mod org;
mod provision;

pub use provision::{Cleanup, ProvisionError};

use api::Sim;
use org::{Org, new_id};
use provision::Provisioner;
use scimcheck_engine::http::{HttpError, HttpLimits};
use scimcheck_engine::model::Exchange;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Where the simulator listens and which SCIM server it provisions.
#[derive(Debug, Clone)]
pub struct OktaSimConfig {
    /// The SCIM base URL Okta would be configured with (e.g. `https://app/scim/v2`).
    pub scim_url: String,
    /// The whole `Authorization` header value Okta would send (e.g. `Bearer abc`).
    pub scim_auth: String,
    /// Address to listen on; port 0 picks a free one.
    pub listen: SocketAddr,
    /// The API token to accept (`SSWS <token>`); a random one when `None`.
    pub token: Option<String>,
    /// Limits and transport of the SCIM calls: a run's own, so the calls made for it trust,
    /// time out and are refused (the dashboard's target rules) as the run's requests are.
    pub limits: HttpLimits,
}

impl OktaSimConfig {
    /// A simulator for `scim_url` authenticating with `scim_auth`, on a free loopback port.
    pub fn new(scim_url: impl Into<String>, scim_auth: impl Into<String>) -> Self {
        OktaSimConfig {
            scim_url: scim_url.into(),
            scim_auth: scim_auth.into(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            token: None,
            limits: HttpLimits::default(),
        }
    }
}

/// Why the simulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum OktaSimError {
    /// The listen address is taken or not allowed.
    #[error(
        "cannot listen on {addr}: {source}; pick another listen address (port 0 picks a free one)"
    )]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
    /// The SCIM client could not be created.
    #[error("cannot create the SCIM client: {0}")]
    Client(#[from] HttpError),
    /// The SCIM URL is not an absolute http(s) URL.
    #[error(
        "the SCIM URL `{0}` is not an absolute http(s) URL; give the SCIM base, e.g. https://app.example.com/scim/v2"
    )]
    ScimUrl(String),
}

/// A running simulator: the variables Okta's CRUD test needs, and what it sent to the server.
#[derive(Debug)]
pub struct RunningOktaSim {
    addr: SocketAddr,
    sim: Arc<Sim>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl RunningOktaSim {
    /// The address the simulator listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `oktaOrgUrl`: the simulated org's base URL (no trailing slash).
    pub fn org_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `oktaAppId`: the id of the simulated SCIM app instance.
    pub fn app_id(&self) -> &str {
        &self.sim.app_id
    }

    /// `oktaToken`: the API token the org accepts (`Authorization: SSWS <token>`).
    pub fn token(&self) -> &str {
        &self.sim.token
    }

    /// Every SCIM exchange the simulator made, in order, credential masked.
    pub fn exchanges(&self) -> Vec<Exchange> {
        self.sim.provisioner.exchanges()
    }

    /// Deletes the users the simulator created on the SCIM server (see [`Cleanup`]); the
    /// launcher calls it when a run ends, however it ends.
    pub async fn delete_created(&self) -> Cleanup {
        self.sim.provisioner.delete_created().await
    }

    /// Stops serving and waits for the server task.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            // The receiver is gone only when the server already stopped.
            stop.send(()).ok();
        }
        if let Some(task) = self.task.take() {
            // A join error means the task panicked or was cancelled: nothing left to stop.
            task.await.ok();
        }
    }

    /// Serves until the process is interrupted (Ctrl-C).
    pub async fn wait(mut self) {
        if let Some(task) = self.task.take() {
            task.await.ok();
        }
    }
}

/// The variables Okta's CRUD test names the Okta org with.
pub const ORG_VARIABLES: [&str; 3] = ["oktaOrgUrl", "oktaAppId", "oktaToken"];

/// Stands in for the Okta org of Okta's CRUD test: unless `variables` already name an org
/// (`oktaOrgUrl`), starts a simulator provisioning the SCIM server the variables name
/// (`SCIMUrl`/`SCIMAuth`, else the SPEC tests' `SCIMBaseURL`/`auth`) and sets `oktaOrgUrl`,
/// `oktaAppId` and `oktaToken`, its SCIM calls sent with `limits` (the run's). `None` when an
/// org is named or no SCIM URL is known. This is what the launcher calls for the CRUD test.
pub async fn stand_in(
    variables: &mut BTreeMap<String, String>,
    limits: HttpLimits,
) -> Result<Option<RunningOktaSim>, OktaSimError> {
    if variables.contains_key("oktaOrgUrl") {
        return Ok(None);
    }
    let pick = |names: [&str; 2]| names.iter().find_map(|n| variables.get(*n).cloned());
    let Some(scim_url) = pick(["SCIMUrl", "SCIMBaseURL"]) else {
        return Ok(None);
    };
    let scim_auth = pick(["SCIMAuth", "auth"]).unwrap_or_default();
    let config = OktaSimConfig {
        limits,
        ..OktaSimConfig::new(scim_url, scim_auth)
    };
    let sim = spawn(config).await?;
    let values = [
        sim.org_url(),
        sim.app_id().to_owned(),
        sim.token().to_owned(),
    ];
    for (name, value) in ORG_VARIABLES.into_iter().zip(values) {
        variables.insert(name.to_owned(), value);
    }
    Ok(Some(sim))
}

/// Starts a simulator as configured.
pub async fn spawn(config: OktaSimConfig) -> Result<RunningOktaSim, OktaSimError> {
    if !(config.scim_url.starts_with("http://") || config.scim_url.starts_with("https://")) {
        return Err(OktaSimError::ScimUrl(config.scim_url));
    }
    let sim = Arc::new(Sim {
        app_id: new_id("0oa"),
        token: config
            .token
            .unwrap_or_else(|| format!("00{}", uuid::Uuid::new_v4().simple())),
        org: Mutex::new(Org::default()),
        provisioner: Provisioner::new(&config.scim_url, &config.scim_auth, config.limits)?,
    });
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| OktaSimError::Bind {
            addr: config.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| OktaSimError::Bind {
        addr: config.listen,
        source,
    })?;
    let (stop, stopped) = oneshot::channel::<()>();
    let app = api::router(Arc::clone(&sim));
    let task = tokio::spawn(async move {
        let serve = axum::serve(listener, app).with_graceful_shutdown(async {
            stopped.await.ok();
        });
        // A serve error ends the simulator; callers see it as refused connections.
        serve.await.ok();
    });
    Ok(RunningOktaSim {
        addr,
        sim,
        stop: Some(stop),
        task: Some(task),
    })
}
