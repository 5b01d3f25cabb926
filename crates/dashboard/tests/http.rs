//! Black-box tests of the dashboard over HTTP: CSRF on every state-changing route, the password
//! gate, credentials never rendered, sharing and revoking, two runs at once, and history that
//! survives a restart with cut runs marked interrupted.

mod support;

use scimcheck_dashboard::store::{NewRun, Store, SuiteKey};
use support::{Client, Part, dashboard, data_dir};

/// The embedded reference server's credential: it must work, and never show up in a page.
const AUTH: &str = "Bearer scimcheck-token";

#[tokio::test]
async fn every_state_changing_route_rejects_a_missing_or_foreign_csrf_token() {
    let dir = data_dir();
    let dash = dashboard(&dir, None).await;
    let mut owner = Client::new(dash.url()).await;
    let env = owner.create_environment("Target", "", AUTH).await;
    let routes = [
        "/environments".to_owned(),
        format!("/environments/{env}"),
        format!("/environments/{env}/delete"),
        "/suites/1/delete".into(),
        "/runs".into(),
        "/runs/1/share".into(),
        "/runs/1/private".into(),
        "/login".into(),
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
    let dir = data_dir();
    let dash = dashboard(&dir, None).await;
    let mut client = Client::new(dash.url()).await;
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
async fn two_runs_at_once_finish_share_and_never_show_the_credential() {
    let dir = data_dir();
    let dash = dashboard(&dir, None).await;
    let mut client = Client::new(dash.url()).await;
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
    let dir = data_dir();
    let dash = dashboard(&dir, None).await;
    let mut client = Client::new(dash.url()).await;
    let env = client.create_environment("Embedded", "", AUTH).await;
    client.get("/").await;
    let environment = env.to_string();
    let started = client
        .post(
            "/runs",
            &[
                ("environment", environment.as_str()),
                ("suite", "builtin"),
                ("category", "discovery"),
                ("category", "auth"),
            ],
        )
        .await;
    assert_eq!(started.status, 303, "{}", started.body);
    let run: i64 = started
        .location
        .trim_start_matches("/runs/")
        .parse()
        .unwrap();
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
