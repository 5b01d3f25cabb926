//! What the workspace's tests, benches and their support modules need from outside the
//! repository, and what they do when it is not there.
//!
//! Three things cannot ship in the repository: Okta's published Runscope files (Okta's to
//! publish, read from `shared/okta` beside the checkout, never copied in), the text of RFC 7643
//! and RFC 7644 (read from `shared/rfc`, likewise) and a browser (Chromium and chromedriver,
//! for the dashboard's end-to-end tests). A fresh clone has none of them, and `cargo test
//! --workspace` must still pass there, so a test that needs one asks this crate first:
//! [`okta_file`] / [`okta_text`] / [`rfc_text`] / [`browser`] return `None` after writing one
//! line naming the test, what is missing and how to get it, and the test returns. CI sets
//! [`REQUIRE_FIXTURES`] and [`REQUIRE_BROWSER`], under which a missing file or browser fails the
//! test instead, so nothing it is meant to run can quietly stop running.
//!
//! The line goes straight to the process's stderr, past the test harness's output capture: a
//! passing test's printed output is hidden, and a skip nobody sees would be a silent one.

pub mod listing;

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Set (to anything but empty or `0`) to fail, not skip, a test whose Okta file or RFC text is
/// missing.
pub const REQUIRE_FIXTURES: &str = "SCIMCHECK_REQUIRE_FIXTURES";

/// Set (to anything but empty or `0`) to fail, not skip, a test that finds no browser.
pub const REQUIRE_BROWSER: &str = "SCIMCHECK_REQUIRE_BROWSER";

/// Where Okta publishes its SCIM test files.
pub const OKTA_FILES_URL: &str = "https://developer.okta.com/standards/SCIM/SCIMFiles/";

/// How to get a browser the dashboard's end-to-end tests can drive.
const BROWSER_INSTALL: &str = "install Debian's chromium and chromium-driver \
    (`apt-get install -y chromium chromium-driver`)";

/// The folder `shared/NAME` beside the checkout, where fixtures that cannot ship are read from.
fn shared_dir(name: &str) -> PathBuf {
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    // Canonical when it can be, so the skip line names a plain absolute folder.
    let checkout = checkout.canonicalize().unwrap_or(checkout);
    checkout
        .parent()
        .unwrap_or(&checkout)
        .join("shared")
        .join(name)
}

/// The folder Okta's files are read from: `shared/okta` beside the checkout.
pub fn okta_dir() -> PathBuf {
    shared_dir("okta")
}

/// The folder the RFC text is read from: `shared/rfc` beside the checkout.
pub fn rfc_dir() -> PathBuf {
    shared_dir("rfc")
}

/// The path of Okta's file `name` (e.g. `Okta-SCIM-20-SPEC-Test.json`), or `None` when it is
/// absent, after saying so in one line (a panic instead under [`REQUIRE_FIXTURES`]).
pub fn okta_file(name: &str) -> Option<PathBuf> {
    let path = okta_dir().join(name);
    let found = path.is_file().then_some(path);
    gate(
        found,
        REQUIRE_FIXTURES,
        &format!("Okta's {name} is not in {}", okta_dir().display()),
        &format!("get Okta's SCIM test files from {OKTA_FILES_URL} into that folder, unchanged"),
    )
}

/// The text of Okta's file `name`, or `None` as for [`okta_file`].
pub fn okta_text(name: &str) -> Option<String> {
    let path = okta_file(name)?;
    Some(
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read Okta's file {}: {e}", path.display())),
    )
}

/// The text of RFC `number` (7643 or 7644, `rfcNNNN.txt` in [`rfc_dir`]), or `None` when it is
/// absent, after saying so in one line (a panic instead under [`REQUIRE_FIXTURES`]).
pub fn rfc_text(number: u16) -> Option<String> {
    let path = rfc_dir().join(format!("rfc{number}.txt"));
    let found = path.is_file().then_some(&path);
    let path = gate(
        found,
        REQUIRE_FIXTURES,
        &format!("RFC {number}'s text is not in {}", rfc_dir().display()),
        &format!(
            "get it from https://www.rfc-editor.org/rfc/rfc{number}.txt into that folder, unchanged"
        ),
    )?;
    Some(
        std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read RFC {number}'s text {}: {e}", path.display())),
    )
}

/// The two programs the dashboard's end-to-end tests drive.
#[derive(Debug, Clone)]
pub struct Browser {
    /// Chromium's executable.
    pub chromium: PathBuf,
    /// chromedriver, the WebDriver server that drives it.
    pub chromedriver: PathBuf,
}

/// Chromium and chromedriver, looked up on `PATH` and in Debian's `/usr/lib/chromium`, or
/// `None` when either is missing, after saying so in one line (a panic instead under
/// [`REQUIRE_BROWSER`]).
pub fn browser() -> Option<Browser> {
    let chromium = find(&["chromium", "chromium-browser"]);
    let chromedriver = find(&["chromedriver"]);
    let missing: Vec<&str> = [
        chromium.is_none().then_some("chromium"),
        chromedriver.is_none().then_some("chromedriver"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let found = chromium
        .zip(chromedriver)
        .map(|(chromium, chromedriver)| Browser {
            chromium,
            chromedriver,
        });
    gate(
        found,
        REQUIRE_BROWSER,
        &format!(
            "no {} on PATH or in /usr/lib/chromium",
            missing.join(" and ")
        ),
        BROWSER_INSTALL,
    )
}

/// The first of `names` that is a file in a `PATH` folder or in `/usr/lib/chromium`.
fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/lib/chromium")])
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// A requirement variable is on when set to anything but empty or `0`.
fn is_set(value: Option<OsString>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "0")
}

/// `found`, or — when it is `None` — a panic if the variable `require` is set, else one line on
/// stderr naming the test that does not run, `what` is missing and `how` to get it.
fn gate<T>(found: Option<T>, require: &str, what: &str, how: &str) -> Option<T> {
    let required = is_set(std::env::var_os(require));
    decide(found, (require, required), what, how, |line| {
        // Straight to the stream: the harness captures only what the print macros write.
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    })
}

/// [`gate`]'s decision for the requirement variable `(name, is set)`, with the skip line handed
/// to `say`.
fn decide<T>(
    found: Option<T>,
    (require, required): (&str, bool),
    what: &str,
    how: &str,
    say: impl FnOnce(&str),
) -> Option<T> {
    if found.is_some() {
        return found;
    }
    if required {
        panic!("{what}; {how} ({require} is set: it must run)");
    }
    say(&format!(
        "{}: not run: {what}; {how} ({require}=1 makes this a failure)\n",
        test_name()
    ));
    None
}

/// The running test's name (libtest names each test's thread after it), else the program's.
fn test_name() -> String {
    let thread = std::thread::current();
    match thread.name() {
        Some(name) if name != "main" => name.to_owned(),
        _ => std::env::current_exe()
            .ok()
            .and_then(|exe| exe.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "this program".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`decide`] with the line it says, if any.
    fn decided(found: Option<u8>, required: bool) -> (Option<u8>, Option<String>) {
        let mut said = None;
        let kept = decide(
            found,
            ("NEED_X", required),
            "x is missing",
            "get x",
            |line| said = Some(line.to_owned()),
        );
        (kept, said)
    }

    #[test]
    fn what_is_found_is_returned_whatever_is_required() {
        assert_eq!(decided(Some(7), false), (Some(7), None));
        assert_eq!(decided(Some(7), true), (Some(7), None));
    }

    #[test]
    fn what_is_missing_is_skipped_in_one_line_naming_the_test_when_not_required() {
        let (kept, said) = decided(None, false);
        assert_eq!(kept, None);
        assert_eq!(
            said.as_deref(),
            Some(
                "tests::what_is_missing_is_skipped_in_one_line_naming_the_test_when_not_required: \
                 not run: x is missing; get x (NEED_X=1 makes this a failure)\n"
            )
        );
    }

    #[test]
    #[should_panic(expected = "x is missing; get x (NEED_X is set: it must run)")]
    fn what_is_missing_fails_the_test_when_required() {
        decided(None, true);
    }

    #[test]
    fn a_requirement_is_on_unless_unset_empty_or_zero() {
        assert!(is_set(Some("1".into())));
        assert!(is_set(Some("yes".into())));
        assert!(!is_set(Some("0".into())));
        assert!(!is_set(Some("".into())));
        assert!(!is_set(None));
    }

    /// Asks for the text of an RFC that is never there. Ignored: it is run, in a child process
    /// under the requirement variable it chooses, by the test below.
    #[test]
    #[ignore = "run in a child process by an_absent_rfc_text_is_one_line_or_a_failure_when_required"]
    fn asks_for_an_absent_rfc() {
        assert_eq!(rfc_text(1), None);
    }

    #[test]
    fn an_absent_rfc_text_is_one_line_or_a_failure_when_required() {
        let run = |required: Option<&str>| {
            let mut command = std::process::Command::new(std::env::current_exe().unwrap());
            command
                .args(["--ignored", "--exact", "tests::asks_for_an_absent_rfc"])
                .env_remove(REQUIRE_FIXTURES);
            if let Some(value) = required {
                command.env(REQUIRE_FIXTURES, value);
            }
            let out = command.output().unwrap();
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            (out.status.success(), text)
        };
        let (passed, text) = run(None);
        assert!(passed, "{text}");
        assert!(
            text.contains("tests::asks_for_an_absent_rfc: not run: RFC 1's text is not in ")
                && text.contains("(SCIMCHECK_REQUIRE_FIXTURES=1 makes this a failure)"),
            "{text}"
        );
        for value in ["1", "yes"] {
            let (passed, text) = run(Some(value));
            assert!(!passed, "{value}: {text}");
            assert!(
                text.contains("(SCIMCHECK_REQUIRE_FIXTURES is set: it must run)"),
                "{text}"
            );
        }
    }

    #[test]
    fn okta_files_and_the_rfc_text_are_looked_for_beside_the_checkout() {
        let checkout = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .canonicalize()
            .unwrap();
        assert_eq!(okta_dir(), checkout.parent().unwrap().join("shared/okta"));
        assert_eq!(rfc_dir(), checkout.parent().unwrap().join("shared/rfc"));
    }
}
