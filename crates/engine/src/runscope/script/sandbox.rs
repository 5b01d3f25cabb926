//! One script run: a fresh QuickJS runtime and context under the limits, the prelude, the
//! script, and the outcome.

use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use rquickjs::context::EvalOptions;
use rquickjs::{Context, Ctx, Function, Runtime};

use super::bindings::{self, HostState, PRELUDE};
use super::failure::{self, SCRIPT_FILE};
use super::{ScriptLibrary, ScriptLimits, ScriptRequest, ScriptResponse};

/// Deepest native stack the engine may use; deeper recursion is a `RangeError`, not a crash.
/// Well inside the 2 MiB every Rust thread (test, tokio worker) gets by default.
const MAX_STACK_BYTES: usize = 256 * 1024;

/// What ended the script early, when something did.
pub(super) enum Stop {
    /// The script threw, failed an assertion or did not parse.
    Failed(String),
    /// The interrupt handler found the CPU budget spent.
    OutOfTime,
    /// The engine ran out of its memory allowance.
    OutOfMemory,
}

/// Runs `source` in a fresh runtime under `limits`, with the globals backed by `state`; writes a
/// pre-request script's edits back into `request`.
pub(super) fn execute(
    libraries: &[ScriptLibrary],
    source: &str,
    state: &HostState,
    request: Option<&mut ScriptRequest>,
    response: Option<&ScriptResponse>,
    limits: &ScriptLimits,
) -> Result<(), Stop> {
    let engine = |error: rquickjs::Error| {
        Stop::Failed(format!("could not start the JavaScript engine: {error}"))
    };
    let runtime = Runtime::new().map_err(engine)?;
    runtime.set_memory_limit(limits.memory_bytes);
    runtime.set_max_stack_size(MAX_STACK_BYTES);
    let deadline = Rc::new(Cell::new(deadline_after(limits.cpu_time)));
    let timed_out = Rc::new(Cell::new(false));
    runtime.set_interrupt_handler(Some(Box::new({
        let deadline = deadline.clone();
        let timed_out = timed_out.clone();
        move || {
            let late = Instant::now() >= deadline.get();
            timed_out.set(timed_out.get() || late);
            late
        }
    })));
    let context = Context::full(&runtime).map_err(engine)?;
    let edits_flow_back = response.is_none();
    let result = context.with(|ctx| {
        let export = install_globals(&ctx, state, request.as_deref(), response)?;
        deadline.set(deadline_after(limits.cpu_time));
        for library in libraries {
            ctx.eval_with_options::<(), _>(library.source.as_str(), sloppy(&library.name))
                .map_err(|error| {
                    let described = failure::describe(&ctx, error);
                    format!("script library {}: {described}", library.name)
                })?;
        }
        ctx.eval_with_options::<(), _>(source, sloppy(SCRIPT_FILE))
            .map_err(|error| failure::describe(&ctx, error))?;
        match request {
            Some(request) if edits_flow_back => {
                let json: String = export
                    .call(())
                    .map_err(|error| failure::describe(&ctx, error))?;
                bindings::apply_exported(&json, request)
            }
            _ => Ok(()),
        }
    });
    result.map_err(|message| {
        if timed_out.get() {
            Stop::OutOfTime
        } else if message.starts_with("InternalError: out of memory")
            || (message == failure::NULL_THROWN && heap_full(&runtime, limits))
        {
            Stop::OutOfMemory
        } else {
            Stop::Failed(message)
        }
    })
}

/// True when the heap is within a tenth of its limit. QuickJS throws `null` instead of its
/// "out of memory" error when it cannot even allocate that error; a `null` thrown with the heap
/// this full is that, not a script's own `throw null`.
fn heap_full(runtime: &Runtime, limits: &ScriptLimits) -> bool {
    let used = usize::try_from(runtime.memory_usage().malloc_size).unwrap_or(0);
    limits.memory_bytes != 0 && used >= limits.memory_bytes / 10 * 9
}

/// Evaluates the prelude and hands it the host object; returns `exportRequest`.
fn install_globals<'js>(
    ctx: &Ctx<'js>,
    state: &HostState,
    request: Option<&ScriptRequest>,
    response: Option<&ScriptResponse>,
) -> Result<Function<'js>, String> {
    let setup = || -> rquickjs::Result<Function<'js>> {
        let prelude: Function = ctx.eval_with_options(PRELUDE, options("prelude"))?;
        let host = bindings::host_object(ctx, state, request, response)?;
        prelude.call((host,))
    };
    setup().map_err(|error| {
        format!(
            "could not set up the script globals: {}",
            failure::describe(ctx, error)
        )
    })
}

fn options(filename: &str) -> EvalOptions {
    let mut options = EvalOptions::default();
    options.filename = Some(filename.to_owned());
    options
}

/// Options for the scripts and libraries a user gives: JavaScript's ordinary (non-strict)
/// script mode, as a browser or Node's `vm` runs a script that does not ask for strict mode, so
/// a script may assign a variable it never declared and a function called plainly sees the
/// global object as `this` — the global UMD libraries of Runscope's own script-libraries
/// repository (himalaya.js) find their global that way. rquickjs evaluates strictly by default.
fn sloppy(filename: &str) -> EvalOptions {
    let mut options = options(filename);
    options.strict = false;
    options
}

fn deadline_after(budget: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(budget)
        .unwrap_or(now + Duration::from_secs(86_400))
}
