//! Shared helpers of the dashboard's black-box tests: a dashboard on a fresh data directory, a
//! cookie-keeping client that reads the CSRF token from pages, and Okta's fixture.

pub mod browser;
pub mod fixture;
pub mod sample;

use scimcheck_dashboard::store::{Store, SuiteKey};
use scimcheck_dashboard::{DashboardConfig, RunningDashboard, secret::new_token, start};
use scimcheck_engine::model::CaseResult;
use std::path::PathBuf;
use std::time::Duration;

/// A fresh, empty data directory under the system temp dir.
pub fn data_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("scimcheck-dashboard-{}", &new_token()[..16]));
    std::fs::create_dir_all(&dir).expect("temp dir is writable");
    dir
}

/// A dashboard on 127.0.0.1 (any port) storing into `dir`.
pub async fn dashboard(dir: &std::path::Path, password: Option<&str>) -> RunningDashboard {
    start(&config(dir, password))
        .await
        .expect("dashboard starts")
}

/// A dashboard without a password on a fresh data directory, and a client of it: where most
/// tests start.
pub async fn fresh_dashboard() -> (RunningDashboard, Client) {
    let dash = dashboard(&data_dir(), None).await;
    let client = Client::new(dash.url()).await;
    (dash, client)
}

/// The configuration [`dashboard`] starts with, for tests that change one field.
pub fn config(dir: &std::path::Path, password: Option<&str>) -> DashboardConfig {
    DashboardConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        data_dir: dir.to_path_buf(),
        password: password.map(str::to_owned),
        public_url: None,
        allow_targets: Vec::new(),
        script_host: scimcheck_engine::runscope::script::ScriptHost::InProcess,
        api_token: None,
        smtp: None,
    }
}

/// Okta's SCIM 2.0 SPEC test export, read from beside the checkout; `None` when it is absent
/// (see scimcheck-testkit).
pub fn okta_spec_path() -> Option<PathBuf> {
    scimcheck_testkit::okta_file("Okta-SCIM-20-SPEC-Test.json")
}

/// One part of a multipart upload.
pub enum Part<'a> {
    /// The `csrf` field with this token.
    Csrf(&'a str),
    /// The `file` field: file name and content.
    File(&'a str, &'a str),
    /// Another text field: name and value.
    Field(&'a str, &'a str),
}

/// A page as fetched.
pub struct Page {
    pub status: u16,
    pub location: String,
    /// The `Retry-After` seconds, 0 when absent.
    pub retry_after: u64,
    pub body: String,
}

/// A browser-like client: keeps the session cookie, knows the page's CSRF token.
pub struct Client {
    pub base: String,
    http: reqwest::Client,
    cookie: String,
    pub csrf: String,
}

impl Client {
    pub async fn new(base: String) -> Client {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let mut client = Client {
            base,
            http,
            cookie: String::new(),
            csrf: String::new(),
        };
        client.get("/login").await;
        client
    }

    async fn read(&mut self, response: reqwest::Response) -> Page {
        if let Some(cookie) = response.headers().get("set-cookie") {
            let cookie = cookie.to_str().unwrap();
            self.cookie = cookie.split(';').next().unwrap().to_owned();
        }
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|r| r.to_str().ok()?.parse().ok())
            .unwrap_or(0);
        let body = response.text().await.unwrap();
        if let Some(start) = body.find("name=\"csrf\" value=\"") {
            let rest = &body[start + 19..];
            self.csrf = rest[..rest.find('"').unwrap()].to_owned();
        }
        Page {
            status,
            location,
            retry_after,
            body,
        }
    }

    /// Signs in as `name` (empty: the admin account) with `password`; returns the answer
    /// (303 when signed in).
    pub async fn sign_in(&mut self, name: &str, password: &str) -> Page {
        self.get("/login").await;
        self.post("/login", &[("name", name), ("password", password)])
            .await
    }

    /// The session cookie (`name=value`), for requests made outside this client.
    pub fn cookie(&self) -> &str {
        &self.cookie
    }

    pub async fn get(&mut self, path: &str) -> Page {
        self.get_with(path, &[]).await
    }

    /// GET with extra request `headers`.
    pub async fn get_with(&mut self, path: &str, headers: &[(&str, &str)]) -> Page {
        let mut request = self
            .http
            .get(format!("{}{path}", self.base))
            .header("cookie", &self.cookie);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.unwrap();
        self.read(response).await
    }

    /// Posts `fields` plus this session's CSRF token.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = self.csrf.clone();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Posts exactly `fields` (no token added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.post_with(path, fields, &[]).await
    }

    /// Posts exactly `fields` with extra request `headers`.
    pub async fn post_with(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Page {
        let body: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let mut request = self
            .http
            .post(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .header("content-type", "application/x-www-form-urlencoded");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.body(body).send().await.unwrap();
        self.read(response).await
    }

    /// Uploads a file to `/suites` as the page's form does: the `csrf` field, then the file.
    pub async fn upload(&mut self, csrf: &str, file_name: &str, content: &str) -> Page {
        self.upload_parts("", &[Part::Csrf(csrf), Part::File(file_name, content)])
            .await
    }

    /// Posts exactly `parts`, in order, as a multipart body to `/suites{query}`.
    pub async fn upload_parts(&mut self, query: &str, parts: &[Part<'_>]) -> Page {
        let boundary = "scimcheckboundary7e3";
        let mut body = String::new();
        for part in parts {
            let (disposition, value) = match part {
                Part::Csrf(token) => ("name=\"csrf\"".to_owned(), *token),
                Part::File(name, content) => (
                    format!("name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/json"),
                    *content,
                ),
                Part::Field(name, value) => (format!("name=\"{name}\""), *value),
            };
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; {disposition}\r\n\r\n{value}\r\n"
            ));
        }
        body.push_str(&format!("--{boundary}--\r\n"));
        let response = self
            .http
            .post(format!("{}/suites{query}", self.base))
            .header("cookie", &self.cookie)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        self.read(response).await
    }

    /// The rows of the audit log, as the page shows them (cells joined by `|`).
    pub async fn audit_rows(&mut self) -> Vec<String> {
        let page = self.get("/audit").await.body;
        page.split("<tr><td>")
            .skip(1)
            .map(|row| {
                row.split("</tr>")
                    .next()
                    .unwrap_or_default()
                    .replace("</td><td>", "|")
                    .replace("</td>", "")
            })
            .collect()
    }

    /// Creates an environment and returns its id.
    pub async fn create_environment(&mut self, name: &str, base_url: &str, auth: &str) -> i64 {
        self.create_environment_with(name, base_url, auth, "").await
    }

    /// As [`Client::create_environment`], with `variables` (`NAME=VALUE` lines).
    pub async fn create_environment_with(
        &mut self,
        name: &str,
        base_url: &str,
        auth: &str,
        variables: &str,
    ) -> i64 {
        let mut form = environment_form(name, base_url, auth, "skip");
        form[3].1 = variables;
        self.create_environment_from(name, &form).await
    }

    /// Creates an environment that keeps cookies ("Use cookies" ticked); returns its id.
    pub async fn create_environment_using_cookies(&mut self, name: &str, base_url: &str) -> i64 {
        let mut fields = environment_form(name, base_url, "", "skip").to_vec();
        fields.push(("use_cookies", "on"));
        self.create_environment_from(name, &fields).await
    }

    /// Submits the new-environment form with `fields`; returns the id of `name`.
    async fn create_environment_from(&mut self, name: &str, fields: &[(&str, &str)]) -> i64 {
        self.get("/environments").await;
        let page = self.post("/environments", fields).await;
        assert_eq!(page.status, 303, "{}", page.body);
        let list = self.get("/environments").await.body;
        let marker = format!("\">{name}</a>");
        let end = list.find(&marker).expect("new environment listed");
        let start = list[..end].rfind("/environments/").unwrap() + "/environments/".len();
        list[start..end].parse().unwrap()
    }

    /// Saves environment `id` as `name` at `base_url`, pausing as `pauses` says (`skip` or
    /// `honor`), with the credential field left empty; asserts it was saved.
    pub async fn edit_environment(&mut self, id: i64, name: &str, base_url: &str, pauses: &str) {
        let path = format!("/environments/{id}");
        self.get(&path).await;
        let page = self
            .post(&path, &environment_form(name, base_url, "", pauses))
            .await;
        assert_eq!(page.status, 303, "{}", page.body);
    }

    /// Opens environment `id`'s edit form and submits it as a browser would with only the base
    /// URL changed to `base_url`: the variables as the form shows them, the credential field
    /// empty. Returns the variables the form showed.
    pub async fn resubmit_environment(&mut self, id: i64, name: &str, base_url: &str) -> String {
        let path = format!("/environments/{id}");
        let form = self.get(&path).await.body;
        let start = form
            .find("name=\"variables\">")
            .map(|i| i + "name=\"variables\">".len())
            .expect("the form has a variables field");
        let end = start + form[start..].find("</textarea>").expect("closed");
        let variables = form[start..end].to_owned();
        let mut fields = environment_form(name, base_url, "", "skip");
        fields[3].1 = &variables;
        let page = self.post(&path, &fields).await;
        assert_eq!(page.status, 303, "{}", page.body);
        variables
    }

    /// Uploads Okta's SPEC file and returns the suite id; `None` when the file is absent.
    pub async fn upload_okta_spec(&mut self) -> Option<i64> {
        let content = std::fs::read_to_string(okta_spec_path()?).unwrap();
        Some(
            self.upload_suite("Okta-SCIM-20-SPEC-Test.json", &content)
                .await,
        )
    }

    /// Uploads `content` as the Runscope file `name`; returns the new suite's id.
    pub async fn upload_suite(&mut self, name: &str, content: &str) -> i64 {
        self.get("/suites").await;
        let csrf = self.csrf.clone();
        let page = self.upload(&csrf, name, content).await;
        uploaded_id(&page)
    }

    /// Uploads `content` as the Runscope file `name` standing for the Runscope test `test_id`;
    /// returns the new suite's id.
    pub async fn upload_suite_as(&mut self, name: &str, content: &str, test_id: &str) -> i64 {
        uploaded_id(&self.upload_as(name, content, test_id).await)
    }

    /// Submits the Suites page's upload form as a browser does (the token, the Runscope test
    /// id, then the file); returns the answer.
    pub async fn upload_as(&mut self, name: &str, content: &str, test_id: &str) -> Page {
        self.get("/suites").await;
        let csrf = self.csrf.clone();
        let parts = [
            Part::Csrf(&csrf),
            Part::Field("test_id", test_id),
            Part::File(name, content),
        ];
        self.upload_parts("", &parts).await
    }

    /// Submits suite `suite`'s Runscope test id form with `test_id`; returns the answer.
    pub async fn set_test_id(&mut self, suite: i64, test_id: &str) -> Page {
        self.get(&format!("/suites/{suite}")).await;
        self.post(&format!("/suites/{suite}/test-id"), &[("test_id", test_id)])
            .await
    }

    /// Starts a run of `suite` (a suite key) and returns its id.
    pub async fn start_run(&mut self, environment: i64, suite: &str) -> i64 {
        self.start(environment, suite, &[]).await
    }

    /// Starts a run of the built-in suite narrowed to `categories`; returns its id.
    pub async fn start_builtin(&mut self, environment: i64, categories: &[&str]) -> i64 {
        self.start(environment, "builtin", categories).await
    }

    async fn start(&mut self, environment: i64, suite: &str, categories: &[&str]) -> i64 {
        self.get("/").await;
        let environment = environment.to_string();
        let mut fields = vec![("environment", environment.as_str()), ("suite", suite)];
        fields.extend(categories.iter().map(|category| ("category", *category)));
        let page = self.post("/runs", &fields).await;
        assert_eq!(page.status, 303, "{}", page.body);
        page.location.trim_start_matches("/runs/").parse().unwrap()
    }

    /// Runs uploaded suite `suite` in environment `env` of the dashboard storing into `dir`
    /// and waits until it has finished (not ended otherwise); its cases as stored.
    pub async fn run_to_the_end(
        &mut self,
        dir: &std::path::Path,
        env: i64,
        suite: i64,
    ) -> Vec<CaseResult> {
        self.run_page_and_cases(dir, env, suite).await.1
    }

    /// [`Client::run_to_the_end`], also returning the finished run's page.
    pub async fn run_page_and_cases(
        &mut self,
        dir: &std::path::Path,
        env: i64,
        suite: i64,
    ) -> (String, Vec<CaseResult>) {
        let run = self.start_run(env, &SuiteKey::Upload(suite).to_key()).await;
        let page = self.finished_run(run).await.body;
        assert!(page.contains("id=\"status\">finished"), "{page}");
        let store = Store::open(&dir.join("dashboard.sqlite3")).unwrap();
        let cases = store.cases_after(run, 0, 100).unwrap();
        (page, cases.into_iter().map(|c| c.case).collect())
    }

    /// Waits (up to 60 s) until the run page no longer says running; returns the page.
    pub async fn finished_run(&mut self, run: i64) -> Page {
        for _ in 0..600 {
            let page = self.get(&format!("/runs/{run}")).await;
            if !page.body.contains("id=\"status\">running") {
                return page;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("run {run} did not finish within 60 s");
    }
}

/// The id of the suite an upload answered `page` made; asserts it was kept.
fn uploaded_id(page: &Page) -> i64 {
    assert_eq!(page.status, 303, "{}", page.body);
    page.location
        .trim_start_matches("/suites/")
        .parse()
        .unwrap()
}

/// The environment form's fields, no variables and no initial script.
fn environment_form<'a>(
    name: &'a str,
    base_url: &'a str,
    auth: &'a str,
    pauses: &'a str,
) -> [(&'static str, &'a str); 6] {
    [
        ("name", name),
        ("base_url", base_url),
        ("auth", auth),
        ("variables", ""),
        ("initial_script", ""),
        ("pauses", pauses),
    ]
}
