//! The sandbox around Runscope scripts: failures are reported, limits hold, nothing leaks from
//! one script to the next, and after any of it the next script runs normally.

use std::time::Duration;

use scimcheck_engine::runscope::script::{ScriptLimits, ScriptOutcome, Variables, run_script};

fn run_with(source: &str, limits: &ScriptLimits) -> ScriptOutcome {
    run_script(source, &mut Variables::new(), None, None, limits)
}

fn run(source: &str) -> ScriptOutcome {
    run_with(source, &ScriptLimits::default())
}

/// A normal script, run after each misbehaving one to prove the host recovered.
fn still_works() {
    let mut variables = Variables::new();
    let outcome = run_script(
        "var data = JSON.parse('{\"a\": [1, 2]}'); assert.lengthOf(data.a, 2); variables.set('ok', 'yes'); log('fine')",
        &mut variables,
        None,
        None,
        &ScriptLimits::default(),
    );
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.logs, ["fine"]);
    assert_eq!(variables["ok"], "yes");
}

fn short_budget() -> ScriptLimits {
    ScriptLimits {
        cpu_time: Duration::from_millis(200),
        ..ScriptLimits::default()
    }
}

#[test]
fn an_infinite_loop_is_interrupted_at_the_cpu_budget() {
    let outcome = run_with("while (true) {}", &short_budget());
    assert_eq!(
        outcome.error.as_deref(),
        Some("script exceeded its 200 ms CPU budget (interrupted)")
    );
    still_works();
}

#[test]
fn the_interrupt_cannot_be_caught_by_the_script() {
    let outcome = run_with(
        "while (true) { try { for (;;) {} } catch (e) { log('caught ' + e); } }",
        &short_budget(),
    );
    assert_eq!(
        outcome.error.as_deref(),
        Some("script exceeded its 200 ms CPU budget (interrupted)")
    );
    assert!(outcome.logs.is_empty(), "{:?}", outcome.logs);
    still_works();
}

#[test]
fn the_default_budget_is_two_seconds() {
    assert_eq!(ScriptLimits::default().cpu_time, Duration::from_secs(2));
    assert_eq!(ScriptLimits::default().memory_bytes, 64 * 1024 * 1024);
}

#[test]
fn an_allocation_bomb_runs_out_of_memory() {
    // The time budget is wall-clock time: on a loaded machine the default 2 s could end the
    // bomb before it fills 64 MiB, and this test is about the memory cap.
    let limits = ScriptLimits {
        cpu_time: Duration::from_secs(60),
        ..ScriptLimits::default()
    };
    let outcome = run_with("var a = []; while (true) a.push(new Array(1e6))", &limits);
    assert_eq!(
        outcome.error.as_deref(),
        Some("script exceeded its 64 MiB memory limit (out of memory)")
    );
    still_works();
}

#[test]
fn a_string_hoard_runs_out_of_memory_under_a_small_cap() {
    let limits = ScriptLimits {
        memory_bytes: 4 * 1024 * 1024,
        ..ScriptLimits::default()
    };
    let outcome = run_with(
        "var kept = []; while (true) kept.push('x'.repeat(100000) + kept.length)",
        &limits,
    );
    assert_eq!(
        outcome.error.as_deref(),
        Some("script exceeded its 4 MiB memory limit (out of memory)")
    );
    still_works();
}

#[test]
fn infinite_recursion_is_a_range_error_not_a_crash() {
    let outcome = run("function down(n) { return down(n + 1) + 1; }\ndown(0)");
    assert_eq!(
        outcome.error.as_deref(),
        Some("RangeError: Maximum call stack size exceeded (line 1)")
    );
    still_works();
}

#[test]
fn a_syntax_error_names_the_problem_and_line() {
    let outcome = run("var ok = 1;\nvar broken = ;");
    assert_eq!(
        outcome.error.as_deref(),
        Some("SyntaxError: unexpected token in expression: ';' (line 2)")
    );
    still_works();
}

#[test]
fn thrown_values_are_described() {
    assert_eq!(
        run("throw 'boom'").error.as_deref(),
        Some("uncaught exception: boom")
    );
    assert_eq!(
        run("throw {code: 7}").error.as_deref(),
        Some("uncaught exception: {\"code\":7}")
    );
    assert_eq!(
        run("throw undefined").error.as_deref(),
        Some("uncaught exception: a undefined value")
    );
    assert_eq!(
        run("\n\nthrow new Error('bad')").error.as_deref(),
        Some("Error: bad (line 3)")
    );
    assert_eq!(
        run("null.x").error.as_deref(),
        Some("TypeError: cannot read property 'x' of null (line 1)")
    );
    still_works();
}

#[test]
fn nothing_leaks_from_one_script_to_the_next() {
    let outcome =
        run("globalThis.leak = 1; Object.prototype.polluted = 1; assert.equal = function () {};");
    assert_eq!(outcome.error, None);
    let outcome = run(
        "assert.isUndefined(globalThis.leak); assert.isUndefined({}.polluted); assert.equal(1, 2)",
    );
    assert_eq!(
        outcome.error.as_deref(),
        Some("expected 1 to equal 2 (line 1)")
    );
}

#[test]
fn there_is_no_filesystem_network_process_timer_or_module_access() {
    let outcome = run(
        "['require', 'process', 'std', 'os', 'fetch', 'XMLHttpRequest', 'setTimeout', 'setInterval', 'Deno', 'Bun']
            .forEach(function (name) { assert.isUndefined(globalThis[name], name); });",
    );
    assert_eq!(outcome.error, None);
    let outcome = run("import * as os from 'os';");
    let error = outcome.error.unwrap_or_default();
    assert!(error.starts_with("SyntaxError:"), "{error}");
    still_works();
}

#[test]
fn a_blank_script_does_nothing() {
    let mut variables = Variables::from([("a".to_owned(), "1".to_owned())]);
    let limits = ScriptLimits::default();
    let outcome = run_script(" \n\t", &mut variables, None, None, &limits);
    assert_eq!(outcome, ScriptOutcome::default());
    assert_eq!(
        variables,
        Variables::from([("a".to_owned(), "1".to_owned())])
    );
}

#[test]
fn variables_cannot_grow_past_the_memory_limit() {
    let limits = ScriptLimits {
        memory_bytes: 4 * 1024 * 1024,
        ..ScriptLimits::default()
    };
    let mut variables = Variables::new();
    let outcome = run_script(
        "for (var i = 0; i < 100; i++) variables.set('v' + i, 'x'.repeat(100000));",
        &mut variables,
        None,
        None,
        &limits,
    );
    assert_eq!(
        outcome.error.as_deref(),
        Some(
            "RangeError: variables.set(\"v41\", …) would make the variables hold 4200116 bytes, \
             over the script's memory limit of 4194304 bytes (line 1)"
        )
    );
    // v0…v40 were stored: 10 two-byte and 31 three-byte names, 41 values of 100000 bytes.
    assert_eq!(variables.len(), 41, "the sets before the cap are kept");
    still_works();
}

#[test]
fn a_script_s_own_out_of_memory_error_is_not_mistaken_for_the_limit() {
    assert_eq!(
        run("throw new Error('out of memory')").error.as_deref(),
        Some("Error: out of memory (line 1)")
    );
}

#[test]
fn running_out_of_memory_while_building_the_error_is_still_reported_as_out_of_memory() {
    let limits = ScriptLimits {
        memory_bytes: 8 * 1024 * 1024,
        ..ScriptLimits::default()
    };
    for source in [
        "var a = []; while (true) a.push({})",
        "var a = []; while (true) a.push('x' + a.length)",
        "var o = {}; for (var i = 0; ; i++) o['k' + i] = i",
    ] {
        assert_eq!(
            run_with(source, &limits).error.as_deref(),
            Some("script exceeded its 8 MiB memory limit (out of memory)"),
            "{source}"
        );
        still_works();
    }
    assert_eq!(
        run_with("throw null", &limits).error.as_deref(),
        Some("uncaught exception: null"),
        "a script's own null is still its own"
    );
}
