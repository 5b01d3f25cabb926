//! End-to-end tests in a real headless Chromium: the whole Okta flow (environment, upload, run,
//! live steps, expand, share in a fresh browser, revoke), Cancel of a run waiting in a pause,
//! a hostile target whose payloads must never execute, a schedule created and edited, and a
//! run compared with the previous one. With `SCIMCHECK_SCREENSHOTS=docs/screenshots` set, saves
//! screenshots of the main pages there (see docs/DASHBOARD.md).

use crate::support;

use fantoccini::Locator;
use scimcheck_dashboard::store::{RunStatus, Store};
use std::time::{Duration, Instant};
use support::browser::{Driver, click, fill, number, screenshot, wait_for};
use support::{dashboard, data_dir, fixture, okta_spec_path, sample};

const CASES: &str = "return document.querySelectorAll('#cases details.case').length";
const LIVE: &str = "return document.getElementById('live') !== null";

/// Creates an environment through its form, pausing as `pauses` says (`skip` or `honor`), and
/// waits for the list.
async fn create_environment(
    browser: &fantoccini::Client,
    base: &str,
    name: &str,
    url: &str,
    auth: &str,
    pauses: &str,
) {
    browser.goto(&format!("{base}/environments")).await.unwrap();
    fill(browser, "#name", name).await;
    fill(browser, "#base_url", url).await;
    fill(browser, "#auth", auth).await;
    click(browser, &format!("#pauses option[value='{pauses}']")).await;
    click(browser, "#environment-form button[type=submit]").await;
    wait_for(
        browser,
        "return document.getElementById('environments') !== null",
        10,
    )
    .await;
}

/// Starts uploaded suite `suite_id` from the Run now page.
async fn run_suite(browser: &fantoccini::Client, base: &str, suite_id: &str) {
    browser.goto(base).await.unwrap();
    click(
        browser,
        &format!("#suite option[value='upload:{suite_id}']"),
    )
    .await;
    click(browser, "#run-button").await;
}

/// Uploads `file` through the Suites page; returns the new suite's id once its preview shows.
async fn upload_suite(browser: &fantoccini::Client, base: &str, file: &std::path::Path) -> String {
    browser.goto(&format!("{base}/suites")).await.unwrap();
    fill(browser, "#file", file.to_str().unwrap()).await;
    click(browser, "#upload-form button[type=submit]").await;
    wait_for(
        browser,
        "return document.getElementById('steps') !== null",
        10,
    )
    .await;
    let url = browser.current_url().await.unwrap();
    url.path().trim_start_matches("/suites/").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn okta_spec_runs_live_expands_shares_and_revokes_in_the_browser() {
    let Some(spec) = okta_spec_path() else {
        return;
    };
    let spec = spec.canonicalize().unwrap();
    let reference = scim_server::spawn(scim_server::ServerConfig::default().with_seed(1, 1))
        .await
        .unwrap();
    let origin = format!("http://{}", reference.addr());
    let proxy = fixture::slow_proxy(origin, Duration::from_millis(150)).await;
    let dash = dashboard(&data_dir(), None).await;
    let base = dash.url();
    let Some(mut driver) = Driver::start().await else {
        return;
    };
    let browser = driver.session().await;

    // An environment whose credential is shown only masked afterwards.
    let auth = format!("Bearer {}", scim_server::DEFAULT_TOKEN);
    create_environment(
        &browser,
        &base,
        "Reference (slow proxy)",
        &format!("{proxy}/scim/v2"),
        &auth,
        "skip",
    )
    .await;
    let source = browser.source().await.unwrap();
    assert!(source.contains("Bearer ••••"), "masked credential listed");
    assert!(
        !source.contains(scim_server::DEFAULT_TOKEN),
        "credential never shown"
    );
    screenshot(&browser, "environments").await;

    // Okta's SPEC file, uploaded as is, previewed step by step.
    let suite_id = upload_suite(&browser, &base, &spec).await;
    let steps = number(
        &browser,
        "return document.querySelectorAll('#steps tbody tr').length",
    )
    .await;
    assert_eq!(steps, 23, "every step of Okta's SPEC test previewed");
    screenshot(&browser, "suite-preview").await;

    // Run now: the page opens while the run is going and steps arrive one by one.
    browser.goto(&base).await.unwrap();
    screenshot(&browser, "run-now").await;
    click(
        &browser,
        &format!("#suite option[value='upload:{suite_id}']"),
    )
    .await;
    let clicked = Instant::now();
    click(&browser, "#run-button").await;
    let mut seen_live = Vec::new();
    let mut first_case_ms = None;
    while clicked.elapsed() < Duration::from_secs(60) {
        let live = browser.execute(LIVE, vec![]).await.unwrap() == serde_json::Value::Bool(true);
        if !live && !seen_live.is_empty() {
            break;
        }
        if live {
            let count = number(&browser, CASES).await;
            if count > 0 && first_case_ms.is_none() {
                first_case_ms = Some(clicked.elapsed().as_millis());
            }
            if seen_live.last() != Some(&count) {
                seen_live.push(count);
            }
            if seen_live.len() == 3 {
                screenshot(&browser, "run-live").await;
            }
        }
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
    let arrived: Vec<i64> = seen_live.iter().copied().filter(|c| *c > 0).collect();
    assert!(
        arrived.len() >= 3,
        "cases should appear one by one while the run is live; saw counts {seen_live:?}"
    );
    wait_for(
        &browser,
        "return document.getElementById('status').textContent === 'finished'",
        60,
    )
    .await;
    assert_eq!(number(&browser, CASES).await, 23);
    println!(
        "browser timing: first live case {} ms after Run now",
        first_case_ms.unwrap_or(0)
    );

    // Expand a step: its request, pretty JSON response and assertions are there.
    click(&browser, "#cases details.case.v-pass summary").await;
    let opened = browser
        .find(Locator::Css("#cases details.case[open]"))
        .await
        .expect("a step opened");
    let text = opened.text().await.unwrap();
    assert!(
        text.contains("Request") && text.contains("Response"),
        "{text}"
    );
    assert!(text.contains("\"schemas\": ["), "pretty JSON body: {text}");
    screenshot(&browser, "run-finished-expanded").await;

    // Share, open in a fresh browser session, revoke.
    click(&browser, "#make-shareable button").await;
    wait_for(
        &browser,
        "return document.getElementById('share-url') !== null",
        10,
    )
    .await;
    let share_url = browser
        .find(Locator::Css("#share-url"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .expect("share URL");
    let token = share_url.rsplit('/').next().unwrap_or_default();
    assert_eq!(token.len(), 64);
    screenshot(&browser, "run-shareable").await;
    let stranger = driver.session().await;
    stranger.goto(&share_url).await.unwrap();
    assert_eq!(number(&stranger, CASES).await, 23);
    assert_eq!(
        number(&stranger, "return document.forms.length").await,
        0,
        "read-only"
    );
    let shared_source = stranger.source().await.unwrap();
    assert!(!shared_source.contains(scim_server::DEFAULT_TOKEN));
    screenshot(&stranger, "shared-run").await;
    click(&browser, "#make-private button").await;
    wait_for(
        &browser,
        "return document.getElementById('make-shareable') !== null",
        10,
    )
    .await;
    stranger.goto(&share_url).await.unwrap();
    let revoked = stranger.source().await.unwrap();
    assert!(
        revoked.contains("does not exist"),
        "revoked link serves nothing"
    );
    assert_eq!(number(&stranger, CASES).await, 0);
    stranger.close().await.unwrap();

    browser.goto(&format!("{base}/history")).await.unwrap();
    assert!(
        number(
            &browser,
            "return document.querySelectorAll('table.runs tbody tr').length"
        )
        .await
            >= 1
    );
    screenshot(&browser, "history").await;
    browser.close().await.unwrap();
    dash.shutdown().await;
    reference.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_target_cannot_run_script_in_any_page() {
    let target = fixture::hostile_server().await;
    let dash = dashboard(&data_dir(), None).await;
    let base = dash.url();
    let Some(mut driver) = Driver::start().await else {
        return;
    };
    let browser = driver.session().await;
    let file = data_dir().join("hostile.json");
    std::fs::write(&file, fixture::HOSTILE_TEST).unwrap();

    create_environment(
        &browser,
        &base,
        "Hostile <script>window.__xss=8</script>",
        &target,
        "Bearer hostile-test-credential",
        "skip",
    )
    .await;
    let suite_id = upload_suite(&browser, &base, &file).await;
    let untouched = "return typeof window.__xss === 'undefined' && document.scripts.length === 1 \
        && document.querySelectorAll('img, a[href^=\"javascript\"]').length === 0";
    wait_for(&browser, untouched, 1).await;

    run_suite(&browser, &base, &suite_id).await;
    // While live, cases arrive over SSE; afterwards the page reloads server-rendered.
    wait_for(
        &browser,
        "return document.querySelectorAll('#cases details.case').length > 0",
        30,
    )
    .await;
    wait_for(&browser, untouched, 1).await;
    wait_for(
        &browser,
        "return document.getElementById('status').textContent === 'finished'",
        30,
    )
    .await;
    browser
        .execute(
            "document.querySelectorAll('details').forEach(d => d.open = true)",
            vec![],
        )
        .await
        .unwrap();
    let text = browser
        .find(Locator::Css("#cases"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("<script>window.__xss=1</script>"),
        "payload shown as text"
    );
    assert!(
        text.contains("javascript:window.__xss=3"),
        "javascript: URL shown as text"
    );
    wait_for(&browser, untouched, 1).await;
    screenshot(&browser, "hostile-target").await;
    for page in ["/", "/history", "/environments"] {
        browser.goto(&format!("{base}{page}")).await.unwrap();
        wait_for(&browser, untouched, 1).await;
        assert!(
            !browser
                .source()
                .await
                .unwrap()
                .contains("hostile-test-credential")
        );
    }
    browser.close().await.unwrap();
    dash.shutdown().await;
}

/// A Runscope file whose second step waits 1,000,000 s: a run of it can only end by Cancel.
const PAUSING_TEST: &str = r#"{"name": "Long pause", "steps": [
    {"step_type": "request", "method": "GET", "url": "{{SCIMBaseURL}}/ServiceProviderConfig",
     "headers": {"Authorization": ["{{auth}}"]}},
    {"step_type": "pause", "duration": 1000000},
    {"step_type": "request", "method": "GET", "url": "{{SCIMBaseURL}}/Users"}
]}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_in_the_browser_ends_a_pausing_run() {
    let dash = dashboard(&data_dir(), None).await;
    let base = dash.url();
    let Some(mut driver) = Driver::start().await else {
        return;
    };
    let browser = driver.session().await;
    // The embedded reference server (no base URL), with pauses honoured.
    create_environment(&browser, &base, "Patient", "", "", "honor").await;
    let file = data_dir().join("pause.json");
    std::fs::write(&file, PAUSING_TEST).unwrap();
    let suite_id = upload_suite(&browser, &base, &file).await;

    run_suite(&browser, &base, &suite_id).await;
    // The first step arrives live; the run then waits in its pause, with a Cancel button.
    wait_for(
        &browser,
        "return document.getElementById('live') !== null \
         && document.querySelectorAll('#cases details.case').length === 1 \
         && document.getElementById('cancel-run') !== null",
        30,
    )
    .await;
    click(&browser, "#cancel-run button[type=submit]").await;
    wait_for(
        &browser,
        "var s = document.getElementById('status'); \
         return s !== null && s.textContent === 'cancelled'",
        10,
    )
    .await;
    let source = browser.source().await.unwrap();
    assert!(
        source.contains("cancelled after 1 step(s) finished"),
        "the note says where the run stopped"
    );
    assert!(
        !source.contains("id=\"cancel-run\""),
        "no Cancel button once the run has ended"
    );
    browser.close().await.unwrap();
    dash.shutdown().await;
}

/// Milliseconds from navigation start to the end of the load event of the current page.
const LOAD_MS: &str =
    "return Math.round(performance.getEntriesByType('navigation')[0].loadEventEnd)";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_500_case_run_and_10000_run_history_load_in_the_browser() {
    let dir = data_dir();
    let dash = dashboard(&dir, None).await;
    let base = dash.url();
    let store = Store::open(&dir.join("dashboard.sqlite3")).unwrap();
    let big = sample::new_run(&store, 0);
    for i in 1..=500 {
        store.add_case(big, i, &sample::case(i as usize)).unwrap();
    }
    store
        .finish_run(big, RunStatus::Finished, 9_000, &[], Some(120))
        .unwrap();
    for n in 1..10_000 {
        let id = sample::new_run(&store, n);
        store
            .finish_run(id, RunStatus::Finished, 1_000, &[], Some(40))
            .unwrap();
    }
    let Some(mut driver) = Driver::start().await else {
        return;
    };
    let browser = driver.session().await;

    browser.goto(&format!("{base}/runs/{big}")).await.unwrap();
    assert_eq!(number(&browser, CASES).await, 500);
    let run_ms = number(&browser, LOAD_MS).await;
    click(&browser, "#cases details.case.v-fail summary").await;
    wait_for(
        &browser,
        "return document.querySelectorAll('details[open]').length === 1",
        5,
    )
    .await;

    let rows = "return document.querySelectorAll('table.runs tbody tr').length";
    browser.goto(&format!("{base}/history")).await.unwrap();
    assert_eq!(number(&browser, rows).await, 50);
    let first_ms = number(&browser, LOAD_MS).await;
    let mut older_ms = Vec::new();
    for _ in 0..5 {
        click(&browser, "#older").await;
        wait_for(&browser, "return document.readyState === 'complete'", 10).await;
        assert_eq!(number(&browser, rows).await, 50);
        older_ms.push(number(&browser, LOAD_MS).await);
    }
    browser
        .goto(&format!("{base}/history?before=200"))
        .await
        .unwrap();
    let deep_ms = number(&browser, LOAD_MS).await;
    println!(
        "browser timing: run page with 500 cases loaded in {run_ms} ms; history of 10,000 runs: \
         first page {first_ms} ms, next pages {older_ms:?} ms, page before run 200 {deep_ms} ms"
    );
    browser.close().await.unwrap();
    dash.shutdown().await;
}

/// A schedule made and then edited through its pages: the form creates it (every 15 minutes,
/// read-only), and the form under "Edit this schedule" turns it into a cron schedule, which its
/// page then shows along with the record of the change.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_schedule_is_created_and_edited_in_the_browser() {
    let dash = dashboard(&data_dir(), None).await;
    let base = dash.url();
    let Some(mut driver) = Driver::start().await else {
        return;
    };
    let browser = driver.session().await;
    create_environment(&browser, &base, "Nightly", "", "", "skip").await;
    browser.goto(&format!("{base}/schedules")).await.unwrap();
    fill(&browser, "#every_minutes", "15").await;
    click(&browser, "#schedule-form button[type=submit]").await;
    wait_for(
        &browser,
        "return document.getElementById('schedule-state') !== null",
        10,
    )
    .await;
    let created = browser.source().await.unwrap();
    assert!(created.contains("every 15 minutes"), "{created}");
    click(&browser, "#edit-schedule summary").await;
    browser
        .find(Locator::Css("#edit-schedule #every_minutes"))
        .await
        .unwrap()
        .clear()
        .await
        .unwrap();
    fill(&browser, "#edit-schedule #cron", "30 2 * * *").await;
    click(&browser, "#edit-schedule button[type=submit]").await;
    wait_for(
        &browser,
        "return document.body.textContent.indexOf('cron 30 2 * * * (UTC), jitter') >= 0",
        10,
    )
    .await;
    let edited = browser.source().await.unwrap();
    assert!(
        edited.contains("settings changed (was: every 15 minutes, read-only)"),
        "{edited}"
    );
    browser.close().await.unwrap();
    dash.shutdown().await;
}

/// Runs the built-in suite from Run now against the embedded server and waits until the run
/// has finished; returns the run page's URL.
async fn run_builtin_to_the_end(browser: &fantoccini::Client, base: &str) -> String {
    browser.goto(base).await.unwrap();
    click(browser, "#suite option[value='builtin']").await;
    click(browser, "#run-button").await;
    wait_for(
        browser,
        "var s = document.getElementById('status'); \
         return s !== null && s.textContent === 'finished'",
        60,
    )
    .await;
    browser.current_url().await.unwrap().to_string()
}

/// The comparison view in a browser: the first run of an environment has nothing to compare
/// with; the second is compared with the first by default, and a link switches to the last
/// green run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_finished_run_is_compared_with_the_previous_one_in_the_browser() {
    let dash = dashboard(&data_dir(), None).await;
    let base = dash.url();
    let Some(mut driver) = Driver::start().await else {
        return;
    };
    let browser = driver.session().await;
    create_environment(&browser, &base, "Embedded", "", "", "skip").await;
    let first = run_builtin_to_the_end(&browser, &base).await;
    browser.goto(&first).await.unwrap();
    let page = browser.source().await.unwrap();
    assert!(page.contains("No earlier finished run"), "{page}");
    let second = run_builtin_to_the_end(&browser, &base).await;
    browser.goto(&second).await.unwrap();
    let first_id = first.rsplit('/').next().unwrap_or_default();
    wait_for(
        &browser,
        &format!(
            "var c = document.getElementById('comparison'); \
             return c !== null && c.textContent.indexOf('the previous run #{first_id}') >= 0"
        ),
        10,
    )
    .await;
    let phrase = browser
        .find(Locator::Id("comparison-phrase"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(phrase.starts_with("0 regressions"), "{phrase}");
    click(&browser, "#comparison a[href$='compare=green']").await;
    wait_for(
        &browser,
        "var c = document.getElementById('comparison'); \
         return c !== null && c.textContent.indexOf('the last green run') >= 0",
        10,
    )
    .await;
    browser.close().await.unwrap();
    dash.shutdown().await;
}
