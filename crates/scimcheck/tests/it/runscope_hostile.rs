//! `scimcheck runscope` against hostile suites (in-repo fixtures under fixture/runscope/): a
//! script stuck in one native call, huge thrown values and expansions, scripts after the
//! credential. Each must end in bounded time and memory with the step failed and no secret
//! written anywhere.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/fixture/runscope")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn scimcheck(args: &[&str]) -> Output {
    crate::fixture::scimcheck_output(&crate::fixture::scratch_dir("runscope-hostile"), args)
}

fn scratch(name: &str) -> PathBuf {
    crate::fixture::scratch_dir("runscope-hostile").join(name)
}

fn read_json(path: &PathBuf) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("result written");
    serde_json::from_str(&text).expect("valid JSON")
}

#[test]
fn a_script_stuck_in_indexof_ends_the_run_at_its_deadline_with_the_step_failed() {
    let json = scratch("indexof.json");
    let started = Instant::now();
    let out = scimcheck(&[
        "runscope",
        &fixture("quadratic-indexof.json"),
        "--deadline",
        "2",
        "--json",
        json.to_str().unwrap_or_default(),
    ]);
    let took = started.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        took < Duration::from_secs(3),
        "the run took {took:?}; the script must be killed at the deadline\n{stdout}"
    );
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let result = read_json(&json);
    let step = &result["cases"][0];
    assert_eq!(step["verdict"], "error", "{step}");
    assert!(
        step["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("deadline of 2 s"),
        "{step}"
    );
    assert_eq!(result["cases"][1]["verdict"], "skip");
    assert!(stdout.contains("passed its deadline of 2 s"), "{stdout}");
}

#[test]
fn a_script_transforming_the_credential_leaks_nothing_and_requests_still_authenticate() {
    let json = scratch("secret.json");
    let junit = scratch("secret.xml");
    let html = scratch("secret.html");
    let out = scimcheck(&[
        "runscope",
        &fixture("secret-transforms.json"),
        "-v",
        "--json",
        json.to_str().unwrap_or_default(),
        "--junit",
        junit.to_str().unwrap_or_default(),
        "--report",
        html.to_str().unwrap_or_default(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "both steps authenticate\n{stdout}"
    );
    let result = read_json(&json);
    assert_eq!(
        result["cases"][0]["logs"][0], "reversed }htua:terces{",
        "the script saw the placeholder"
    );
    let token = scim_server::DEFAULT_TOKEN;
    let reversed: String = token.chars().rev().collect();
    let spaced = token
        .chars()
        .map(String::from)
        .collect::<Vec<_>>()
        .join(" ");
    let forms = [
        token.to_owned(),
        token.to_lowercase(),
        token.to_uppercase(),
        reversed,
        spaced,
    ];
    let outputs = [
        ("stdout", stdout.into_owned()),
        ("stderr", String::from_utf8_lossy(&out.stderr).into_owned()),
        (
            "json",
            std::fs::read_to_string(&json).expect("json written"),
        ),
        (
            "junit",
            std::fs::read_to_string(&junit).expect("junit written"),
        ),
        (
            "html",
            std::fs::read_to_string(&html).expect("report written"),
        ),
    ];
    for (name, text) in &outputs {
        for form in &forms {
            assert!(!text.contains(form.as_str()), "{name} holds {form:?}");
        }
    }
}

/// The script worker processes whose parent is `parent`, from /proc.
fn workers_of(parent: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let cmdline =
                std::fs::read_to_string(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            // `pid (comm) state ppid …`; comm may hold spaces, so read after the last ')'.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok());
            ppid == Some(parent) && cmdline.contains("__script-worker")
        })
        .collect()
}

/// True while `pid` exists and is not a zombie waiting to be reaped.
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| Some(stat.rsplit_once(')')?.1.split_whitespace().next()? != "Z"))
        .unwrap_or(false)
}

#[test]
fn ctrl_c_ends_the_run_kills_its_busy_script_worker_and_still_writes_the_report() {
    let json = scratch("interrupted.json");
    let _ = std::fs::remove_file(&json);
    let mut run = Command::new(env!("CARGO_BIN_EXE_scimcheck"))
        .args(["runscope", &fixture("quadratic-indexof.json")])
        .args(["--json", json.to_str().unwrap_or_default()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let started = Instant::now();
    let worker = loop {
        if let Some(&worker) = workers_of(run.id()).first() {
            break worker;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no script worker started"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    // Well inside the script's seconds of indexOf, well before its kill at 3 s.
    std::thread::sleep(Duration::from_millis(700));
    let signalled = Command::new("kill")
        .args(["-INT", &run.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(signalled.success());
    let status = run.wait().expect("the run ends");
    assert_eq!(status.code(), Some(130), "exit status {status}");
    let stopped = Instant::now();
    while alive(worker) && stopped.elapsed() < Duration::from_secs(1) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!alive(worker), "the worker {worker} outlived its run");
    let result = read_json(&json);
    assert!(
        result["notes"]
            .to_string()
            .contains("cancelled after 0 step(s) finished"),
        "{result}"
    );
}

#[test]
fn a_run_stopped_at_its_deadline_writes_every_requested_report() {
    let outputs = [
        "deadline.json",
        "deadline.xml",
        "deadline.html",
        "deadline.md",
    ]
    .map(scratch);
    for path in &outputs {
        let _ = std::fs::remove_file(path);
    }
    let [json, junit, html, markdown] = outputs.each_ref().map(|p| p.to_str().unwrap_or_default());
    let out = scimcheck(&[
        "runscope",
        &fixture("quadratic-indexof.json"),
        "--deadline",
        "1",
        "--json",
        json,
        "--junit",
        junit,
        "--report",
        html,
        "--markdown",
        markdown,
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    for path in &outputs {
        let written = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            written.contains("deadline of 1 s"),
            "{} does not tell of the deadline: {written:.400}",
            path.display()
        );
    }
}

/// CPU time `pid` has used so far, in clock ticks (user + system), from /proc.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    // After `pid (comm)`: state is field 3, utime 14 and stime 15.
    [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<u64>().ok())
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_a_run_ends_it_within_a_second_and_kills_its_busy_script_worker() {
    use scimcheck_engine::event::CollectingSink;
    use scimcheck_engine::runscope::format;
    use scimcheck_engine::runscope::script::{ScriptHost, WorkerCommand};
    use scimcheck_launch::{Ending, Launch, Plan};

    let source = std::fs::read_to_string(fixture("quadratic-indexof.json")).expect("fixture");
    let test = format::parse(&source).expect("a valid test");
    let mut launch = Launch::new(Plan::Runscope(Box::new(test), Box::default()));
    // The workers the binary uses: itself, as `scimcheck __script-worker`.
    launch.script_host = ScriptHost::Workers(WorkerCommand {
        program: env!("CARGO_BIN_EXE_scimcheck").into(),
        args: vec!["__script-worker".into()],
    });
    let cancel = launch.run.cancel.clone();
    let prepared = launch.prepare().await.expect("the server starts");
    let mut sink = CollectingSink::default();
    let me = std::process::id();
    // Cancels once a worker has spent 0.2 s of CPU in the script (its kill would come at 3 s);
    // returns when it cancelled and the workers alive then.
    let canceller = async {
        let started = Instant::now();
        loop {
            let workers = workers_of(me);
            if workers.iter().any(|&w| cpu_ticks(w) >= 20) {
                cancel.cancel();
                return (Instant::now(), workers);
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "no script worker got busy"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    let (launched, (cancelled, workers)) = tokio::join!(prepared.run(&mut sink), canceller);
    let launched = launched.expect("a cancelled run still has a result");
    let ended = cancelled.elapsed();
    while workers.iter().any(|&w| alive(w)) && cancelled.elapsed() < Duration::from_secs(1) {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let gone = cancelled.elapsed();
    assert_eq!(
        launched.ending,
        Ending::Interrupted,
        "{:?}",
        launched.result
    );
    assert!(
        ended < Duration::from_secs(1),
        "the run ended {ended:?} after cancel"
    );
    assert!(
        workers.iter().all(|&w| !alive(w)),
        "a script worker of {workers:?} outlived the cancelled run by {gone:?}"
    );
    assert!(
        launched.result.notes[0].starts_with("cancelled after 0 step(s) finished"),
        "{:?}",
        launched.result.notes
    );
}
