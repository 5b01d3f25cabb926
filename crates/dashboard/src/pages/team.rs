//! `/team`: the signed-in account (its password, signing out) and, for admins, every account:
//! add one, reset its password, make it an admin or not, delete it. Every change is in the
//! audit log; a reset password or a deleted account ends that account's sessions at once.

use super::{CheckedForm, PageError, PageResult, app_page, audit_subject, see_other};
use crate::accounts::{self, Actor};
use crate::app::AppState;
use crate::error::DashboardError;
use crate::html::{Section, csrf_field, esc};
use crate::session::Session;
use crate::store::{Account, AccountChange};
use axum::Extension;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use std::fmt::Write;
use std::net::SocketAddr;
use std::time::Instant;

/// The signed-in admin an account-managing request comes from: 400 without accounts, 403 from
/// a member.
fn signed_in_admin(actor: &Actor) -> Result<&Account, PageError> {
    let account = signed_in(actor)?;
    if account.admin {
        Ok(account)
    } else {
        Err(PageError::new(
            StatusCode::FORBIDDEN,
            "Only an admin can manage accounts. Ask an admin (listed on the Team page) to make this change.",
        ))
    }
}

/// The signed-in account: accounts are off without one (nobody could sign in as a new account
/// without first signing out of the local dashboard for good).
fn signed_in(actor: &Actor) -> Result<&Account, PageError> {
    match actor {
        Actor::User(account) => Ok(account),
        Actor::Local => Err(PageError::bad_input(
            "This dashboard has no accounts. Start it with --password to turn them on: the admin account is created with that password.",
        )),
    }
}

/// The account `id`, as the audit log names it.
fn target(app: &AppState, id: i64) -> Result<Account, PageError> {
    app.store
        .account(id)?
        .ok_or_else(|| PageError::not_found("This account"))
}

/// Reads a change's outcome, as the page says it.
fn done(change: AccountChange) -> Result<(), PageError> {
    match change {
        AccountChange::Done => Ok(()),
        AccountChange::NotFound => Err(PageError::not_found("This account")),
        AccountChange::LastAdmin => Err(PageError::new(
            StatusCode::CONFLICT,
            "This is the only admin: make another account an admin first.",
        )),
    }
}

fn role(admin: bool) -> &'static str {
    if admin { "admin" } else { "member" }
}

fn account_rows(session: &Session, me: &Account, accounts: &[Account]) -> String {
    let csrf = csrf_field(&session.csrf);
    let mut rows = String::new();
    for account in accounts {
        let id = account.id;
        let (role_label, role_value) = if account.admin {
            ("Make member", "off")
        } else {
            ("Make admin", "on")
        };
        let delete = if account.id == me.id {
            "<span class=\"meta\">you</span>".to_owned()
        } else {
            format!(
                "<form method=\"post\" action=\"/team/{id}/delete\">{csrf}<button type=\"submit\">Delete</button></form>"
            )
        };
        let _ = write!(
            rows,
            "<tr><td>{name}</td><td>{role}</td>\
             <td><form method=\"post\" action=\"/team/{id}/password\">{csrf}\
             <input type=\"password\" name=\"password\" aria-label=\"New password for {name}\" autocomplete=\"new-password\">\
             <button type=\"submit\">Set password</button></form></td>\
             <td><form method=\"post\" action=\"/team/{id}/role\">{csrf}<input type=\"hidden\" name=\"admin\" value=\"{role_value}\">\
             <button type=\"submit\">{role_label}</button></form></td><td>{delete}</td></tr>",
            name = esc(&account.name),
            role = role(account.admin),
        );
    }
    rows
}

/// `GET /team`.
pub async fn show(
    State(app): State<AppState>,
    Extension(session): Extension<Session>,
    Extension(actor): Extension<Actor>,
) -> PageResult {
    let Actor::User(me) = &actor else {
        let body = "<h1>Team</h1><p>This dashboard has no accounts: whoever reaches it (on this \
            machine only) uses it, and the audit log names them <em>local</em>. Start it with \
            <code>--password</code> to turn accounts on: the <code>admin</code> account is created \
            with that password, and manages the others here.</p>";
        return Ok(app_page("Team", Section::Team, body));
    };
    let csrf = csrf_field(&session.csrf);
    let mut body = format!(
        "<h1>Team</h1><p id=\"signed-in\">Signed in as <strong>{name}</strong> ({role}).</p>\
         <form method=\"post\" action=\"/logout\">{csrf}<button type=\"submit\">Sign out</button></form>\
         <h2>Your password</h2><div class=\"card\"><form method=\"post\" action=\"/team/password\">{csrf}\
         <label for=\"current\">Current password</label>\
         <input type=\"password\" id=\"current\" name=\"current\" autocomplete=\"current-password\">\
         <label for=\"new\">New password (at least {min} characters)</label>\
         <input type=\"password\" id=\"new\" name=\"password\" autocomplete=\"new-password\">\
         <p><button class=\"primary\" type=\"submit\">Change password</button></p></form></div>",
        name = esc(&me.name),
        role = role(me.admin),
        min = accounts::MIN_PASSWORD_CHARS,
    );
    if me.admin {
        let rows = account_rows(&session, me, &app.store.accounts()?);
        let _ = write!(
            body,
            "<h2>Accounts</h2><table id=\"accounts\"><thead><tr><th>Name</th><th>Role</th>\
             <th>Password</th><th></th><th></th></tr></thead><tbody>{rows}</tbody></table>\
             <h2>New account</h2><div class=\"card\"><form method=\"post\" action=\"/team\">{csrf}\
             <label for=\"new-name\">User name</label><input id=\"new-name\" name=\"name\" autocomplete=\"off\">\
             <label for=\"new-password\">Password (at least {min} characters; give it to them)</label>\
             <input type=\"password\" id=\"new-password\" name=\"password\" autocomplete=\"new-password\">\
             <label><input type=\"checkbox\" name=\"admin\"> Admin (manages accounts)</label>\
             <p><button class=\"primary\" type=\"submit\">Add account</button></p></form></div>",
            min = accounts::MIN_PASSWORD_CHARS,
        );
    }
    Ok(app_page("Team", Section::Team, &body))
}

/// `POST /team`: adds an account (admins).
pub async fn create(
    State(app): State<AppState>,
    Extension(actor): Extension<Actor>,
    CheckedForm(form): CheckedForm,
) -> PageResult {
    signed_in_admin(&actor)?;
    let name = form.get("name").trim();
    accounts::check_name(name).map_err(PageError::bad_input)?;
    let password = form.get("password");
    accounts::check_password(password).map_err(PageError::bad_input)?;
    let admin = form.get("admin") == "on";
    let hash = accounts::hash(password).await?;
    let Some(id) = app.store.add_account(name, &hash, admin)? else {
        return Err(PageError::new(
            StatusCode::CONFLICT,
            format!(
                "There is already an account named {name:?} (names ignore case); choose another."
            ),
        ));
    };
    app.store.audit(
        actor.name(),
        "added account",
        &audit_subject(name, id),
        role(admin),
    )?;
    Ok(see_other("/team"))
}

/// An admin's change to account `id` (the handler has checked the actor with
/// [`signed_in_admin`]): `change` makes it and says whether it could; then `action` on the
/// account goes to the audit log.
fn manage(
    app: &AppState,
    actor: &Actor,
    id: i64,
    action: &str,
    change: impl FnOnce() -> Result<AccountChange, DashboardError>,
) -> PageResult {
    let account = target(app, id)?;
    done(change()?)?;
    app.store
        .audit(actor.name(), action, &audit_subject(&account.name, id), "")?;
    Ok(see_other("/team"))
}

/// `POST /team/{id}/password`: an admin sets an account's password; its sessions end (but
/// the admin's own, when it is theirs).
pub async fn reset_password(
    State(app): State<AppState>,
    Extension(session): Extension<Session>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm,
) -> PageResult {
    let own = signed_in_admin(&actor)?.id == id;
    let password = form.get("password");
    accounts::check_password(password).map_err(PageError::bad_input)?;
    let hash = accounts::hash(password).await?;
    manage(&app, &actor, id, "set the password of", || {
        if !app.store.set_password_hash(id, &hash)? {
            return Ok(AccountChange::NotFound);
        }
        app.sessions
            .end_account(id, own.then_some(session.id.as_str()));
        Ok(AccountChange::Done)
    })
}

/// `POST /team/{id}/role`: makes an account an admin (`admin=on`) or a member; the last admin
/// stays one.
pub async fn set_role(
    State(app): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm,
) -> PageResult {
    signed_in_admin(&actor)?;
    let admin = form.get("admin") == "on";
    let action = if admin { "made admin" } else { "made member" };
    manage(&app, &actor, id, action, || app.store.set_admin(id, admin))
}

/// `POST /team/{id}/delete`: deletes another account and ends its sessions.
pub async fn delete(
    State(app): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
    _: CheckedForm,
) -> PageResult {
    if signed_in_admin(&actor)?.id == id {
        return Err(PageError::bad_input(
            "You cannot delete the account you are signed in with; ask another admin.",
        ));
    }
    manage(&app, &actor, id, "deleted account", || {
        let change = app.store.delete_account(id)?;
        app.sessions.end_account(id, None);
        Ok(change)
    })
}

/// `POST /team/password`: the signed-in account changes its own password (the current one
/// first, checked under the sign-in backoff, so a session left open is no faster way to guess
/// it); its other sessions end.
pub async fn change_own_password(
    State(app): State<AppState>,
    Extension(session): Extension<Session>,
    Extension(actor): Extension<Actor>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    CheckedForm(form): CheckedForm,
) -> PageResult {
    let me = signed_in(&actor)?;
    let now = Instant::now();
    if let Some(waiting) = super::login::backing_off(&app, peer, now) {
        return Ok(waiting);
    }
    if accounts::verify(&app.store, &me.name, form.get("current"))
        .await?
        .is_none()
    {
        app.sign_in_backoff.failed(peer.ip(), now);
        return Err(PageError::new(
            StatusCode::UNAUTHORIZED,
            "The current password is wrong; nothing was changed.",
        ));
    }
    app.sign_in_backoff.succeeded(peer.ip());
    let password = form.get("password");
    accounts::check_password(password).map_err(PageError::bad_input)?;
    app.store
        .set_password_hash(me.id, &accounts::hash(password).await?)?;
    app.sessions.end_account(me.id, Some(&session.id));
    app.store.audit(
        actor.name(),
        "changed own password",
        &audit_subject(&me.name, me.id),
        "",
    )?;
    Ok(see_other("/team"))
}
