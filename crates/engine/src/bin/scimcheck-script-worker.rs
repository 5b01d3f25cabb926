//! A script worker process for the engine's own tests and benchmarks, which cannot start the
//! `scimcheck` binary's hidden `__script-worker` subcommand: the same worker, on its own.

fn main() -> std::process::ExitCode {
    scimcheck_engine::runscope::script::serve_stdio()
}
