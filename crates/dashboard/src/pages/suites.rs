//! Suites: the built-in conformance suite (its categories) and uploaded Runscope exports, with a
//! preview of their steps. Okta's published files upload and run as they are. An upload may be
//! given the Runscope test id it stands for (an export does not carry its own), so the subtest
//! steps that name that id run it.

use super::{
    CheckedForm, PageError, PageResult, app_page, audit_subject, changed_settings, csrf_refused,
    require_csrf, see_other,
};
use crate::accounts::Actor;
use crate::app::AppState;
use crate::execute::builtin_categories;
use crate::html::{Section, csrf_field, esc, timestamp};
use crate::session::Session;
use crate::store::{MAX_SUITE_BYTES, NewSuite, StoredSuite, SuiteRef};
use axum::Extension;
use axum::extract::multipart::MultipartError;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use scimcheck_engine::runscope::format::{self, Step, StepKind};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The most characters a Runscope test id may have: Runscope's own are 36-character UUIDs.
const TEST_ID_MAX_CHARS: usize = 64;

/// Where a user finds a test id, the end of every message about one.
const WHERE_TEST_IDS_ARE: &str = "Copy it from the test_uuid of the subtest step that calls \
    the test, or from the test's address in Runscope (e.g. 62b7e0b1-af6e-487c-b2ce-3ead93aeab5d).";

/// Reads the Runscope test id field: `None` when blank (the suite stands for no test), else the
/// trimmed id, or what is wrong with it and how to fix it. The id is matched exactly, as
/// subtest steps name it, so it is restricted to what ids are made of, never a whole URL.
fn test_id(field: &str) -> Result<Option<&str>, String> {
    let id = field.trim();
    if id.is_empty() {
        return Ok(None);
    }
    let chars = id.chars().count();
    if chars > TEST_ID_MAX_CHARS {
        return Err(format!(
            "The Runscope test id has {chars} characters; it can have at most {TEST_ID_MAX_CHARS}. {WHERE_TEST_IDS_ARE}"
        ));
    }
    if let Some(bad) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(format!(
            "The Runscope test id {id:?} contains {bad:?}; it can contain only letters (a-z, A-Z), digits, - and _. {WHERE_TEST_IDS_ARE}"
        ));
    }
    Ok(Some(id))
}

/// Why `test_id` cannot be given: `holder` has it.
fn taken(test_id: &str, holder: &SuiteRef) -> String {
    format!(
        "The Runscope test id {test_id} is already that of the suite \u{201c}{name}\u{201d} (#{id}): a subtest step runs one suite, so two cannot stand for the same test. Give this one another id, or first clear that suite's on its page (/suites/{id}).",
        name = holder.name,
        id = holder.id,
    )
}

/// A test id a form refused: the page is shown again with the message above the form, which
/// keeps what was typed, and answers with `status`.
struct Refused<'a> {
    status: StatusCode,
    message: String,
    typed: &'a str,
}

/// `page` as answered: with the refusal's status when it shows one.
fn answer(page: Response, refused: Option<&Refused<'_>>) -> Response {
    match refused {
        Some(refused) => (refused.status, page).into_response(),
        None => page,
    }
}

/// The Runscope test id field holding `value`, with what it is for and `refused`'s message.
fn test_id_field(value: &str, refused: Option<&Refused<'_>>) -> String {
    let error = refused
        .map(|r| {
            format!(
                "<p class=\"error\" id=\"test-id-error\" role=\"alert\">{}</p>",
                esc(&r.message)
            )
        })
        .unwrap_or_default();
    format!(
        "{error}<label for=\"test_id\">Runscope test id (optional)</label>\
         <input type=\"text\" id=\"test_id\" name=\"test_id\" value=\"{value}\" maxlength=\"{TEST_ID_MAX_CHARS}\" \
         pattern=\"\\s*[A-Za-z0-9_\\-]*\\s*\" title=\"letters, digits, - and _\" autocomplete=\"off\">\
         <p class=\"meta\">The id subtest steps name in <code>test_uuid</code>: a subtest step naming it runs this suite. \
         An export does not carry its own id; copy it from the calling step or from the test's address in Runscope.</p>",
        value = esc(value),
    )
}

/// `/suites`.
pub async fn list(
    State(app): State<AppState>,
    Extension(session): Extension<Session>,
) -> PageResult {
    list_page(&app, &session, None)
}

/// The Suites page; with `refused`, the upload form says why it refused a test id.
fn list_page(app: &AppState, session: &Session, refused: Option<&Refused<'_>>) -> PageResult {
    let suites = app.store.suites()?;
    let categories: String = builtin_categories()
        .iter()
        .map(|c| format!("<code>{c}</code> "))
        .collect();
    let rows: String = suites
        .iter()
        .map(|s| {
            format!(
                "<tr><td><a href=\"/suites/{id}\">{name}</a></td><td>{test_id}</td><td>{file}</td><td>{at}</td>\
                 <td><a href=\"/history?suite=upload:{id}\">history</a></td>\
                 <td><form class=\"inline\" method=\"post\" action=\"/suites/{id}/delete\" data-confirm=\"Delete this suite? Its runs stay in history.\">{csrf}<button class=\"danger\" type=\"submit\">Delete</button></form></td></tr>",
                id = s.id,
                name = esc(&s.name),
                test_id = s
                    .test_id
                    .as_deref()
                    .map_or_else(String::new, |t| format!("<code>{}</code>", esc(t))),
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
            "<table id=\"suites\"><thead><tr><th>Name</th><th>Runscope test id</th><th>File</th><th>Uploaded</th><th></th><th></th></tr></thead><tbody>{rows}</tbody></table>"
        )
    };
    let body = format!(
        "<h1>Suites</h1><div class=\"card\"><h2>{builtin}</h2><p>Categories: {categories}</p>\
         <p><a href=\"/history?suite=builtin\">history</a></p></div>\
         <h2>Runscope tests</h2>{uploads}<div class=\"card\"><h2>Upload a Runscope export</h2>\
         <form method=\"post\" action=\"/suites\" enctype=\"multipart/form-data\" id=\"upload-form\">\
         {csrf}{test_id}<label for=\"file\">Export</label><input type=\"file\" id=\"file\" name=\"file\" accept=\".json,application/json\" required> \
         <button class=\"primary\" type=\"submit\">Upload</button>\
         <p class=\"meta\">e.g. Okta-SCIM-20-SPEC-Test.json, unmodified.</p></form></div>",
        builtin = esc(scimcheck_suites::runner::SUITE_NAME),
        csrf = csrf_field(&session.csrf),
        test_id = test_id_field(refused.map_or("", |r| r.typed), refused),
    );
    Ok(answer(app_page("Suites", Section::Suites, &body), refused))
}

/// `POST /suites` (multipart): validates the export and keeps it, with the Runscope test id
/// given in the `test_id` field. The CSRF token is the form's `csrf` field, which must come
/// before the file (the page's form puts it first, and browsers send fields in order), so the
/// token is checked before the file is read, and never travels in the URL where logs and
/// history would keep it. A refused test id keeps nothing and shows the form again with it.
pub async fn upload(
    State(app): State<AppState>,
    Extension(session): Extension<Session>,
    Extension(actor): Extension<Actor>,
    mut multipart: Multipart,
) -> PageResult {
    let unreadable = |e: MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            PageError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "The upload is larger than {} MiB, the most a suite can be. Upload the JSON export of one Runscope test (usually a few dozen KB).",
                    MAX_SUITE_BYTES / (1024 * 1024)
                ),
            )
        } else {
            PageError::bad_input(format!("The upload could not be read: {e}."))
        }
    };
    let mut token_checked = false;
    let mut upload = None;
    let mut typed_test_id = String::new();
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some("csrf") => {
                let token = field.text().await.map_err(unreadable)?;
                require_csrf(&session, &token)?;
                token_checked = true;
            }
            Some("test_id") => typed_test_id = field.text().await.map_err(unreadable)?,
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
    let refuse = |status, message: String| {
        let refused = Refused {
            status,
            message: format!(
                "{message} Nothing was uploaded: choose the file again once the id is right, or leave the id empty."
            ),
            typed: &typed_test_id,
        };
        list_page(&app, &session, Some(&refused))
    };
    let test_id = match test_id(&typed_test_id) {
        Ok(test_id) => test_id,
        Err(message) => return refuse(StatusCode::BAD_REQUEST, message),
    };
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
    let added = app.store.add_suite(&NewSuite {
        name: &test.name,
        file_name: &file_name,
        source: &source,
        uploaded_at: &now,
        test_id,
    })?;
    let id = match added {
        Ok(id) => id,
        Err(holder) => {
            let message = taken(test_id.unwrap_or_default(), &holder);
            return refuse(StatusCode::CONFLICT, message);
        }
    };
    let detail = match test_id {
        Some(_) => format!("{file_name}, with a Runscope test id"),
        None => file_name,
    };
    app.store.audit(
        actor.name(),
        "uploaded suite",
        &audit_subject(&test.name, id),
        &detail,
    )?;
    Ok(see_other(&format!("/suites/{id}")))
}

/// The preview's rows of `steps`, numbered after `prefix`; `called` holds the uploaded suite
/// each subtest step runs, by the test id it names.
fn step_rows(
    out: &mut String,
    steps: &[Step],
    prefix: &str,
    depth: usize,
    called: &BTreeMap<&str, SuiteRef>,
) {
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
                    "<code>test {}</code><div>{}</div><div class=\"subtest-suite\">{}</div><div class=\"meta\">{} params, {} assertions, {} extractions</div>",
                    esc(&subtest.test_uuid),
                    esc(&subtest.note),
                    match called.get(subtest.test_uuid.as_str()) {
                        Some(suite) => format!(
                            "Runs the uploaded suite <a href=\"/suites/{}\">{}</a>.",
                            suite.id,
                            esc(&suite.name)
                        ),
                        None => "<span class=\"hint\">No uploaded suite has this Runscope test id, so the step is skipped: upload the test's export with this id, or give it to its suite on the suite's page.</span>".to_owned(),
                    },
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
            step_rows(
                out,
                &condition.steps,
                &format!("{number}."),
                depth + 1,
                called,
            );
        }
    }
}

/// `/suites/{id}`: the steps of an uploaded export, and its Runscope test id.
pub async fn preview(
    State(app): State<AppState>,
    Extension(session): Extension<Session>,
    Path(id): Path<i64>,
) -> PageResult {
    let suite = app
        .store
        .suite(id)?
        .ok_or_else(|| PageError::not_found("This suite"))?;
    preview_page(&app, &session, &suite, None)
}

/// A suite's page; with `refused`, its test id form says why it refused one.
fn preview_page(
    app: &AppState,
    session: &Session,
    suite: &StoredSuite,
    refused: Option<&Refused<'_>>,
) -> PageResult {
    let test = format::parse(&suite.source)
        .map_err(|e| PageError::bad_input(format!("The stored file no longer parses: {e}")))?;
    let mut called = BTreeMap::new();
    for test_id in test.called_tests() {
        if let Some(runs) = app.store.suite_named_by_test_id(test_id)? {
            called.insert(test_id, runs);
        }
    }
    let mut rows = String::new();
    step_rows(&mut rows, &test.steps, "", 0, &called);
    let stands_for = match &suite.test_id {
        Some(test_id) => format!(
            "Subtest steps naming <code>{}</code> run this suite.",
            esc(test_id)
        ),
        None => "No subtest step runs this suite: it has no Runscope test id.".to_owned(),
    };
    let shown_id = refused.map_or(suite.test_id.as_deref().unwrap_or(""), |r| r.typed);
    let body = format!(
        "<h1>{name}</h1><p class=\"meta\">{file} · uploaded {at} · {count} steps</p><p>{description}</p>\
         <div class=\"card\"><form method=\"post\" action=\"/suites/{id}/test-id\" id=\"test-id-form\">{csrf}{field}\
         <p><button class=\"primary\" type=\"submit\">Save test id</button> \
         <span id=\"stands-for\">{stands_for}</span> <span class=\"meta\">Saved empty, the id is cleared.</span></p></form></div>\
         <table id=\"steps\"><thead><tr><th>#</th><th>Type</th><th>Step</th></tr></thead><tbody>{rows}</tbody></table>\
         <p><a href=\"/\">Run it from Run now →</a></p>",
        name = esc(&suite.name),
        file = esc(&suite.file_name),
        at = timestamp(&suite.uploaded_at),
        count = test.steps.len(),
        description = esc(&test.description),
        id = suite.id,
        csrf = csrf_field(&session.csrf),
        field = test_id_field(shown_id, refused),
    );
    Ok(answer(
        app_page(&suite.name, Section::Suites, &body),
        refused,
    ))
}

/// `POST /suites/{id}/test-id`: gives the suite the Runscope test id typed (none when empty).
/// A refused id changes nothing and shows the page again with it.
pub async fn set_test_id(
    State(app): State<AppState>,
    Extension(session): Extension<Session>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm,
) -> PageResult {
    let missing = || PageError::not_found("This suite");
    let suite = app.store.suite(id)?.ok_or_else(missing)?;
    let typed = form.get("test_id");
    let refuse = |status, message| {
        let refused = Refused {
            status,
            message,
            typed,
        };
        preview_page(&app, &session, &suite, Some(&refused))
    };
    let test_id = match test_id(typed) {
        Ok(test_id) => test_id,
        Err(message) => return refuse(StatusCode::BAD_REQUEST, message),
    };
    match app.store.set_suite_test_id(id, test_id)? {
        Ok(true) => {}
        Ok(false) => return Err(missing()),
        Err(holder) => {
            let message = taken(test_id.unwrap_or_default(), &holder);
            return refuse(StatusCode::CONFLICT, message);
        }
    }
    app.store.audit(
        actor.name(),
        "changed suite",
        &audit_subject(&suite.name, id),
        &changed_settings(&[("Runscope test id", suite.test_id.as_deref() != test_id)]),
    )?;
    Ok(see_other(&format!("/suites/{id}")))
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

#[cfg(test)]
mod tests {
    use super::test_id;

    #[test]
    fn test_ids_are_trimmed_short_and_made_of_id_characters() {
        assert_eq!(test_id("  "), Ok(None), "blank: no test");
        assert_eq!(
            test_id(" 62b7e0b1-af6e-487c-b2ce-3ead93aeab5d\n"),
            Ok(Some("62b7e0b1-af6e-487c-b2ce-3ead93aeab5d"))
        );
        assert_eq!(
            test_id(&"a_".repeat(32)).map(|t| t.map(str::len)),
            Ok(Some(64))
        );
        let long = test_id(&"a".repeat(65)).unwrap_err();
        assert!(
            long.contains("65 characters") && long.contains("at most 64"),
            "{long}"
        );
        for bad in ["a b", "a/b", "tést", "x<y"] {
            let message = test_id(bad).unwrap_err();
            assert!(message.contains("only letters"), "{bad}: {message}");
            assert!(
                message.contains("test_uuid"),
                "says where ids are: {message}"
            );
        }
    }
}
