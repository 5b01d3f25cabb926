//! The script worker process: a separate process that runs scripts for a runner, so that a
//! script stuck in native code the interrupt handler cannot reach (a quadratic `indexOf` on long
//! strings, say) is stopped by killing the process, and a cancelled run leaves nothing running.
//!
//! The binary starts a worker as `scimcheck __script-worker` (a hidden subcommand), the engine's
//! tests as the `scimcheck-script-worker` binary of this crate; both call [`serve_stdio`]. A
//! worker runs jobs one after another until its input closes, each in a fresh QuickJS runtime
//! ([`super::run_script`]), so reusing a worker carries nothing from one script to the next.

use std::io::{self, Read, Write};
use std::process::ExitCode;

use super::protocol::{self, Job};

/// Runs jobs from standard input and answers on standard output until the input closes.
///
/// Exit status 0 when the runner closed the pipe, 1 (with the reason on standard error) when a
/// frame could not be read or written.
pub fn serve_stdio() -> ExitCode {
    match serve(&mut io::stdin().lock(), &mut io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "scimcheck script worker: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Answers every job read from `input` on `output`, in order, until `input` ends.
fn serve(input: &mut impl Read, output: &mut impl Write) -> io::Result<()> {
    while let Some(job) = protocol::read_frame::<Job>(input)? {
        let reply = job.run();
        protocol::write_frame(output, &reply)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runscope::script::ScriptRequest;
    use crate::runscope::script::protocol::Reply;

    #[test]
    fn each_job_is_answered_in_order_with_its_variables_and_edited_request() {
        let jobs = [
            ("variables.set('n', '1'); log('one')", None),
            (
                "request.url = request.url + '?x=' + variables.get('n')",
                Some(ScriptRequest {
                    method: "GET".into(),
                    url: "http://target/Users".into(),
                    ..ScriptRequest::default()
                }),
            ),
        ];
        let mut input = Vec::new();
        let mut variables = crate::runscope::Variables::new();
        variables.insert("n".into(), "1".into());
        for (source, request) in jobs {
            let job = Job {
                libraries: Vec::new(),
                source: source.into(),
                variables: variables.clone(),
                request,
                response: None,
                cpu_time_ms: 2000,
                memory_bytes: 64 << 20,
            };
            protocol::write_frame(&mut input, &job).unwrap();
        }
        let mut output = Vec::new();
        serve(&mut input.as_slice(), &mut output).unwrap();
        let mut replies = output.as_slice();
        let first: Reply = protocol::read_frame(&mut replies).unwrap().unwrap();
        assert_eq!(first.outcome.logs, ["one"]);
        assert_eq!(first.variables["n"], "1");
        let second: Reply = protocol::read_frame(&mut replies).unwrap().unwrap();
        assert_eq!(second.outcome.error, None);
        assert_eq!(second.request.unwrap().url, "http://target/Users?x=1");
        assert!(
            protocol::read_frame::<Reply>(&mut replies)
                .unwrap()
                .is_none()
        );
    }
}
