//! Runs and their cases. A run row holds the counts the history needs (kept up to date as each
//! case lands, so history never reads case bodies); cases are stored one row each, in order.
//!
//! History pages by id (keyset): `id < last seen`, newest first, through the
//! `(environment_id, suite_key, id)`, `(environment_id, id)` and `(suite_key, id)` indexes, so page 200 of 10,000 runs costs
//! what page 1 does.

use super::{Store, SuiteKey};
use crate::error::DashboardError;
use rusqlite::{OptionalExtension, Row, ToSql, params};
use scimcheck_engine::model::{CaseResult, RootCause, RunResult, SCHEMA_VERSION, Summary, Verdict};

/// Where a run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunStatus {
    /// Cases are still arriving.
    Running,
    /// Ended normally.
    Finished,
    /// Cut by a restart of the dashboard; the cases before the cut are kept.
    Interrupted,
    /// Stopped with Cancel; the cases before it are kept.
    Cancelled,
    /// Could not run at all (unreachable target, unusable suite); the notes say why.
    Error,
}

impl RunStatus {
    /// The stored spelling, also shown on pages.
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Finished => "finished",
            RunStatus::Interrupted => "interrupted",
            RunStatus::Cancelled => "cancelled",
            RunStatus::Error => "error",
        }
    }

    fn parse(text: &str) -> RunStatus {
        match text {
            "running" => RunStatus::Running,
            "finished" => RunStatus::Finished,
            "error" => RunStatus::Error,
            "cancelled" => RunStatus::Cancelled,
            _ => RunStatus::Interrupted,
        }
    }
}

/// A run as history and the run page show it (no case bodies).
#[derive(Debug, Clone, PartialEq)]
pub struct RunRow {
    /// Row id, also the run's number in URLs.
    pub id: i64,
    /// Environment it ran in (may since have been deleted).
    pub environment_id: i64,
    /// The environment's name at the time.
    pub environment_name: String,
    /// Which suite.
    pub suite_key: String,
    /// The suite's name at the time.
    pub suite_name: String,
    /// The base URL judged (or the embedded server's).
    pub target: String,
    /// Where it stands.
    pub status: RunStatus,
    /// Start time, RFC 3339.
    pub started_at: String,
    /// Wall time once finished.
    pub duration_ms: u64,
    /// Cases announced at the start.
    pub planned: u32,
    /// Cases per verdict so far.
    pub summary: Summary,
    /// Run-level remarks.
    pub notes: Vec<String>,
    /// Share token while the run is shareable.
    pub share_token: Option<String>,
    /// The 95th percentile of its responses' times (nearest rank), once finished; `None` before,
    /// for a run that received no response, and for runs recorded before it was kept.
    pub p95_ms: Option<u64>,
}

impl RunRow {
    /// Cases finished so far.
    pub fn done(&self) -> u32 {
        let s = self.summary;
        s.passed + s.failed + s.skipped + s.warned + s.errored + s.blocked
    }

    /// Whether the run found the server up (`true`: it finished with nothing failing or in
    /// error), down (`false`: something failed, or it could not run at all), or says nothing
    /// (`None`: running, cancelled, cut by a restart). The same judgement as the alerts'
    /// (`monitor::alert::health`), which the dashboard's runs, having no expected failures,
    /// reach from the counts alone.
    pub fn green(&self) -> Option<bool> {
        let s = self.summary;
        match self.status {
            RunStatus::Finished => Some(s.failed + s.errored == 0),
            RunStatus::Error => Some(false),
            RunStatus::Running | RunStatus::Cancelled | RunStatus::Interrupted => None,
        }
    }

    /// Passed share of judged cases (skipped and blocked ones excluded), 0 to 1; `None` when
    /// nothing was judged.
    pub fn pass_rate(&self) -> Option<f64> {
        let s = self.summary;
        let judged = s.passed + s.failed + s.warned + s.errored;
        (judged > 0).then(|| f64::from(s.passed + s.warned) / f64::from(judged))
    }
}

/// A stored case with its position in the run.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCase {
    /// 1-based position in the run.
    pub seq: i64,
    /// The (redacted) case.
    pub case: CaseResult,
}

/// Which runs a history page lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryFilter {
    /// Only this environment.
    pub environment_id: Option<i64>,
    /// Only this suite.
    pub suite: Option<SuiteKey>,
}

impl HistoryFilter {
    /// SQL conditions (joined with AND) and their parameters.
    fn conditions(&self) -> (Vec<&'static str>, Vec<Box<dyn ToSql>>) {
        let mut conditions = Vec::new();
        let mut values: Vec<Box<dyn ToSql>> = Vec::new();
        if let Some(id) = self.environment_id {
            conditions.push("environment_id = ?");
            values.push(Box::new(id));
        }
        if let Some(key) = self.suite {
            conditions.push("suite_key = ?");
            values.push(Box::new(key.to_key()));
        }
        (conditions, values)
    }
}

const COLUMNS: &str = "id, environment_id, environment_name, suite_key, suite_name, target, status,
    started_at, duration_ms, planned, passed, failed, skipped, warned, errored, notes, share_token,
    blocked, p95_ms";

fn run_row(row: &Row<'_>) -> rusqlite::Result<(RunRow, String)> {
    Ok((
        RunRow {
            id: row.get(0)?,
            environment_id: row.get(1)?,
            environment_name: row.get(2)?,
            suite_key: row.get(3)?,
            suite_name: row.get(4)?,
            target: row.get(5)?,
            status: RunStatus::parse(&row.get::<_, String>(6)?),
            started_at: row.get(7)?,
            duration_ms: row.get(8)?,
            planned: row.get(9)?,
            summary: Summary {
                passed: row.get(10)?,
                failed: row.get(11)?,
                skipped: row.get(12)?,
                warned: row.get(13)?,
                errored: row.get(14)?,
                blocked: row.get(17)?,
            },
            notes: Vec::new(),
            share_token: row.get(16)?,
            p95_ms: row.get(18)?,
        },
        row.get(15)?,
    ))
}

fn with_notes((mut run, notes): (RunRow, String)) -> Result<RunRow, DashboardError> {
    run.notes = serde_json::from_str(&notes)?;
    Ok(run)
}

fn count_column(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "passed",
        Verdict::Fail => "failed",
        Verdict::Skip => "skipped",
        Verdict::Warn => "warned",
        Verdict::Error => "errored",
        Verdict::Blocked => "blocked",
    }
}

/// What a new run row starts with.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRun<'a> {
    /// Environment id.
    pub environment_id: i64,
    /// Environment name.
    pub environment_name: &'a str,
    /// Suite.
    pub suite: SuiteKey,
    /// Suite name.
    pub suite_name: &'a str,
    /// Base URL (or a description of the embedded server).
    pub target: &'a str,
    /// Start time, RFC 3339.
    pub started_at: &'a str,
}

impl Store {
    /// Records a run that is starting; returns its id.
    pub fn create_run(&self, run: &NewRun<'_>) -> Result<i64, DashboardError> {
        let conn = self.lock();
        conn.execute(
            "INSERT INTO runs (environment_id, environment_name, suite_key, suite_name, target,
                 status, started_at) VALUES (?1, ?2, ?3, ?4, ?5, 'running', ?6)",
            params![
                run.environment_id,
                run.environment_name,
                run.suite.to_key(),
                run.suite_name,
                run.target,
                run.started_at
            ],
        )?;
        Ok(conn.last_insert_rowid())
    }

    /// Records how many cases the run announced, and the target it really judged.
    pub fn set_planned(&self, id: i64, planned: usize, target: &str) -> Result<(), DashboardError> {
        let planned = u32::try_from(planned).unwrap_or(u32::MAX);
        self.lock().execute(
            "UPDATE runs SET planned = ?2, target = ?3 WHERE id = ?1",
            params![id, planned, target],
        )?;
        Ok(())
    }

    /// Appends a finished case and counts its verdict, atomically.
    pub fn add_case(&self, run_id: i64, seq: i64, case: &CaseResult) -> Result<(), DashboardError> {
        let body = serde_json::to_string(case)?;
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO cases (run_id, seq, body) VALUES (?1, ?2, ?3)",
            params![run_id, seq, body],
        )?;
        let column = count_column(case.verdict);
        tx.execute(
            &format!("UPDATE runs SET {column} = {column} + 1 WHERE id = ?1"),
            [run_id],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Ends a run, with the 95th percentile of its response times when it received any.
    pub fn finish_run(
        &self,
        id: i64,
        status: RunStatus,
        duration_ms: u64,
        notes: &[String],
        p95_ms: Option<u64>,
    ) -> Result<(), DashboardError> {
        self.lock().execute(
            "UPDATE runs SET status = ?2, duration_ms = ?3, notes = ?4, p95_ms = ?5 WHERE id = ?1",
            params![
                id,
                status.as_str(),
                duration_ms,
                serde_json::to_string(notes)?,
                p95_ms
            ],
        )?;
        Ok(())
    }

    /// Marks every run still recorded as running as interrupted (called at startup: no run
    /// survives a restart). Returns how many were marked.
    pub fn mark_interrupted(&self) -> Result<usize, DashboardError> {
        Ok(self.lock().execute(
            "UPDATE runs SET status = 'interrupted',
                 notes = json_insert(notes, '$[#]', 'interrupted: the dashboard stopped while this run was in progress; the cases above are the ones that finished')
             WHERE status = 'running'",
            [],
        )?)
    }

    /// One run.
    pub fn run(&self, id: i64) -> Result<Option<RunRow>, DashboardError> {
        let found = self
            .lock()
            .query_row(
                &format!("SELECT {COLUMNS} FROM runs WHERE id = ?1"),
                [id],
                run_row,
            )
            .optional()?;
        found.map(with_notes).transpose()
    }

    /// The run shared under `token`, if it is still shared.
    pub fn run_by_token(&self, token: &str) -> Result<Option<RunRow>, DashboardError> {
        let found = self
            .lock()
            .query_row(
                &format!("SELECT {COLUMNS} FROM runs WHERE share_token = ?1"),
                [token],
                run_row,
            )
            .optional()?;
        found.map(with_notes).transpose()
    }

    /// Makes a run shareable under `token`, or private again with `None` (revoking the old
    /// token). Returns false when there is no such run.
    pub fn set_share_token(&self, id: i64, token: Option<&str>) -> Result<bool, DashboardError> {
        Ok(self.lock().execute(
            "UPDATE runs SET share_token = ?2 WHERE id = ?1",
            params![id, token],
        )? == 1)
    }

    /// Cases of a run after position `after`, in order, at most `limit`.
    pub fn cases_after(
        &self,
        run_id: i64,
        after: i64,
        limit: i64,
    ) -> Result<Vec<StoredCase>, DashboardError> {
        let conn = self.lock();
        let mut statement = conn.prepare_cached(
            "SELECT seq, body FROM cases WHERE run_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
        )?;
        let rows = statement
            .query_map(params![run_id, after, limit], |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        drop(statement);
        drop(conn);
        rows.into_iter()
            .map(|(seq, body)| {
                Ok(StoredCase {
                    seq,
                    case: serde_json::from_str(&body)?,
                })
            })
            .collect()
    }

    /// A page of history: runs matching `filter` with ids below `before` (all when `None`),
    /// newest first, at most `limit`.
    pub fn history(
        &self,
        filter: &HistoryFilter,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<RunRow>, DashboardError> {
        let (mut conditions, mut values) = filter.conditions();
        if let Some(before) = before {
            conditions.push("id < ?");
            values.push(Box::new(before));
        }
        values.push(Box::new(limit));
        let condition = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let conn = self.lock();
        let mut statement = conn.prepare(&format!(
            "SELECT {COLUMNS} FROM runs {condition} ORDER BY id DESC LIMIT ?"
        ))?;
        let params: Vec<&dyn ToSql> = values.iter().map(|v| v.as_ref()).collect();
        let rows = statement
            .query_map(params.as_slice(), run_row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(with_notes).collect()
    }

    /// The whole run as the result model, for downloads (cases in order).
    pub fn run_result(&self, run: &RunRow) -> Result<RunResult, DashboardError> {
        let cases: Vec<CaseResult> = self
            .cases_after(run.id, 0, i64::MAX)?
            .into_iter()
            .map(|stored| stored.case)
            .collect();
        Ok(RunResult {
            schema_version: SCHEMA_VERSION,
            suite: run.suite_name.clone(),
            target: run.target.clone(),
            started_at: run.started_at.clone(),
            duration_ms: run.duration_ms,
            summary: Summary::of(&cases),
            root_causes: RootCause::of(&cases),
            cases,
            notes: run.notes.clone(),
            // The dashboard has no --show-secrets: every run it stores was masked.
            secrets_masked: true,
            foreign_data: None,
            comparison: None,
            load: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_run(store: &Store, environment_id: i64, suite: SuiteKey) -> i64 {
        store
            .create_run(&NewRun {
                environment_id,
                environment_name: "env",
                suite,
                suite_name: "suite",
                target: "http://t",
                started_at: "2026-11-28T12:00:00.000Z",
            })
            .unwrap()
    }

    fn case(id: &str, verdict: Verdict) -> CaseResult {
        let mut case = CaseResult::new(id, id);
        case.verdict = verdict;
        case
    }

    #[test]
    fn blocked_cases_are_counted_also_in_a_database_made_before_the_verdict() {
        let old = rusqlite::Connection::open_in_memory().unwrap();
        old.execute_batch(
            &super::super::SCHEMA.replace("    blocked INTEGER NOT NULL DEFAULT 0,\n", ""),
        )
        .unwrap();
        let store = Store::with(old, crate::vault::Vault::ephemeral()).unwrap();
        let run = new_run(&store, 1, SuiteKey::Builtin);
        store.add_case(run, 1, &case("a", Verdict::Fail)).unwrap();
        store
            .add_case(run, 2, &case("b", Verdict::Blocked))
            .unwrap();
        store
            .add_case(run, 3, &case("c", Verdict::Blocked))
            .unwrap();
        let row = store.run(run).unwrap().unwrap();
        assert_eq!(
            (row.summary.failed, row.summary.blocked, row.done()),
            (1, 2, 3)
        );
        assert_eq!(row.pass_rate(), Some(0.0), "blocked cases are not judged");
    }

    #[test]
    fn cases_are_counted_and_read_back_in_order() {
        let store = Store::in_memory().unwrap();
        let run = new_run(&store, 1, SuiteKey::Builtin);
        store.set_planned(run, 3, "http://real").unwrap();
        store.add_case(run, 1, &case("a", Verdict::Pass)).unwrap();
        store.add_case(run, 2, &case("b", Verdict::Fail)).unwrap();
        store.add_case(run, 3, &case("c", Verdict::Pass)).unwrap();
        let row = store.run(run).unwrap().unwrap();
        assert_eq!(
            (row.summary.passed, row.summary.failed, row.done()),
            (2, 1, 3)
        );
        assert_eq!(row.target, "http://real");
        assert_eq!(row.status, RunStatus::Running);
        let after_one: Vec<String> = store
            .cases_after(run, 1, 10)
            .unwrap()
            .into_iter()
            .map(|c| c.case.id)
            .collect();
        assert_eq!(after_one, ["b", "c"]);
        assert!(
            store.add_case(run, 2, &case("dup", Verdict::Pass)).is_err(),
            "a position is written once"
        );
        assert_eq!(
            store.run(run).unwrap().unwrap().done(),
            3,
            "failed insert counted nothing"
        );

        store
            .finish_run(run, RunStatus::Finished, 120, &["note".into()], Some(42))
            .unwrap();
        let result = store.run_result(&store.run(run).unwrap().unwrap()).unwrap();
        assert_eq!(result.cases.len(), 3);
        assert_eq!(result.duration_ms, 120);
        assert_eq!(result.notes, ["note"]);
    }

    #[test]
    fn running_runs_become_interrupted_and_keep_their_cases() {
        let store = Store::in_memory().unwrap();
        let cut = new_run(&store, 1, SuiteKey::Builtin);
        store.add_case(cut, 1, &case("a", Verdict::Pass)).unwrap();
        let done = new_run(&store, 1, SuiteKey::Builtin);
        store
            .finish_run(done, RunStatus::Finished, 5, &[], None)
            .unwrap();
        assert_eq!(store.mark_interrupted().unwrap(), 1);
        let row = store.run(cut).unwrap().unwrap();
        assert_eq!(row.status, RunStatus::Interrupted);
        assert_eq!(row.done(), 1);
        assert!(row.notes.iter().any(|n| n.starts_with("interrupted")));
        assert_eq!(
            store.run(done).unwrap().unwrap().status,
            RunStatus::Finished
        );
        assert_eq!(store.mark_interrupted().unwrap(), 0);
    }

    #[test]
    fn share_tokens_find_the_run_until_revoked() {
        let store = Store::in_memory().unwrap();
        let run = new_run(&store, 1, SuiteKey::Builtin);
        assert!(store.run_by_token("t1").unwrap().is_none());
        assert!(store.set_share_token(run, Some("t1")).unwrap());
        assert_eq!(store.run_by_token("t1").unwrap().unwrap().id, run);
        assert!(store.set_share_token(run, None).unwrap());
        assert!(store.run_by_token("t1").unwrap().is_none());
        assert!(!store.set_share_token(999, Some("t2")).unwrap());
    }

    #[test]
    fn history_pages_by_id_within_a_filter() {
        let store = Store::in_memory().unwrap();
        for i in 0..30 {
            let suite = if i % 2 == 0 {
                SuiteKey::Builtin
            } else {
                SuiteKey::Upload(7)
            };
            new_run(&store, 1 + i % 3, suite);
        }
        let all = store.history(&HistoryFilter::default(), None, 10).unwrap();
        let ids: Vec<i64> = all.iter().map(|r| r.id).collect();
        assert_eq!(ids, (21..=30).rev().collect::<Vec<_>>());
        let next = store
            .history(&HistoryFilter::default(), Some(21), 10)
            .unwrap();
        assert_eq!(next.first().map(|r| r.id), Some(20));
        let filter = HistoryFilter {
            environment_id: Some(2),
            suite: Some(SuiteKey::Upload(7)),
        };
        let filtered = store.history(&filter, None, 100).unwrap();
        assert!(!filtered.is_empty());
        assert!(
            filtered
                .iter()
                .all(|r| r.environment_id == 2 && r.suite_key == "upload:7")
        );
        assert_eq!(filtered.len(), 5);
    }
}
