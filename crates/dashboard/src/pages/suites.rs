//! Suites: the built-in conformance suite (its categories) and uploaded Runscope exports, with a
//! preview of their steps. Okta's published files upload and run as they are.

use super::{
    CheckedForm, PageError, PageResult, app_page, audit_subject, csrf_refused, require_csrf,
    see_other,
};
use crate::accounts::Actor;
use crate::app::AppState;
use crate::execute::builtin_categories;
use crate::html::{Section, csrf_field, esc, timestamp};
use crate::session::Session;
use axum::Extension;
use axum::extract::multipart::MultipartError;
use axum::extract::{Multipart, Path, State};
use scimcheck_engine::runscope::format::{self, Step, StepKind};
use std::fmt::Write;

/// `/suites`.
pub async fn list(
    State(app): State<AppState>,
    Extension(session): Extension<Session>,
) -> PageResult {
    let suites = app.store.suites()?;
    let categories: String = builtin_categories()
        .iter()
        .map(|c| format!("<code>{c}</code> "))
        .collect();
    let rows: String = suites
        .iter()
        .map(|s| {
            format!(
                "<tr><td><a href=\"/suites/{id}\">{name}</a></td><td>{file}</td><td>{at}</td>\
                 <td><a href=\"/history?suite=upload:{id}\">history</a></td>\
                 <td><form class=\"inline\" method=\"post\" action=\"/suites/{id}/delete\" data-confirm=\"Delete this suite? Its runs stay in history.\">{csrf}<button class=\"danger\" type=\"submit\">Delete</button></form></td></tr>",
                id = s.id,
                name = esc(&s.name),
                file = esc(&s.file_name),
                at = timestamp(&s.uploaded_at),
                csrf = csrf_field(&session.csrf),
            )
        })
        .collect();
    let uploads = if suites.is_empty() {
        "<p class=\"empty\">No Runscope export uploaded yet.</p>".to_owned()
    } else {
        format!(
            "<table id=\"suites\"><thead><tr><th>Name</th><th>File</th><th>Uploaded</th><th></th><th></th></tr></thead><tbody>{rows}</tbody></table>"
        )
    };
    let body = format!(
        "<h1>Suites</h1><div class=\"card\"><h2>{builtin}</h2><p>Categories: {categories}</p>\
         <p><a href=\"/history?suite=builtin\">history</a></p></div>\
         <h2>Runscope tests</h2>{uploads}<div class=\"card\"><h2>Upload a Runscope export</h2>\
         <form method=\"post\" action=\"/suites\" enctype=\"multipart/form-data\" id=\"upload-form\">\
         {csrf}<input type=\"file\" id=\"file\" name=\"file\" accept=\".json,application/json\" required> \
         <button class=\"primary\" type=\"submit\">Upload</button>\
         <p class=\"meta\">e.g. Okta-SCIM-20-SPEC-Test.json, unmodified.</p></form></div>",
        builtin = esc(scimcheck_suites::runner::SUITE_NAME),
        csrf = csrf_field(&session.csrf),
    );
    Ok(app_page("Suites", Section::Suites, &body))
}

/// `POST /suites` (multipart): validates the export and keeps it. The CSRF token is the form's
/// `csrf` field, which must come before the file (the page's form puts it first, and browsers
/// send fields in order), so the token is checked before the file is read, and never travels
/// in the URL where logs and history would keep it.
pub async fn upload(
    State(app): State<AppState>,
    Extension(session): Extension<Session>,
    Extension(actor): Extension<Actor>,
    mut multipart: Multipart,
) -> PageResult {
    let unreadable =
        |e: MultipartError| PageError::bad_input(format!("The upload could not be read: {e}."));
    let mut token_checked = false;
    let mut upload = None;
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some("csrf") => {
                let token = field.text().await.map_err(unreadable)?;
                require_csrf(&session, &token)?;
                token_checked = true;
            }
            Some("file") => {
                if !token_checked {
                    return Err(csrf_refused());
                }
                let file_name = field.file_name().unwrap_or("upload.json").to_owned();
                upload = Some((file_name, field.bytes().await.map_err(unreadable)?));
            }
            _ => {}
        }
    }
    if !token_checked {
        return Err(csrf_refused());
    }
    let Some((file_name, bytes)) = upload else {
        return Err(PageError::bad_input(
            "Choose a Runscope JSON file to upload.",
        ));
    };
    let source = String::from_utf8(bytes.to_vec()).map_err(|_| {
        PageError::bad_input(format!(
            "{file_name} is not UTF-8 text; upload the JSON export from Runscope."
        ))
    })?;
    let test = format::parse(&source).map_err(|e| {
        PageError::bad_input(format!("{file_name} is not a usable Runscope test: {e}"))
    })?;
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let id = app.store.add_suite(&test.name, &file_name, &source, &now)?;
    app.store.audit(
        actor.name(),
        "uploaded suite",
        &audit_subject(&test.name, id),
        &file_name,
    )?;
    Ok(see_other(&format!("/suites/{id}")))
}

fn step_rows(out: &mut String, steps: &[Step], prefix: &str, depth: usize) {
    for (index, step) in steps.iter().enumerate() {
        let number = format!("{prefix}{}", index + 1);
        let skipped = if step.skipped {
            " <span class=\"meta\">(skipped)</span>"
        } else {
            ""
        };
        let indent = "· ".repeat(depth);
        let (kind, detail) = match &step.kind {
            StepKind::Request(request) => (
                "request".to_owned(),
                format!(
                    "<code>{} {}</code><div>{}</div><div class=\"meta\">{} assertions, {} extractions, {} scripts</div>",
                    esc(&request.method),
                    esc(&request.url),
                    esc(&request.note),
                    request.assertions.len(),
                    request.extractions.len(),
                    request.scripts.len() + request.before_scripts.len()
                ),
            ),
            StepKind::Pause { seconds } => ("pause".into(), format!("{seconds} s")),
            StepKind::Condition(condition) => (
                if condition.looping {
                    "conditional-loop"
                } else {
                    "condition"
                }
                .into(),
                format!(
                    "<code>{} {} {}</code>",
                    esc(&condition.left),
                    esc(condition.comparison.as_str()),
                    esc(condition.right.as_deref().unwrap_or(""))
                ),
            ),
            StepKind::Subtest(subtest) => (
                "subtest".into(),
                format!(
                    "<code>test {}</code><div>{}</div><div class=\"meta\">{} params, {} assertions, {} extractions; runs only from the command line (<code>scimcheck runscope --subtest</code>)</div>",
                    esc(&subtest.test_uuid),
                    esc(&subtest.note),
                    subtest.params.len(),
                    subtest.assertions.len(),
                    subtest.extractions.len()
                ),
            ),
            StepKind::NotRunnable { step_type, needs } => (
                esc(step_type),
                format!(
                    "<span class=\"meta\">not runnable here: needs {}</span>",
                    esc(needs)
                ),
            ),
            StepKind::Invalid { step_type, problem } => (
                esc(step_type),
                format!("<span class=\"error\">{}</span>", esc(problem)),
            ),
        };
        let _ = write!(
            out,
            "<tr><td>{indent}{number}</td><td>{kind}{skipped}</td><td>{detail}</td></tr>"
        );
        if let StepKind::Condition(condition) = &step.kind {
            step_rows(out, &condition.steps, &format!("{number}."), depth + 1);
        }
    }
}

/// `/suites/{id}`: the steps of an uploaded export.
pub async fn preview(State(app): State<AppState>, Path(id): Path<i64>) -> PageResult {
    let suite = app
        .store
        .suite(id)?
        .ok_or_else(|| PageError::not_found("This suite"))?;
    let test = format::parse(&suite.source)
        .map_err(|e| PageError::bad_input(format!("The stored file no longer parses: {e}")))?;
    let mut rows = String::new();
    step_rows(&mut rows, &test.steps, "", 0);
    let body = format!(
        "<h1>{name}</h1><p class=\"meta\">{file} · uploaded {at} · {count} steps</p><p>{description}</p>\
         <table id=\"steps\"><thead><tr><th>#</th><th>Type</th><th>Step</th></tr></thead><tbody>{rows}</tbody></table>\
         <p><a href=\"/\">Run it from Run now →</a></p>",
        name = esc(&suite.name),
        file = esc(&suite.file_name),
        at = timestamp(&suite.uploaded_at),
        count = test.steps.len(),
        description = esc(&test.description),
    );
    Ok(app_page(&suite.name, Section::Suites, &body))
}

/// `POST /suites/{id}/delete`.
pub async fn delete(
    State(app): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
    _: CheckedForm,
) -> PageResult {
    app.store.delete_suite(id, actor.name())?;
    Ok(see_other("/suites"))
}
