//! Environments: where a suite runs (base URL), how it authenticates, and its Runscope settings.
//! The credential is write-only from the browser's point of view: pages get only its mask. It
//! is stored sealed ([`crate::vault`]) for the origin of the base URL, and belongs to that
//! origin: an edit that moves the base URL to another origin without a new credential drops it,
//! so nobody with dashboard access can send it to a host of their choice.

use super::Store;
use crate::error::DashboardError;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, params};
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
    /// A credential is stored but cannot be opened (the key file was replaced, or the database
    /// edited): it must be entered again; `auth` is empty meanwhile.
    pub auth_unreadable: bool,
    /// Initial Runscope variables.
    pub variables: BTreeMap<String, String>,
    /// Initial script run before the first step (empty for none).
    pub initial_script: String,
    /// Pause handling.
    pub pauses: Pauses,
    /// Runscope's "Use Cookies": a run keeps the cookies responses set and sends them back to
    /// the origin that set them (the engine's `RunOptions::keep_cookies`).
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
    /// Initial variables.
    pub variables: BTreeMap<String, String>,
    /// Initial script.
    pub initial_script: String,
    /// Pause handling.
    pub pauses: Pauses,
    /// Runscope's "Use Cookies": a run keeps the cookies responses set and sends them back to
    /// the origin that set them (the engine's `RunOptions::keep_cookies`).
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

/// A row before its variables are parsed and its credential opened.
type RawEnvironment = (Environment, String, Value);

fn environment(row: &Row<'_>) -> rusqlite::Result<RawEnvironment> {
    Ok((
        Environment {
            id: row.get(0)?,
            name: row.get(1)?,
            base_url: row.get(2)?,
            auth: String::new(),
            auth_unreadable: false,
            variables: BTreeMap::new(),
            initial_script: row.get(5)?,
            pauses: parse_pauses(&row.get::<_, String>(6)?),
            use_cookies: row.get(7)?,
        },
        row.get(4)?,
        row.get(3)?,
    ))
}

const COLUMNS: &str = "id, name, base_url, auth, variables, initial_script, pauses, use_cookies";

impl Store {
    /// Parses the variables and opens the credential of a row.
    fn finish(&self, (mut env, json, auth): RawEnvironment) -> Result<Environment, DashboardError> {
        env.variables = serde_json::from_str(&json)?;
        match auth {
            Value::Blob(sealed) => {
                match self.vault.unseal(&sealed, &credential_scope(&env.base_url)) {
                    Some(auth) => env.auth = auth,
                    None => env.auth_unreadable = true,
                }
            }
            // Only a credential sealed on open could be text; empty means none.
            Value::Text(text) => env.auth = text,
            _ => {}
        }
        Ok(env)
    }

    /// `auth` sealed for `base_url`, or empty text when there is none.
    fn sealed(&self, auth: &str, base_url: &str) -> Value {
        if auth.is_empty() {
            Value::Text(String::new())
        } else {
            Value::Blob(self.vault.seal(auth, &credential_scope(base_url)))
        }
    }

    /// Seals credentials an older version stored in plain text, then rewrites the whole file
    /// (`VACUUM`) and empties the WAL, so no copy of the plain text is left in free pages.
    pub(super) fn seal_plaintext_credentials(&self) -> Result<(), DashboardError> {
        let conn = self.lock();
        let plain: Vec<(i64, String, String)> = conn
            .prepare(
                "SELECT id, base_url, auth FROM environments
                 WHERE typeof(auth) = 'text' AND auth <> ''",
            )?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<Result<_, _>>()?;
        if plain.is_empty() {
            return Ok(());
        }
        for (id, base_url, auth) in &plain {
            conn.execute(
                "UPDATE environments SET auth = ?2 WHERE id = ?1",
                params![id, self.sealed(auth, base_url)],
            )?;
        }
        conn.execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }

    /// Stores a new environment and returns its id.
    pub fn create_environment(&self, input: &EnvironmentInput) -> Result<i64, DashboardError> {
        let auth = self.sealed(input.auth.as_deref().unwrap_or(""), &input.base_url);
        let conn = self.lock();
        conn.execute(
            "INSERT INTO environments
                 (name, base_url, auth, variables, initial_script, pauses, use_cookies)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                input.name,
                input.base_url,
                auth,
                serde_json::to_string(&input.variables)?,
                input.initial_script,
                input.pauses.as_str(),
                input.use_cookies
            ],
        )?;
        Ok(conn.last_insert_rowid())
    }

    /// Replaces an environment's settings. The stored credential is replaced when a new one
    /// is given, kept when the base URL stays on its origin, and dropped otherwise.
    /// Returns false when there is no such environment.
    pub fn update_environment(
        &self,
        id: i64,
        input: &EnvironmentInput,
    ) -> Result<bool, DashboardError> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let Some(old_base) = tx
            .query_row(
                "SELECT base_url FROM environments WHERE id = ?1",
                [id],
                |row| row.get::<_, String>(0),
            )
            .optional()?
        else {
            return Ok(false);
        };
        let auth = match &input.auth {
            Some(auth) => Some(self.sealed(auth, &input.base_url)),
            None if credential_scope(&old_base) == credential_scope(&input.base_url) => None,
            None => Some(Value::Text(String::new())),
        };
        let changed = tx.execute(
            "UPDATE environments SET name = ?2, base_url = ?3, auth = COALESCE(?4, auth),
                 variables = ?5, initial_script = ?6, pauses = ?7, use_cookies = ?8
                 WHERE id = ?1",
            params![
                id,
                input.name,
                input.base_url,
                auth,
                serde_json::to_string(&input.variables)?,
                input.initial_script,
                input.pauses.as_str(),
                input.use_cookies
            ],
        )?;
        tx.commit()?;
        Ok(changed == 1)
    }

    /// Deletes an environment (its runs stay in history under its name).
    pub fn delete_environment(&self, id: i64) -> Result<bool, DashboardError> {
        Ok(self
            .lock()
            .execute("DELETE FROM environments WHERE id = ?1", [id])?
            == 1)
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

        assert!(store.delete_environment(id).unwrap());
        assert!(store.environment(id).unwrap().is_none());
        assert!(!store.delete_environment(id).unwrap());
        assert!(!store.update_environment(id, &edit).unwrap());
    }
}
