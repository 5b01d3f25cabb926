//! Schedules: list and create (environment, suite, cadence, jitter, writes, webhook, e-mail
//! recipients), one schedule's page (state, what happened, alert deliveries), edit, pause /
//! resume and delete. A bad cadence, webhook URL or address is refused with a page saying what
//! to write instead.

use super::{CheckedForm, PageError, PageResult, app_page, changed_settings, see_other};
use crate::accounts::Actor;
use crate::app::AppState;
use crate::execute::builtin_categories;
use crate::form::Form;
use crate::html::{Section, csrf_field, esc};
use crate::monitor::{Cadence, check_url, clock, jitter, recipients};
use crate::session::Session;
use crate::store::{Schedule, ScheduleInput, SuiteKey};
use axum::Extension;
use axum::extract::{Path, State};

/// Reads the schedule form (new or edit) into a schedule and its cadence.
fn input(app: &AppState, form: &Form) -> Result<(ScheduleInput, Cadence), PageError> {
    let environment_id: i64 = form
        .get("environment")
        .parse()
        .map_err(|_| PageError::bad_input("Choose an environment."))?;
    if app.store.environment(environment_id)?.is_none() {
        return Err(PageError::not_found("This environment"));
    }
    let allow_writes = form.get("allow_writes") == "on";
    let suite = SuiteKey::parse(form.get("suite"))
        .ok_or_else(|| PageError::bad_input("Choose a suite."))?;
    let categories = match suite {
        SuiteKey::Builtin => {
            let categories = form.all("category");
            if categories.is_empty() {
                return Err(PageError::bad_input(
                    "Tick at least one category of the built-in suite.",
                ));
            }
            categories
        }
        SuiteKey::Upload(id) => {
            if app.store.suite(id)?.is_none() {
                return Err(PageError::not_found("This suite"));
            }
            if !allow_writes {
                return Err(PageError::bad_input(
                    "A Runscope test has no read-only mode: its steps create and change resources. Tick \"Allow writes\" to schedule it, or schedule the built-in suite, which runs read-only.",
                ));
            }
            Vec::new()
        }
    };
    let cadence = Cadence::from_form(form.get("every_minutes"), form.get("cron"))
        .map_err(PageError::bad_input)?;
    let number = |field: &str, default: u32, max: u32, what: &str| {
        let text = form.get(field).trim();
        if text.is_empty() {
            return Ok(default);
        }
        match text.parse::<u32>() {
            Ok(n) if n <= max => Ok(n),
            _ => Err(PageError::bad_input(format!(
                "{what} {text:?}: give a whole number from 0 to {max}."
            ))),
        }
    };
    let jitter_seconds = number("jitter_seconds", 0, 3600, "Jitter")?;
    let failure_threshold = number("failure_threshold", 3, 1000, "Failures in a row")?;
    let webhook_url = form.get("webhook_url").trim().to_owned();
    if !webhook_url.is_empty() {
        check_url(&webhook_url).map_err(PageError::bad_input)?;
    }
    let addresses = recipients(form.get("email_to")).map_err(PageError::bad_input)?;
    // Kept as parsed, so what is stored always parses again (", ," is no one).
    let email_to = addresses
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if !addresses.is_empty() && !app.email_alerts {
        return Err(PageError::bad_input(
            "E-mail alerts need an SMTP server: start the dashboard with --smtp-url and --smtp-from, or leave \"E-mail alerts to\" empty.",
        ));
    }
    Ok((
        ScheduleInput {
            environment_id,
            suite,
            categories,
            cadence: cadence.to_stored(),
            jitter_seconds,
            allow_writes,
            webhook_url,
            failure_threshold,
            email_to,
        },
        cadence,
    ))
}

fn describe_cadence(schedule: &Schedule) -> String {
    Cadence::from_stored(&schedule.input.cadence)
        .map(|c| c.describe())
        .unwrap_or_else(|e| format!("unusable cadence: {e}"))
}

fn suite_name(app: &AppState, schedule: &Schedule) -> Result<String, PageError> {
    Ok(match schedule.input.suite {
        SuiteKey::Builtin => format!(
            "{} ({})",
            scimcheck_suites::runner::SUITE_NAME,
            schedule.input.categories.join(", ")
        ),
        SuiteKey::Upload(id) => app
            .store
            .suite(id)?
            .map_or_else(|| format!("deleted suite #{id}"), |s| s.name),
    })
}

fn environment_name(app: &AppState, schedule: &Schedule) -> Result<String, PageError> {
    Ok(app
        .store
        .environment(schedule.input.environment_id)?
        .map_or_else(
            || format!("deleted environment #{}", schedule.input.environment_id),
            |e| e.name,
        ))
}

fn state(schedule: &Schedule) -> String {
    let health = schedule.health.map_or("not run yet", |h| h.as_str());
    if schedule.paused {
        format!("paused · {health}")
    } else {
        health.to_owned()
    }
}

/// `/schedules`.
pub async fn list(
    State(app): State<AppState>,
    Extension(session): Extension<Session>,
) -> PageResult {
    let schedules = app.store.schedules()?;
    let mut rows = String::new();
    for schedule in &schedules {
        rows.push_str(&format!(
            "<tr><td><a href=\"/schedules/{id}\">#{id}</a></td><td>{env}</td><td>{suite}</td><td>{cadence}</td><td>{writes}</td><td>{state}</td><td>{next}</td></tr>",
            id = schedule.id,
            env = esc(&environment_name(&app, schedule)?),
            suite = esc(&suite_name(&app, schedule)?),
            cadence = esc(&describe_cadence(schedule)),
            writes = if schedule.input.allow_writes { "writes allowed" } else { "read-only" },
            state = esc(&state(schedule)),
            next = if schedule.paused { "—".to_owned() } else { clock(schedule.due_at) },
        ));
    }
    let table = if schedules.is_empty() {
        "<p class=\"empty\">No schedule yet.</p>".to_owned()
    } else {
        format!(
            "<table id=\"schedules\"><thead><tr><th>Schedule</th><th>Environment</th><th>Suite</th><th>When</th><th>Writes</th><th>State</th><th>Next run</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    };
    let form = schedule_form(&app, &session, None)?;
    let body =
        format!("<h1>Schedules</h1>{table}<h2>New schedule</h2><div class=\"card\">{form}</div>");
    Ok(app_page("Schedules", Section::Schedules, &body))
}

/// The schedule form: empty for a new schedule (posted to `/schedules`), or filled with
/// `current`'s settings to edit it (posted to `/schedules/{id}/edit`). An edit form does not
/// show the webhook URL (its path is often the secret): left empty, the webhook stays.
fn schedule_form(
    app: &AppState,
    session: &Session,
    current: Option<&Schedule>,
) -> Result<String, PageError> {
    let environments = app.store.environments()?;
    if environments.is_empty() {
        return Ok("<p class=\"empty\">Schedules run in an environment: <a href=\"/environments\">create one</a> first.</p>".to_owned());
    }
    let input = current.map(|c| &c.input);
    let selected = |yes: bool| if yes { " selected" } else { "" };
    let env_options: String = environments
        .iter()
        .map(|e| {
            let chosen = input.is_some_and(|i| i.environment_id == e.id);
            format!(
                "<option value=\"{}\"{}>{}</option>",
                e.id,
                selected(chosen),
                esc(&e.name)
            )
        })
        .collect();
    let mut suite_options = format!(
        "<option value=\"builtin\"{}>{}</option>",
        selected(input.is_some_and(|i| i.suite == SuiteKey::Builtin)),
        esc(scimcheck_suites::runner::SUITE_NAME)
    );
    for suite in app.store.suites()? {
        let key = SuiteKey::Upload(suite.id);
        suite_options.push_str(&format!(
            "<option value=\"{}\"{}>{}</option>",
            key.to_key(),
            selected(input.is_some_and(|i| i.suite == key)),
            esc(&suite.name)
        ));
    }
    let categories: String = builtin_categories()
        .iter()
        .map(|c| {
            let ticked = input.is_none_or(|i| {
                i.suite != SuiteKey::Builtin || i.categories.iter().any(|k| k == c)
            });
            let checked = if ticked { " checked" } else { "" };
            format!("<label class=\"check\"><input type=\"checkbox\" name=\"category\" value=\"{c}\"{checked}>{c}</label>")
        })
        .collect();
    let stored = input.map_or("", |i| i.cadence.as_str());
    let (minutes, cron) = match stored.split_once(':') {
        Some(("every", n)) => (n, ""),
        Some(("cron", expression)) => ("", expression),
        _ => ("", ""),
    };
    let (action, button, webhook_hint, forget) = match current {
        None => (
            "/schedules".to_owned(),
            "Create schedule",
            "placeholder=\"https://hooks.example.com/scimcheck\"",
            String::new(),
        ),
        Some(schedule) => (
            format!("/schedules/{}/edit", schedule.id),
            "Save changes",
            "placeholder=\"unchanged (the URL is not shown: its path is often its secret)\"",
            "<label class=\"check\"><input type=\"checkbox\" id=\"remove_webhook\" name=\"remove_webhook\"> Remove the webhook</label>".to_owned(),
        ),
    };
    Ok(format!(
        "<form method=\"post\" action=\"{action}\" id=\"schedule-form\">{csrf}<div class=\"row\">\
         <div><label for=\"environment\">Environment</label><select id=\"environment\" name=\"environment\">{env_options}</select></div>\
         <div><label for=\"suite\">Suite</label><select id=\"suite\" name=\"suite\">{suite_options}</select></div></div>\
         <fieldset id=\"categories\"><legend>Categories of the built-in suite</legend>{categories}</fieldset>\
         <div class=\"row\"><div><label for=\"every_minutes\">Every N minutes</label><input type=\"text\" id=\"every_minutes\" name=\"every_minutes\" placeholder=\"15\" value=\"{minutes}\"></div>\
         <div><label for=\"cron\">or a cron expression (UTC)</label><input type=\"text\" id=\"cron\" name=\"cron\" placeholder=\"0 6 * * MON-FRI\" value=\"{cron}\"></div>\
         <div><label for=\"jitter_seconds\">Jitter (seconds)</label><input type=\"text\" id=\"jitter_seconds\" name=\"jitter_seconds\" value=\"{jitter}\"></div></div>\
         <label class=\"check\"><input type=\"checkbox\" id=\"allow_writes\" name=\"allow_writes\"{writes}> Allow writes</label>\
         <p class=\"meta\">Without it the built-in suite runs read-only (only the checks that change nothing on the server, as <code>scimcheck run --read-only</code>). Runscope tests always write, so they need it.</p>\
         <div class=\"row\"><div><label for=\"webhook_url\">Webhook URL (alerts are POSTed as JSON, as a Slack or Microsoft Teams message to their webhooks; optional)</label><input type=\"text\" id=\"webhook_url\" name=\"webhook_url\" {webhook_hint}>{forget}</div>\
         <div><label for=\"failure_threshold\">Remind after this many failures in a row</label><input type=\"text\" id=\"failure_threshold\" name=\"failure_threshold\" value=\"{threshold}\"></div></div>\
         <div class=\"row\"><div><label for=\"email_to\">E-mail alerts to (addresses separated by commas; optional{mail_note})</label><input type=\"text\" id=\"email_to\" name=\"email_to\" placeholder=\"qa@example.com\" value=\"{email_to}\"></div></div>\
         <p><button class=\"primary\" type=\"submit\">{button}</button></p></form>",
        csrf = csrf_field(&session.csrf),
        minutes = esc(minutes),
        cron = esc(cron),
        jitter = input.map_or(30, |i| i.jitter_seconds),
        writes = if input.is_some_and(|i| i.allow_writes) {
            " checked"
        } else {
            ""
        },
        threshold = input.map_or(3, |i| i.failure_threshold),
        email_to = esc(input.map_or("", |i| i.email_to.as_str())),
        mail_note = if app.email_alerts {
            ""
        } else {
            "; needs the dashboard started with --smtp-url and --smtp-from"
        },
    ))
}

/// How the audit log names schedule `id`.
fn subject(id: i64) -> String {
    format!("schedule #{id}")
}

/// The settings an edit changed, by name (the webhook URL and recipients may carry secrets).
fn changes(before: &ScheduleInput, after: &ScheduleInput) -> String {
    changed_settings(&[
        ("environment", before.environment_id != after.environment_id),
        ("suite", before.suite != after.suite),
        ("categories", before.categories != after.categories),
        ("cadence", before.cadence != after.cadence),
        ("jitter", before.jitter_seconds != after.jitter_seconds),
        ("writes", before.allow_writes != after.allow_writes),
        ("webhook", before.webhook_url != after.webhook_url),
        (
            "reminders",
            before.failure_threshold != after.failure_threshold,
        ),
        ("e-mail recipients", before.email_to != after.email_to),
    ])
}

/// `POST /schedules`.
pub async fn create(
    State(app): State<AppState>,
    Extension(actor): Extension<Actor>,
    CheckedForm(form): CheckedForm,
) -> PageResult {
    let (input, cadence) = input(&app, &form)?;
    let now = chrono::Utc::now().timestamp();
    let slot = cadence
        .next_after(now)
        .ok_or_else(|| PageError::bad_input("This cadence has no next run time."))?;
    let id = app
        .store
        .create_schedule(&input, slot, jitter(input.jitter_seconds), now)?;
    app.store
        .audit(actor.name(), "created schedule", &subject(id), "")?;
    Ok(see_other(&format!("/schedules/{id}")))
}

/// `POST /schedules/{id}/edit`: the schedule runs the new settings from its next due time,
/// counted from now (the run going on, if any, finishes as it started); its health and history
/// stay. The change is written to what happened, with what it was before.
pub async fn edit(
    State(app): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm,
) -> PageResult {
    let schedule = app
        .store
        .schedule(id)?
        .ok_or_else(|| PageError::not_found("This schedule"))?;
    let (mut input, cadence) = input(&app, &form)?;
    if input.webhook_url.is_empty() && form.get("remove_webhook") != "on" {
        input.webhook_url.clone_from(&schedule.input.webhook_url);
    }
    let now = chrono::Utc::now().timestamp();
    let slot = cadence
        .next_after(now)
        .ok_or_else(|| PageError::bad_input("This cadence has no next run time."))?;
    if !app
        .store
        .update_schedule(id, &input, slot, jitter(input.jitter_seconds))?
    {
        return Err(PageError::not_found("This schedule"));
    }
    let before = describe_cadence(&schedule);
    app.store.add_schedule_event(
        id,
        now,
        "edited",
        &format!(
            "settings changed (was: {before}, {}); now {}",
            if schedule.input.allow_writes {
                "writes allowed"
            } else {
                "read-only"
            },
            cadence.describe()
        ),
    )?;
    app.store.audit(
        actor.name(),
        "changed schedule",
        &subject(id),
        &changes(&schedule.input, &input),
    )?;
    Ok(see_other(&format!("/schedules/{id}")))
}

/// `/schedules/{id}`.
pub async fn show(
    State(app): State<AppState>,
    Extension(session): Extension<Session>,
    Path(id): Path<i64>,
) -> PageResult {
    let schedule = app
        .store
        .schedule(id)?
        .ok_or_else(|| PageError::not_found("This schedule"))?;
    let csrf = csrf_field(&session.csrf);
    let events: String = app
        .store
        .schedule_events(id, 100)?
        .iter()
        .map(|e| {
            format!(
                "<tr class=\"event-{kind}\"><td>{at}</td><td>{kind}</td><td>{message}</td></tr>",
                at = clock(e.at),
                kind = esc(&e.kind),
                message = esc(&e.message)
            )
        })
        .collect();
    let deliveries: String = app
        .store
        .deliveries(id, 100)?
        .iter()
        .map(|d| {
            format!(
                "<tr><td>{at}</td><td><a href=\"/runs/{run}\">#{run}</a></td><td>{alert}</td><td>{to}</td><td>{attempts}</td><td>{outcome}</td></tr>",
                at = clock(d.at),
                run = d.run_id,
                alert = esc(&d.alert),
                to = esc(&d.destination),
                attempts = d.attempts,
                outcome = esc(&d.outcome)
            )
        })
        .collect();
    let toggle = if schedule.paused {
        format!(
            "<form method=\"post\" action=\"/schedules/{id}/resume\" id=\"resume-schedule\">{csrf}<button type=\"submit\">Resume</button></form>"
        )
    } else {
        format!(
            "<form method=\"post\" action=\"/schedules/{id}/pause\" id=\"pause-schedule\">{csrf}<button type=\"submit\">Pause</button></form>"
        )
    };
    let webhook = if schedule.input.webhook_url.is_empty() {
        "none".to_owned()
    } else {
        // The path of a chat webhook is often its secret: only the origin is shown.
        format!(
            "{} (path hidden; {} message)",
            esc(&crate::monitor::destination(&schedule.input.webhook_url)),
            crate::monitor::Service::of(&schedule.input.webhook_url).as_str()
        )
    };
    let last_run = match schedule.current_run_id {
        Some(run) => format!(" · running <a href=\"/runs/{run}\">#{run}</a>"),
        None => String::new(),
    };
    let body = format!(
        "<h1>Schedule #{id}</h1><div class=\"card\"><p>{suite} in <b>{env}</b>, {cadence}, jitter up to {jitter} s, {writes}.</p>\
         <p>State: <span id=\"schedule-state\">{state}</span> · failures in a row: {failures} · next run: {next}{last_run}</p>\
         <p>Webhook: {webhook} · E-mail: {email} · {reminder}</p>\
         {toggle}<form method=\"post\" action=\"/schedules/{id}/delete\" id=\"delete-schedule\">{csrf}<button class=\"danger\" type=\"submit\">Delete schedule</button></form></div>\
         <details id=\"edit-schedule\"><summary>Edit this schedule</summary><div class=\"card\">{edit_form}</div></details>\
         <h2>Alert deliveries</h2><table id=\"deliveries\"><thead><tr><th>When</th><th>Run</th><th>Alert</th><th>To</th><th>Attempts</th><th>Outcome</th></tr></thead><tbody>{deliveries}</tbody></table>\
         <h2>What happened</h2><table id=\"schedule-events\"><thead><tr><th>When</th><th>What</th><th>Details</th></tr></thead><tbody>{events}</tbody></table>\
         <p><a href=\"/schedules\">All schedules</a></p>",
        suite = esc(&suite_name(&app, &schedule)?),
        env = esc(&environment_name(&app, &schedule)?),
        cadence = esc(&describe_cadence(&schedule)),
        edit_form = schedule_form(&app, &session, Some(&schedule))?,
        email = if schedule.input.email_to.is_empty() {
            "none".to_owned()
        } else {
            esc(&schedule.input.email_to)
        },
        jitter = schedule.input.jitter_seconds,
        writes = if schedule.input.allow_writes {
            "writes allowed"
        } else {
            "read-only"
        },
        state = esc(&state(&schedule)),
        failures = schedule.consecutive_failures,
        next = if schedule.paused {
            "paused".to_owned()
        } else {
            clock(schedule.due_at)
        },
        reminder = match schedule.input.failure_threshold {
            0 | 1 => "no reminder while it stays red".to_owned(),
            n => format!("a reminder on the {n}th failure in a row"),
        },
    );
    Ok(app_page(
        &format!("Schedule #{id}"),
        Section::Schedules,
        &body,
    ))
}

fn set_paused(app: &AppState, actor: &Actor, id: i64, paused: bool) -> PageResult {
    let schedule = app
        .store
        .schedule(id)?
        .ok_or_else(|| PageError::not_found("This schedule"))?;
    let cadence = Cadence::from_stored(&schedule.input.cadence).map_err(PageError::bad_input)?;
    let now = chrono::Utc::now().timestamp();
    let slot = cadence.next_after(now).unwrap_or(schedule.slot);
    app.store
        .set_schedule_paused(id, paused, slot, jitter(schedule.input.jitter_seconds))?;
    let action = if paused {
        "paused schedule"
    } else {
        "resumed schedule"
    };
    app.store.audit(actor.name(), action, &subject(id), "")?;
    Ok(see_other(&format!("/schedules/{id}")))
}

/// `POST /schedules/{id}/pause`.
pub async fn pause(
    State(app): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
    _: CheckedForm,
) -> PageResult {
    set_paused(&app, &actor, id, true)
}

/// `POST /schedules/{id}/resume`: the next run is the next due time from now; the paused time
/// counts as neither missed nor owed.
pub async fn resume(
    State(app): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
    _: CheckedForm,
) -> PageResult {
    set_paused(&app, &actor, id, false)
}

/// `POST /schedules/{id}/delete` (the schedule's runs stay in history).
pub async fn delete(
    State(app): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
    _: CheckedForm,
) -> PageResult {
    if !app.store.delete_schedule(id)? {
        return Err(PageError::not_found("This schedule"));
    }
    app.store
        .audit(actor.name(), "deleted schedule", &subject(id), "")?;
    Ok(see_other("/schedules"))
}
