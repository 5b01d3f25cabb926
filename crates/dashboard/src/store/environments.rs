//! Environments: where a suite runs (base URL), how it authenticates, and its Runscope settings.
//! The credential is write-only from the browser's point of view: pages get only its mask. It
//! is stored sealed ([`crate::vault`]) for the origin of the base URL, and belongs to that
//! origin: an edit that moves the base URL to another origin without a new credential drops it,
//! so nobody with dashboard access can send it to a host of their choice. Variables whose names
//! mark them secret (`apiKey`, `oktaToken`, … as [`Redactor::is_secret_variable`] judges them)
//! are treated as the credential is: sealed for the same origin (the `secret_variables`
//! column; `variables` holds only the others), never shown, kept on an edit that leaves their
//! value empty, and dropped when the base URL moves to another origin.

use super::Store;
use crate::error::DashboardError;
use rusqlite::types::ToSqlOutput;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, ToSql, params, params_from_iter};
use scimcheck_engine::redact::Redactor;
use std::collections::BTreeMap;

/// Whether a run waits at Runscope pause steps: the engine's one pause setting.
pub use scimcheck_engine::runscope::runner::PausePolicy as Pauses;

/// Reads a stored or submitted spelling; anything but `honor` means skip.
pub fn parse_pauses(text: &str) -> Pauses {
    text.parse().unwrap_or_default()
}

/// A stored environment.
#[derive(Debug, Clone, PartialEq)]
pub struct Environment {
    /// Row id.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// SCIM base URL; empty means the embedded reference server.
    pub base_url: String,
    /// The whole Authorization header value (never rendered; see [`crate::secret::mask_auth`]).
    pub auth: String,
    /// A credential or the secret variables are stored but cannot be opened (the key file was
    /// replaced, or the database edited): they must be entered again; `auth` is empty and the
    /// secret variables are missing from `variables` meanwhile.
    pub credentials_unreadable: bool,
    /// Initial Runscope variables, secret ones included (opened).
    pub variables: BTreeMap<String, String>,
    /// Initial script run before the first step (empty for none).
    pub initial_script: String,
    /// Pause handling.
    pub pauses: Pauses,
    /// Runscope's "Use Cookies": a run keeps the cookies responses set and sends them back to
    /// the origin that set them (the engine's `RunscopeSettings::keep_cookies`).
    pub use_cookies: bool,
}

/// What a create or edit form submits.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvironmentInput {
    /// Display name.
    pub name: String,
    /// SCIM base URL (may be empty).
    pub base_url: String,
    /// New credential; `None` keeps the stored one on edit.
    pub auth: Option<String>,
    /// Initial variables. A secret one (see [`is_secret_variable`]) with an empty value keeps
    /// its stored value on edit, as `auth: None` does.
    pub variables: BTreeMap<String, String>,
    /// Initial script.
    pub initial_script: String,
    /// Pause handling.
    pub pauses: Pauses,
    /// Runscope's "Use Cookies": a run keeps the cookies responses set and sends them back to
    /// the origin that set them (the engine's `RunscopeSettings::keep_cookies`).
    pub use_cookies: bool,
}

/// What a credential is sealed for: the origin of `base_url` (scheme, host, port), or the
/// embedded reference server when it is empty.
pub fn credential_scope(base_url: &str) -> String {
    match url::Url::parse(base_url.trim()) {
        Ok(url) => url.origin().ascii_serialization(),
        Err(_) => "embedded reference server".into(),
    }
}

/// True when a variable of this name holds a credential, and is stored and shown as one.
pub fn is_secret_variable(name: &str) -> bool {
    Redactor::is_secret_variable(name)
}

/// A row before its variables are parsed and its credentials opened: the environment, its
/// plain variables (JSON), its sealed credential and its sealed secret variables.
type RawEnvironment = (Environment, String, Value, Value);

fn environment(row: &Row<'_>) -> rusqlite::Result<RawEnvironment> {
    Ok((
        Environment {
            id: row.get(0)?,
            name: row.get(1)?,
            base_url: row.get(2)?,
            auth: String::new(),
            credentials_unreadable: false,
            variables: BTreeMap::new(),
            initial_script: row.get(5)?,
            pauses: parse_pauses(&row.get::<_, String>(6)?),
            use_cookies: row.get(8)?,
        },
        row.get(4)?,
        row.get(3)?,
        row.get(7)?,
    ))
}

const COLUMNS: &str =
    "id, name, base_url, auth, variables, initial_script, pauses, secret_variables, use_cookies";

impl Store {
    /// Parses the variables and opens the credential and secret variables of a row.
    fn finish(
        &self,
        (mut env, json, auth, secrets): RawEnvironment,
    ) -> Result<Environment, DashboardError> {
        env.variables = serde_json::from_str(&json)?;
        let scope = credential_scope(&env.base_url);
        match self.open_secret(&auth, &scope) {
            Some(auth) => env.auth = auth,
            None => env.credentials_unreadable = true,
        }
        match self.open_secret(&secrets, &scope) {
            Some(secrets) if secrets.is_empty() => {}
            Some(secrets) => match serde_json::from_str::<BTreeMap<String, String>>(&secrets) {
                Ok(secrets) => env.variables.extend(secrets),
                Err(_) => env.credentials_unreadable = true,
            },
            None => env.credentials_unreadable = true,
        }
        Ok(env)
    }

    /// The text of a stored secret: opened when sealed, as is when it is plain text (only
    /// before it is sealed on open; empty means none); `None` when it cannot be opened.
    fn open_secret(&self, stored: &Value, scope: &str) -> Option<String> {
        match stored {
            Value::Blob(sealed) => self.vault.unseal(sealed, scope),
            Value::Text(text) => Some(text.clone()),
            _ => Some(String::new()),
        }
    }

    /// `secret` sealed for `base_url`, or empty text when there is none.
    fn sealed(&self, secret: &str, base_url: &str) -> Value {
        if secret.is_empty() {
            Value::Text(String::new())
        } else {
            Value::Blob(self.vault.seal(secret, &credential_scope(base_url)))
        }
    }

    /// How `variables` are stored for `base_url`: the plain ones as JSON, and the secret ones
    /// sealed together. A secret one with an empty value takes its value from `kept` (the
    /// stored secrets, when they stay on their origin), or is dropped.
    fn stored_variables(
        &self,
        variables: &BTreeMap<String, String>,
        kept: &BTreeMap<String, String>,
        base_url: &str,
    ) -> Result<(String, Value), DashboardError> {
        let (secrets, plain): (BTreeMap<_, _>, BTreeMap<_, _>) = variables
            .iter()
            .partition(|(name, _)| is_secret_variable(name));
        let secrets: BTreeMap<&String, &String> = secrets
            .into_iter()
            .filter_map(|(name, value)| {
                if value.is_empty() {
                    kept.get_key_value(name)
                } else {
                    Some((name, value))
                }
            })
            .collect();
        let sealed = if secrets.is_empty() {
            Value::Text(String::new())
        } else {
            self.sealed(&serde_json::to_string(&secrets)?, base_url)
        };
        Ok((serde_json::to_string(&plain)?, sealed))
    }

    /// The secret variables stored as `sealed` for `base_url` (none when they cannot be opened).
    fn secret_variables(&self, sealed: &Value, base_url: &str) -> BTreeMap<String, String> {
        self.open_secret(sealed, &credential_scope(base_url))
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }

    /// Seals credentials and secret variables an older version stored in plain text, then
    /// rewrites the whole file (`VACUUM`) and empties the WAL, so no copy of the plain text is
    /// left in free pages.
    pub(super) fn seal_plaintext_credentials(&self) -> Result<(), DashboardError> {
        let conn = self.lock();
        let rows: Vec<(i64, String, Value, String, Value)> = conn
            .prepare("SELECT id, base_url, auth, variables, secret_variables FROM environments")?
            .query_map([], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        let mut sealed_any = false;
        for (id, base_url, auth, json, secrets) in rows {
            if let Value::Text(auth) = &auth
                && !auth.is_empty()
            {
                conn.execute(
                    "UPDATE environments SET auth = ?2 WHERE id = ?1",
                    params![id, self.sealed(auth, &base_url)],
                )?;
                sealed_any = true;
            }
            let variables: BTreeMap<String, String> = serde_json::from_str(&json)?;
            if variables.keys().any(|name| is_secret_variable(name)) {
                let kept = self.secret_variables(&secrets, &base_url);
                let mut all = kept.clone();
                all.extend(variables);
                let (plain, sealed) = self.stored_variables(&all, &kept, &base_url)?;
                conn.execute(
                    "UPDATE environments SET variables = ?2, secret_variables = ?3 WHERE id = ?1",
                    params![id, plain, sealed],
                )?;
                sealed_any = true;
            }
        }
        if sealed_any {
            conn.execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")?;
        }
        Ok(())
    }

    /// Stores a new environment and returns its id.
    pub fn create_environment(&self, input: &EnvironmentInput) -> Result<i64, DashboardError> {
        let auth = self.sealed(input.auth.as_deref().unwrap_or(""), &input.base_url);
        let (variables, secrets) =
            self.stored_variables(&input.variables, &BTreeMap::new(), &input.base_url)?;
        let conn = self.lock();
        conn.execute(
            "INSERT INTO environments
                 (name, base_url, auth, variables, initial_script, pauses, secret_variables,
                  use_cookies)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params_from_iter(columns(input, &auth, &variables, &secrets)?),
        )?;
        Ok(conn.last_insert_rowid())
    }

    /// Replaces an environment's settings. The stored credential (and each secret variable) is
    /// replaced when a new one is given, kept when the base URL stays on its origin, and
    /// dropped otherwise.
    /// Returns false when there is no such environment.
    pub fn update_environment(
        &self,
        id: i64,
        input: &EnvironmentInput,
    ) -> Result<bool, DashboardError> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let Some((old_base, old_secrets)) = tx
            .query_row(
                "SELECT base_url, secret_variables FROM environments WHERE id = ?1",
                [id],
                |row| Ok((row.get::<_, String>(0)?, row.get::<_, Value>(1)?)),
            )
            .optional()?
        else {
            return Ok(false);
        };
        let same_origin = credential_scope(&old_base) == credential_scope(&input.base_url);
        let auth = match &input.auth {
            Some(auth) => Some(self.sealed(auth, &input.base_url)),
            None if same_origin => None,
            None => Some(Value::Text(String::new())),
        };
        let kept = if same_origin {
            self.secret_variables(&old_secrets, &old_base)
        } else {
            BTreeMap::new()
        };
        let (variables, secrets) =
            self.stored_variables(&input.variables, &kept, &input.base_url)?;
        let changed = tx.execute(
            "UPDATE environments SET name = ?1, base_url = ?2, auth = COALESCE(?3, auth),
                 variables = ?4, initial_script = ?5, pauses = ?6, secret_variables = ?7,
                 use_cookies = ?8
             WHERE id = ?9",
            params_from_iter(
                columns(input, &auth, &variables, &secrets)?
                    .into_iter()
                    .chain([id.into()]),
            ),
        )?;
        tx.commit()?;
        Ok(changed == 1)
    }

    /// Deletes an environment (its runs stay in history under its name).
    pub fn delete_environment(&self, id: i64, actor: &str) -> Result<bool, DashboardError> {
        self.delete_logged("environments", id, actor, "deleted environment")
    }

    /// One environment.
    pub fn environment(&self, id: i64) -> Result<Option<Environment>, DashboardError> {
        let found = self
            .lock()
            .query_row(
                &format!("SELECT {COLUMNS} FROM environments WHERE id = ?1"),
                [id],
                environment,
            )
            .optional()?;
        found.map(|raw| self.finish(raw)).transpose()
    }

    /// Every environment, by name.
    pub fn environments(&self) -> Result<Vec<Environment>, DashboardError> {
        let conn = self.lock();
        let mut statement = conn.prepare(&format!(
            "SELECT {COLUMNS} FROM environments ORDER BY name COLLATE NOCASE, id"
        ))?;
        let rows = statement
            .query_map([], environment)?
            .collect::<Result<Vec<_>, _>>()?;
        drop(statement);
        drop(conn);
        rows.into_iter().map(|raw| self.finish(raw)).collect()
    }
}

/// An environment's stored columns, in the order both the insert and the update name them
/// (?1 to ?8): the input's settings with its credential and variables as sealed for storage.
fn columns<'a>(
    input: &'a EnvironmentInput,
    auth: &'a dyn ToSql,
    variables: &'a str,
    secrets: &'a Value,
) -> rusqlite::Result<Vec<ToSqlOutput<'a>>> {
    Ok(vec![
        input.name.to_sql()?,
        input.base_url.to_sql()?,
        auth.to_sql()?,
        variables.into(),
        input.initial_script.to_sql()?,
        input.pauses.as_str().into(),
        secrets.to_sql()?,
        input.use_cookies.to_sql()?,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(auth: Option<&str>) -> EnvironmentInput {
        EnvironmentInput {
            name: "Staging".into(),
            base_url: "https://example.com/scim/v2".into(),
            auth: auth.map(str::to_owned),
            variables: BTreeMap::from([("tenant".into(), "acme".into())]),
            initial_script: "variables.set('a', '1');".into(),
            pauses: Pauses::Honor,
            use_cookies: true,
        }
    }

    #[test]
    fn create_read_update_delete() {
        let store = Store::in_memory().unwrap();
        let id = store
            .create_environment(&input(Some("Bearer first-secret")))
            .unwrap();
        let env = store.environment(id).unwrap().unwrap();
        assert_eq!(env.auth, "Bearer first-secret");
        assert_eq!(
            env.variables.get("tenant").map(String::as_str),
            Some("acme")
        );
        assert_eq!(env.pauses, Pauses::Honor);
        assert!(env.use_cookies);

        let mut edit = input(None);
        edit.name = "Prod".into();
        edit.use_cookies = false;
        assert!(store.update_environment(id, &edit).unwrap());
        let env = store.environment(id).unwrap().unwrap();
        assert_eq!(env.name, "Prod");
        assert!(!env.use_cookies);
        assert_eq!(
            env.auth, "Bearer first-secret",
            "no new auth keeps the old one"
        );

        assert!(
            store
                .update_environment(id, &input(Some("Bearer second")))
                .unwrap()
        );
        assert_eq!(
            store.environment(id).unwrap().unwrap().auth,
            "Bearer second"
        );

        let mut moved = input(None);
        moved.base_url = "https://example.com/other/path".into();
        assert!(store.update_environment(id, &moved).unwrap());
        assert_eq!(
            store.environment(id).unwrap().unwrap().auth,
            "Bearer second",
            "the same origin keeps the credential"
        );
        moved.base_url = "https://attacker.example/scim/v2".into();
        assert!(store.update_environment(id, &moved).unwrap());
        assert_eq!(
            store.environment(id).unwrap().unwrap().auth,
            "",
            "another origin drops it"
        );
        moved.auth = Some("Bearer third".into());
        assert!(store.update_environment(id, &moved).unwrap());
        assert_eq!(store.environment(id).unwrap().unwrap().auth, "Bearer third");

        assert!(store.delete_environment(id, "ada").unwrap());
        assert!(store.environment(id).unwrap().is_none());
        assert!(!store.delete_environment(id, "ada").unwrap());
        // The deletion and its log entry are one transaction; deleting nothing logs nothing.
        let log = store.audit_log(10).unwrap();
        let deletions: Vec<_> = log
            .iter()
            .filter(|e| e.action == "deleted environment")
            .collect();
        assert_eq!(deletions.len(), 1, "{log:?}");
        assert_eq!(deletions[0].actor, "ada");
        assert!(deletions[0].subject.ends_with(&format!("(#{id})")));
        assert!(!store.update_environment(id, &edit).unwrap());
    }

    #[test]
    fn secret_variables_are_sealed_kept_when_left_empty_and_dropped_off_their_origin() {
        let store = Store::in_memory().unwrap();
        let mut env = input(None);
        env.variables.insert("apiKey".into(), "key-one".into());
        let id = store.create_environment(&env).unwrap();
        let stored: (String, Vec<u8>) = store
            .lock()
            .query_row(
                "SELECT variables, secret_variables FROM environments WHERE id = ?1",
                [id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .unwrap();
        assert_eq!(
            stored.0, r#"{"tenant":"acme"}"#,
            "only the plain one in clear"
        );
        assert!(!String::from_utf8_lossy(&stored.1).contains("key-one"));
        let read = |store: &Store| store.environment(id).unwrap().unwrap().variables;
        assert_eq!(read(&store)["apiKey"], "key-one");

        // Left empty on the same origin: kept. A new value: replaced. Left out: removed.
        env.variables.insert("apiKey".into(), String::new());
        store.update_environment(id, &env).unwrap();
        assert_eq!(read(&store)["apiKey"], "key-one");
        env.variables.insert("apiKey".into(), "key-two".into());
        store.update_environment(id, &env).unwrap();
        assert_eq!(read(&store)["apiKey"], "key-two");
        env.variables.insert("apiKey".into(), String::new());
        env.base_url = "https://attacker.example/scim/v2".into();
        store.update_environment(id, &env).unwrap();
        assert!(
            !read(&store).contains_key("apiKey"),
            "another origin drops it"
        );
        env.variables.insert("apiKey".into(), "key-three".into());
        store.update_environment(id, &env).unwrap();
        assert_eq!(read(&store)["apiKey"], "key-three");
        env.variables.remove("apiKey");
        store.update_environment(id, &env).unwrap();
        assert_eq!(read(&store).len(), 1, "{:?}", read(&store));
    }
}
