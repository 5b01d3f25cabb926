//! Black-box tests of the dashboard over HTTP: CSRF on every state-changing route, the password
//! gate, credentials never rendered, sharing and revoking, two runs at once, and history that
//! survives a restart with cut runs marked interrupted.

use crate::support;

use scimcheck_dashboard::store::{NewRun, Store, SuiteKey};
use support::{Client, Part, dashboard, data_dir, fresh_dashboard};

/// The embedded reference server's credential: it must work, and never show up in a page.
const AUTH: &str = "Bearer scimcheck-token";

#[tokio::test]
async fn every_state_changing_route_rejects_a_missing_or_foreign_csrf_token() {
    let (dash, mut owner) = fresh_dashboard().await;
    let env = owner.create_environment("Target", "", AUTH).await;
    let routes = [
        "/environments".to_owned(),
        format!("/environments/{env}"),
        format!("/environments/{env}/delete"),
        "/suites/1/delete".into(),
        "/suites/1/test-id".into(),
        "/runs".into(),
        "/runs/1/share".into(),
        "/runs/1/private".into(),
        "/runs/1/cancel".into(),
        "/schedules".into(),
        "/schedules/1/pause".into(),
        "/schedules/1/resume".into(),
        "/schedules/1/delete".into(),
        "/login".into(),
        "/logout".into(),
        "/team".into(),
        "/team/password".into(),
        "/team/1/password".into(),
        "/team/1/role".into(),
        "/team/1/delete".into(),
    ];
    let other = Client::new(dash.url()).await;
    let foreign = other.csrf.clone();
    for route in &routes {
        let missing = owner.post_raw(route, &[("name", "x")]).await;
        assert_eq!(missing.status, 403, "{route} without a token");
        let wrong = owner
            .post_raw(route, &[("csrf", &foreign), ("name", "x")])
            .await;
        assert_eq!(wrong.status, 403, "{route} with another session's token");
    }
    let upload = owner.upload(&foreign, "t.json", "{}").await;
    assert_eq!(upload.status, 403, "upload with another session's token");
    let list = owner.get("/environments").await.body;
    assert!(
        list.contains(">Target</a>"),
        "nothing was deleted or renamed"
    );
    dash.shutdown().await;
}

#[tokio::test]
async fn an_upload_is_stored_only_when_its_csrf_field_comes_before_the_file() {
    let (dash, mut client) = fresh_dashboard().await;
    let form = client.get("/suites").await.body;
    assert!(
        form.contains("action=\"/suites\"") && !form.contains("csrf="),
        "the token is not in the form's URL"
    );
    let csrf = client.csrf.clone();
    let file = Part::File("t.json", "{}");
    let in_query = client
        .upload_parts(&format!("?csrf={csrf}"), std::slice::from_ref(&file))
        .await;
    assert_eq!(in_query.status, 403, "a token in the URL is not accepted");
    let after_file = client.upload_parts("", &[file, Part::Csrf(&csrf)]).await;
    assert_eq!(after_file.status, 403, "the file came before the token");
    let listed = client.get("/suites").await.body;
    assert!(
        listed.contains("No Runscope export uploaded yet"),
        "nothing stored"
    );
    let csrf = client.csrf.clone();
    let accepted = client
        .upload(&csrf, "spec.json", support::fixture::HOSTILE_TEST)
        .await;
    assert_eq!(accepted.status, 303, "{}", accepted.body);
    assert!(client.get("/suites").await.body.contains(">spec.json</td>"));
    dash.shutdown().await;
}

/// Shares run `run` and returns the share URL its owner sees on a page requested with
/// `X-Forwarded-Proto: https` (which only a configured public URL may change).
async fn shown_share_url(client: &mut Client, run: i64) -> String {
    let shared = client.post(&format!("/runs/{run}/share"), &[]).await;
    assert_eq!(shared.status, 303, "{}", shared.body);
    let page = client
        .get_with(&format!("/runs/{run}"), &[("x-forwarded-proto", "https")])
        .await
        .body;
    let start = page
        .find("id=\"share-url\" value=\"")
        .expect("share URL shown")
        + 22;
    page[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn share_links_use_the_public_url_when_set_and_ignore_forwarded_headers() {
    let dir = data_dir();
    let dash = dashboard(&dir, None).await;
    let run = support::sample::new_run(&Store::open(&dir.join("dashboard.sqlite3")).unwrap(), 0);
    let mut client = Client::new(dash.url()).await;
    client.get("/").await;
    let url = shown_share_url(&mut client, run).await;
    let host = dash.url();
    assert!(
        url.starts_with(&format!("{host}/s/")),
        "unconfigured: the browser's Host over http, X-Forwarded-Proto ignored: {url}"
    );
    dash.shutdown().await;

    let dash = scimcheck_dashboard::start(&scimcheck_dashboard::DashboardConfig {
        public_url: Some("https://qa.example.com/".into()),
        ..support::config(&dir, None)
    })
    .await
    .expect("dashboard starts");
    let mut client = Client::new(dash.url()).await;
    client.get("/").await;
    let url = shown_share_url(&mut client, run).await;
    let token = url
        .strip_prefix("https://qa.example.com/s/")
        .unwrap_or_else(|| panic!("{url}"));
    assert_eq!(token.len(), 64, "{url}");
    dash.shutdown().await;
}

#[tokio::test]
async fn a_password_gates_every_page_but_shared_ones() {
    let dir = data_dir();
    let dash = dashboard(&dir, Some("open sesame")).await;
    let mut client = Client::new(dash.url()).await;
    let home = client.get("/").await;
    assert_eq!((home.status, home.location.as_str()), (303, "/login"));
    assert_eq!(client.get("/environments").await.status, 303);
    client.get("/login").await;
    let wrong = client.post("/login", &[("password", "guess")]).await;
    assert_eq!(wrong.status, 401);
    assert_eq!(client.get("/").await.status, 303, "still signed out");
    client.get("/login").await;
    let right = client.post("/login", &[("password", "open sesame")]).await;
    assert_eq!(right.status, 303);
    assert_eq!(client.get("/").await.status, 200);
    assert_eq!(
        client.get("/s/unknown").await.status,
        404,
        "share pages need no sign-in"
    );
    dash.shutdown().await;
}

#[tokio::test]
async fn repeated_wrong_passwords_lock_the_address_out_even_for_the_right_one() {
    let dir = data_dir();
    let dash = dashboard(&dir, Some("open sesame")).await;
    let mut client = Client::new(dash.url()).await;
    for attempt in 1..=3 {
        client.get("/login").await;
        let wrong = client.post("/login", &[("password", "guess")]).await;
        assert_eq!(wrong.status, 401, "attempt {attempt} is checked");
    }
    // The first lock lasts seconds; this request follows at once.
    client.get("/login").await;
    let locked = client.post("/login", &[("password", "open sesame")]).await;
    assert_eq!(locked.status, 429, "{}", locked.body);
    assert!(
        locked.body.contains("Too many wrong passwords"),
        "{}",
        locked.body
    );
    assert!(locked.retry_after >= 1, "Retry-After says how long");
    assert_eq!(client.get("/").await.status, 303, "still signed out");
    dash.shutdown().await;
}

#[tokio::test]
async fn off_loopback_without_a_password_refuses_to_start() {
    let config = scimcheck_dashboard::DashboardConfig {
        listen: "0.0.0.0:0".parse().unwrap(),
        ..support::config(&data_dir(), None)
    };
    let err = scimcheck_dashboard::start(&config)
        .await
        .err()
        .expect("refused");
    assert!(err.to_string().contains("--password"), "{err}");
}

#[tokio::test]
async fn okta_crud_runs_against_the_embedded_server_with_the_simulated_okta_org() {
    let Some(content) = scimcheck_testkit::okta_text("Okta-SCIM-20-CRUD-Test.json") else {
        return;
    };
    let (_dash, mut client) = fresh_dashboard().await;
    let env = client.create_environment("Embedded", "", AUTH).await;
    let suite = client
        .upload_suite("Okta-SCIM-20-CRUD-Test.json", &content)
        .await;
    let run = client
        .start_run(env, &SuiteKey::Upload(suite).to_key())
        .await;
    let page = client.finished_run(run).await.body;
    assert!(page.contains("id=\"status\">finished"), "{page}");
    assert!(
        page.contains("The Okta org was simulated"),
        "the run says the org was simulated: {page}"
    );
    assert!(
        page.contains("The Okta-org stand-in deleted the 1 user(s) it created on the target"),
        "the run says the stand-in deleted its user: {page}"
    );
    let passed = page.matches("class=\"case v-pass\"").count();
    assert!(passed >= 10, "the CRUD steps pass, got {passed}: {page}");
    for verdict in ["v-fail", "v-error"] {
        assert!(
            !page.contains(&format!("class=\"case {verdict}\"")),
            "no step ends {verdict}: {page}"
        );
    }
}

#[tokio::test]
async fn two_runs_at_once_finish_share_and_never_show_the_credential() {
    let (dash, mut client) = fresh_dashboard().await;
    let env = client.create_environment("Embedded", "", AUTH).await;
    let Some(suite) = client.upload_okta_spec().await else {
        return;
    };
    let key = SuiteKey::Upload(suite).to_key();
    let first = client.start_run(env, &key).await;
    let second = client.start_run(env, &key).await;
    assert_ne!(first, second);
    let mut pages = Vec::new();
    for run in [first, second] {
        let page = client.finished_run(run).await;
        assert!(
            page.body.contains("id=\"status\">finished"),
            "{}",
            page.body
        );
        assert!(page.body.contains("data-count=\"passed\">"), "counts shown");
        let cases = page.body.matches("<details class=\"case").count();
        assert!(cases >= 23, "every Okta step is a case, got {cases}");
        assert!(
            page.body.contains("class=\"case v-pass\""),
            "steps pass against the reference server"
        );
        pages.push(page.body);
    }

    let shared = client.post(&format!("/runs/{first}/share"), &[]).await;
    assert_eq!(shared.status, 303);
    let run_page = client.get(&format!("/runs/{first}")).await.body;
    let start = run_page.find("/s/").expect("share URL shown");
    let token: String = run_page[start + 3..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    assert_eq!(token.len(), 64, "256-bit token");
    let mut stranger = Client::new(dash.url()).await;
    let view = stranger.get(&format!("/s/{token}")).await;
    assert_eq!(view.status, 200);
    assert!(!view.body.contains("<form"), "shared view is read-only");
    assert!(view.body.contains("<details class=\"case"));
    for format in ["html", "junit", "json"] {
        let download = stranger.get(&format!("/s/{token}/download/{format}")).await;
        assert_eq!(download.status, 200, "{format}");
        pages.push(download.body);
    }
    pages.push(view.body);
    pages.push(client.get("/environments").await.body);
    pages.push(client.get(&format!("/environments/{env}")).await.body);
    pages.push(client.get("/history").await.body);
    for page in &pages {
        assert!(
            !page.contains("scimcheck-token"),
            "credential leaked into a page"
        );
    }
    assert!(
        pages.iter().any(|p| p.contains("Bearer ••••")),
        "masked form shown"
    );

    client.post(&format!("/runs/{first}/private"), &[]).await;
    assert_eq!(
        stranger.get(&format!("/s/{token}")).await.status,
        404,
        "revoked"
    );
    dash.shutdown().await;
}

#[tokio::test]
async fn history_survives_a_restart_and_cut_runs_are_marked_interrupted() {
    let dir = data_dir();
    let dash = dashboard(&dir, None).await;
    let mut client = Client::new(dash.url()).await;
    let env = client
        .create_environment("Kept", "https://scim.example.com/v2", AUTH)
        .await;
    dash.shutdown().await;

    // A run left "running" by a process that died mid-run.
    let store = Store::open(&dir.join("dashboard.sqlite3")).unwrap();
    let cut = store
        .create_run(&NewRun {
            environment_id: env,
            environment_name: "Kept",
            suite: SuiteKey::Builtin,
            suite_name: "scimcheck conformance suite",
            target: "https://scim.example.com/v2",
            started_at: "2026-11-28T12:00:00.000Z",
        })
        .unwrap();
    let mut case = scimcheck_engine::model::CaseResult::new("users.create", "Create a user");
    case.category = Some("users".into());
    store.add_case(cut, 1, &case).unwrap();
    drop(store);

    let dash = dashboard(&dir, None).await;
    let mut client = Client::new(dash.url()).await;
    assert!(client.get("/environments").await.body.contains(">Kept</a>"));
    let page = client.get(&format!("/runs/{cut}")).await.body;
    assert!(page.contains("id=\"status\">interrupted"), "{page}");
    assert!(
        page.contains("Create a user"),
        "cases before the cut are kept"
    );
    assert!(
        !page.contains("id=\"live\""),
        "an interrupted run is not followed live"
    );
    let history = client
        .get(&format!("/history?environment={env}"))
        .await
        .body;
    assert!(history.contains(&format!("/runs/{cut}\"")));
    dash.shutdown().await;
}

#[tokio::test]
async fn the_built_in_suite_runs_only_the_chosen_categories() {
    let (dash, mut client) = fresh_dashboard().await;
    let env = client.create_environment("Embedded", "", AUTH).await;
    let run = client.start_builtin(env, &["discovery", "auth"]).await;
    let page = client.finished_run(run).await.body;
    assert!(page.contains("id=\"status\">finished"), "{page}");
    let ids: Vec<&str> = page
        .split("data-case=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(!ids.is_empty(), "the chosen categories ran");
    // Besides the chosen categories, only the prerequisites their checks build on run.
    for id in &ids {
        assert!(
            id.starts_with("discovery.")
                || id.starts_with("auth.")
                || id.starts_with("prerequisite."),
            "{id} is outside the chosen categories"
        );
    }
    assert!(ids.iter().any(|id| id.starts_with("discovery.")));
    assert!(ids.iter().any(|id| id.starts_with("auth.")));
    dash.shutdown().await;
}

#[tokio::test]
async fn the_event_stream_resumes_after_the_last_case_a_browser_has() {
    let dir = data_dir();
    let dash = dashboard(&dir, None).await;
    let store = Store::open(&dir.join("dashboard.sqlite3")).unwrap();
    let run = support::sample::new_run(&store, 0);
    for seq in 1..=3 {
        store
            .add_case(run, seq, &support::sample::case(seq as usize))
            .unwrap();
    }
    store
        .finish_run(
            run,
            scimcheck_dashboard::store::RunStatus::Finished,
            10,
            &[],
            None,
        )
        .unwrap();
    let mut client = Client::new(dash.url()).await;
    client.get("/").await;
    let http = reqwest::Client::new();
    let read = |after: i64, last: Option<&'static str>| {
        let mut request = http
            .get(format!("{}/runs/{run}/events?after={after}", dash.url()))
            .header("cookie", client.cookie());
        if let Some(last) = last {
            request = request.header("last-event-id", last);
        }
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let ids = |text: &str| -> Vec<String> {
        text.lines()
            .filter_map(|l| l.strip_prefix("id: "))
            .map(str::to_owned)
            .collect()
    };
    let all = read(0, None).await;
    assert_eq!(ids(&all), ["1", "2", "3"]);
    assert!(
        all.contains("event: progress") && all.contains("event: done"),
        "{all}"
    );
    assert_eq!(ids(&read(1, None).await), ["2", "3"], "page had case 1");
    assert_eq!(
        ids(&read(1, Some("2")).await),
        ["3"],
        "reconnect after case 2"
    );
    dash.shutdown().await;
}

#[tokio::test]
async fn a_rebinding_host_is_refused_and_loopback_names_are_served() {
    let dir = data_dir();
    let dash = dashboard(&dir, None).await;
    let port = dash.addr().port();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let status = |host: String| {
        let request = http
            .get(format!("{}/environments", dash.url()))
            .header("host", host);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    for host in [
        "rebind.attacker.example".to_owned(),
        format!("rebind.attacker.example:{port}"),
    ] {
        assert_eq!(status(host.clone()).await, 421, "{host}");
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(status(host.clone()).await, 200, "{host}");
    }
    dash.shutdown().await;
}

#[tokio::test]
async fn a_cross_origin_state_change_is_refused() {
    let (dash, mut client) = fresh_dashboard().await;
    let env = client.create_environment("Target", "", AUTH).await;
    client.get("/environments").await;
    let csrf = client.csrf.clone();
    let delete = format!("/environments/{env}/delete");
    for headers in [
        [("origin", "http://evil.example")],
        [("origin", "null")],
        [("sec-fetch-site", "cross-site")],
    ] {
        let refused = client
            .post_with(&delete, &[("csrf", &csrf)], &headers)
            .await;
        assert_eq!(refused.status, 403, "{headers:?}: {}", refused.body);
        assert!(refused.body.contains("another website"), "{}", refused.body);
    }
    assert!(
        client
            .get("/environments")
            .await
            .body
            .contains(">Target</a>")
    );
    let own = dash.url();
    let allowed = client
        .post_with(&delete, &[("csrf", &csrf)], &[("origin", own.as_str())])
        .await;
    assert_eq!(allowed.status, 303, "same origin: {}", allowed.body);
    assert!(
        !client
            .get("/environments")
            .await
            .body
            .contains(">Target</a>")
    );
    dash.shutdown().await;
}

/// A Runscope test that drives the dashboard at `dashboard` (origin) as a browser would: reads
/// a page for the session cookie and CSRF token, points environment `victim` at `capture`, and
/// starts a run of it.
fn self_calling_suite(dashboard: &str, victim: i64, capture: &str) -> String {
    let localhost = dashboard.replace("127.0.0.1", "localhost");
    let read_session = "variables.set('cookie', response.headers['set-cookie'][0].split(';')[0]); \
        variables.set('csrf', response.body.match(/name=\"csrf\" value=\"([0-9a-f]+)\"/)[1]);";
    let form = |fields: &[(&str, &str)]| {
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish()
            .replace("CSRF", "{{csrf}}")
    };
    let edit = form(&[
        ("csrf", "CSRF"),
        ("name", "Production"),
        ("base_url", capture),
        ("auth", ""),
        ("variables", ""),
        ("initial_script", ""),
        ("pauses", "skip"),
    ]);
    let victim_id = victim.to_string();
    let start = form(&[
        ("csrf", "CSRF"),
        ("environment", victim_id.as_str()),
        ("suite", "builtin"),
        ("category", "discovery"),
    ]);
    let headers = serde_json::json!({
        "Cookie": ["{{cookie}}"],
        "Content-Type": ["application/x-www-form-urlencoded"],
    });
    serde_json::json!({
        "name": "Innocent-looking suite",
        "steps": [
            {"step_type": "request", "method": "GET", "url": format!("{localhost}/environments"),
             "scripts": [read_session]},
            {"step_type": "request", "method": "GET", "url": format!("{dashboard}/environments"),
             "scripts": [read_session]},
            {"step_type": "request", "method": "POST", "url": format!("{dashboard}/environments/{victim}"),
             "headers": headers, "body": edit},
            {"step_type": "request", "method": "POST", "url": format!("{dashboard}/runs"),
             "headers": headers, "body": start},
        ]
    })
    .to_string()
}

#[tokio::test]
async fn a_suite_calling_the_dashboard_itself_fails_and_leaks_nothing() {
    let (capture, seen) = support::fixture::capturing_server().await;
    let dir = data_dir();
    let dash = dashboard(&dir, None).await;
    let mut client = Client::new(dash.url()).await;
    let victim = client
        .create_environment(
            "Production",
            "https://scim.example.com/v2",
            "Bearer prod-secret-token-0001",
        )
        .await;
    let sandbox = client.create_environment("Sandbox", "", AUTH).await;
    let suite = self_calling_suite(&dash.url(), victim, &format!("{capture}/scim/v2"));
    let suite_id = client.upload_suite("innocent.json", &suite).await;
    let cases = client.run_to_the_end(&dir, sandbox, suite_id).await;
    assert_eq!(cases.len(), 4, "every step ran");
    // The two page reads are refused before anything is sent; the later steps then lack the
    // cookie and token (or are refused too): none gets an answer from the dashboard.
    let exchanges: Vec<_> = cases.iter().flat_map(|c| &c.exchanges).collect();
    assert!(exchanges.len() >= 2, "{cases:?}");
    for exchange in exchanges {
        let error = exchange.error.as_deref().unwrap_or_default();
        assert!(
            exchange.response.is_none() && error.contains("this dashboard's own address"),
            "{}: {error}",
            exchange.request.url
        );
    }
    let edit = client.get(&format!("/environments/{victim}")).await.body;
    assert!(
        edit.contains("https://scim.example.com/v2"),
        "victim untouched"
    );
    let store = Store::open(&dir.join("dashboard.sqlite3")).unwrap();
    let runs = store
        .history(
            &scimcheck_dashboard::store::HistoryFilter::default(),
            None,
            10,
        )
        .unwrap();
    assert_eq!(runs.len(), 1, "the suite started no run of its own");
    assert!(
        seen.lock().unwrap().is_empty(),
        "nothing reached the capture server"
    );
    dash.shutdown().await;
}

#[tokio::test]
async fn a_cloud_metadata_address_is_refused_as_a_run_target() {
    let (dash, mut client) = fresh_dashboard().await;
    let env = client
        .create_environment("Metadata", "http://169.254.169.254/latest", AUTH)
        .await;
    let run = client.start_builtin(env, &["discovery"]).await;
    let page = client.finished_run(run).await.body;
    assert!(page.contains("id=\"status\">error"), "{page}");
    assert!(page.contains("--allow-target 169.254.169.254"), "{page}");
    dash.shutdown().await;
}

#[tokio::test]
async fn changing_the_base_url_origin_drops_the_credential() {
    const API_KEY: &str = "apikey-origin-bound-9";
    let (first, first_seen) = support::fixture::capturing_server().await;
    let (second, second_seen) = support::fixture::capturing_server().await;
    let dir = data_dir();
    let dash = dashboard(&dir, None).await;
    let mut client = Client::new(dash.url()).await;
    let secret = "Bearer origin-bound-secret-7";
    let env = client
        .create_environment_with(
            "Moving",
            &format!("{first}/scim/v2"),
            secret,
            &format!("apiKey={API_KEY}\ntenant=acme"),
        )
        .await;
    let form = client.get(&format!("/environments/{env}")).await.body;
    assert!(
        form.contains("another origin drops it") && form.contains("another origin drops them"),
        "the form says so: {form}"
    );
    let variables = |dir: &std::path::Path| {
        let store = Store::open(&dir.join("dashboard.sqlite3")).unwrap();
        store.environment(env).unwrap().unwrap().variables
    };
    // The same origin: the form shows the secret variable without its value, and saving it as
    // shown keeps the value.
    let shown = client
        .resubmit_environment(env, "Moving", &format!("{first}/scim/other"))
        .await;
    assert!(!shown.contains(API_KEY), "a secret variable shown: {shown}");
    assert!(
        shown.contains("apiKey=\n") && shown.contains("tenant=acme"),
        "{shown}"
    );
    assert_eq!(
        variables(&dir).get("apiKey").map(String::as_str),
        Some(API_KEY)
    );
    let moved = format!("{second}/scim/v2");
    client.resubmit_environment(env, "Moving", &moved).await;
    let kept = variables(&dir);
    assert!(
        !kept.contains_key("apiKey"),
        "the secret variable followed the base URL to another origin: {kept:?}"
    );
    assert_eq!(kept.get("tenant").map(String::as_str), Some("acme"));
    let run = client.start_builtin(env, &["discovery"]).await;
    client.finished_run(run).await;
    let sent = second_seen.lock().unwrap().clone();
    assert!(!sent.is_empty(), "the run reached the new base URL");
    assert!(
        !sent.iter().any(|auth| auth.contains("origin-bound-secret")),
        "the credential followed the base URL to another origin: {sent:?}"
    );
    assert!(first_seen.lock().unwrap().is_empty());
    dash.shutdown().await;
}

#[tokio::test]
async fn cancel_ends_a_run_that_would_pause_for_a_long_time() {
    let (dash, mut client) = fresh_dashboard().await;
    let env = client.create_environment("Patient", "", AUTH).await;
    client.edit_environment(env, "Patient", "", "honor").await;
    let suite = serde_json::json!({"name": "Long pause", "steps": [
        {"step_type": "request", "method": "GET", "url": "{{SCIMBaseURL}}/ServiceProviderConfig",
         "headers": {"Authorization": ["{{auth}}"]}},
        {"step_type": "pause", "duration": 1_000_000},
        {"step_type": "request", "method": "GET", "url": "{{SCIMBaseURL}}/Users"},
    ]});
    let suite_id = client.upload_suite("pause.json", &suite.to_string()).await;
    let run = client
        .start_run(env, &SuiteKey::Upload(suite_id).to_key())
        .await;
    // Wait until the first step is stored: the run is then in its pause.
    let mut page = client.get(&format!("/runs/{run}")).await.body;
    for _ in 0..100 {
        if page.contains("<details class=\"case") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        page = client.get(&format!("/runs/{run}")).await.body;
    }
    assert!(page.contains("id=\"status\">running"), "{page}");
    assert!(
        page.contains("id=\"cancel-run\""),
        "a Cancel button while running"
    );
    let cancelled = client.post(&format!("/runs/{run}/cancel"), &[]).await;
    assert_eq!(cancelled.status, 303, "{}", cancelled.body);
    let page = client.finished_run(run).await.body;
    assert!(page.contains("id=\"status\">cancelled"), "{page}");
    assert!(
        page.contains("cancelled after 1 step(s) finished"),
        "{page}"
    );
    assert!(!page.contains("id=\"cancel-run\""), "no Cancel once ended");
    dash.shutdown().await;
}

#[tokio::test]
async fn a_copied_database_reveals_no_credential_and_the_files_are_private() {
    const SENTINEL: &str = "plaintext-sentinel-credential-42";
    // A database written by an older version, with the credential in plain text.
    let dir = data_dir();
    let old = rusqlite::Connection::open(dir.join("dashboard.sqlite3")).unwrap();
    old.execute_batch(&format!(
        "CREATE TABLE environments (id INTEGER PRIMARY KEY, name TEXT NOT NULL, base_url TEXT NOT NULL,
             auth TEXT NOT NULL, variables TEXT NOT NULL, initial_script TEXT NOT NULL, pauses TEXT NOT NULL);
         INSERT INTO environments VALUES (1, 'Old', '', 'Bearer {SENTINEL}',
             '{{\"apiKey\": \"old-key-{SENTINEL}\", \"tenant\": \"acme\"}}', '', 'skip');"
    ))
    .unwrap();
    drop(old);
    let raw = |dir: &std::path::Path| -> Vec<u8> {
        [
            "dashboard.sqlite3",
            "dashboard.sqlite3-wal",
            "dashboard.sqlite3-shm",
        ]
        .iter()
        .flat_map(|f| std::fs::read(dir.join(f)).unwrap_or_default())
        .collect()
    };
    let contains =
        |bytes: &[u8], text: &str| bytes.windows(text.len()).any(|w| w == text.as_bytes());
    assert!(
        contains(&raw(&dir), SENTINEL),
        "the old file holds it in plain text"
    );

    let dash = dashboard(&dir, None).await;
    let mut client = Client::new(dash.url()).await;
    let fresh = client
        .create_environment_with(
            "New",
            "https://scim.example.com/v2",
            &format!("Bearer new-{SENTINEL}"),
            &format!("apiKey=new-key-{SENTINEL}"),
        )
        .await;
    let list = client.get("/environments").await.body;
    assert!(
        list.contains("Bearer ••••l-42"),
        "both still open with the key: {list}"
    );
    assert!(!raw(&dir).is_empty());
    assert!(
        !contains(&raw(&dir), SENTINEL),
        "sealed on open and on create"
    );
    dash.shutdown().await;
    assert!(
        !contains(&raw(&dir), SENTINEL),
        "nor after a restart's checkpoint"
    );
    let store = Store::open(&dir.join("dashboard.sqlite3")).unwrap();
    let fresh = store.environment(fresh).unwrap().unwrap();
    assert_eq!(fresh.auth, format!("Bearer new-{SENTINEL}"));
    let old = store.environment(1).unwrap().unwrap();
    for (env, key) in [(&fresh, "new-key"), (&old, "old-key")] {
        assert_eq!(
            env.variables.get("apiKey"),
            Some(&format!("{key}-{SENTINEL}")),
            "the secret variable still opens with the key"
        );
    }
    assert_eq!(
        old.variables.get("tenant").map(String::as_str),
        Some("acme")
    );
    let migrated = store.environment(1).unwrap().unwrap();
    assert!(
        !migrated.use_cookies,
        "an older environment keeps no cookies"
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode =
            |p: std::path::PathBuf| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let new_dir = data_dir().join("nested");
        let dash = dashboard(&new_dir, None).await;
        dash.shutdown().await;
        assert_eq!(mode(new_dir.clone()), 0o700, "data folder");
        assert_eq!(mode(new_dir.join("dashboard.sqlite3")), 0o600, "database");
        assert_eq!(mode(new_dir.join("dashboard.key")), 0o600, "key");
        assert_eq!(
            mode(dir.join("dashboard.sqlite3")),
            0o600,
            "an old 0644 database is narrowed"
        );
    }
}

#[tokio::test]
async fn use_cookies_keeps_a_session_cookie_for_the_run_and_never_shows_it() {
    use support::fixture::{SESSION_COOKIE, session_server};
    let server = session_server().await;
    let (dash, mut client) = fresh_dashboard().await;
    let with = client
        .create_environment_using_cookies("Cookies", &server)
        .await;
    let without = client.create_environment("No cookies", &server, "").await;
    let form = client.get(&format!("/environments/{with}")).await.body;
    assert!(
        form.contains("name=\"use_cookies\" checked"),
        "the setting is shown: {form}"
    );
    let status = |status: u16| serde_json::json!([{"source": "response_status", "comparison": "equal_number", "value": status}]);
    let suite = serde_json::json!({"name": "Session", "steps": [
        {"step_type": "request", "method": "GET", "url": "{{SCIMBaseURL}}/login",
         "note": "Log in", "assertions": status(200)},
        {"step_type": "request", "method": "GET", "url": "{{SCIMBaseURL}}/me",
         "note": "Read the session", "assertions": status(200)},
    ]});
    let suite_id = client
        .upload_suite("session.json", &suite.to_string())
        .await;
    let key = SuiteKey::Upload(suite_id).to_key();
    let kept = client.start_run(with, &key).await;
    let page = client.finished_run(kept).await.body;
    assert!(page.contains("id=\"status\">finished"), "{page}");
    assert!(!page.contains("class=\"case v-fail\""), "{page}");
    assert_eq!(page.matches("class=\"case v-pass\"").count(), 2, "{page}");
    let json = client
        .get(&format!("/runs/{kept}/download/json"))
        .await
        .body;
    for shown in [&page, &json] {
        assert!(
            !shown.contains(SESSION_COOKIE),
            "the cookie leaked: {shown}"
        );
    }
    let forgotten = client.start_run(without, &key).await;
    let page = client.finished_run(forgotten).await.body;
    assert_eq!(
        page.matches("class=\"case v-fail\"").count(),
        1,
        "without the setting the session is not sent: {page}"
    );
    dash.shutdown().await;
}

/// The history page charts the recent runs' p95 response time and shows each environment's
/// uptime: a run with nothing failing is green, one that could not reach its server red.
#[tokio::test]
async fn history_charts_response_times_and_each_environments_uptime() {
    let dash = dashboard(&data_dir(), None).await;
    let mut client = Client::new(dash.url()).await;
    let up = client.create_environment("Embedded", "", AUTH).await;
    let down = client
        .create_environment("Gone", "http://127.0.0.1:9/scim/v2", AUTH)
        .await;
    for _ in 0..2 {
        let run = client.start_builtin(up, &["discovery"]).await;
        client.finished_run(run).await;
    }
    let failed = client.start_builtin(down, &["discovery"]).await;
    let page = client.finished_run(failed).await.body;
    assert!(page.contains("id=\"status\">error"), "{page}");

    let history = client.get("/history").await.body;
    assert!(
        history.contains("p95 response time, last 2 runs"),
        "the failed run received no response, so two runs have a p95: {history}"
    );
    assert!(
        history.contains("<td>Embedded</td><td>100% (2 of 2)</td>"),
        "{history}"
    );
    assert!(
        history.contains("<td>Gone</td><td>0% (0 of 1)</td>"),
        "{history}"
    );
    let only = client
        .get(&format!("/history?environment={down}"))
        .await
        .body;
    assert!(only.contains("<td>Gone</td>"), "{only}");
    assert!(
        !only.contains("<td>Embedded</td>"),
        "one environment chosen: {only}"
    );
    dash.shutdown().await;
}
