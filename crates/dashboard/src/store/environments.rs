//! Environments: where a suite runs (base URL), how it authenticates, and its Runscope settings.
//! The credential is write-only from the browser's point of view: pages get only its mask.

use super::Store;
use crate::error::DashboardError;
use rusqlite::{OptionalExtension, Row, params};
use std::collections::BTreeMap;

/// Whether a run waits at Runscope pause steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pauses {
    /// Report pauses as skipped (fast).
    Skip,
    /// Wait as Runscope does.
    Honor,
}

impl Pauses {
    /// The stored and submitted spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Pauses::Skip => "skip",
            Pauses::Honor => "honor",
        }
    }

    /// Reads a stored or submitted spelling; anything but `honor` means skip.
    pub fn parse(text: &str) -> Pauses {
        if text == "honor" {
            Pauses::Honor
        } else {
            Pauses::Skip
        }
    }
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
    /// Initial Runscope variables.
    pub variables: BTreeMap<String, String>,
    /// Initial script run before the first step (empty for none).
    pub initial_script: String,
    /// Pause handling.
    pub pauses: Pauses,
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
}

fn environment(row: &Row<'_>) -> rusqlite::Result<(Environment, String)> {
    Ok((
        Environment {
            id: row.get(0)?,
            name: row.get(1)?,
            base_url: row.get(2)?,
            auth: row.get(3)?,
            variables: BTreeMap::new(),
            initial_script: row.get(5)?,
            pauses: Pauses::parse(&row.get::<_, String>(6)?),
        },
        row.get(4)?,
    ))
}

fn with_variables((mut env, json): (Environment, String)) -> Result<Environment, DashboardError> {
    env.variables = serde_json::from_str(&json)?;
    Ok(env)
}

const COLUMNS: &str = "id, name, base_url, auth, variables, initial_script, pauses";

impl Store {
    /// Stores a new environment and returns its id.
    pub fn create_environment(&self, input: &EnvironmentInput) -> Result<i64, DashboardError> {
        let conn = self.lock();
        conn.execute(
            "INSERT INTO environments (name, base_url, auth, variables, initial_script, pauses)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                input.name,
                input.base_url,
                input.auth.as_deref().unwrap_or(""),
                serde_json::to_string(&input.variables)?,
                input.initial_script,
                input.pauses.as_str()
            ],
        )?;
        Ok(conn.last_insert_rowid())
    }

    /// Replaces an environment's settings; the credential only when a new one is given.
    /// Returns false when there is no such environment.
    pub fn update_environment(
        &self,
        id: i64,
        input: &EnvironmentInput,
    ) -> Result<bool, DashboardError> {
        let conn = self.lock();
        let changed = conn.execute(
            "UPDATE environments SET name = ?2, base_url = ?3, auth = COALESCE(?4, auth),
                 variables = ?5, initial_script = ?6, pauses = ?7 WHERE id = ?1",
            params![
                id,
                input.name,
                input.base_url,
                input.auth,
                serde_json::to_string(&input.variables)?,
                input.initial_script,
                input.pauses.as_str()
            ],
        )?;
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
        found.map(with_variables).transpose()
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
        rows.into_iter().map(with_variables).collect()
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

        let mut edit = input(None);
        edit.name = "Prod".into();
        assert!(store.update_environment(id, &edit).unwrap());
        let env = store.environment(id).unwrap().unwrap();
        assert_eq!(env.name, "Prod");
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

        assert!(store.delete_environment(id).unwrap());
        assert!(store.environment(id).unwrap().is_none());
        assert!(!store.delete_environment(id).unwrap());
        assert!(!store.update_environment(id, &edit).unwrap());
    }
}
