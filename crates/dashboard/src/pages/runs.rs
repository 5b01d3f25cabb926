//! Runs: Run now, the run page (finished, running, cancelled or interrupted; live and
//! cancellable while running; compared with an earlier run once finished), its event stream,
//! the Private / Shareable toggle, and downloads.

use super::{CheckedForm, PageError, PageResult, app_page, see_other};
use crate::app::AppState;
use crate::execute::{self, Plan};
use crate::html::{self, Section, counts, csrf_field, duration, esc, timestamp};
use crate::live;
use crate::secret::new_token;
use crate::session::Session;
use crate::store::{RunRow, RunStatus, Store, SuiteKey};
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::sse::{KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use scimcheck_engine::runscope::format;

/// Who is looking at a run page.
pub enum Viewer<'a> {
    /// The owner, in the app: share controls; URLs under `/runs/{id}`.
    Owner {
        /// For the share forms.
        session: &'a Session,
        /// The absolute share URL, when shared.
        share_url: Option<String>,
    },
    /// Someone with the share link: read-only; URLs under `/s/{token}`.
    Shared {
        /// The share token.
        token: &'a str,
    },
}

/// The body of a run page: header, progress, share and download controls, notes, `extra` (the
/// owner's comparison section) and every case.
pub fn run_body(
    store: &Store,
    run: &RunRow,
    viewer: &Viewer<'_>,
    extra: &str,
) -> Result<String, PageError> {
    let cases = store.cases_after(run.id, 0, i64::MAX)?;
    let base = match viewer {
        Viewer::Owner { .. } => format!("/runs/{}", run.id),
        Viewer::Shared { token } => format!("/s/{}", esc(token)),
    };
    let mut out = String::with_capacity(2048 + cases.len() * 2048);
    out.push_str(&format!(
        "<h1>{suite}</h1><p class=\"meta\">{env} · {target} · started {started}{dur} \
         <span class=\"status {status}\" id=\"status\">{status}</span></p>\
         <div class=\"card\"><progress id=\"progress\" max=\"{max}\" value=\"{done}\"></progress>\
         <p id=\"counts\">{counts}</p></div>",
        suite = esc(&run.suite_name),
        env = esc(&run.environment_name),
        target = esc(&run.target),
        started = timestamp(&run.started_at),
        dur = if run.status == RunStatus::Running {
            String::new()
        } else {
            format!(" · {}", duration(run.duration_ms))
        },
        status = run.status.as_str(),
        max = run.planned.max(run.done()).max(1),
        done = run.done(),
        counts = counts(run.summary),
    ));
    let downloads = format!(
        "Download: <a href=\"{base}/download/html\">HTML report</a> · <a href=\"{base}/download/junit\">JUnit</a> · <a href=\"{base}/download/json\">JSON</a>"
    );
    if let Viewer::Owner { session, share_url } = viewer {
        let csrf = csrf_field(&session.csrf);
        if run.status == RunStatus::Running {
            out.push_str(&format!(
                "<form method=\"post\" action=\"{base}/cancel\" id=\"cancel-run\">{csrf}\
                 <button class=\"danger\" type=\"submit\">Cancel run</button></form>"
            ));
        }
        let share = match share_url {
            Some(url) => format!(
                "<p><b>Shareable</b>: anyone with this link can read this run (credentials are masked).</p>\
                 <p class=\"row\"><input type=\"text\" readonly id=\"share-url\" value=\"{url}\">\
                 <button type=\"button\" data-copy=\"share-url\">Copy</button></p>\
                 <form method=\"post\" action=\"{base}/private\" id=\"make-private\">{csrf}<button type=\"submit\">Make private (revokes the link)</button></form>",
                url = esc(url)
            ),
            None => format!(
                "<p><b>Private</b>: only this dashboard shows this run.</p>\
                 <form method=\"post\" action=\"{base}/share\" id=\"make-shareable\">{csrf}<button type=\"submit\">Make shareable</button></form>"
            ),
        };
        out.push_str(&format!(
            "<div class=\"card share\">{share}<p>{downloads}</p></div>"
        ));
    } else {
        out.push_str(&format!("<p>{downloads}</p>"));
    }
    if !run.notes.is_empty() {
        out.push_str("<ul class=\"notes\">");
        for note in &run.notes {
            out.push_str(&format!(
                "<li>{}</li>",
                esc(&crate::glossary::annotate(note))
            ));
        }
        out.push_str("</ul>");
    }
    out.push_str(extra);
    out.push_str("<div id=\"cases\">");
    for stored in &cases {
        out.push_str(&html::case(&stored.case));
    }
    out.push_str("</div>");
    if cases.is_empty() && run.status != RunStatus::Running {
        out.push_str("<p class=\"empty\">No case finished.</p>");
    }
    if run.status == RunStatus::Running {
        let after = cases.last().map_or(0, |c| c.seq);
        out.push_str(&format!(
            "<div id=\"live\" data-events=\"{base}/events?after={after}\"></div>"
        ));
    }
    Ok(out)
}

fn run_or_404(store: &Store, id: i64) -> Result<RunRow, PageError> {
    store
        .run(id)?
        .ok_or_else(|| PageError::not_found("This run"))
}

/// `POST /runs`: starts a run and opens its page.
pub async fn start(State(app): State<AppState>, CheckedForm(form): CheckedForm) -> PageResult {
    let environment_id: i64 = form
        .get("environment")
        .parse()
        .map_err(|_| PageError::bad_input("Choose an environment."))?;
    let id = launch(
        &app,
        environment_id,
        form.get("suite"),
        form.all("category"),
    )?;
    Ok(see_other(&format!("/runs/{id}")))
}

/// Starts suite `suite` (`builtin`, narrowed to `categories`, or `upload:ID`) in environment
/// `environment_id`, as the run form and the JSON API ask; returns the new run's id.
pub fn launch(
    app: &AppState,
    environment_id: i64,
    suite: &str,
    categories: Vec<String>,
) -> Result<i64, PageError> {
    let environment = app
        .store
        .environment(environment_id)?
        .ok_or_else(|| PageError::not_found("This environment"))?;
    if environment.credentials_unreadable {
        return Err(PageError::bad_input(format!(
            "A stored credential of {} (its Authorization or a secret variable) cannot be opened (the dashboard's key file was replaced or the database edited). Enter it again on the environment's page.",
            environment.name
        )));
    }
    let plan = match SuiteKey::parse(suite) {
        Some(SuiteKey::Builtin) => {
            if categories.is_empty() {
                return Err(PageError::bad_input(
                    "Tick at least one category of the built-in suite.",
                ));
            }
            Plan::Builtin {
                categories,
                read_only: false,
            }
        }
        Some(SuiteKey::Upload(id)) => {
            let suite = app
                .store
                .suite(id)?
                .ok_or_else(|| PageError::not_found("This suite"))?;
            let test = format::parse(&suite.source).map_err(|e| {
                PageError::bad_input(format!("The stored suite no longer parses: {e}"))
            })?;
            Plan::Runscope {
                suite_id: id,
                test: Box::new(test),
            }
        }
        None => return Err(PageError::bad_input("Choose a suite.")),
    };
    Ok(execute::start(
        &app.store,
        &app.live,
        &app.target_policy,
        environment,
        plan,
        &app.script_host,
    )?)
}

/// The share URL for `token`: on the configured public URL, else on the host the browser used.
fn share_url(app: &AppState, headers: &HeaderMap, token: &str) -> String {
    if let Some(base) = &app.public_url {
        return format!("{base}/s/{token}");
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("127.0.0.1");
    format!("http://{host}/s/{token}")
}

/// `/runs/{id}`.
/// Query of the run page: which earlier run to compare with (see [`super::compare`]).
#[derive(Debug, Default, serde::Deserialize)]
pub struct CompareQuery {
    /// `previous` (the default), `green`, or a run id.
    pub compare: Option<String>,
}

/// `/runs/{id}`: the run, and (once it has finished) how it compares with an earlier one.
pub async fn show(
    State(app): State<AppState>,
    Extension(session): Extension<Session>,
    Path(id): Path<i64>,
    Query(query): Query<CompareQuery>,
    headers: HeaderMap,
) -> PageResult {
    let run = run_or_404(&app.store, id)?;
    let viewer = Viewer::Owner {
        session: &session,
        share_url: run
            .share_token
            .as_deref()
            .map(|t| share_url(&app, &headers, t)),
    };
    let baseline = super::compare::Baseline::parse(query.compare.as_deref());
    let comparison = super::compare::section(&app.store, &run, baseline)?;
    let body = run_body(&app.store, &run, &viewer, &comparison)?;
    Ok(app_page(&format!("Run {id}"), Section::History, &body))
}

/// Query of the event stream: cases the page already shows.
#[derive(Debug, serde::Deserialize)]
pub struct After {
    /// Last case position on the page.
    #[serde(default)]
    pub after: i64,
}

/// The live stream of a run, resuming after the later of the page's last case and the
/// `Last-Event-ID` an automatically reconnecting browser sends.
pub fn stream(app: &AppState, run_id: i64, after: i64, headers: &HeaderMap) -> Response {
    let resumed = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(0);
    Sse::new(live::follow(
        app.store.clone(),
        &app.live,
        run_id,
        after.max(resumed),
    ))
    .keep_alive(KeepAlive::default())
    .into_response()
}

/// `/runs/{id}/events`.
pub async fn events(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    Query(after): Query<After>,
    headers: HeaderMap,
) -> PageResult {
    run_or_404(&app.store, id)?;
    Ok(stream(&app, id, after.after, &headers))
}

/// Makes run `id` shareable under `token`, or private with `None`, then shows the run.
fn set_sharing(app: &AppState, id: i64, token: Option<String>) -> PageResult {
    if !app.store.set_share_token(id, token.as_deref())? {
        return Err(PageError::not_found("This run"));
    }
    Ok(see_other(&format!("/runs/{id}")))
}

/// `POST /runs/{id}/cancel`: stops a running run (it ends shortly, marked cancelled), then
/// shows it; a run that already ended is left as it is.
pub async fn cancel(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    _: CheckedForm,
) -> PageResult {
    run_or_404(&app.store, id)?;
    app.live.cancel(id);
    Ok(see_other(&format!("/runs/{id}")))
}

/// `POST /runs/{id}/share`: a fresh 256-bit token.
pub async fn share(State(app): State<AppState>, Path(id): Path<i64>, _: CheckedForm) -> PageResult {
    set_sharing(&app, id, Some(new_token()))
}

/// `POST /runs/{id}/private`: revokes the share token.
pub async fn private(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    _: CheckedForm,
) -> PageResult {
    set_sharing(&app, id, None)
}

/// A download of `run` as `format` (`html`, `junit` or `json`).
pub fn download_as(store: &Store, run: &RunRow, format: &str) -> PageResult {
    let result = store.run_result(run)?;
    let (content_type, extension, text) = match format {
        "html" => (
            "text/html; charset=utf-8",
            "html",
            scimcheck_report::html::render(&result),
        ),
        "junit" => (
            "application/xml; charset=utf-8",
            "xml",
            scimcheck_report::junit::render(&result),
        ),
        "json" => (
            "application/json",
            "json",
            scimcheck_report::json::render(&result),
        ),
        _ => {
            return Err(PageError::not_found(
                "This download format (use html, junit or json)",
            ));
        }
    };
    let disposition = format!(
        "attachment; filename=\"scimcheck-run-{}.{extension}\"",
        run.id
    );
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        text,
    )
        .into_response())
}

/// `/runs/{id}/download/{format}`.
pub async fn download(
    State(app): State<AppState>,
    Path((id, format)): Path<(i64, String)>,
) -> PageResult {
    let run = run_or_404(&app.store, id)?;
    download_as(&app.store, &run, &format)
}
