//! The files of docs/examples rendered from the test fixture: the `sample` example writes them
//! and `samples::docs_examples_are_current` keeps them current, both through [`samples`].

use scimcheck_engine::model::RunResult;

use crate::fixture;

/// Everything in docs/examples that is rendered from this fixture, by file name: the run in
/// every format, and the run whose user creation failed (root causes) in Markdown and the
/// terminal. The `sample` example writes them; `samples::docs_examples_are_current` keeps
/// them current.
pub fn samples() -> Vec<(&'static str, String)> {
    use scimcheck_report::terminal::{TerminalOptions, TerminalReporter, Verbosity};
    use scimcheck_report::{html, junit, markdown};
    let terminal = |run: &RunResult| {
        let options = TerminalOptions {
            verbosity: Verbosity::Normal,
            color: false,
            progress: false,
        };
        let mut reporter = TerminalReporter::new(Vec::new(), options);
        fixture::replay(run, &mut reporter, std::time::Duration::ZERO);
        String::from_utf8(reporter.into_inner().expect("writing to memory")).expect("UTF-8 output")
    };
    let sample = fixture::run();
    let blocked = fixture::blocked();
    vec![
        ("report-sample.html", html::render(&sample)),
        ("report-sample.xml", junit::render(&sample)),
        ("report-sample.md", markdown::render(&sample)),
        ("terminal-sample.txt", terminal(&sample)),
        ("root-causes-sample.md", markdown::render(&blocked)),
        ("root-causes-sample.txt", terminal(&blocked)),
    ]
}
