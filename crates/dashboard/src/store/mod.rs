//! The dashboard's SQLite database: environments, uploaded suites, runs and their cases,
//! schedules with their events and webhook deliveries, accounts and the audit log.
//!
//! One connection behind a mutex: every query is short and indexed, so requests and the run
//! threads take turns without a pool. Runs are written case by case as they finish, so a run cut
//! by a restart keeps what it did and is marked interrupted on the next start.

mod accounts;
mod audit;
mod environments;
mod runs;
mod schedules;
mod suites;

pub use accounts::{Account, AccountChange};
pub use audit::{AuditEntry, audit_subject};
pub use environments::{Environment, EnvironmentInput, Pauses, is_secret_variable, parse_pauses};
pub use runs::{HistoryFilter, NewRun, RunRow, RunStatus, StoredCase};
pub use schedules::{Delivery, Health, Schedule, ScheduleEvent, ScheduleInput};
pub use suites::{MAX_SUITE_BYTES, NewSuite, StoredSuite, SuiteKey, SuiteRef};

use crate::error::DashboardError;
use crate::vault::{Vault, private_file, restrict};
use rusqlite::Connection;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA foreign_keys = ON;
PRAGMA secure_delete = ON;
CREATE TABLE IF NOT EXISTS environments (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    base_url TEXT NOT NULL,
    auth TEXT NOT NULL,
    variables TEXT NOT NULL,
    initial_script TEXT NOT NULL,
    pauses TEXT NOT NULL,
    secret_variables TEXT NOT NULL DEFAULT '',
    use_cookies INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS suites (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    file_name TEXT NOT NULL,
    source TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    test_id TEXT
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    environment_id INTEGER NOT NULL,
    environment_name TEXT NOT NULL,
    suite_key TEXT NOT NULL,
    suite_name TEXT NOT NULL,
    target TEXT NOT NULL,
    status TEXT NOT NULL,
    started_at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL DEFAULT 0,
    planned INTEGER NOT NULL DEFAULT 0,
    passed INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    warned INTEGER NOT NULL DEFAULT 0,
    errored INTEGER NOT NULL DEFAULT 0,
    blocked INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '[]',
    share_token TEXT UNIQUE
);
CREATE INDEX IF NOT EXISTS runs_by_environment ON runs (environment_id, suite_key, id);
CREATE INDEX IF NOT EXISTS runs_by_environment_only ON runs (environment_id, id);
CREATE INDEX IF NOT EXISTS runs_by_suite ON runs (suite_key, id);
CREATE INDEX IF NOT EXISTS runs_by_status ON runs (status);
CREATE TABLE IF NOT EXISTS cases (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS schedules (
    id INTEGER PRIMARY KEY,
    environment_id INTEGER NOT NULL,
    suite_key TEXT NOT NULL,
    categories TEXT NOT NULL DEFAULT '[]',
    cadence TEXT NOT NULL,
    jitter_seconds INTEGER NOT NULL DEFAULT 0,
    allow_writes INTEGER NOT NULL DEFAULT 0,
    webhook_url TEXT NOT NULL DEFAULT '',
    failure_threshold INTEGER NOT NULL DEFAULT 0,
    paused INTEGER NOT NULL DEFAULT 0,
    slot INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    current_run_id INTEGER,
    health TEXT NOT NULL DEFAULT '',
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_green_run_id INTEGER,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS schedule_events (
    id INTEGER PRIMARY KEY,
    schedule_id INTEGER NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS schedule_events_by_schedule ON schedule_events (schedule_id, id);
CREATE TABLE IF NOT EXISTS deliveries (
    id INTEGER PRIMARY KEY,
    schedule_id INTEGER NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    run_id INTEGER NOT NULL,
    alert TEXT NOT NULL,
    destination TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    outcome TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS deliveries_by_schedule ON deliveries (schedule_id, id);
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    admin INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL
);
";

/// Adds `column` (SQL `definition`) to `table` in databases made before it existed.
fn add_missing_column(
    connection: &Connection,
    table: &str,
    column: &str,
    definition: &str,
) -> Result<(), DashboardError> {
    let present: bool = connection.query_row(
        "SELECT COUNT(*) > 0 FROM pragma_table_info(?1) WHERE name = ?2",
        [table, column],
        |row| row.get(0),
    )?;
    if !present {
        connection.execute_batch(&format!(
            "ALTER TABLE {table} ADD COLUMN {column} {definition}"
        ))?;
    }
    Ok(())
}

/// Shared handle to the database.
#[derive(Clone)]
pub struct Store {
    connection: Arc<Mutex<Connection>>,
    /// Seals the stored credentials and secret variables.
    vault: Vault,
}

impl Store {
    /// Opens (creating when missing) the database at `path`, readable by its owner only, with
    /// the key sealing its credentials beside it (`dashboard.key`), and brings its schema up
    /// to date; credentials and secret variables stored in plain text by older versions are
    /// sealed.
    pub fn open(path: &Path) -> Result<Store, DashboardError> {
        let vault = Vault::open(&path.with_extension("key"))?;
        let private = |path: &Path, result: std::io::Result<()>| {
            result.map_err(|source| DashboardError::DataDir {
                path: path.to_path_buf(),
                source,
            })
        };
        private(path, private_file(path, false).map(drop))?;
        for suffix in ["-wal", "-shm"] {
            let mut side = path.as_os_str().to_owned();
            side.push(suffix);
            let side = Path::new(&side);
            if side.exists() {
                private(side, restrict(side))?;
            }
        }
        Self::with(Connection::open(path)?, vault)
    }

    /// A private in-memory database (with a key kept in memory), for tests and benchmarks.
    pub fn in_memory() -> Result<Store, DashboardError> {
        Self::with(Connection::open_in_memory()?, Vault::ephemeral())
    }

    fn with(connection: Connection, vault: Vault) -> Result<Store, DashboardError> {
        connection.execute_batch(SCHEMA)?;
        // Databases made before the `blocked` verdict count none (their runs had no blocked
        // case); those made before secret variables were sealed keep them in `variables` until
        // `seal_plaintext_credentials` moves them.
        add_missing_column(&connection, "runs", "blocked", "INTEGER NOT NULL DEFAULT 0")?;
        add_missing_column(
            &connection,
            "environments",
            "secret_variables",
            "TEXT NOT NULL DEFAULT ''",
        )?;
        // Schedules, their events and deliveries, accounts and the audit log are new tables
        // (`CREATE TABLE IF NOT EXISTS` above adds them to older databases); no older table
        // gained a column for them.
        // Environments made before the "Use cookies" setting did not keep cookies.
        add_missing_column(
            &connection,
            "environments",
            "use_cookies",
            "INTEGER NOT NULL DEFAULT 0",
        )?;
        // Runs recorded before response times were kept have none; schedules made before
        // e-mail alerts mail nobody.
        add_missing_column(&connection, "runs", "p95_ms", "INTEGER")?;
        add_missing_column(
            &connection,
            "schedules",
            "email_to",
            "TEXT NOT NULL DEFAULT ''",
        )?;
        // Suites uploaded before subtests ran in the dashboard stand for no Runscope test. The
        // index is made here, not in SCHEMA, because an older `suites` has no `test_id` until
        // it is added just below; it keeps two suites from standing for one test (NULLs are
        // distinct, so any number stand for none).
        add_missing_column(&connection, "suites", "test_id", "TEXT")?;
        connection.execute_batch(
            "CREATE UNIQUE INDEX IF NOT EXISTS suites_by_test_id ON suites (test_id)",
        )?;
        let store = Store {
            connection: Arc::new(Mutex::new(connection)),
            vault,
        };
        store.seal_plaintext_credentials()?;
        Ok(store)
    }

    /// The connection; a panic while it was held does not make the data unusable.
    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.connection
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
