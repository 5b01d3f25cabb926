//! The web application: shared state, routes, and the layers every response passes through
//! (session and sign-in, security headers).

use crate::accounts::{self, Actor};
use crate::api;
use crate::backoff::SignInBackoff;
use crate::config::DashboardConfig;
use crate::error::DashboardError;
use crate::live::LiveRuns;
use crate::monitor::{Monitor, Webhook};
use crate::origin::{self, OriginRules};
use crate::pages;
use crate::session::{self, Session, Sessions};
use crate::store::Store;
use crate::targets::TargetRules;
use crate::vault::private_dir;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use scimcheck_engine::http::TargetPolicy;
use scimcheck_engine::runscope::script::ScriptHost;
use std::net::SocketAddr;
use std::sync::Arc;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Runs in progress.
    pub live: Arc<LiveRuns>,
    /// Browser sessions.
    pub sessions: Arc<Sessions>,
    /// Wrong-password backoff per client address.
    pub sign_in_backoff: Arc<SignInBackoff>,
    /// Whether browsers sign in as accounts (`--password` was given, or accounts exist);
    /// without, everyone who reaches the loopback dashboard is [`Actor::Local`].
    pub accounts: bool,
    /// The configured base of share links ([`DashboardConfig::share_base`]), when one is set.
    pub public_url: Option<Arc<str>>,
    /// The Host names and origins requests must come from.
    pub origins: Arc<OriginRules>,
    /// Where runs may send requests ([`TargetRules`]); each run builds its own transport
    /// with it.
    pub target_policy: Arc<dyn TargetPolicy>,
    /// Where uploaded suites' scripts run ([`DashboardConfig::script_host`]).
    pub script_host: ScriptHost,
    /// The JSON API's bearer token ([`DashboardConfig::api_token`]); `None`: the API is off.
    pub api_token: Option<Arc<str>>,
    /// Whether schedules can mail alerts ([`DashboardConfig::smtp`] is set).
    pub email_alerts: bool,
}

/// Every route, in one list, so the CSRF test can walk the state-changing ones.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::home::show))
        .route("/login", get(pages::login::show).post(pages::login::submit))
        .route("/logout", post(pages::login::sign_out))
        .route("/team", get(pages::team::show).post(pages::team::create))
        .route("/team/password", post(pages::team::change_own_password))
        .route("/team/{id}/password", post(pages::team::reset_password))
        .route("/team/{id}/role", post(pages::team::set_role))
        .route("/team/{id}/delete", post(pages::team::delete))
        .route("/audit", get(pages::audit::show))
        .route(
            "/environments",
            get(pages::environments::list).post(pages::environments::create),
        )
        .route(
            "/environments/{id}",
            get(pages::environments::edit).post(pages::environments::update),
        )
        .route(
            "/environments/{id}/delete",
            post(pages::environments::delete),
        )
        .route(
            "/suites",
            get(pages::suites::list).post(pages::suites::upload).layer(
                axum::extract::DefaultBodyLimit::max(crate::store::MAX_SUITE_BYTES),
            ),
        )
        .route("/suites/{id}", get(pages::suites::preview))
        .route("/suites/{id}/test-id", post(pages::suites::set_test_id))
        .route("/suites/{id}/delete", post(pages::suites::delete))
        .route("/runs", post(pages::runs::start))
        .route("/runs/{id}", get(pages::runs::show))
        .route("/runs/{id}/events", get(pages::runs::events))
        .route("/runs/{id}/share", post(pages::runs::share))
        .route("/runs/{id}/private", post(pages::runs::private))
        .route("/runs/{id}/cancel", post(pages::runs::cancel))
        .route("/runs/{id}/download/{format}", get(pages::runs::download))
        .route("/history", get(pages::history::show))
        .route(
            "/schedules",
            get(pages::schedules::list).post(pages::schedules::create),
        )
        .route("/schedules/{id}", get(pages::schedules::show))
        .route("/schedules/{id}/edit", post(pages::schedules::edit))
        .route("/schedules/{id}/pause", post(pages::schedules::pause))
        .route("/schedules/{id}/resume", post(pages::schedules::resume))
        .route("/schedules/{id}/delete", post(pages::schedules::delete))
        .route("/s/{token}", get(pages::share::show))
        .route("/s/{token}/events", get(pages::share::events))
        .route("/s/{token}/download/{format}", get(pages::share::download))
        .route("/static/app.css", get(pages::assets::style))
        .route("/static/app.js", get(pages::assets::script))
        .nest(
            "/api/v1",
            api::router().layer(middleware::from_fn_with_state(
                state.clone(),
                api::authorize,
            )),
        )
        .layer(middleware::from_fn_with_state(state.clone(), sessions))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state.origins),
            origin::guard,
        ))
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}

/// True for paths that need no session: assets, shared pages (read-only by token) and the
/// JSON API (its own bearer token, no cookie).
fn public(path: &str) -> bool {
    path.starts_with("/static/") || path.starts_with("/s/") || path.starts_with("/api/")
}

async fn sessions(State(app): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if public(&path) {
        return next.run(request).await;
    }
    let cookie = request
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(session::cookie_value)
        .map(str::to_owned);
    let (session, created) = app.sessions.resolve(cookie.as_deref(), !app.accounts);
    let set_cookie = created.then(|| session::set_cookie(&session.id));
    // The account is read on every request, so a deleted or demoted one loses its rights at
    // once, not at its next sign-in.
    let actor = match (app.accounts, session.account) {
        (false, _) => Some(Actor::Local),
        (true, Some(id)) => match app.store.account(id) {
            Ok(account) => account.map(Actor::User),
            // Not "signed out": the account may well exist; say what failed.
            Err(e) => return pages::PageError::from(e).into_response(),
        },
        (true, None) => None,
    };
    let mut response = match actor {
        None if path != "/login" => Redirect::to("/login").into_response(),
        _ => {
            if let Some(actor) = actor {
                request.extensions_mut().insert::<Actor>(actor);
            }
            request.extensions_mut().insert::<Session>(session);
            next.run(request).await
        }
    };
    if let Some(value) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// Only this origin's script and style; no framing; no referrer to other origins (share URLs
/// carry tokens). `same-origin` rather than `no-referrer`: under `no-referrer` browsers send
/// `Origin: null` with the dashboard's own form posts, which the Origin check must refuse.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// A dashboard that is listening.
pub struct RunningDashboard {
    addr: SocketAddr,
    shutdown: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Result<(), std::io::Error>>,
    monitor: Arc<Monitor>,
    ticker: tokio::task::JoinHandle<()>,
}

impl RunningDashboard {
    /// The address it listens on (the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://addr`, for links and tests.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The scheduler, so tests can tick it at the times they need instead of waiting.
    pub fn monitor(&self) -> &Arc<Monitor> {
        &self.monitor
    }

    /// Stops the scheduler and accepting requests, and waits (at most two seconds, since live
    /// pages hold their event streams open) for the server task.
    pub async fn shutdown(self) {
        self.ticker.abort();
        let _ = self.shutdown.send(());
        let mut task = self.task;
        if tokio::time::timeout(std::time::Duration::from_secs(2), &mut task)
            .await
            .is_err()
        {
            task.abort();
        }
    }

    /// Serves until the process is stopped (Ctrl-C).
    pub async fn wait(self) -> Result<(), DashboardError> {
        let addr = self.addr;
        match self.task.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(source)) => Err(DashboardError::Listen { addr, source }),
            Err(join) => Err(DashboardError::Listen {
                addr,
                source: std::io::Error::other(join),
            }),
        }
    }
}

/// Validates `config`, opens the data (folder 0700, database and key 0600), marks runs cut by
/// a previous stop as interrupted, records the schedules' runs missed while stopped, and
/// starts serving and scheduling.
pub async fn start(config: &DashboardConfig) -> Result<RunningDashboard, DashboardError> {
    config.validate()?;
    private_dir(&config.data_dir).map_err(|source| DashboardError::DataDir {
        path: config.data_dir.clone(),
        source,
    })?;
    let store = Store::open(&config.database_path())?;
    store.mark_interrupted()?;
    if let Some(password) = config.password.as_deref().filter(|p| !p.is_empty()) {
        accounts::ensure_admin(&store, password).await?;
    }
    let accounts = store.has_accounts()?;
    let public_url: Option<Arc<str>> = config.share_base()?.map(Arc::from);
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| DashboardError::Listen {
            addr: config.listen,
            source,
        })?;
    let addr = listener
        .local_addr()
        .map_err(|source| DashboardError::Listen {
            addr: config.listen,
            source,
        })?;
    let target_policy: Arc<dyn TargetPolicy> =
        Arc::new(TargetRules::new(addr, &config.allow_targets));
    let live = Arc::new(LiveRuns::default());
    let monitor = Arc::new(Monitor::new(
        store.clone(),
        Arc::clone(&live),
        Arc::clone(&target_policy),
        config.script_host.clone(),
        public_url
            .as_deref()
            .map_or_else(|| format!("http://{addr}"), str::to_owned),
        Webhook::default().held_to(Arc::clone(&target_policy)),
        config.mailer()?,
    ));
    monitor.catch_up(chrono::Utc::now().timestamp()).await?;
    let state = AppState {
        store,
        live,
        sessions: Arc::new(Sessions::default()),
        sign_in_backoff: Arc::new(SignInBackoff::default()),
        origins: Arc::new(OriginRules::new(addr, accounts, public_url.as_deref())),
        accounts,
        public_url,
        target_policy,
        script_host: config.script_host.clone(),
        api_token: config.api_token.as_deref().map(Arc::from),
        email_alerts: config.smtp.is_some(),
    };
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = router(state);
    let task = tokio::spawn(async move {
        let stop = async move {
            let _ = stopped.await;
        };
        scim_server::serve_hardened(
            listener,
            app,
            scim_server::ConnectionLimits::default(),
            stop,
        )
        .await;
        Ok(())
    });
    let ticker = Arc::clone(&monitor).spawn_ticker();
    Ok(RunningDashboard {
        addr,
        shutdown,
        task,
        monitor,
        ticker,
    })
}
