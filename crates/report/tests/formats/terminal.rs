use std::time::Duration;

use scimcheck_engine::model::RunResult;
use scimcheck_report::terminal::{TerminalOptions, TerminalReporter, Verbosity};

use crate::fixture::{self, ANSI_CLEAR};

/// Everything the reporter prints for the fixture run.
fn output(verbosity: Verbosity, color: bool) -> String {
    output_of(&fixture::run(), verbosity, color)
}

/// Everything the reporter prints for `run`.
pub(crate) fn output_of(run: &RunResult, verbosity: Verbosity, color: bool) -> String {
    let options = TerminalOptions {
        verbosity,
        color,
        progress: false,
    };
    let mut reporter = TerminalReporter::new(Vec::new(), options);
    fixture::replay(run, &mut reporter, Duration::ZERO);
    String::from_utf8(reporter.into_inner().expect("writing to memory")).expect("UTF-8 output")
}

/// The failure block of the case titled `title`, up to the next blank line.
fn failure_block<'a>(out: &'a str, title: &str) -> &'a str {
    let details = &out[out.find("Failures (3)").expect("a failures section")..];
    let start = details
        .find(&format!(" {title}"))
        .expect("the case has a failure block");
    let block = &details[start..];
    &block[..block.find("\n\n").unwrap_or(block.len())]
}

#[test]
fn environment_decides_colour_and_progress() {
    use Verbosity::*;
    let d = TerminalOptions::decide;
    // (is_terminal, no_color, ci) -> (color, progress)
    let cases = [
        ((true, false, false), (true, true)),
        ((true, true, false), (false, true)),
        ((true, false, true), (true, false)),
        ((false, false, false), (false, false)),
    ];
    for ((tty, no_color, ci), (color, progress)) in cases {
        let o = d(Normal, tty, no_color, ci);
        assert_eq!(
            (o.color, o.progress),
            (color, progress),
            "tty={tty} no_color={no_color} ci={ci}"
        );
    }
    assert!(!d(Quiet, true, false, false).progress, "quiet draws no bar");
}

#[test]
fn normal_prints_one_line_per_case_then_the_summary() {
    let out = output(Verbosity::Normal, false);
    // The header is the suite's name alone (it says what ran; "scimcheck" is not repeated).
    assert!(out.starts_with("conformance <script>alert(1)</script>\n"));
    assert!(out.contains("  PASS   POST /Users creates a user  users.create · 21 ms\n"));
    assert!(out.contains(
        "  FAIL   Duplicate userName is rejected with 409  users.duplicate-conflict · 21 ms\n"
    ));
    assert!(out.contains("       status code: expected 409, got 201\n"));
    assert!(out.contains("  ERROR  POST /Groups creates a group"));
    assert!(out.contains("  SKIP   PATCH adds group members"));
    assert!(out.contains("  WARN   ServiceProviderConfig names its documentation"));
    let summary = &out[out.find("Summary by category").expect("a summary")..];
    for line in [
        "  users          1 failed, 1 passed",
        "  groups         1 errored, 1 skipped",
        "  discovery      1 warned",
        "  uncategorized  1 failed",
        "  pause          1 passed",
    ] {
        assert!(summary.contains(line), "missing {line:?} in\n{summary}");
    }
    assert!(out.contains("note: embedded reference server started for this run"));
    assert!(out.contains("\nFAILED 2 failed, 1 errored, 1 warned, 1 skipped, 2 passed in 2.35 s"));
}

#[test]
fn each_failure_shows_request_response_expected_actual_and_hint() {
    let out = output(Verbosity::Normal, false);
    let block = failure_block(&out, "Duplicate userName is rejected with 409");
    for piece in [
        "users.duplicate-conflict  [RFC 7644 §3.3]",
        "why       1 of 2 assertions failed",
        &format!("requires  {}", fixture::requirement()),
        "request   POST http://127.0.0.1:8080/scim/v2/Users",
        "Authorization: Bearer ***",
        "Content-Type: application/scim+json",
        "\"userName\": \"dup@example.com\"",
        "response  201 Created · 14 ms",
        "\"userName\": \"<script>alert(1)</script>\"",
        "check     status code",
        "expected  409",
        "actual    201",
        "hint      Answer 409 Conflict with scimType \"uniqueness\" when userName is taken.",
    ] {
        assert!(block.contains(piece), "missing {piece:?} in\n{block}");
    }
    assert!(
        !block.contains("User-Agent"),
        "only key headers in failure details"
    );
    assert!(!block.contains("X-Request-Id"));
}

#[test]
fn transport_errors_and_cut_bodies_are_explained() {
    let out = output(Verbosity::Normal, false);
    let reset = failure_block(&out, "POST /Groups creates a group");
    assert!(
        reset.contains("response  none: connection reset by peer"),
        "{reset}"
    );
    let step = failure_block(&out, "Required Test: Test Users endpoint | filter");
    assert!(
        step.contains("response  500 Internal Server Error · 14 ms · 50.0 MiB"),
        "{step}"
    );
    assert!(
        step.contains("<html><body><h1>Internal Server Error</h1>"),
        "non-JSON body shown as is"
    );
    let run = fixture::run();
    let kept = run.cases[5].exchanges[0]
        .response
        .as_ref()
        .unwrap()
        .body
        .len();
    let notice = format!("[body cut by scimcheck: kept {kept} B of 50.0 MiB received]");
    assert!(step.contains(&notice), "{step}");
    assert!(step.contains("note      the body is not JSON"));
}

#[test]
fn without_colour_no_escape_sequence_is_printed_even_from_the_server() {
    for verbosity in [Verbosity::Quiet, Verbosity::Normal, Verbosity::Verbose] {
        let out = output(verbosity, false);
        assert!(
            !out.contains('\u{1b}'),
            "ANSI escape in {verbosity:?} output"
        );
        assert!(
            out.contains("\\u{1b}[2J"),
            "the server's escape is shown, inert"
        );
    }
    let coloured = output(Verbosity::Normal, true);
    assert!(
        coloured.contains("\u{1b}[1;31mFAIL \u{1b}[0m"),
        "colour when asked"
    );
    assert!(
        !coloured.contains(ANSI_CLEAR),
        "the server's escape never reaches the terminal"
    );
}

#[test]
fn quiet_prints_only_the_summary() {
    let out = output(Verbosity::Quiet, false);
    assert!(out.starts_with("\nFailures (3)"), "{out}");
    assert!(!out.contains("  PASS "), "no per-case lines");
    assert!(out.contains("Summary by category"));
    assert!(out.contains("expected  409"));
}

#[test]
fn verbose_prints_every_exchange_with_all_headers() {
    let out = output(Verbosity::Verbose, false);
    let before_summary = &out[..out.find("Failures (3)").unwrap()];
    assert!(before_summary.contains("User-Agent: scimcheck/0.1"));
    assert!(before_summary.contains("X-Request-Id: req-7f3a"));
    assert!(
        before_summary
            .contains("request   GET http://127.0.0.1:8080/scim/v2/ServiceProviderConfig")
    );
    assert!(before_summary.contains("\"userName\": \"José Ñúñez 日本語 ✓\""));
}

#[test]
fn multi_line_values_stay_aligned_under_their_label() {
    let mut run = fixture::run();
    run.cases[1].assertions[1].actual = "{\n  \"status\": \"201\"\n}".into();
    let out = output_of(&run, Verbosity::Normal, false);
    assert!(
        out.contains("    actual    {\n                \"status\": \"201\"\n              }\n"),
        "{out}"
    );
}

/// A writer whose reader went away (a closed pipe).
struct ClosedPipe;

impl std::io::Write for ClosedPipe {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::ErrorKind::BrokenPipe.into())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_write_error_is_returned_not_panicked() {
    let options = TerminalOptions::decide(Verbosity::Verbose, false, false, false);
    let mut reporter = TerminalReporter::new(ClosedPipe, options);
    fixture::replay(&fixture::run(), &mut reporter, Duration::ZERO);
    let error = reporter.into_inner().err().expect("the write error");
    assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe);
}

#[test]
fn root_causes_lead_the_summary_in_every_verbosity() {
    for verbosity in [Verbosity::Quiet, Verbosity::Normal] {
        let out = output_of(&fixture::blocked(), verbosity, false);
        let lead = out
            .find("\n1 root cause: fix these first\n")
            .expect("a root-cause section");
        let failures = out.find("Failures (2)").expect("the failures");
        assert!(lead < failures, "root causes come first:\n{out}");
        assert!(
            out[lead..failures].contains(&format!(
                "  {}  POST /Users creates a user <script>alert(1)</script>  blocked 2 checks\n      status: expected 201, got 500\n",
                fixture::ROOT
            )),
            "{out}"
        );
        assert!(
            out.contains("\nFAILED 1 root cause · 2 failed, 2 blocked, 1 passed in "),
            "{out}"
        );
    }
    let normal = output_of(&fixture::blocked(), Verbosity::Normal, false);
    assert!(
        normal.contains("  BLOCKED  Location on 201  users.create.location"),
        "{normal}"
    );
}
