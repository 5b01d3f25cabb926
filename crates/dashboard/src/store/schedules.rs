//! Schedules (issue 20, monitoring): which suite runs in which environment and when, the state
//! its alerts follow (green / red, failures in a row, the last green run to compare with), what
//! happened to it (started, skipped, missed, not judged) and every webhook delivery.
//!
//! Times are Unix seconds: the scheduler compares them and nothing else reads them but pages.
//! `slot` is the nominal due time (cadence only); `due_at` adds the jitter. Keeping both lets
//! the next slot follow the cadence exactly while each run starts a little apart from others.

use super::{Store, SuiteKey};
use crate::error::DashboardError;
use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Row, params, params_from_iter};

/// What a new schedule is made of, as the form gives it (already checked).
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleInput {
    /// The environment it runs in.
    pub environment_id: i64,
    /// The suite it runs.
    pub suite: SuiteKey,
    /// Built-in suite categories (all when empty).
    pub categories: Vec<String>,
    /// `every N minutes` (`N`) or a cron expression, as typed; see `monitor::Cadence`.
    pub cadence: String,
    /// Up to this many seconds added to each due time.
    pub jitter_seconds: u32,
    /// Runs may create and change resources (otherwise: read-only checks only).
    pub allow_writes: bool,
    /// Where alerts are POSTed; empty for none.
    pub webhook_url: String,
    /// Alert again after this many failed runs in a row (0: never).
    pub failure_threshold: u32,
    /// Where alerts are mailed: addresses separated by commas, as typed; empty for none.
    pub email_to: String,
}

/// Green or red: the result of the last judged run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    /// No failing case.
    Green,
    /// A failing case, or the run could not run.
    Red,
}

impl Health {
    /// The stored spelling, also shown on pages.
    pub fn as_str(self) -> &'static str {
        match self {
            Health::Green => "green",
            Health::Red => "red",
        }
    }

    fn parse(text: &str) -> Option<Health> {
        match text {
            "green" => Some(Health::Green),
            "red" => Some(Health::Red),
            _ => None,
        }
    }
}

/// A stored schedule with its alert state.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// Row id.
    pub id: i64,
    /// What it was made with.
    pub input: ScheduleInput,
    /// Paused schedules start nothing.
    pub paused: bool,
    /// Nominal due time of the next run (Unix seconds).
    pub slot: i64,
    /// When the next run starts: `slot` plus jitter (Unix seconds).
    pub due_at: i64,
    /// The run it started last, while that run is not yet judged.
    pub current_run_id: Option<i64>,
    /// The last judged run's health; `None` before the first.
    pub health: Option<Health>,
    /// Red runs in a row.
    pub consecutive_failures: u32,
    /// The last green run, what alerts compare with.
    pub last_green_run_id: Option<i64>,
}

/// Something that happened to a schedule, shown on its page.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleEvent {
    /// Unix seconds.
    pub at: i64,
    /// `started`, `skipped`, `missed`, `judged`, `error`.
    pub kind: String,
    /// What happened, in words.
    pub message: String,
}

/// One webhook delivery: which alert, where to (origin only) and how it went.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    /// Unix seconds of the first attempt.
    pub at: i64,
    /// The run the alert is about.
    pub run_id: i64,
    /// `failing`, `recovered` or `still-failing`.
    pub alert: String,
    /// The webhook's origin (its path may carry a secret, so it is not kept here).
    pub destination: String,
    /// Attempts made.
    pub attempts: u32,
    /// `delivered (HTTP 200)` or why not.
    pub outcome: String,
}

const COLUMNS: &str = "id, environment_id, suite_key, categories, cadence, jitter_seconds,
    allow_writes, webhook_url, failure_threshold, paused, slot, due_at, current_run_id, health,
    consecutive_failures, last_green_run_id, email_to";

fn schedule_row(row: &Row<'_>) -> rusqlite::Result<(Schedule, String, String)> {
    Ok((
        Schedule {
            id: row.get(0)?,
            input: ScheduleInput {
                environment_id: row.get(1)?,
                suite: SuiteKey::Builtin,
                categories: Vec::new(),
                cadence: row.get(4)?,
                jitter_seconds: row.get(5)?,
                allow_writes: row.get(6)?,
                webhook_url: row.get(7)?,
                failure_threshold: row.get(8)?,
                email_to: row.get(16)?,
            },
            paused: row.get(9)?,
            slot: row.get(10)?,
            due_at: row.get(11)?,
            current_run_id: row.get(12)?,
            health: Health::parse(&row.get::<_, String>(13)?),
            consecutive_failures: row.get(14)?,
            last_green_run_id: row.get(15)?,
        },
        row.get(2)?,
        row.get(3)?,
    ))
}

fn complete(
    (mut schedule, suite, categories): (Schedule, String, String),
) -> Result<Schedule, DashboardError> {
    schedule.input.suite = SuiteKey::parse(&suite).unwrap_or(SuiteKey::Builtin);
    schedule.input.categories = serde_json::from_str(&categories)?;
    Ok(schedule)
}

/// The columns a schedule's settings fill, in the order the statements name them
/// (`environment_id` … `failure_threshold`, `slot`, `due_at`, `email_to`).
fn input_values(
    input: &ScheduleInput,
    slot: i64,
    jitter: i64,
) -> Result<Vec<SqlValue>, DashboardError> {
    Ok(vec![
        input.environment_id.into(),
        input.suite.to_key().into(),
        serde_json::to_string(&input.categories)?.into(),
        input.cadence.clone().into(),
        i64::from(input.jitter_seconds).into(),
        input.allow_writes.into(),
        input.webhook_url.clone().into(),
        i64::from(input.failure_threshold).into(),
        slot.into(),
        (slot + jitter).into(),
        input.email_to.clone().into(),
    ])
}

impl Store {
    /// Stores a new schedule whose first run is due at `slot` (+ `jitter`); returns its id.
    pub fn create_schedule(
        &self,
        input: &ScheduleInput,
        slot: i64,
        jitter: i64,
        now: i64,
    ) -> Result<i64, DashboardError> {
        let connection = self.lock();
        connection.execute(
            "INSERT INTO schedules (environment_id, suite_key, categories, cadence,
                jitter_seconds, allow_writes, webhook_url, failure_threshold, slot, due_at,
                email_to, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params_from_iter(
                input_values(input, slot, jitter)?
                    .into_iter()
                    .chain([now.into()]),
            ),
        )?;
        Ok(connection.last_insert_rowid())
    }

    /// Replaces what a schedule runs, where and when; its next run is due at `slot`
    /// (+ `jitter`). Its health, failures in a row, events and deliveries are kept. False when
    /// there is no such schedule.
    pub fn update_schedule(
        &self,
        id: i64,
        input: &ScheduleInput,
        slot: i64,
        jitter: i64,
    ) -> Result<bool, DashboardError> {
        let changed = self.lock().execute(
            "UPDATE schedules SET environment_id = ?1, suite_key = ?2, categories = ?3,
                cadence = ?4, jitter_seconds = ?5, allow_writes = ?6, webhook_url = ?7,
                failure_threshold = ?8, slot = ?9, due_at = ?10, email_to = ?11
             WHERE id = ?12",
            params_from_iter(
                input_values(input, slot, jitter)?
                    .into_iter()
                    .chain([id.into()]),
            ),
        )?;
        Ok(changed == 1)
    }

    /// One schedule.
    pub fn schedule(&self, id: i64) -> Result<Option<Schedule>, DashboardError> {
        let row = self
            .lock()
            .query_row(
                &format!("SELECT {COLUMNS} FROM schedules WHERE id = ?1"),
                [id],
                schedule_row,
            )
            .optional()?;
        row.map(complete).transpose()
    }

    /// Every schedule, oldest first.
    pub fn schedules(&self) -> Result<Vec<Schedule>, DashboardError> {
        let connection = self.lock();
        let mut statement =
            connection.prepare(&format!("SELECT {COLUMNS} FROM schedules ORDER BY id"))?;
        let rows = statement
            .query_map([], schedule_row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(complete).collect()
    }

    /// Pauses or resumes; a resumed schedule's next run is due at `slot` (+ `jitter`), so
    /// the time it was paused counts as neither missed nor owed.
    pub fn set_schedule_paused(
        &self,
        id: i64,
        paused: bool,
        slot: i64,
        jitter: i64,
    ) -> Result<bool, DashboardError> {
        Ok(self.lock().execute(
            "UPDATE schedules SET paused = ?2, slot = ?3, due_at = ?4 WHERE id = ?1",
            params![id, paused, slot, slot + jitter],
        )? == 1)
    }

    /// Deletes a schedule with its events and deliveries (its runs stay in history).
    pub fn delete_schedule(&self, id: i64) -> Result<bool, DashboardError> {
        Ok(self
            .lock()
            .execute("DELETE FROM schedules WHERE id = ?1", [id])?
            == 1)
    }

    /// Moves the next run to `slot` (+ `jitter`).
    pub fn set_schedule_slot(&self, id: i64, slot: i64, jitter: i64) -> Result<(), DashboardError> {
        self.lock().execute(
            "UPDATE schedules SET slot = ?2, due_at = ?3 WHERE id = ?1",
            params![id, slot, slot + jitter],
        )?;
        Ok(())
    }

    /// Records the run a schedule is waiting for (`None` once it is judged).
    pub fn set_schedule_run(&self, id: i64, run_id: Option<i64>) -> Result<(), DashboardError> {
        self.lock().execute(
            "UPDATE schedules SET current_run_id = ?2 WHERE id = ?1",
            params![id, run_id],
        )?;
        Ok(())
    }

    /// Stores the alert state after a judged run.
    pub fn set_schedule_health(
        &self,
        id: i64,
        health: Health,
        consecutive_failures: u32,
        last_green_run_id: Option<i64>,
    ) -> Result<(), DashboardError> {
        self.lock().execute(
            "UPDATE schedules SET health = ?2, consecutive_failures = ?3, last_green_run_id = ?4
             WHERE id = ?1",
            params![id, health.as_str(), consecutive_failures, last_green_run_id],
        )?;
        Ok(())
    }

    /// Adds an event to a schedule's record.
    pub fn add_schedule_event(
        &self,
        id: i64,
        at: i64,
        kind: &str,
        message: &str,
    ) -> Result<(), DashboardError> {
        self.lock().execute(
            "INSERT INTO schedule_events (schedule_id, at, kind, message) VALUES (?1, ?2, ?3, ?4)",
            params![id, at, kind, message],
        )?;
        Ok(())
    }

    /// A schedule's latest `limit` events, newest first.
    pub fn schedule_events(
        &self,
        id: i64,
        limit: u32,
    ) -> Result<Vec<ScheduleEvent>, DashboardError> {
        let connection = self.lock();
        let mut statement = connection.prepare(
            "SELECT at, kind, message FROM schedule_events WHERE schedule_id = ?1
             ORDER BY id DESC LIMIT ?2",
        )?;
        let rows = statement
            .query_map(params![id, limit], |row| {
                Ok(ScheduleEvent {
                    at: row.get(0)?,
                    kind: row.get(1)?,
                    message: row.get(2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Adds a webhook delivery to a schedule's log.
    pub fn add_delivery(
        &self,
        schedule_id: i64,
        delivery: &Delivery,
    ) -> Result<(), DashboardError> {
        self.lock().execute(
            "INSERT INTO deliveries (schedule_id, at, run_id, alert, destination, attempts, outcome)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                schedule_id,
                delivery.at,
                delivery.run_id,
                delivery.alert,
                delivery.destination,
                delivery.attempts,
                delivery.outcome
            ],
        )?;
        Ok(())
    }

    /// A schedule's latest `limit` deliveries, newest first.
    pub fn deliveries(
        &self,
        schedule_id: i64,
        limit: u32,
    ) -> Result<Vec<Delivery>, DashboardError> {
        let connection = self.lock();
        let mut statement = connection.prepare(
            "SELECT at, run_id, alert, destination, attempts, outcome FROM deliveries
             WHERE schedule_id = ?1 ORDER BY id DESC LIMIT ?2",
        )?;
        let rows = statement
            .query_map(params![schedule_id, limit], |row| {
                Ok(Delivery {
                    at: row.get(0)?,
                    run_id: row.get(1)?,
                    alert: row.get(2)?,
                    destination: row.get(3)?,
                    attempts: row.get(4)?,
                    outcome: row.get(5)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ScheduleInput {
        ScheduleInput {
            environment_id: 1,
            suite: SuiteKey::Builtin,
            categories: vec!["auth".into()],
            cadence: "15".into(),
            jitter_seconds: 30,
            allow_writes: false,
            webhook_url: "http://127.0.0.1:9/hook".into(),
            email_to: String::new(),
            failure_threshold: 3,
        }
    }

    #[test]
    fn schedules_keep_their_input_state_events_and_deliveries() {
        let store = Store::in_memory().unwrap();
        let id = store.create_schedule(&input(), 1000, 7, 900).unwrap();
        let stored = store.schedule(id).unwrap().unwrap();
        assert_eq!(stored.input, input());
        assert_eq!((stored.slot, stored.due_at), (1000, 1007));
        assert_eq!(stored.health, None);
        store
            .set_schedule_health(id, Health::Red, 2, Some(4))
            .unwrap();
        store.set_schedule_run(id, Some(9)).unwrap();
        store.add_schedule_event(id, 1001, "missed", "m").unwrap();
        store.add_schedule_event(id, 1002, "started", "s").unwrap();
        let delivery = Delivery {
            at: 1003,
            run_id: 9,
            alert: "failing".into(),
            destination: "http://127.0.0.1:9".into(),
            attempts: 2,
            outcome: "delivered (HTTP 200)".into(),
        };
        store.add_delivery(id, &delivery).unwrap();
        let stored = store.schedule(id).unwrap().unwrap();
        assert_eq!(stored.health, Some(Health::Red));
        assert_eq!(stored.consecutive_failures, 2);
        assert_eq!(stored.last_green_run_id, Some(4));
        assert_eq!(stored.current_run_id, Some(9));
        let events = store.schedule_events(id, 10).unwrap();
        assert_eq!(events[0].kind, "started");
        assert_eq!(events[1].kind, "missed");
        assert_eq!(store.deliveries(id, 10).unwrap(), vec![delivery]);
        assert!(store.delete_schedule(id).unwrap());
        assert!(store.schedule(id).unwrap().is_none());
        assert!(store.schedule_events(id, 10).unwrap().is_empty());
        assert!(store.deliveries(id, 10).unwrap().is_empty());
    }
}
