//! `scimcheck completions SHELL`: the shell's completion script for every subcommand and flag,
//! generated from the same clap definition that parses them, so it cannot drift.

use super::print_bytes;
use clap::CommandFactory;
use clap_complete::Shell;
use std::process::ExitCode;

/// Flags of `scimcheck completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for (see docs/CLI.md for where each one reads the script from).
    #[arg(value_enum)]
    shell: Shell,
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut command = crate::Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "scimcheck", &mut script);
    script
}

/// Prints the completion script on stdout.
pub fn execute(args: Args) -> ExitCode {
    print_bytes(&script(args.shell))
}

/// Every subcommand's name with its long flags, for the tests of the generated texts.
#[cfg(test)]
pub(crate) fn subcommands_and_flags() -> Vec<(String, Vec<String>)> {
    crate::Cli::command()
        .get_subcommands()
        // The hidden script worker is internal: no page, no completion.
        .filter(|sub| !sub.is_hide_set())
        .map(|sub| {
            let flags = sub
                .get_arguments()
                .filter_map(|arg| arg.get_long())
                .map(str::to_owned)
                .collect();
            (sub.get_name().to_owned(), flags)
        })
        .collect()
}

/// Whether `word` stands in `text` on its own, not as part of a longer name (`run`, not the
/// `run` of `runscope`).
#[cfg(test)]
pub(crate) fn has_word(text: &str, word: &str) -> bool {
    let part_of_name = |c: char| c.is_ascii_alphanumeric() || c == '-';
    text.match_indices(word).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(part_of_name)
            && !text[at + word.len()..]
                .chars()
                .next()
                .is_some_and(part_of_name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn every_shell_s_script_completes_every_subcommand_and_its_flags() {
        let commands = subcommands_and_flags();
        assert!(commands.len() >= 8, "{commands:?}");
        for shell in Shell::value_variants() {
            let script = String::from_utf8(script(*shell)).expect("UTF-8");
            for (name, flags) in &commands {
                assert!(has_word(&script, name), "{shell}: no {name}");
                for flag in flags {
                    assert!(
                        script.contains(flag.as_str()),
                        "{shell}: no {name} --{flag}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_word_is_found_only_on_its_own() {
        assert!(has_word("'run' 'runscope'", "run"));
        assert!(has_word("scimcheck__run)", "run"));
        assert!(!has_word("runscope --run-id", "run"));
    }

    #[test]
    fn the_bash_script_is_valid_bash() {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let mut bash = Command::new("bash")
            .arg("-n")
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("bash runs");
        bash.stdin
            .take()
            .expect("stdin")
            .write_all(&script(Shell::Bash))
            .expect("script written");
        let out = bash.wait_with_output().expect("bash ends");
        assert!(
            out.status.success(),
            "bash -n: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
