//! Environments: list, create, edit, delete. The credential and the secret variables are shown
//! only masked; editing leaves them unchanged unless a new value is typed or the base URL moves
//! to another origin (scheme, host, port), which drops them.

use super::{
    CheckedForm, PageError, PageResult, app_page, audit_subject, changed_settings, see_other,
};
use crate::accounts::Actor;
use crate::app::AppState;
use crate::form::Form;
use crate::html::{Section, csrf_field, esc};
use crate::secret::mask_auth;
use crate::session::Session;
use crate::store::{Environment, EnvironmentInput, Pauses, is_secret_variable, parse_pauses};
use axum::Extension;
use axum::extract::{Path, State};
use std::collections::BTreeMap;

/// Reads `NAME=VALUE` lines; blank lines and `#` comments are skipped.
fn parse_variables(text: &str) -> Result<BTreeMap<String, String>, PageError> {
    let mut variables = BTreeMap::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once('=') {
            Some((name, value)) if !name.trim().is_empty() => {
                variables.insert(name.trim().to_owned(), value.trim().to_owned());
            }
            _ => {
                return Err(PageError::bad_input(format!(
                    "Variables, line {}: {line:?} is not NAME=VALUE (e.g. tenant=acme).",
                    index + 1
                )));
            }
        }
    }
    Ok(variables)
}

fn input(form: &Form) -> Result<EnvironmentInput, PageError> {
    let name = form.get("name").trim();
    if name.is_empty() {
        return Err(PageError::bad_input(
            "The environment needs a name (e.g. Staging).",
        ));
    }
    let base_url = form.get("base_url").trim();
    if !base_url.is_empty() && url::Url::parse(base_url).is_err() {
        return Err(PageError::bad_input(format!(
            "Base URL {base_url:?} is not an absolute URL; write it like https://api.example.com/scim/v2, or leave it empty for the embedded reference server."
        )));
    }
    let auth = form.get("auth").trim();
    Ok(EnvironmentInput {
        name: name.to_owned(),
        base_url: base_url.to_owned(),
        auth: (!auth.is_empty()).then(|| auth.to_owned()),
        variables: parse_variables(form.get("variables"))?,
        initial_script: form.get("initial_script").to_owned(),
        pauses: parse_pauses(form.get("pauses")),
        use_cookies: form.get("use_cookies") == "on",
    })
}

/// The create/edit form; `existing` fills it (never with the credential or a secret variable's
/// value: those lines read `NAME=`, which keeps the stored value).
fn editor(session: &Session, action: &str, existing: Option<&Environment>) -> String {
    let value = |f: fn(&Environment) -> String| existing.map(f).unwrap_or_default();
    let variables = value(|e| {
        e.variables
            .iter()
            .map(|(k, v)| {
                let shown = if is_secret_variable(k) { "" } else { v };
                format!("{k}={shown}\n")
            })
            .collect()
    });
    let stored_secrets: Vec<String> = existing
        .iter()
        .flat_map(|e| &e.variables)
        .filter(|(k, _)| is_secret_variable(k))
        .map(|(k, v)| format!("<code>{}</code> {}", esc(k), esc(&mask_auth(v))))
        .collect();
    let variables_hint = if stored_secrets.is_empty() {
        "Values of variables whose names mark a credential (such as apiKey, oktaToken or password) are stored sealed and never shown again.".to_owned()
    } else {
        format!(
            "Secret variables stored: {}. Their lines read <code>NAME=</code>: leave the value empty to keep it while the base URL stays on the same origin; a base URL on another origin drops them unless you enter them again here. Other variables are shown as stored.",
            stored_secrets.join(", ")
        )
    };
    let auth_hint = match existing {
        Some(e) if e.credentials_unreadable => "A stored credential (this one or a secret variable) cannot be opened (the dashboard's key file was replaced or the database edited): enter it again.".into(),
        Some(e) if !e.auth.is_empty() => format!(
            "Stored: <code>{}</code>. Leave empty to keep it while the base URL stays on the same origin (scheme, host and port); a base URL on another origin drops it unless you enter it again here.",
            esc(&mask_auth(&e.auth))
        ),
        _ => "The whole Authorization header value, e.g. <code>Bearer abc…</code>. Stored, never shown again.".into(),
    };
    let honor = existing.is_some_and(|e| e.pauses == Pauses::Honor);
    let selected = |yes: bool| if yes { " selected" } else { "" };
    format!(
        "<form method=\"post\" action=\"{action}\" id=\"environment-form\">{csrf}\
         <div class=\"row\"><div><label for=\"name\">Name</label><input type=\"text\" id=\"name\" name=\"name\" value=\"{name}\" required></div>\
         <div><label for=\"base_url\">SCIM base URL</label><input type=\"text\" id=\"base_url\" name=\"base_url\" value=\"{base}\" placeholder=\"empty: the embedded reference server\"></div></div>\
         <label for=\"auth\">Authorization</label><input type=\"password\" id=\"auth\" name=\"auth\" autocomplete=\"off\">\
         <p class=\"meta\">{auth_hint}</p>\
         <label for=\"variables\">Variables (NAME=VALUE per line)</label><textarea id=\"variables\" name=\"variables\">{variables}</textarea>\
         <p class=\"meta\">{variables_hint}</p>\
         <label for=\"initial_script\">Initial script (JavaScript, optional; Okta's variables are generated natively)</label>\
         <textarea id=\"initial_script\" name=\"initial_script\">{script}</textarea>\
         <label for=\"pauses\">Pause steps</label><select id=\"pauses\" name=\"pauses\">\
         <option value=\"skip\"{skip}>Skip (report how long was saved)</option><option value=\"honor\"{honor_sel}>Wait as Runscope does</option></select>\
         <label class=\"check\"><input type=\"checkbox\" id=\"use_cookies\" name=\"use_cookies\"{cookies}> Use cookies</label>\
         <p class=\"meta\">Runscope's behaviour: a run keeps the cookies responses set and sends them with its later requests, to the origin (scheme, host and port) that set them only.</p>\
         <p><button class=\"primary\" type=\"submit\">Save environment</button></p></form>",
        csrf = csrf_field(&session.csrf),
        name = esc(&value(|e| e.name.clone())),
        base = esc(&value(|e| e.base_url.clone())),
        variables = esc(&variables),
        script = esc(&value(|e| e.initial_script.clone())),
        skip = selected(!honor),
        honor_sel = selected(honor),
        cookies = if existing.is_some_and(|e| e.use_cookies) {
            " checked"
        } else {
            ""
        },
    )
}

/// `/environments`: the list and a form for a new one.
pub async fn list(
    State(app): State<AppState>,
    Extension(session): Extension<Session>,
) -> PageResult {
    let environments = app.store.environments()?;
    let rows: String = environments
        .iter()
        .map(|e| {
            format!(
                "<tr><td><a href=\"/environments/{id}\">{name}</a></td><td>{base}</td><td><code>{auth}</code></td>\
                 <td>{vars}</td><td>{pauses}</td><td><a href=\"/history?environment={id}\">history</a></td>\
                 <td><form class=\"inline\" method=\"post\" action=\"/environments/{id}/delete\" data-confirm=\"Delete this environment? Its runs stay in history.\">{csrf}<button class=\"danger\" type=\"submit\">Delete</button></form></td></tr>",
                id = e.id,
                name = esc(&e.name),
                base = if e.base_url.is_empty() {
                    "<span class=\"meta\">embedded reference server</span>".to_owned()
                } else {
                    esc(&e.base_url)
                },
                auth = if e.credentials_unreadable {
                    "unreadable: enter it again".to_owned()
                } else {
                    esc(&mask_auth(&e.auth))
                },
                vars = e.variables.len(),
                pauses = e.pauses.as_str(),
                csrf = csrf_field(&session.csrf),
            )
        })
        .collect();
    let table = if environments.is_empty() {
        "<p class=\"empty\">No environment yet.</p>".to_owned()
    } else {
        format!(
            "<table id=\"environments\"><thead><tr><th>Name</th><th>Base URL</th><th>Authorization</th>\
             <th>Variables</th><th>Pauses</th><th></th><th></th></tr></thead><tbody>{rows}</tbody></table>"
        )
    };
    let body = format!(
        "<h1>Environments</h1>{table}<h2>New environment</h2><div class=\"card\">{}</div>",
        editor(&session, "/environments", None)
    );
    Ok(app_page("Environments", Section::Environments, &body))
}

/// The settings an edit changed, as the audit log names them: compared as stored before and
/// after, so a credential kept by an empty field, or dropped by a move to another origin, is
/// recorded as it happened.
fn changes(before: &Environment, after: &Environment) -> String {
    changed_settings(&[
        ("name", before.name != after.name),
        ("base URL", before.base_url != after.base_url),
        ("credential", before.auth != after.auth),
        ("variables", before.variables != after.variables),
        (
            "initial script",
            before.initial_script != after.initial_script,
        ),
        ("pauses", before.pauses != after.pauses),
        ("cookies", before.use_cookies != after.use_cookies),
    ])
}

/// `POST /environments`.
pub async fn create(
    State(app): State<AppState>,
    Extension(actor): Extension<Actor>,
    CheckedForm(form): CheckedForm,
) -> PageResult {
    let input = input(&form)?;
    let id = app.store.create_environment(&input)?;
    app.store.audit(
        actor.name(),
        "created environment",
        &audit_subject(&input.name, id),
        "",
    )?;
    Ok(see_other("/environments"))
}

/// `/environments/{id}`: the edit form.
pub async fn edit(
    State(app): State<AppState>,
    Extension(session): Extension<Session>,
    Path(id): Path<i64>,
) -> PageResult {
    let environment = app
        .store
        .environment(id)?
        .ok_or_else(|| PageError::not_found("This environment"))?;
    let body = format!(
        "<h1>Edit {}</h1><div class=\"card\">{}</div>",
        esc(&environment.name),
        editor(&session, &format!("/environments/{id}"), Some(&environment))
    );
    Ok(app_page("Edit environment", Section::Environments, &body))
}

/// `POST /environments/{id}`.
pub async fn update(
    State(app): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm,
) -> PageResult {
    let missing = || PageError::not_found("This environment");
    let before = app.store.environment(id)?.ok_or_else(missing)?;
    if !app.store.update_environment(id, &input(&form)?)? {
        return Err(missing());
    }
    let after = app.store.environment(id)?.ok_or_else(missing)?;
    app.store.audit(
        actor.name(),
        "changed environment",
        &audit_subject(&after.name, id),
        &changes(&before, &after),
    )?;
    Ok(see_other("/environments"))
}

/// `POST /environments/{id}/delete`.
pub async fn delete(
    State(app): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
    _: CheckedForm,
) -> PageResult {
    app.store.delete_environment(id, actor.name())?;
    Ok(see_other("/environments"))
}

#[cfg(test)]
mod tests {
    use super::parse_variables;

    #[test]
    fn variables_are_name_value_lines() {
        let vars = parse_variables("a=1\n\n# note\n b = two=2 \n").unwrap();
        assert_eq!(vars.get("a").map(String::as_str), Some("1"));
        assert_eq!(vars.get("b").map(String::as_str), Some("two=2"));
        let err = parse_variables("ok=1\nbroken").unwrap_err();
        assert!(err.message.contains("line 2"), "{}", err.message);
    }
}
