//! Renders the test fixture in every format, for docs/examples and for measuring.
//!
//! `cargo run -p scimcheck-report --example sample -- docs/examples` writes
//! report-sample.html, report-sample.xml, report-sample.md and terminal-sample.txt there, and
//! root-causes-sample.md and root-causes-sample.txt from a run whose user creation failed;
//! `… -- DIR --many 600` also renders a 600-case run to DIR/report-600.html and prints how long
//! each format took.

#[path = "../tests/formats/fixture.rs"]
mod fixture;
#[path = "../tests/formats/sample_files.rs"]
mod sample_files;

use std::path::PathBuf;
use std::time::Instant;

use scimcheck_report::{html, json, junit, markdown};

/// A report format: a pure function of the run.
type Render = fn(&scimcheck_engine::model::RunResult) -> String;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: sample DIR [--many N]")?);
    let many: Option<usize> = match (args.next().as_deref(), args.next()) {
        (Some("--many"), Some(n)) => Some(n.parse()?),
        (None, _) => None,
        _ => return Err("usage: sample DIR [--many N]".into()),
    };
    for (name, text) in sample_files::samples() {
        std::fs::write(dir.join(name), text)?;
    }
    if let Some(n) = many {
        let big = fixture::many(n);
        let formats: [(&str, Render); 4] = [
            ("html", html::render),
            ("junit", junit::render),
            ("json", json::render),
            ("markdown", markdown::render),
        ];
        for (name, render) in formats {
            let started = Instant::now();
            let text = render(&big);
            println!(
                "{name:8} {n} cases: {:>8.2} ms, {:>9} bytes",
                started.elapsed().as_secs_f64() * 1000.0,
                text.len()
            );
            if name == "html" {
                std::fs::write(dir.join(format!("report-{n}.html")), text)?;
            }
        }
    }
    Ok(())
}
