//! The report files a run writes once it is over: flags shared by `run`, `runscope` and `diff`,
//! also named in the config file.

use super::Settings;
use anyhow::{Context, Result};
use scimcheck_engine::model::RunResult;
use std::path::PathBuf;

/// The files to write once the run is over.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, clap::Args, serde::Deserialize, serde::Serialize,
)]
pub struct Outputs {
    /// Write a self-contained HTML report to FILE. `run` writes one to scimcheck-report.html
    /// in the current folder when this is not given.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// Write JUnit XML (one testcase per case) to FILE.
    #[arg(long, value_name = "FILE.xml")]
    pub junit: Option<PathBuf>,
    /// Write the full result as JSON to FILE; see docs/RESULTS.md.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write a Markdown summary (for a CI step summary) to FILE.
    #[arg(long, value_name = "FILE.md")]
    pub markdown: Option<PathBuf>,
}

impl Outputs {
    /// Writes every requested report of `result`; returns one line per file saying where.
    pub fn write(&self, result: &RunResult) -> Result<Vec<String>> {
        use scimcheck_report::{html, json, junit, markdown};
        type Render = fn(&RunResult) -> String;
        let files: [(&Option<PathBuf>, &str, Render); 4] = [
            (&self.report, "HTML report", html::render),
            (&self.junit, "JUnit XML", junit::render),
            (&self.json, "JSON result", json::render),
            (&self.markdown, "Markdown summary", markdown::render),
        ];
        let mut lines = Vec::new();
        for (path, what, render) in files {
            if let Some(path) = path {
                std::fs::write(path, render(result))
                    .with_context(|| format!("cannot write the {what} to {}", path.display()))?;
                lines.push(format!("{what} written to {}", path.display()));
            }
        }
        Ok(lines)
    }
}

impl Settings {
    /// Writes the report files `result` asks for, returning the lines announcing them; under
    /// `--show-secrets` the result first gets a note saying nothing in it is masked, so a
    /// report passed on later warns its reader.
    pub fn write_outputs(&self, result: &mut RunResult) -> Result<Vec<String>> {
        if self.show_secrets {
            result.notes.push(
                "--show-secrets: tokens and passwords are NOT masked in this result; do not share it"
                    .into(),
            );
        }
        self.outputs.write(result)
    }
}
