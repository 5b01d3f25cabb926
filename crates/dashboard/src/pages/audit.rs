//! `/audit`: who changed what, newest first — environments, schedules, suites, accounts and
//! sign-ins. Field names only, never values (see [`crate::store::AuditEntry`]).

use super::{PageResult, app_page};
use crate::app::AppState;
use crate::html::{Section, esc};
use crate::monitor::clock;
use axum::extract::State;
use std::fmt::Write;

/// Entries shown: the latest ones; older ones stay in the database.
const SHOWN: usize = 500;

/// `GET /audit`.
pub async fn show(State(app): State<AppState>) -> PageResult {
    let entries = app.store.audit_log(SHOWN)?;
    let table = if entries.is_empty() {
        "<p class=\"empty\">Nothing changed yet.</p>".to_owned()
    } else {
        let mut rows = String::new();
        for entry in &entries {
            let _ = write!(
                rows,
                "<tr><td>{at}</td><td>{actor}</td><td>{action}</td><td>{subject}</td><td>{detail}</td></tr>",
                at = clock(entry.at),
                actor = esc(&entry.actor),
                action = esc(&entry.action),
                subject = esc(&entry.subject),
                detail = esc(&entry.detail),
            );
        }
        format!(
            "<table id=\"audit\"><thead><tr><th>When</th><th>Who</th><th>Did</th><th>To</th>\
             <th>Changed</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    };
    let body = format!(
        "<h1>Audit log</h1><p class=\"meta\">The latest {SHOWN} changes to environments, schedules, suites and accounts, and sign-ins. Setting names only: values (credentials among them) are never recorded.</p>{table}"
    );
    Ok(app_page("Audit log", Section::Audit, &body))
}
