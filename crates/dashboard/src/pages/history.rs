//! History: runs per environment and suite, newest first, paged by id, with the recent runs'
//! pass rate and p95 response time as charts and each environment's uptime.

use super::{PageResult, app_page};
use crate::app::AppState;
use crate::html::{Section, duration, esc, response_times, timestamp, trend, uptime};
use crate::store::{HistoryFilter, RunRow, SuiteKey};
use axum::extract::{Query, State};

/// Runs per history page.
pub const PAGE_SIZE: i64 = 50;

/// Recent runs the charts and the uptime cover.
const CHARTED: i64 = 30;

/// The table of runs used by history and the start page.
pub fn run_table(runs: &[RunRow]) -> String {
    if runs.is_empty() {
        return "<p class=\"empty\">No run yet.</p>".into();
    }
    let rows: String = runs
        .iter()
        .map(|r| {
            let s = r.summary;
            let rate = r
                .pass_rate()
                .map_or_else(|| "–".to_owned(), |p| format!("{:.0}%", p * 100.0));
            format!(
                "<tr><td><a href=\"/runs/{id}\">#{id}</a></td><td><span class=\"status {status}\">{status}</span></td>\
                 <td>{suite}</td><td>{env}</td><td>{started}</td><td>{passed}</td><td>{failed}</td><td>{errored}</td>\
                 <td>{skipped}</td><td>{rate}</td><td>{dur}</td></tr>",
                id = r.id,
                status = r.status.as_str(),
                suite = esc(&r.suite_name),
                env = esc(&r.environment_name),
                started = timestamp(&r.started_at),
                passed = s.passed,
                failed = s.failed,
                errored = s.errored,
                skipped = s.skipped,
                dur = duration(r.duration_ms),
            )
        })
        .collect();
    format!(
        "<table class=\"runs\"><thead><tr><th>Run</th><th>Status</th><th>Suite</th><th>Environment</th><th>Started</th>\
         <th>Passed</th><th>Failed</th><th>Errored</th><th>Skipped</th><th>Pass rate</th><th>Duration</th></tr></thead>\
         <tbody>{rows}</tbody></table>"
    )
}

/// Query of `/history`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct HistoryQuery {
    /// Environment id.
    #[serde(default)]
    pub environment: Option<String>,
    /// Suite key.
    #[serde(default)]
    pub suite: Option<String>,
    /// Show runs older than this id.
    #[serde(default)]
    pub before: Option<i64>,
}

impl HistoryQuery {
    fn filter(&self) -> HistoryFilter {
        HistoryFilter {
            environment_id: self.environment.as_deref().and_then(|e| e.parse().ok()),
            suite: self.suite.as_deref().and_then(SuiteKey::parse),
        }
    }
}

/// The history page body (also measured by the render bench).
pub fn history_body(
    app: &AppState,
    query: &HistoryQuery,
) -> Result<String, crate::error::DashboardError> {
    let filter = query.filter();
    let runs = app.store.history(&filter, query.before, PAGE_SIZE)?;
    let mut recent = app.store.history(&filter, None, CHARTED)?;
    recent.reverse();
    let rates: Vec<f64> = recent.iter().filter_map(RunRow::pass_rate).collect();
    let p95s: Vec<u64> = recent.iter().filter_map(|r| r.p95_ms).collect();
    let environments = app.store.environments()?;
    let mut uptimes = String::new();
    for e in environments
        .iter()
        .filter(|e| filter.environment_id.is_none_or(|id| id == e.id))
    {
        let own = HistoryFilter {
            environment_id: Some(e.id),
            suite: filter.suite,
        };
        let mut green: Vec<bool> = app
            .store
            .history(&own, None, CHARTED)?
            .iter()
            .filter_map(RunRow::green)
            .collect();
        green.reverse();
        uptimes.push_str(&uptime(&e.name, &green));
    }
    let uptimes = if uptimes.is_empty() {
        uptimes
    } else {
        format!(
            "<table class=\"uptime\"><caption>Uptime, last {CHARTED} runs per environment (green: finished with nothing failing)</caption>{uptimes}</table>"
        )
    };
    let selected = |yes: bool| if yes { " selected" } else { "" };
    let mut env_options = "<option value=\"\">All environments</option>".to_owned();
    for e in &environments {
        env_options.push_str(&format!(
            "<option value=\"{}\"{}>{}</option>",
            e.id,
            selected(filter.environment_id == Some(e.id)),
            esc(&e.name)
        ));
    }
    let mut suite_options = format!(
        "<option value=\"\">All suites</option><option value=\"builtin\"{}>{}</option>",
        selected(filter.suite == Some(SuiteKey::Builtin)),
        esc(scimcheck_suites::runner::SUITE_NAME)
    );
    for s in app.store.suites()? {
        let key = SuiteKey::Upload(s.id);
        suite_options.push_str(&format!(
            "<option value=\"{}\"{}>{}</option>",
            key.to_key(),
            selected(filter.suite == Some(key)),
            esc(&s.name)
        ));
    }
    let keep = format!(
        "environment={}&amp;suite={}",
        filter
            .environment_id
            .map(|e| e.to_string())
            .unwrap_or_default(),
        filter.suite.map(SuiteKey::to_key).unwrap_or_default()
    );
    let mut pager = String::new();
    if query.before.is_some() {
        pager.push_str(&format!("<a href=\"/history?{keep}\">← Newest</a>"));
    }
    if let (Some(last), true) = (runs.last(), runs.len() as i64 == PAGE_SIZE) {
        pager.push_str(&format!(
            "<a href=\"/history?{keep}&amp;before={}\" id=\"older\">Older →</a>",
            last.id
        ));
    }
    Ok(format!(
        "<h1>History</h1><form method=\"get\" action=\"/history\" class=\"row card\">\
         <div><label for=\"henv\">Environment</label><select id=\"henv\" name=\"environment\">{env_options}</select></div>\
         <div><label for=\"hsuite\">Suite</label><select id=\"hsuite\" name=\"suite\">{suite_options}</select></div>\
         <div><button type=\"submit\">Show</button></div></form><div class=\"row\">{trend}{times}</div>{uptimes}{table}<div class=\"pager\">{pager}</div>",
        trend = trend(&rates),
        times = response_times(&p95s),
        table = run_table(&runs),
    ))
}

/// `/history`.
pub async fn show(State(app): State<AppState>, Query(query): Query<HistoryQuery>) -> PageResult {
    let body = history_body(&app, &query)?;
    Ok(app_page("History", Section::History, &body))
}
