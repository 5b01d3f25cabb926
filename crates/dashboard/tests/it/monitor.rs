//! Schedules and alerts (issue 20): a defect switched on between two scheduled runs raises a
//! `failing` alert listing exactly the regressed checks, switching it off raises `recovered`;
//! a schedule never overlaps its own run; runs missed while the dashboard was stopped are
//! recorded; a webhook answering 500 is retried; no credential reaches a payload; bad input is
//! refused with a clear error. The delivery log of the alert and its recovery is also read in
//! a real browser (when one is installed; see `support::browser`).
//!
//! The scheduler is ticked directly (`RunningDashboard::monitor().tick(t)`) at the due times
//! the test needs, so nothing waits minutes. The background ticker may judge a finished run
//! first (ticks are serialized), so the tests assert what a tick leads to (alerts received,
//! records shown), not which tick judged. The defect is switched by pointing the
//! environment at one of two reference servers (one clean, one with the defect), as a user
//! would edit it, re-entering the credential for the new origin.

use crate::support;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{any, post};
use fantoccini::Locator;
use scim_server::{Defect, DefectSet, RunningServer, ServerConfig};
use scimcheck_dashboard::monitor::Webhook;
use serde_json::Value;
use std::collections::{BTreeSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::browser::{Driver, click, wait_for};
use support::{Client, dashboard, data_dir, fresh_dashboard};

/// The targets' token: it must never appear in an alert.
const TOKEN: &str = "monitor-s3cret-token-5a7c9e";
/// A secret variable's value: it must never appear in an alert either.
const SECRET_VARIABLE: &str = "variable-s3cret-value-0b1d";

/// A local webhook receiver: answers with the queued statuses (200 once they run out) and
/// keeps every body it got.
struct Receiver {
    url: String,
    bodies: Arc<Mutex<Vec<String>>>,
}

#[derive(Clone)]
struct ReceiverState {
    bodies: Arc<Mutex<Vec<String>>>,
    statuses: Arc<Mutex<VecDeque<u16>>>,
}

async fn receive(State(state): State<ReceiverState>, body: String) -> StatusCode {
    state.bodies.lock().unwrap().push(body);
    let status = state.statuses.lock().unwrap().pop_front().unwrap_or(200);
    StatusCode::from_u16(status).unwrap()
}

async fn receiver(statuses: &[u16]) -> Receiver {
    let state = ReceiverState {
        bodies: Arc::default(),
        statuses: Arc::new(Mutex::new(statuses.iter().copied().collect())),
    };
    let bodies = Arc::clone(&state.bodies);
    let app = Router::new()
        .route("/hook/secret-path", post(receive))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook/secret-path", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    Receiver { url, bodies }
}

impl Receiver {
    fn bodies(&self) -> Vec<String> {
        self.bodies.lock().unwrap().clone()
    }

    fn payloads(&self) -> Vec<Value> {
        self.bodies()
            .iter()
            .map(|b| serde_json::from_str(b).unwrap())
            .collect()
    }
}

/// A reference server accepting only [`TOKEN`], with `defects`.
async fn reference(defects: DefectSet) -> RunningServer {
    scim_server::spawn(ServerConfig {
        tokens: vec![TOKEN.to_owned()],
        defects,
        ..ServerConfig::default()
    })
    .await
    .unwrap()
}

fn auth() -> String {
    format!("Bearer {TOKEN}")
}

/// Saves environment `id` ("Staging") at `base_url`, entering the credential and the secret
/// variable again (a new origin drops them, as it should).
async fn point_environment(client: &mut Client, id: i64, base_url: &str) {
    let path = format!("/environments/{id}");
    client.get(&path).await;
    let auth = auth();
    let variables = format!("apiKey={SECRET_VARIABLE}\ntenant=acme");
    let page = client
        .post(
            &path,
            &[
                ("name", "Staging"),
                ("base_url", base_url),
                ("auth", &auth),
                ("variables", &variables),
                ("initial_script", ""),
                ("pauses", "skip"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
}

/// Creates the Staging environment at `base_url` with the credential and a secret variable.
async fn staging(client: &mut Client, base_url: &str) -> i64 {
    let variables = format!("apiKey={SECRET_VARIABLE}\ntenant=acme");
    client
        .create_environment_with("Staging", base_url, &auth(), &variables)
        .await
}

/// Submits the schedule form with `fields` (plus the session's token); returns the page.
async fn post_schedule(client: &mut Client, fields: &[(&str, &str)]) -> support::Page {
    client.get("/schedules").await;
    client.post("/schedules", fields).await
}

/// Creates a schedule of the built-in suite's `auth` checks every minute, no jitter, alerting
/// `webhook` (a reminder after 3 failures in a row); returns its id.
async fn schedule(client: &mut Client, environment: i64, webhook: &str) -> i64 {
    schedule_reminding(client, environment, webhook, "3").await
}

/// As [`schedule`], reminding after `threshold` failures in a row.
async fn schedule_reminding(
    client: &mut Client,
    environment: i64,
    webhook: &str,
    threshold: &str,
) -> i64 {
    let environment = environment.to_string();
    let page = post_schedule(
        client,
        &[
            ("environment", &environment),
            ("suite", "builtin"),
            ("category", "auth"),
            ("every_minutes", "1"),
            ("cron", ""),
            ("jitter_seconds", "0"),
            ("webhook_url", webhook),
            ("failure_threshold", threshold),
        ],
    )
    .await;
    assert_eq!(page.status, 303, "{}", page.body);
    page.location
        .trim_start_matches("/schedules/")
        .parse()
        .unwrap()
}

/// The ids of run `run`'s failing cases (failed or errored), from its JSON download.
async fn failing_cases(client: &mut Client, run: i64) -> BTreeSet<String> {
    let json = client.get(&format!("/runs/{run}/download/json")).await.body;
    let result: Value = serde_json::from_str(&json).unwrap();
    result["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| matches!(c["verdict"].as_str(), Some("fail" | "error")))
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The verdict of case `id` in run `run`, from its JSON download.
async fn verdict(client: &mut Client, run: i64, id: &str) -> String {
    let json = client.get(&format!("/runs/{run}/download/json")).await.body;
    let result: Value = serde_json::from_str(&json).unwrap();
    result["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .map(|c| c["verdict"].as_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("run {run} has no case {id}"))
}

fn ids(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn assert_no_secret(bodies: &[String]) {
    assert!(!bodies.is_empty());
    for body in bodies {
        assert!(!body.contains(TOKEN), "the credential leaked: {body}");
        assert!(
            !body.contains(SECRET_VARIABLE),
            "a secret variable leaked: {body}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_defect_between_runs_alerts_exactly_the_regressed_checks_then_recovery() {
    let clean = reference(DefectSet::none()).await;
    let broken =
        reference(DefectSet::none().with(Defect::UnauthorizedWithoutWwwAuthenticate)).await;
    let hook = receiver(&[]).await;
    let (dash, mut client) = fresh_dashboard().await;
    let env = staging(&mut client, &clean.base_url_v2()).await;
    let id = schedule(&mut client, env, &hook.url).await;
    let monitor = dash.monitor();
    let t0 = now();

    // Run 1, clean: green, no alert (nothing changed).
    let tick = monitor.tick(t0 + 61).await.unwrap();
    let [(schedule_id, green)] = tick.started[..] else {
        panic!("one run starts: {tick:?}")
    };
    assert_eq!(schedule_id, id);
    let page = client.finished_run(green).await.body;
    assert!(page.contains("read-only"), "scheduled runs are read-only");
    assert_eq!(
        verdict(&mut client, green, "auth.missing.write-401").await,
        "skip",
        "a check that writes is skipped as under --read-only"
    );
    assert!(failing_cases(&mut client, green).await.is_empty());

    // Run 2, with the defect switched on.
    point_environment(&mut client, env, &broken.base_url_v2()).await;
    let tick = monitor.tick(t0 + 122).await.unwrap();
    assert!(
        hook.bodies().is_empty(),
        "a green first run raises no alert"
    );
    let red = tick.started[0].1;
    client.finished_run(red).await;
    let regressed = failing_cases(&mut client, red).await;
    assert!(
        regressed.contains("auth.missing.www-authenticate"),
        "{regressed:?}"
    );

    // Run 3, with the defect switched off again; judging run 2 sends the red alert.
    point_environment(&mut client, env, &clean.base_url_v2()).await;
    let tick = monitor.tick(t0 + 183).await.unwrap();
    let payloads = hook.payloads();
    assert_eq!(payloads.len(), 1, "{payloads:?}");
    let alert = &payloads[0];
    assert_eq!(alert["alert"], "failing");
    assert_eq!(alert["environment"]["name"], "Staging");
    assert_eq!(alert["run"]["id"], red);
    assert_eq!(
        alert["run"]["url"],
        format!("{}/runs/{red}", dash.url()),
        "the alert links to the run"
    );
    assert!(alert["suite"].as_str().unwrap().contains("auth"));
    assert_eq!(ids(&alert["failing_checks"]), regressed);
    let since = &alert["since_last_green"];
    assert_eq!(since["run_id"], green);
    assert_eq!(
        ids(&since["regressions"]),
        regressed,
        "exactly the regressed checks"
    );
    assert!(ids(&since["fixes"]).is_empty());
    assert!(ids(&since["still_failing"]).is_empty());

    // Pause, so judging run 3 starts nothing more; it sends the recovery.
    let recovered = tick.started[0].1;
    client.finished_run(recovered).await;
    client.get(&format!("/schedules/{id}")).await;
    let paused = client.post(&format!("/schedules/{id}/pause"), &[]).await;
    assert_eq!(paused.status, 303);
    let tick = monitor.tick(t0 + 244).await.unwrap();
    assert!(tick.started.is_empty(), "a paused schedule starts nothing");
    let payloads = hook.payloads();
    assert_eq!(payloads.len(), 2, "{payloads:?}");
    let recovery = &payloads[1];
    assert_eq!(recovery["alert"], "recovered");
    assert_eq!(recovery["run"]["id"], recovered);
    assert!(ids(&recovery["failing_checks"]).is_empty());
    assert_eq!(
        ids(&recovery["since_last_green"]["regressions"]),
        BTreeSet::new()
    );
    assert_no_secret(&hook.bodies());

    let page = client.get(&format!("/schedules/{id}")).await.body;
    assert!(page.contains("paused · green"), "{page}");
    assert_eq!(page.matches("delivered (HTTP 200)").count(), 2, "{page}");
    assert!(
        !page.contains("secret-path"),
        "the webhook's path is not shown"
    );

    // The run pages compare each run with an earlier one, as the alerts do.
    let regressed_check = regressed.iter().next().expect("a regression").clone();
    let red_page = client.get(&format!("/runs/{red}")).await.body;
    let compared = section_of(&red_page, "comparison", "</div>");
    assert!(
        compared.contains(&format!("the previous run <a href=\"/runs/{green}\">")),
        "{compared}"
    );
    assert!(
        section_of(&compared, "regressions", "</ul>").contains(&regressed_check),
        "{compared}"
    );
    let fixed_page = client
        .get(&format!("/runs/{recovered}?compare=green"))
        .await
        .body;
    let compared = section_of(&fixed_page, "comparison", "</div>");
    assert!(
        compared.contains(&format!("the last green run <a href=\"/runs/{green}\">")),
        "{compared}"
    );
    assert!(!compared.contains("id=\"regressions\""), "{compared}");
    let chosen = client
        .get(&format!("/runs/{recovered}?compare={red}"))
        .await
        .body;
    assert!(section_of(&chosen, "fixes", "</ul>").contains(&regressed_check));
    let first = client.get(&format!("/runs/{green}")).await.body;
    assert!(section_of(&first, "comparison", "</div>").contains("No earlier finished run"));

    // The same delivery log in a real browser, and its link to the red run's failing check.
    if let Some(mut driver) = Driver::start().await {
        let browser = driver.session().await;
        let base = dash.url();
        browser
            .goto(&format!("{base}/schedules/{id}"))
            .await
            .unwrap();
        let rows = browser
            .find_all(Locator::Css("#deliveries tbody tr"))
            .await
            .unwrap();
        let mut shown = Vec::new();
        for row in rows {
            shown.push(row.text().await.unwrap());
        }
        assert_eq!(shown.len(), 2, "{shown:?}");
        for alert in ["failing", "recovered"] {
            assert!(
                shown
                    .iter()
                    .any(|r| r.contains(alert) && r.contains("delivered (HTTP 200)")),
                "{alert}: {shown:?}"
            );
        }
        click(&browser, &format!("#deliveries a[href='/runs/{red}']")).await;
        wait_for(
            &browser,
            &format!(
                "return document.body.textContent.indexOf('{regressed_check}') >= 0 \
                 && document.getElementById('status').textContent === 'finished'"
            ),
            10,
        )
        .await;
        browser.close().await.unwrap();
    }
    dash.shutdown().await;
}

/// The part of `page` from the element with id `id` to the first `closing` tag after it: a
/// list (`</ul>`) or the comparison card (`</div>`, which holds no other `div`).
fn section_of(page: &str, id: &str, closing: &str) -> String {
    let Some(start) = page.find(&format!("id=\"{id}\"")) else {
        return String::new();
    };
    let rest = &page[start..];
    let end = rest.find(closing).map_or(rest.len(), |i| i + closing.len());
    rest[..end].to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn red_runs_alert_once_then_remind_at_the_threshold_without_any_secret() {
    let broken =
        reference(DefectSet::none().with(Defect::UnauthorizedWithoutWwwAuthenticate)).await;
    let hook = receiver(&[]).await;
    let (dash, mut client) = fresh_dashboard().await;
    let env = staging(&mut client, &broken.base_url_v2()).await;
    schedule_reminding(&mut client, env, &hook.url, "3").await;
    let t0 = now();
    // Three red runs in a row: `failing` after the first, nothing after the second,
    // `still-failing` after the third.
    for (n, expected) in [(1, 1), (2, 1), (3, 2)] {
        let tick = dash.monitor().tick(t0 + 61 * n).await.unwrap();
        let run = tick.started[0].1;
        client.finished_run(run).await;
        // Half-way to the next due time: this tick only judges.
        let tick = dash.monitor().tick(t0 + 61 * n + 30).await.unwrap();
        assert!(tick.started.is_empty());
        assert_eq!(hook.payloads().len(), expected, "after red run {n}");
    }
    let payloads = hook.payloads();
    assert_eq!(payloads[0]["alert"], "failing");
    assert!(
        payloads[0]["since_last_green"].is_null(),
        "no green run yet"
    );
    assert!(!ids(&payloads[0]["failing_checks"]).is_empty());
    // The runs used the credential: they reached the server and it judged them.
    assert!(payloads[0]["run"]["passed"].as_u64().unwrap() > 0);
    assert_eq!(payloads[1]["alert"], "still-failing");
    assert_eq!(payloads[1]["consecutive_failures"], 3);
    assert_no_secret(&hook.bodies());
    dash.shutdown().await;
}

/// E-mail alerts over SMTP: a red run mails `failing` with the failing checks to the schedule's
/// recipients, the recovery mails `recovered`; the log names the recipients; no credential
/// or secret variable is in a message. Without an SMTP server the form refuses recipients.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn red_and_recovered_runs_are_mailed_to_the_schedules_recipients() {
    let clean = reference(DefectSet::none()).await;
    let broken =
        reference(DefectSet::none().with(Defect::UnauthorizedWithoutWwwAuthenticate)).await;
    let (smtp_url, mail) = support::fixture::smtp_sink().await;
    let dir = data_dir();
    let dash = scimcheck_dashboard::start(&scimcheck_dashboard::DashboardConfig {
        smtp: Some(scimcheck_dashboard::config::SmtpSettings {
            url: smtp_url,
            from: "scimcheck@example.com".into(),
        }),
        ..support::config(&dir, None)
    })
    .await
    .expect("dashboard starts");
    let mut client = Client::new(dash.url()).await;
    let env = staging(&mut client, &broken.base_url_v2()).await;
    let environment = env.to_string();
    let page = post_schedule(
        &mut client,
        &[
            ("environment", &environment),
            ("suite", "builtin"),
            ("category", "auth"),
            ("every_minutes", "1"),
            ("jitter_seconds", "0"),
            ("email_to", "qa@example.com, Ops <ops@example.com>"),
        ],
    )
    .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let id: i64 = page
        .location
        .trim_start_matches("/schedules/")
        .parse()
        .unwrap();
    let t0 = now();
    let red = dash.monitor().tick(t0 + 61).await.unwrap().started[0].1;
    client.finished_run(red).await;
    let regressed = failing_cases(&mut client, red).await;
    point_environment(&mut client, env, &clean.base_url_v2()).await;
    let green = dash.monitor().tick(t0 + 122).await.unwrap().started[0].1;
    client.finished_run(green).await;
    client.get(&format!("/schedules/{id}")).await;
    client.post(&format!("/schedules/{id}/pause"), &[]).await;
    dash.monitor().tick(t0 + 183).await.unwrap();

    let mail = mail.lock().unwrap().clone();
    assert_eq!(mail.len(), 2, "{mail:?}");
    for message in &mail {
        assert_eq!(message.to, ["qa@example.com", "ops@example.com"]);
        assert!(
            message.data.contains("From: scimcheck@example.com"),
            "{}",
            message.data
        );
        assert!(!message.data.contains(TOKEN), "the credential leaked");
        assert!(!message.data.contains(SECRET_VARIABLE), "a variable leaked");
    }
    let text = |m: &support::fixture::Mail| {
        let decoded = quoted_printable::decode(&m.data, quoted_printable::ParseMode::Robust)
            .expect("a quoted-printable body");
        String::from_utf8(decoded).expect("UTF-8")
    };
    let (failing, recovered) = (&text(&mail[0]), &text(&mail[1]));
    assert!(failing.contains("is failing"), "{failing}");
    for check in &regressed {
        assert!(failing.contains(check.as_str()), "{check} in {failing}");
    }
    assert!(
        failing.contains(&format!("Run: {}/runs/{red}", dash.url())),
        "{failing}"
    );
    assert!(recovered.contains("has recovered"), "{recovered}");
    assert!(!recovered.contains("Failing checks"), "{recovered}");
    let page = client.get(&format!("/schedules/{id}")).await.body;
    assert_eq!(
        page.matches("e-mail to qa@example.com, Ops &lt;ops@example.com&gt;")
            .count(),
        2,
        "{page}"
    );
    assert_eq!(page.matches("delivered (SMTP 250)").count(), 2, "{page}");
    dash.shutdown().await;

    // A dashboard without an SMTP server refuses recipients, saying what to start it with.
    let plain = dashboard(&data_dir(), None).await;
    let mut client = Client::new(plain.url()).await;
    let env = staging(&mut client, &clean.base_url_v2()).await.to_string();
    let refused = post_schedule(
        &mut client,
        &[
            ("environment", &env),
            ("suite", "builtin"),
            ("category", "auth"),
            ("every_minutes", "5"),
            ("email_to", "qa@example.com"),
        ],
    )
    .await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("--smtp-url"), "{}", refused.body);
    plain.shutdown().await;
}

/// A target that accepts connections and never answers, so a run stays running.
async fn silent_target() -> String {
    let app = Router::new().fallback(any(|| async {
        tokio::time::sleep(Duration::from_secs(300)).await;
        StatusCode::OK
    }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/scim/v2", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_schedule_skips_a_due_run_while_its_previous_run_still_goes() {
    let target = silent_target().await;
    let (dash, mut client) = fresh_dashboard().await;
    let env = staging(&mut client, &target).await;
    let id = schedule(&mut client, env, "").await;
    let t0 = now();
    let tick = dash.monitor().tick(t0 + 61).await.unwrap();
    let running = tick.started[0].1;
    let tick = dash.monitor().tick(t0 + 122).await.unwrap();
    assert_eq!(tick.skipped, [id]);
    assert!(
        tick.started.is_empty(),
        "no second run while the first goes"
    );
    let page = client.get(&format!("/schedules/{id}")).await.body;
    assert!(
        page.contains(&format!(
            "Skipped a run: the previous run #{running} was still running."
        )),
        "{page}"
    );
    client.get(&format!("/runs/{running}")).await;
    client.post(&format!("/runs/{running}/cancel"), &[]).await;
    client.finished_run(running).await;
    client.post(&format!("/schedules/{id}/pause"), &[]).await;
    dash.monitor().tick(t0 + 183).await.unwrap();
    let page = client.get(&format!("/schedules/{id}")).await.body;
    assert!(
        page.contains(&format!(
            "Run #{running} was cancelled: not judged, the alert state is unchanged."
        )),
        "{page}"
    );
    dash.shutdown().await;
}

#[tokio::test]
async fn runs_missed_while_the_dashboard_was_stopped_are_recorded_after_a_restart() {
    let dir = data_dir();
    let dash = dashboard(&dir, None).await;
    let mut client = Client::new(dash.url()).await;
    let env = client.create_environment("Embedded", "", "").await;
    let id = schedule(&mut client, env, "").await;
    dash.shutdown().await;
    // Stopped for 10.5 minutes: due times at -630 s, -570 s, …, -30 s were missed (11).
    let stopped_at = now() - 630;
    let database = rusqlite::Connection::open(dir.join("dashboard.sqlite3")).unwrap();
    database
        .execute(
            "UPDATE schedules SET slot = ?1, due_at = ?1 WHERE id = ?2",
            [stopped_at, id],
        )
        .unwrap();
    drop(database);
    let dash = dashboard(&dir, None).await;
    let mut client = Client::new(dash.url()).await;
    let page = client.get(&format!("/schedules/{id}")).await.body;
    assert!(
        page.contains("Missed 11 runs while the dashboard was stopped"),
        "{page}"
    );
    let tick = dash.monitor().tick(now()).await.unwrap();
    assert!(
        tick.started.is_empty(),
        "no burst of runs after the restart"
    );
    dash.shutdown().await;
}

#[tokio::test]
async fn a_webhook_answering_500_is_retried_until_it_accepts() {
    let hook = receiver(&[500, 500, 200]).await;
    let webhook = Webhook::new(4, Duration::from_secs(5), Duration::from_millis(10));
    let payload = serde_json::json!({"alert": "failing"});
    let outcome = webhook.deliver(&hook.url, &payload).await;
    assert!(outcome.delivered, "{outcome:?}");
    assert_eq!(outcome.attempts, 3);
    assert_eq!(outcome.outcome, "delivered (HTTP 200)");
    assert_eq!(hook.bodies().len(), 3, "the same alert each time");
    assert!(hook.bodies().iter().all(|b| b == &payload.to_string()));

    // A 4xx is final; an unreachable receiver is tried every time, then given up.
    let refusing = receiver(&[404]).await;
    let outcome = webhook.deliver(&refusing.url, &payload).await;
    assert_eq!(
        (outcome.attempts, outcome.delivered),
        (1, false),
        "{outcome:?}"
    );
    assert_eq!(
        outcome.outcome,
        "not delivered: the receiver answered HTTP 404"
    );
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/hook", listener.local_addr().unwrap())
    };
    let outcome = webhook.deliver(&closed, &payload).await;
    assert_eq!((outcome.attempts, outcome.delivered), (4, false));
    assert!(outcome.outcome.contains("could not connect"), "{outcome:?}");
}

/// Alerts are held to the runs' target rules: a webhook URL cannot reach the dashboard itself
/// or a link-local or cloud metadata address, however spelled, and a refused one is not tried
/// again; a receiver elsewhere on loopback still gets its alerts.
#[tokio::test]
async fn a_webhook_is_held_to_the_run_target_rules() {
    let listen: std::net::SocketAddr = "127.0.0.1:7878".parse().unwrap();
    let rules = std::sync::Arc::new(scimcheck_dashboard::targets::TargetRules::new(listen, &[]));
    let webhook = Webhook::new(4, Duration::from_secs(5), Duration::from_millis(10)).held_to(rules);
    let payload = serde_json::json!({"alert": "failing"});
    for (url, why) in [
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://[::ffff:169.254.169.254]/latest", "link-local"),
        ("http://100.100.100.200/latest", "metadata"),
        ("http://127.0.0.1:7878/runs", "this dashboard's own address"),
        ("http://localhost:7878/runs", "this dashboard's own address"),
    ] {
        let outcome = webhook.deliver(url, &payload).await;
        assert_eq!(
            (outcome.attempts, outcome.delivered),
            (1, false),
            "{url}: {outcome:?}"
        );
        assert!(outcome.outcome.contains(why), "{url}: {outcome:?}");
    }
    let hook = receiver(&[200]).await;
    let outcome = webhook.deliver(&hook.url, &payload).await;
    assert!(outcome.delivered, "{outcome:?}");
}

/// Rules whose resolver refuses every name, as the dashboard's does for a name that resolves
/// to a metadata address: only at connect time can a name be judged.
#[derive(Debug)]
struct RefusingResolver;

impl scimcheck_engine::http::TargetPolicy for RefusingResolver {
    fn check(&self, _url: &url::Url) -> Result<(), String> {
        Ok(())
    }

    fn resolver(&self) -> Arc<dyn reqwest::dns::Resolve> {
        Arc::new(RefusingResolver)
    }
}

impl reqwest::dns::Resolve for RefusingResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let refused = scimcheck_dashboard::targets::Refused(format!(
            "refused: {} resolves to 169.254.169.254",
            name.as_str()
        ));
        Box::pin(async move { Err(Box::new(refused) as Box<dyn std::error::Error + Send + Sync>) })
    }
}

/// A host name refused when it is resolved ends the delivery at once with the rules' reason.
#[tokio::test]
async fn a_webhook_host_refused_at_resolution_is_not_retried() {
    let webhook = Webhook::new(4, Duration::from_secs(5), Duration::from_millis(10))
        .held_to(Arc::new(RefusingResolver));
    let outcome = webhook
        .deliver("http://metadata.example/hook", &serde_json::json!({}))
        .await;
    assert_eq!(
        (outcome.attempts, outcome.delivered),
        (1, false),
        "{outcome:?}"
    );
    assert_eq!(
        outcome.outcome,
        "not delivered: refused: metadata.example resolves to 169.254.169.254"
    );
}

#[tokio::test]
async fn bad_schedules_are_refused_with_what_to_fix() {
    let (dash, mut client) = fresh_dashboard().await;
    let env = client
        .create_environment("Embedded", "", "")
        .await
        .to_string();
    let suite = client
        .upload_suite("t.json", support::fixture::HOSTILE_TEST)
        .await;
    let upload = format!("upload:{suite}");
    for (extra, says) in [
        (
            vec![("every_minutes", ""), ("cron", "every day")],
            "five fields",
        ),
        (vec![("every_minutes", "0"), ("cron", "")], "from 1 to"),
        (
            vec![("every_minutes", ""), ("cron", "")],
            "Give the schedule a cadence",
        ),
        (
            vec![("every_minutes", "5"), ("webhook_url", "not a url")],
            "is not an absolute URL",
        ),
        (
            vec![
                ("every_minutes", "5"),
                ("webhook_url", "file:///etc/passwd"),
            ],
            "must be an http:// or https://",
        ),
        (
            vec![("every_minutes", "5"), ("jitter_seconds", "-1")],
            "Jitter",
        ),
    ] {
        // The case's own fields first: a form's first value of a name is the one read.
        let mut fields = extra;
        fields.extend([
            ("environment", env.as_str()),
            ("suite", "builtin"),
            ("category", "auth"),
            ("jitter_seconds", "0"),
        ]);
        let page = post_schedule(&mut client, &fields).await;
        assert_eq!(page.status, 400, "{fields:?}");
        assert!(page.body.contains(says), "{fields:?}: {}", page.body);
    }
    let mut fields = vec![
        ("environment", env.as_str()),
        ("suite", upload.as_str()),
        ("every_minutes", "5"),
    ];
    let page = post_schedule(&mut client, &fields).await;
    assert_eq!(page.status, 400);
    assert!(page.body.contains("no read-only mode"), "{}", page.body);
    fields.push(("allow_writes", "on"));
    let page = post_schedule(&mut client, &fields).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let list = client.get("/schedules").await.body;
    assert!(list.contains("writes allowed"), "{list}");
    assert_eq!(list.matches("<tr><td><a href=\"/schedules/").count(), 1);
    dash.shutdown().await;
}

/// Posts schedule `id`'s edit form: the built-in suite's auth and discovery checks at `cron`,
/// reminding after 5 failures, the webhook field left empty, plus `extra` fields.
async fn edit_schedule(
    client: &mut Client,
    id: i64,
    environment: &str,
    cron: &str,
    extra: &[(&str, &str)],
) -> support::Page {
    let mut fields = vec![
        ("environment", environment),
        ("suite", "builtin"),
        ("category", "auth"),
        ("category", "discovery"),
        ("every_minutes", ""),
        ("cron", cron),
        ("jitter_seconds", "0"),
        ("webhook_url", ""),
        ("failure_threshold", "5"),
    ];
    fields.extend_from_slice(extra);
    client.post(&format!("/schedules/{id}/edit"), &fields).await
}

/// Editing a schedule changes what it runs and when, keeps its webhook unless asked to remove
/// it (the edit form never shows the URL), writes the change to what happened, and refuses a bad
/// cadence leaving the schedule as it was.
#[tokio::test]
async fn a_schedule_is_edited_in_place_keeping_its_webhook_and_history() {
    let (_dash, mut client) = fresh_dashboard().await;
    let env = client.create_environment("Embedded", "", "").await;
    let id = schedule(
        &mut client,
        env,
        "https://hooks.example.com/T000/B000/secret-path",
    )
    .await;
    let env = env.to_string();
    let path = format!("/schedules/{id}");
    let form = client.get(&path).await.body;
    assert!(form.contains(&format!("action=\"{path}/edit\"")), "{form}");
    assert!(
        !form.contains("secret-path"),
        "the edit form shows no webhook URL"
    );
    let page = edit_schedule(&mut client, id, &env, "0 6 * * MON-FRI", &[]).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let shown = client.get(&path).await.body;
    assert!(shown.contains("cron 0 6 * * 1-5 (UTC)"), "{shown}");
    assert!(shown.contains("auth, discovery"), "{shown}");
    assert!(
        shown.contains("hooks.example.com"),
        "the webhook stays: {shown}"
    );
    assert!(
        shown.contains("a reminder on the 5th failure in a row"),
        "{shown}"
    );
    assert!(
        shown.contains("was: every minute"),
        "the change is recorded: {shown}"
    );
    let refused = edit_schedule(&mut client, id, &env, "every day", &[]).await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("five fields"), "{}", refused.body);
    assert!(
        client
            .get(&path)
            .await
            .body
            .contains("cron 0 6 * * 1-5 (UTC)")
    );
    let removal = [("remove_webhook", "on")];
    edit_schedule(&mut client, id, &env, "0 6 * * MON-FRI", &removal).await;
    assert!(client.get(&path).await.body.contains("Webhook: none"));
}
