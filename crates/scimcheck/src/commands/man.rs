//! `scimcheck man`: the manual page, generated from the clap definition that parses the flags.
//! Without `--dir` it prints scimcheck(1), which lists the subcommands; with it, it writes that
//! page and one per subcommand (`scimcheck-run.1`, …, with every flag) into the folder.

use super::{print_bytes, say};
use clap::CommandFactory;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Flags of `scimcheck man`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write scimcheck.1 and one page per subcommand into this folder instead of printing.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

/// scimcheck(1) in roff.
pub fn page() -> std::io::Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(crate::Cli::command()).render(&mut page)?;
    Ok(page)
}

/// Writes scimcheck.1 and a page per subcommand into `dir`, which must exist.
pub fn write_pages(dir: &Path) -> std::io::Result<()> {
    clap_mangen::generate_to(crate::Cli::command(), dir)
}

/// Prints the page, or writes them all into `--dir`.
pub fn execute(args: Args) -> ExitCode {
    let Some(dir) = args.dir else {
        return match page() {
            Ok(page) => print_bytes(&page),
            Err(e) => fail(&format!("cannot render the page: {e}")),
        };
    };
    match write_pages(&dir) {
        Ok(()) => {
            say(
                &mut std::io::stderr(),
                &format!("wrote the manual pages into {}", dir.display()),
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(&format!(
            "cannot write the pages into {} ({e}); give an existing, writable folder",
            dir.display()
        )),
    }
}

fn fail(message: &str) -> ExitCode {
    say(&mut std::io::stderr(), &format!("scimcheck man: {message}"));
    ExitCode::from(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::completions::subcommands_and_flags;

    /// `text` as roff writes it: dashes escaped (`okta\-sim`).
    fn roff(text: &str) -> String {
        text.replace('-', "\\-")
    }

    #[test]
    fn the_page_lists_every_subcommand() {
        let page = String::from_utf8(page().expect("renders")).expect("UTF-8");
        assert!(page.contains(".TH scimcheck 1"), "{page}");
        for (name, _) in subcommands_and_flags() {
            let entry = roff(&format!("scimcheck-{name}(1)"));
            assert!(page.contains(&entry), "no {entry} in the page");
        }
    }

    #[test]
    fn each_subcommand_s_page_lists_its_flags() {
        let dir = std::env::temp_dir().join(format!("scimcheck-man-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        write_pages(&dir).expect("pages written");
        for (name, flags) in subcommands_and_flags() {
            let file = dir.join(format!("scimcheck-{name}.1"));
            let page = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            for flag in flags {
                let escaped = roff(&format!("--{flag}"));
                assert!(page.contains(&escaped), "{name}: no --{flag}");
            }
        }
        std::fs::remove_dir_all(&dir).expect("cleaned up");
    }
}
