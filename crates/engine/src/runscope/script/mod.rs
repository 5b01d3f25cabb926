//! Runscope scripts (initial, pre-request and post-response JavaScript) in a sandboxed engine.
//!
//! Runscope lets a test run JavaScript at three moments: an environment's *initial script* (once,
//! before the first step: Okta's `Initial_Script_Spec.js` generates random user names there), a
//! step's *pre-request scripts* (`before_scripts`, which may edit the request about to be sent) and
//! its *post-response scripts* (`scripts`, which inspect the response and assert on it).
//! [`run_script`] runs one of them and reports its logs and, when it failed, why.
//!
//! A script sees Runscope's globals:
//!
//! ```js
//! var data = JSON.parse(response.body);               // status, reason, headers (name → [values]), …
//! variables.set("userId", data.id);                    // every value is stored as a string
//! assert.equal(response.status, 201, "user created"); // Chai's assert …
//! expect(data.userName).to.be.a("string");             // … and expect chains
//! log("created", data);                                // objects are logged as JSON
//! ```
//!
//! Each script runs in a fresh QuickJS runtime and context, so nothing leaks from one step to the
//! next except through the variables. The sandbox has no filesystem, network, process, timer or
//! module access (QuickJS without its `std`/`os` modules and without a module loader), and every
//! run is bounded by [`ScriptLimits`], a stack cap and a log-volume cap: an infinite loop, an
//! allocation bomb or runaway recursion fails that script with an error and the next one runs
//! normally.

mod bindings;
mod failure;
mod helpers;
mod host;
mod limits;
mod logs;
mod protocol;
mod sandbox;
mod worker;

use std::collections::BTreeMap;

use bindings::HostState;
use sandbox::Stop;
use serde::{Deserialize, Serialize};

use crate::cap;

pub use host::{ScriptExecutor, ScriptHost, WorkerCommand};
pub use limits::ScriptLimits;
pub(crate) use limits::duration_text;
pub use worker::serve_stdio;

/// Runscope's variables: names to values, always strings (scripts store `String(value)`).
///
/// The runner owns them for a whole test run; scripts read and write them through
/// `variables.get(name)` / `variables.set(name, value)`.
pub type Variables = BTreeMap<String, String>;

/// The request a step is about to send, as a script sees it (`request` in the script).
///
/// Pre-request scripts may change any field and the change is what gets sent; post-response
/// scripts see the request as sent, and their changes are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ScriptRequest {
    /// HTTP method, e.g. `POST`.
    pub method: String,
    /// Full URL, templates already expanded.
    pub url: String,
    /// Header name and value pairs in order; a name may repeat.
    pub headers: Vec<(String, String)>,
    /// Request body text (empty when none).
    pub body: String,
}

/// The response a step received, as a post-response script sees it (`response` in the script).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ScriptResponse {
    /// HTTP status code, e.g. 201.
    pub status: u16,
    /// Reason phrase, e.g. `Created`.
    pub reason: String,
    /// Header name and value pairs as received; in the script they become name → array of values.
    pub headers: Vec<(String, String)>,
    /// Response body as text.
    pub body: String,
    /// How long the exchange took, in milliseconds.
    pub response_time_ms: u64,
    /// Size of the response in bytes, as Runscope's `response_size` reports it.
    pub size_bytes: u64,
}

/// A script library (`--script-library FILE.js`): JavaScript evaluated in the script's global
/// scope before every script, as Runscope runs a bucket's custom script libraries, so its
/// functions are there for the script to call.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ScriptLibrary {
    /// What errors name it by: the file it came from.
    pub name: String,
    /// Its JavaScript.
    pub source: String,
}

/// What running one script produced: its log lines and, when it failed, the reason.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ScriptOutcome {
    /// Lines written with `log(...)` / `console.log(...)`, in order (capped; a final line notes a
    /// cut).
    pub logs: Vec<String>,
    /// Why the script failed: a failed assertion ("expected 2 to equal 3"), a thrown error, a
    /// syntax error, or an exhausted limit. `None` when the script ran to the end.
    pub error: Option<String>,
}

/// Runs one Runscope script and returns its logs and failure, if any.
///
/// - `variables` are readable and writable by the script; changes made before a failure are kept
///   (Runscope keeps them too).
/// - `request` is `Some` for pre-request scripts, whose edits to `request.method`, `url`, `headers`
///   and `body` are written back when the script succeeds (a failed one leaves `request` as it
///   was); for post-response scripts pass the request as sent together with `response`: it is
///   readable, and edits to it are ignored. `None` for initial scripts.
/// - `response` is `Some` only for post-response scripts.
///
/// Never panics on any script: every failure, including an exhausted limit, becomes
/// [`ScriptOutcome::error`].
pub fn run_script(
    source: &str,
    variables: &mut Variables,
    request: Option<&mut ScriptRequest>,
    response: Option<&ScriptResponse>,
    limits: &ScriptLimits,
) -> ScriptOutcome {
    run_script_with(&[], source, variables, request, response, limits)
}

/// [`run_script`] with `libraries` evaluated, in order, before the script; an error in one
/// fails the script, naming the library.
pub fn run_script_with(
    libraries: &[ScriptLibrary],
    source: &str,
    variables: &mut Variables,
    request: Option<&mut ScriptRequest>,
    response: Option<&ScriptResponse>,
    limits: &ScriptLimits,
) -> ScriptOutcome {
    if source.trim().is_empty() {
        // Runscope exports often carry `"scripts": [""]`; nothing to run, no sandbox to pay for.
        return ScriptOutcome::default();
    }
    let state = HostState::new(std::mem::take(variables), limits.memory_bytes);
    let stop = sandbox::execute(libraries, source, &state, request, response, limits).err();
    *variables = state.variables.take();
    let error = stop.map(|stop| match stop {
        // A thrown value or a Chai message may be as large as the script's memory: keep a head.
        Stop::Failed(message) => cap::capped(message, cap::REASON_BYTES),
        Stop::OutOfTime => format!(
            "script exceeded its {} CPU budget (interrupted)",
            limits.cpu_time_text()
        ),
        Stop::OutOfMemory => format!(
            "script exceeded its {} memory limit (out of memory)",
            limits.memory_text()
        ),
    });
    ScriptOutcome {
        logs: state.logs.take().into_lines(),
        error,
    }
}
