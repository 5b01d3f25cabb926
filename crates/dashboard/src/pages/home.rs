//! The start page: Run now (environment, suite, categories) and the latest runs.

use super::{PageResult, app_page, history::run_table};
use crate::app::AppState;
use crate::execute::builtin_categories;
use crate::html::{Section, csrf_field, esc};
use crate::session::Session;
use crate::store::{HistoryFilter, SuiteKey};
use axum::Extension;
use axum::extract::State;

/// `/`.
pub async fn show(
    State(app): State<AppState>,
    Extension(session): Extension<Session>,
) -> PageResult {
    let environments = app.store.environments()?;
    let suites = app.store.suites()?;
    let recent = app.store.history(&HistoryFilter::default(), None, 10)?;
    let run_now = if environments.is_empty() {
        "<p class=\"empty\">No environment yet. <a href=\"/environments\">Create one</a> \
         (leave the base URL empty to try the embedded reference server).</p>"
            .to_owned()
    } else {
        let env_options: String = environments
            .iter()
            .map(|e| format!("<option value=\"{}\">{}</option>", e.id, esc(&e.name)))
            .collect();
        let mut suite_options = format!(
            "<option value=\"builtin\">{}</option>",
            esc(scimcheck_suites::runner::SUITE_NAME)
        );
        for suite in &suites {
            suite_options.push_str(&format!(
                "<option value=\"{}\">{}</option>",
                SuiteKey::Upload(suite.id).to_key(),
                esc(&suite.name)
            ));
        }
        let categories: String = builtin_categories()
            .iter()
            .map(|c| {
                format!(
                    "<label class=\"check\"><input type=\"checkbox\" name=\"category\" value=\"{c}\" checked>{c}</label>"
                )
            })
            .collect();
        format!(
            "<form method=\"post\" action=\"/runs\" id=\"run-now\">{}<div class=\"row\">\
             <div><label for=\"environment\">Environment</label><select id=\"environment\" name=\"environment\">{env_options}</select></div>\
             <div><label for=\"suite\">Suite</label><select id=\"suite\" name=\"suite\">{suite_options}</select></div>\
             <div><button class=\"primary\" type=\"submit\" id=\"run-button\">Run now</button></div></div>\
             <fieldset id=\"categories\"><legend>Categories of the built-in suite</legend>{categories}</fieldset></form>",
            csrf_field(&session.csrf)
        )
    };
    let body = format!(
        "<h1>Run now</h1><div class=\"card\">{run_now}</div><h2>Latest runs</h2>{}\
         <p><a href=\"/history\">All history →</a></p>",
        run_table(&recent)
    );
    Ok(app_page("Run now", Section::Home, &body))
}
