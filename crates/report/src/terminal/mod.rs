//! The live terminal reporter: an [`EventSink`] that prints a run as it happens.
//!
//! On an interactive terminal (and not under CI) a progress bar shows how far the run is, with
//! finished cases printed above it; elsewhere each finished case is one plain line, so CI logs
//! stay readable. Colour is used only on a terminal and never when `NO_COLOR` is set. At the end
//! comes the summary: each failure with its RFC section, request, response, expected vs actual
//! and hint, then counts per category.
//!
//! ```
//! use scimcheck_report::terminal::{TerminalOptions, TerminalReporter, Verbosity};
//! let options = TerminalOptions::decide(Verbosity::Normal, false, false, true);
//! assert!(!options.color && !options.progress);
//! let reporter = TerminalReporter::new(Vec::new(), options);
//! assert!(reporter.into_inner().unwrap().is_empty());
//! ```

mod case;
mod exchange;
mod style;
mod summary;

use std::io::{self, IsTerminal, Write};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use scimcheck_engine::event::{EventSink, RunEvent};
use scimcheck_engine::model::{CaseResult, RunResult};

use style::{Painter, Tone, clean};

/// How much the reporter prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Only the summary at the end (`-q`).
    Quiet,
    /// One line per case, then the summary with failure details.
    Normal,
    /// Also every exchange of every case, with all headers (`-v`).
    Verbose,
}

/// How the reporter writes: decided once from the environment, or set directly in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TerminalOptions {
    /// How much to print.
    pub verbosity: Verbosity,
    /// Emit ANSI colour codes.
    pub color: bool,
    /// Draw a live progress bar (on the process's stdout).
    pub progress: bool,
}

impl TerminalOptions {
    /// Options for printing to this process's stdout: colour and progress bar only when stdout
    /// is a terminal; no colour when `NO_COLOR` is set, no progress bar when `CI` is set.
    pub fn for_stdout(verbosity: Verbosity) -> Self {
        Self::decide(
            verbosity,
            io::stdout().is_terminal(),
            env_flag("NO_COLOR"),
            env_flag("CI"),
        )
    }

    /// The decision of [`for_stdout`](Self::for_stdout) from its inputs, so it can be tested.
    pub fn decide(verbosity: Verbosity, is_terminal: bool, no_color: bool, ci: bool) -> Self {
        TerminalOptions {
            verbosity,
            color: is_terminal && !no_color,
            progress: is_terminal && !ci && verbosity != Verbosity::Quiet,
        }
    }
}

/// The comparison `run` carries (`scimcheck diff`), as the run's summary shows it: the counts,
/// then each non-empty list; empty when `run` was not compared.
pub fn comparison(run: &RunResult, options: TerminalOptions) -> String {
    let mut text = String::new();
    summary::write_comparison(
        &mut text,
        run,
        Painter {
            color: options.color,
        },
    );
    text
}

/// True when the variable is set to something other than empty, `0` or `false`.
fn env_flag(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Prints run events to `out` as they arrive (see the [module docs](self)).
///
/// [`EventSink::event`] cannot fail, so the first write error is kept and returned by
/// [`into_inner`](Self::into_inner); after it, nothing more is written.
pub struct TerminalReporter<W: Write> {
    out: W,
    options: TerminalOptions,
    painter: Painter,
    bar: Option<ProgressBar>,
    error: Option<io::Error>,
}

impl<W: Write> TerminalReporter<W> {
    /// A reporter writing to `out`. With `options.progress`, the bar is drawn on stdout, so
    /// `out` should be stdout too.
    pub fn new(out: W, options: TerminalOptions) -> Self {
        TerminalReporter {
            out,
            options,
            painter: Painter {
                color: options.color,
            },
            bar: None,
            error: None,
        }
    }

    /// The writer back, or the first error met while writing to it.
    pub fn into_inner(mut self) -> io::Result<W> {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        match self.error.take() {
            Some(error) => Err(error),
            None => Ok(self.out),
        }
    }

    fn emit(&mut self, text: &str) {
        if self.error.is_some() || text.is_empty() {
            return;
        }
        let out = &mut self.out;
        let mut write = || out.write_all(text.as_bytes()).and_then(|()| out.flush());
        let result = match &self.bar {
            Some(bar) => bar.suspend(write),
            None => write(),
        };
        if let Err(error) = result {
            self.error = Some(error);
        }
    }

    fn run_started(&mut self, suite: &str, target: &str, planned: usize) {
        if self.options.verbosity != Verbosity::Quiet {
            // The suite's name says what ran ("scimcheck conformance suite", "runscope: …",
            // "okta profile (Okta)"), so the header is that name alone.
            let header = format!(
                "{}\n{}\n\n",
                self.painter.paint(Tone::Strong, &clean(suite)),
                self.painter.paint(
                    Tone::Faint,
                    &format!("target {} · {planned} cases planned", clean(target))
                )
            );
            self.emit(&header);
        }
        if self.options.progress {
            let bar =
                ProgressBar::with_draw_target(Some(planned as u64), ProgressDrawTarget::stdout());
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {wide_msg}")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            self.bar = Some(bar);
        }
    }

    fn case_finished(&mut self, case: &CaseResult) {
        if let Some(bar) = &self.bar {
            if bar.length().is_some_and(|len| bar.position() >= len) {
                bar.inc_length(1);
            }
            bar.inc(1);
        }
        let mut text = String::new();
        match self.options.verbosity {
            Verbosity::Quiet => {}
            Verbosity::Normal => case::write_line(&mut text, case, self.painter),
            Verbosity::Verbose => {
                case::write_line(&mut text, case, self.painter);
                case::write_exchanges(&mut text, case, self.painter);
            }
        }
        self.emit(&text);
    }
}

impl<W: Write> EventSink for TerminalReporter<W> {
    fn event(&mut self, event: &RunEvent) {
        match event {
            RunEvent::RunStarted {
                suite,
                target,
                planned,
            } => self.run_started(suite, target, *planned),
            RunEvent::CaseStarted { title, .. } => {
                if let Some(bar) = &self.bar {
                    bar.set_message(clean(title).into_owned());
                }
            }
            RunEvent::CaseFinished(case) => self.case_finished(case),
            RunEvent::RunFinished(run) => {
                if let Some(bar) = self.bar.take() {
                    bar.finish_and_clear();
                }
                let mut text = String::new();
                summary::write_summary(&mut text, run, self.painter);
                self.emit(&text);
            }
        }
    }
}
