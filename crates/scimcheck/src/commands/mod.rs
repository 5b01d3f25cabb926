//! One module per subcommand: each turns its parsed flags into library calls and an exit code.
//! What they all need around that — an async runtime, and lines that survive a closed pipe —
//! is here, once.

pub mod checks;
pub mod completions;
pub mod dashboard;
pub mod diff;
pub mod load;
pub mod man;
pub mod okta_sim;
pub mod run;
pub mod runscope;
pub mod serve;

use scimcheck_engine::runscope::script::{ScriptHost, WorkerCommand};
use std::io::Write;
use std::process::ExitCode;

/// The hidden subcommand that turns this binary into a script worker process.
pub const SCRIPT_WORKER: &str = "__script-worker";

/// Runscope scripts run in worker processes of this very binary (`scimcheck __script-worker`),
/// so a script that overruns its time, or a run that ends early, is stopped by killing the
/// worker. Fails only when the running executable cannot be found (e.g. it was deleted).
pub fn script_host() -> anyhow::Result<ScriptHost> {
    let program = std::env::current_exe().map_err(|e| {
        anyhow::anyhow!(
            "cannot find the scimcheck executable to start script workers from: {e}; run scimcheck from its installed path"
        )
    })?;
    Ok(ScriptHost::Workers(WorkerCommand {
        program,
        args: vec![SCRIPT_WORKER.to_owned()],
    }))
}

/// The most threads the runtime's blocking pool holds (tokio's default is 512). Its work here is
/// the embedded server's SQLite calls (one writer behind a mutex, or a few readers), password
/// hashing (one permit per core) and file writes: on two cores more threads only wait, and each
/// thread that allocates costs glibc a malloc arena — a bare `scimcheck run` peaked with 13
/// threads and close to its 50 MB gate (docs/BENCHMARKS.md, "footprint").
const BLOCKING_THREADS: usize = 4;

/// Runs `work`, a command's asynchronous part, to its exit code on a tokio runtime with two
/// worker threads (the machine's budget; the Runscope sandbox and the servers need no more).
/// A runtime that cannot start is the same usage-level failure for every command: the line
/// `scimcheck COMMAND: cannot start the async runtime: …` and exit 2.
pub fn block_on(command: &str, work: impl Future<Output = ExitCode>) -> ExitCode {
    match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(BLOCKING_THREADS)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(work),
        Err(e) => {
            say(
                &mut std::io::stderr(),
                &format!("scimcheck {command}: cannot start the async runtime: {e}"),
            );
            ExitCode::from(2)
        }
    }
}

/// [`block_on`] for the commands that serve until Ctrl-C (`serve`, `okta-sim`): they end well
/// (exit 0) or not at all, so any error — a port in use, a bad flag value — is printed as
/// `scimcheck COMMAND: …` and exits 2.
pub fn serve_until_stopped(
    command: &str,
    work: impl Future<Output = anyhow::Result<()>>,
) -> ExitCode {
    block_on(command, async {
        match work.await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                say(
                    &mut std::io::stderr(),
                    &format!("scimcheck {command}: {e:#}"),
                );
                ExitCode::from(2)
            }
        }
    })
}

/// Writes one line, naming the flags of the settings it mentions (`crate::glossary`); a closed
/// stdout or stderr (`| head`) must not turn into a panic.
pub fn say(out: &mut impl Write, line: &str) {
    let _ = writeln!(out, "{}", crate::glossary::annotate(line));
}

/// Writes `bytes` (a generated script or page) to stdout; like [`say`], a closed pipe is not
/// a failure.
pub fn print_bytes(bytes: &[u8]) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(bytes).and_then(|()| out.flush());
    ExitCode::SUCCESS
}
