//! Where a run's scripts execute: in worker processes the runner can kill ([`ScriptHost::Workers`],
//! what the binary and the dashboard use), or on tokio's blocking pool in this process
//! ([`ScriptHost::InProcess`], for embedders and tests that trust their scripts).
//!
//! QuickJS's interrupt handler stops a script between bytecodes, which ends loops and recursion at
//! the CPU budget; it cannot stop one native call that runs long (`indexOf` of a 50 000-character
//! needle in a 100 000-character haystack takes seconds). A worker process gets the same budget
//! plus [`KILL_GRACE`] of wall-clock time and is killed when it overruns; and because each worker
//! is a `kill_on_drop` child, dropping a run (its deadline, Ctrl-C, a cancelled dashboard run)
//! kills whatever script is running. One worker is kept started ahead of need, so a run pays
//! for a process start once, not per script.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use tokio::process::{Child, ChildStdin, ChildStdout, Command};

use super::protocol::{self, Job, Reply};
use super::{ScriptLibrary, ScriptLimits, ScriptOutcome, ScriptRequest, ScriptResponse, Variables};

/// Wall-clock time a worker gets past the script's CPU budget before it is killed: room for the
/// interrupt handler to end an ordinary loop with its own message, and for a loaded machine.
const KILL_GRACE: Duration = Duration::from_secs(1);

/// How to start a script worker process: a program and its arguments. The process must serve
/// jobs on its standard input and output ([`super::serve_stdio`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerCommand {
    /// The executable, e.g. the running `scimcheck` binary (`std::env::current_exe()`).
    pub program: PathBuf,
    /// Its arguments, e.g. `["__script-worker"]`.
    pub args: Vec<String>,
}

/// Where a run's scripts execute.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ScriptHost {
    /// On tokio's blocking pool of this process. A script stuck in one long native call runs to
    /// its end and cannot be cancelled, so this is only for scripts one trusts (the engine's
    /// own tests, embedders); the binary and the dashboard use [`ScriptHost::Workers`].
    #[default]
    InProcess,
    /// In worker processes started with this command, killed when a script overruns its time
    /// or the run is dropped.
    Workers(WorkerCommand),
}

/// Runs a run's scripts where its [`ScriptHost`] says, under its limits.
pub struct ScriptExecutor {
    limits: ScriptLimits,
    libraries: Vec<ScriptLibrary>,
    pool: Option<WorkerPool>,
}

impl ScriptExecutor {
    /// An executor for one run; with workers, starts the first one right away so it is ready
    /// by the time the first script needs it. Must be called inside a tokio runtime.
    pub fn new(host: &ScriptHost, limits: &ScriptLimits) -> Self {
        let pool = match host {
            ScriptHost::InProcess => None,
            ScriptHost::Workers(command) => Some(WorkerPool::new(command.clone())),
        };
        Self {
            limits: limits.clone(),
            libraries: Vec::new(),
            pool,
        }
    }

    /// The executor with `libraries` evaluated before every script it runs.
    pub fn with_libraries(mut self, libraries: Vec<ScriptLibrary>) -> Self {
        self.libraries = libraries;
        self
    }

    /// Runs one script with [`super::run_script`]'s semantics. Variables are written back always
    /// (a failing script's changes are kept, as Runscope keeps them); a pre-request script's edits
    /// to `request` as `run_script` leaves them. A worker killed for overrunning, or dying, leaves
    /// both as they were and fails the script with the reason.
    pub async fn run(
        &mut self,
        source: &str,
        variables: &mut Variables,
        request: Option<&mut ScriptRequest>,
        response: Option<&Arc<ScriptResponse>>,
    ) -> ScriptOutcome {
        if source.trim().is_empty() {
            return ScriptOutcome::default();
        }
        let job = Job {
            libraries: self.libraries.clone(),
            source: source.to_owned(),
            variables: variables.clone(),
            request: request.as_deref().cloned(),
            response: response.map(|r| ScriptResponse::clone(r)),
            cpu_time_ms: u64::try_from(self.limits.cpu_time.as_millis()).unwrap_or(u64::MAX),
            memory_bytes: self.limits.memory_bytes,
        };
        let reply = match &mut self.pool {
            Some(pool) => pool.run(&job, &self.limits).await,
            None => in_process(job).await,
        };
        match reply {
            Ok(reply) => {
                *variables = reply.variables;
                if let (Some(request), Some(edited)) = (request, reply.request) {
                    *request = edited;
                }
                reply.outcome
            }
            Err(reason) => ScriptOutcome {
                logs: Vec::new(),
                error: Some(reason),
            },
        }
    }
}

/// Runs `job` on tokio's blocking pool, so a script spending its CPU budget does not hold an
/// async worker (on a current-thread runtime, the whole program).
async fn in_process(job: Job) -> Result<Reply, String> {
    tokio::task::spawn_blocking(move || job.run())
        .await
        // `run_script` never panics; this is the runtime shutting down under the script.
        .map_err(|e| format!("the script did not finish: {e}"))
}

/// The worker processes of one run: at most one at work, one idle and ready.
struct WorkerPool {
    command: WorkerCommand,
    idle: Option<Worker>,
}

impl WorkerPool {
    fn new(command: WorkerCommand) -> Self {
        let idle = Worker::start(&command).ok();
        Self { command, idle }
    }

    /// Runs `job` on the idle worker (or a new one), killing it when it outlives the budget.
    async fn run(&mut self, job: &Job, limits: &ScriptLimits) -> Result<Reply, String> {
        let mut worker = match self.idle.take() {
            Some(worker) => worker,
            None => Worker::start(&self.command).map_err(|e| {
                format!(
                    "could not start the script worker process {}: {e}",
                    self.command.program.display()
                )
            })?,
        };
        let wall = limits.cpu_time.saturating_add(KILL_GRACE);
        let failure = match tokio::time::timeout(wall, worker.exchange(job)).await {
            Ok(Ok(reply)) => {
                self.idle = Some(worker);
                return Ok(reply);
            }
            Ok(Err(e)) => {
                let status = worker.stop().await;
                format!("the script worker process stopped unexpectedly ({status}): {e}")
            }
            Err(_) => {
                worker.stop().await;
                format!(
                    "the script ran longer than {} and was stopped",
                    limits.cpu_time_text()
                )
            }
        };
        // Keep one ready for the next script; if it cannot start, that script says so.
        self.idle = Worker::start(&self.command).ok();
        Err(failure)
    }
}

/// One worker process and its pipes.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    stdout: ChildStdout,
}

impl Worker {
    fn start(command: &WorkerCommand) -> std::io::Result<Self> {
        let mut child = Command::new(&command.program)
            .args(&command.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(std::io::Error::other("the worker's pipes were not opened"));
        };
        Ok(Self {
            child,
            stdin,
            stdout,
        })
    }

    async fn exchange(&mut self, job: &Job) -> std::io::Result<Reply> {
        protocol::send_frame(&mut self.stdin, job).await?;
        protocol::receive_frame(&mut self.stdout).await
    }

    /// Kills the process and reaps it; returns how it ended, in words.
    async fn stop(mut self) -> String {
        let _ = self.child.start_kill();
        match self.child.wait().await {
            Ok(status) => status.to_string(),
            Err(e) => format!("its status is unknown: {e}"),
        }
    }
}
