//! Starting a run, once for every program that starts one: the `scimcheck` binary (`run`,
//! `runscope`, `load`) and the dashboard (Run now) describe a [`Launch`] — what to run
//! ([`Plan`]: the conformance suite, an IdP profile, a Runscope test or a load scenario),
//! against which target (or the embedded reference server, and Okta's org stand-in where Okta's
//! CRUD test needs one), with the caller's cancellation token and deadline — and get back the
//! result with a typed [`Ending`].
//!
//! Why a crate of its own: a launch needs the suites, the IdP profiles and the Okta-org simulator
//! (crates/idp), the embedded reference server (crates/server) and the engine. The dashboard
//! cannot use a module of the binary (the binary depends on the dashboard), and the library
//! crates below must not depend on the server (they reach it over HTTP only), so the launcher
//! sits above them and below both programs, and the crate graph stays acyclic.
//!
//! Cancellation is the caller's: the binary cancels the token on Ctrl-C, the dashboard on
//! Cancel; nothing here listens to a signal. The suite, told through the token, stops its
//! checks and still deletes what it created; a Runscope test is dropped at once (its script's
//! worker killed). Every ending comes with a result — cut short, it holds the cases that
//! finished — so the caller can always write the reports it was asked for.

mod record;

use record::Recorder;
use scim_server::{RunningServer, ServerConfig, ServerError};
use scimcheck_engine::event::EventSink;
use scimcheck_engine::http::HttpError;
use scimcheck_engine::model::RunResult;
use scimcheck_engine::run::RunOptions;
use scimcheck_engine::runscope::format::RunscopeTest;
use scimcheck_engine::runscope::okta::{self, OktaTest};
use scimcheck_engine::runscope::runner::{self, RunscopeSettings};
use scimcheck_engine::runscope::script::ScriptHost;
use scimcheck_idp::Profile;
use scimcheck_idp::oktasim::{self, OktaSimError, RunningOktaSim};
use scimcheck_load::{LoadError, LoadSettings};
use scimcheck_suites::{SuiteError, SuiteSettings, Target};
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

pub use scimcheck_engine::ending::Ending;

/// The Runscope variable that names the target's base URL.
const BASE_URL_VARIABLE: &str = "SCIMBaseURL";

/// The Runscope variable that holds the whole `Authorization` header value.
const AUTH_VARIABLE: &str = "auth";

/// Time the suite gets past the deadline to stop its checks and delete what it created before
/// the launcher gives up on it.
const SUITE_GRACE: Duration = Duration::from_secs(30);

/// Time a Runscope test gets past the deadline to stop its step and report before the launcher
/// gives up on it.
const RUNSCOPE_GRACE: Duration = Duration::from_secs(2);

/// What to run.
#[derive(Debug, Clone)]
pub enum Plan {
    /// scimcheck's conformance suite: which checks run, what they may leave behind or record.
    Suite(SuiteSettings),
    /// An identity provider's scenarios, run by the suite's runner.
    Profile(Profile, SuiteSettings),
    /// A Runscope test with its settings (variables, initial script, pauses…); the launch fills
    /// in the target, credentials and script host.
    Runscope(Box<RunscopeTest>, Box<RunscopeSettings>),
    /// A load scenario (`scimcheck load`) with its size, pacing and gates.
    Load(Box<LoadSettings>),
}

/// Everything a run needs: the plan, the target, and how the caller stops it.
#[derive(Debug, Clone)]
pub struct Launch {
    /// What to run.
    pub plan: Plan,
    /// The SCIM base URL; `None` starts the embedded reference server (unless a Runscope plan's
    /// own variables name `SCIMBaseURL`).
    pub base_url: Option<String>,
    /// The whole `Authorization` header value for the target; the embedded server's default
    /// token when the run starts that server and none is given.
    pub authorization: Option<String>,
    /// Headers sent with every suite request (a Runscope plan gets them through the transport).
    pub headers: Vec<(String, String)>,
    /// What every run has, handed to the plan's runner as given: limits and transport, masking,
    /// the deadline (from the run's start) and the caller's cancellation token (Ctrl-C, Cancel).
    pub run: RunOptions,
    /// Where Runscope scripts run.
    pub script_host: ScriptHost,
}

impl Launch {
    /// A launch of `plan` against the embedded server, with default limits, no deadline and a
    /// fresh token; callers set the fields they have.
    pub fn new(plan: Plan) -> Self {
        Launch {
            plan,
            base_url: None,
            authorization: None,
            headers: Vec::new(),
            run: RunOptions::default(),
            script_host: ScriptHost::default(),
        }
    }

    /// Starts what the run needs besides the target — the embedded reference server when no
    /// target is named, the Okta-org stand-in for Okta's CRUD test when no org is named — and
    /// settles the target. Nothing has been sent to the target yet.
    pub async fn prepare(mut self) -> Result<Prepared, LaunchError> {
        let mut embedded = None;
        let mut okta_org = None;
        let target = match &mut self.plan {
            Plan::Runscope(test, settings) => {
                if let Some(url) = &self.base_url {
                    settings
                        .variables
                        .insert(BASE_URL_VARIABLE.into(), url.clone());
                }
                if let Some(auth) = &self.authorization {
                    settings
                        .variables
                        .insert(AUTH_VARIABLE.into(), auth.clone());
                }
                if !settings.variables.contains_key(BASE_URL_VARIABLE) {
                    let server = start_embedded(ServerConfig::default().with_seed(1, 1)).await?;
                    let base = if okta::targets_scim_1_1(test) {
                        server.base_url_v1()
                    } else {
                        server.base_url_v2()
                    };
                    settings.variables.insert(BASE_URL_VARIABLE.into(), base);
                    settings
                        .variables
                        .entry(AUTH_VARIABLE.into())
                        .or_insert_with(default_authorization);
                    embedded = Some(server);
                }
                let target = settings
                    .variables
                    .get(BASE_URL_VARIABLE)
                    .cloned()
                    .unwrap_or_default();
                settings.target.clone_from(&target);
                settings.script_host = self.script_host.clone();
                if okta::recognize(test) == Some(OktaTest::Crud) {
                    okta_org = oktasim::stand_in(&mut settings.variables, self.run.limits.clone())
                        .await
                        .map_err(LaunchError::OktaOrg)?;
                }
                target
            }
            Plan::Suite(_) | Plan::Profile(..) | Plan::Load(_) => match &self.base_url {
                Some(url) => url.clone(),
                None => {
                    let server = start_embedded(ServerConfig::default()).await?;
                    let base = server.base_url_v2();
                    self.authorization.get_or_insert_with(default_authorization);
                    embedded = Some(server);
                    base
                }
            },
        };
        Ok(Prepared {
            launch: self,
            target,
            embedded,
            okta_org,
        })
    }
}

/// A launch whose servers are up: what the caller may announce before the run starts.
pub struct Prepared {
    launch: Launch,
    target: String,
    embedded: Option<RunningServer>,
    okta_org: Option<RunningOktaSim>,
}

impl Prepared {
    /// What the launch runs.
    pub fn plan(&self) -> &Plan {
        &self.launch.plan
    }

    /// The base URL the run sends its requests to.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The embedded reference server's base URL, when the launch started it.
    pub fn embedded(&self) -> Option<&str> {
        self.embedded.as_ref().map(|_| self.target.as_str())
    }

    /// Whether the embedded server holds seeded resources (one user, one group): Runscope
    /// tests, such as Okta's, read an existing user before creating their own.
    pub fn seeded(&self) -> bool {
        matches!(self.launch.plan, Plan::Runscope(..))
    }

    /// The simulated Okta org's URL, when the launch stands in for one.
    pub fn okta_org(&self) -> Option<String> {
        self.okta_org.as_ref().map(RunningOktaSim::org_url)
    }

    /// Runs the plan, reporting to `sink`, until it completes, the caller cancels it or the
    /// deadline passes; then stops what [`Launch::prepare`] started. Every ending returns a
    /// result, so the caller's reports are written whatever happened.
    pub async fn run(self, sink: &mut dyn EventSink) -> Result<Launched, LaunchError> {
        let Prepared {
            launch,
            target,
            embedded,
            okta_org,
        } = self;
        let mut recorder = Recorder::new(sink, launch.run.show_secrets);
        let started = Instant::now();
        let stopped = {
            let grace = match launch.plan {
                Plan::Runscope(..) => RUNSCOPE_GRACE,
                Plan::Suite(_) | Plan::Profile(..) | Plan::Load(_) => SUITE_GRACE,
            };
            // The suite and a load run honour cancellation themselves (they still clean up); a
            // Runscope test is dropped, which kills its script's worker.
            let drop_on_cancel = matches!(launch.plan, Plan::Runscope(..));
            wait_for(
                run_plan(&launch, &target, &mut recorder),
                launch.run.deadline.map(|deadline| deadline + grace),
                drop_on_cancel.then_some(&launch.run.cancel),
            )
            .await
        };
        let stopped = match stopped {
            Stopped::Ran(ran) if matches!(*ran, Err(LaunchError::Suite(SuiteError::Cancelled))) => {
                Stopped::Cancelled
            }
            other => other,
        };
        let outcome = match stopped {
            Stopped::Cancelled => {
                let note = match launch.plan {
                    Plan::Runscope(..) => format!(
                        "cancelled after {} step(s) finished: the steps after them did not run (the test's own clean-up steps among them)",
                        recorder.finished()
                    ),
                    Plan::Suite(_) | Plan::Profile(..) | Plan::Load(_) => {
                        SuiteError::Cancelled.to_string()
                    }
                };
                Ok((
                    recorder.cut_short(suite_name(&launch.plan), &target, note),
                    Ending::Interrupted,
                ))
            }
            Stopped::OutOfTime => {
                let note = format!(
                    "the run passed its deadline of {} s and did not stop within {} s more: the cases after the last finished one did not run, and what they created may be left",
                    launch.run.deadline.unwrap_or_default().as_secs(),
                    started
                        .elapsed()
                        .saturating_sub(launch.run.deadline.unwrap_or_default())
                        .as_secs()
                );
                Ok((
                    recorder.cut_short(suite_name(&launch.plan), &target, note),
                    Ending::Deadline,
                ))
            }
            Stopped::Ran(ran) => *ran,
        };
        let mut simulated_org = None;
        if let Some(sim) = okta_org {
            simulated_org = Some((sim.org_url(), sim.delete_created().await));
            sim.shutdown().await;
        }
        if let Some(server) = embedded {
            server.shutdown().await;
            scim_server::release_working_areas();
        }
        let (mut result, ending) = outcome?;
        if let Some((org_url, cleanup)) = simulated_org {
            result.notes.push(format!(
                "The Okta org was simulated (scimcheck's Okta-org simulator at {org_url}): no oktaOrgUrl was given."
            ));
            result.notes.push(org_cleanup_note(&cleanup));
        }
        Ok(Launched { result, ending })
    }
}

/// What the run's result says about the users the Okta-org stand-in created and then deleted.
fn org_cleanup_note(cleanup: &oktasim::Cleanup) -> String {
    let deleted = format!(
        "The Okta-org stand-in deleted the {} user(s) it created on the target (Okta only deactivates; scimcheck leaves no test data)",
        cleanup.deleted
    );
    if cleanup.failed.is_empty() {
        format!("{deleted}.")
    } else {
        format!(
            "{deleted}; {} could not be deleted and are left: {}",
            cleanup.failed.len(),
            cleanup.failed.join("; ")
        )
    }
}

/// How the launcher's wait for the run ended.
enum Stopped {
    /// The run returned.
    Ran(Box<Result<(RunResult, Ending), LaunchError>>),
    /// The caller cancelled a run that is dropped on cancel.
    Cancelled,
    /// The run did not return within its deadline and grace.
    OutOfTime,
}

/// Waits for `running` until it returns, `limit` passes or `cancel` (when given) is cancelled;
/// in the last two cases `running` is dropped.
async fn wait_for(
    running: impl Future<Output = Result<(RunResult, Ending), LaunchError>>,
    limit: Option<Duration>,
    cancel: Option<&CancellationToken>,
) -> Stopped {
    let limited = async {
        match limit {
            Some(limit) => tokio::time::timeout(limit, running).await.ok(),
            None => Some(running.await),
        }
    };
    let cancelled = async {
        match cancel {
            Some(cancel) => cancel.cancelled().await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        ran = limited => ran.map_or(Stopped::OutOfTime, |ran| Stopped::Ran(Box::new(ran))),
        () = cancelled => Stopped::Cancelled,
    }
}

/// Runs `launch`'s plan against `target`.
async fn run_plan(
    launch: &Launch,
    target: &str,
    sink: &mut dyn EventSink,
) -> Result<(RunResult, Ending), LaunchError> {
    let (settings, profile) = match &launch.plan {
        Plan::Runscope(test, settings) => {
            return Ok(runner::run_to_ending(test, settings, &launch.run, sink).await?);
        }
        Plan::Load(settings) => {
            let target = suite_target(launch, target);
            return Ok(scimcheck_load::run_to_ending(target, settings, &launch.run, sink).await?);
        }
        Plan::Suite(settings) => (settings, None),
        Plan::Profile(profile, settings) => (settings, Some(*profile)),
    };
    let suite_target = suite_target(launch, target);
    let ran = match profile {
        Some(profile) => {
            profile
                .run_to_ending(suite_target, settings, &launch.run, sink)
                .await
        }
        None => {
            let checks = scimcheck_suites::catalog::all();
            scimcheck_suites::run_to_ending(suite_target, &checks, settings, &launch.run, sink)
                .await
        }
    };
    Ok(ran?)
}

/// `target` with the launch's credentials and headers, as the suite's runners take it.
fn suite_target(launch: &Launch, target: &str) -> Target {
    let mut suite_target = Target::new(target);
    if let Some(value) = &launch.authorization {
        suite_target = suite_target.header("Authorization", value);
    }
    for (name, value) in &launch.headers {
        suite_target = suite_target.header(name, value);
    }
    suite_target
}

/// The name the plan's runner gives its result.
fn suite_name(plan: &Plan) -> String {
    match plan {
        Plan::Runscope(test, _) => format!("runscope: {}", test.name),
        Plan::Suite(_) => scimcheck_suites::runner::SUITE_NAME.to_owned(),
        Plan::Profile(profile, ..) => profile.suite_name(),
        Plan::Load(settings) => scimcheck_load::suite_name(settings.scenario),
    }
}

async fn start_embedded(config: ServerConfig) -> Result<RunningServer, LaunchError> {
    scim_server::spawn(config)
        .await
        .map_err(LaunchError::EmbeddedServer)
}

fn default_authorization() -> String {
    format!("Bearer {}", scim_server::DEFAULT_TOKEN)
}

/// A run that happened, and how it ended.
#[derive(Debug, Clone)]
pub struct Launched {
    /// The (masked) result; for a run cut short, the cases that finished.
    pub result: RunResult,
    /// Completed, interrupted or stopped at its deadline.
    pub ending: Ending,
}

/// Why a run could not start or run at all.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    /// The embedded reference server did not start.
    #[error("cannot start the embedded reference server: {0}")]
    EmbeddedServer(ServerError),
    /// The Okta-org stand-in for Okta's CRUD test did not start.
    #[error("cannot start the simulated Okta org for the CRUD test: {0}")]
    OktaOrg(OktaSimError),
    /// The suite could not run (unreachable target, nothing selected…).
    #[error(transparent)]
    Suite(#[from] SuiteError),
    /// A load run could not start (writes off loopback without permission, a setting that
    /// cannot work, an unreachable target).
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The HTTP client of a Runscope run could not be created.
    #[error("cannot create the HTTP client: {0}")]
    Client(#[from] HttpError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_run_that_outlives_its_limit_is_given_up() {
        let stopped = wait_for(
            std::future::pending(),
            Some(Duration::from_millis(10)),
            None,
        );
        assert!(matches!(stopped.await, Stopped::OutOfTime));
    }

    #[tokio::test]
    async fn a_cancelled_run_is_dropped_only_when_the_plan_says_so() {
        let cancel = CancellationToken::new();
        cancel.cancel();
        let dropped = wait_for(std::future::pending(), None, Some(&cancel));
        assert!(matches!(dropped.await, Stopped::Cancelled));
        let kept = wait_for(
            std::future::ready(Err(LaunchError::Suite(SuiteError::NothingSelected))),
            None,
            None,
        );
        assert!(matches!(kept.await, Stopped::Ran(ran) if ran.is_err()));
    }
}
