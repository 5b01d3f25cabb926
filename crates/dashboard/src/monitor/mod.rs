//! Monitoring (issue 20): schedules that run a suite in an environment on a cadence, and
//! alerts when a schedule's health changes.
//!
//! One scheduler per dashboard. Every [`TICK`] it calls [`Monitor::tick`], which first judges
//! the runs schedules started that have since ended (alerts go out from there), then starts
//! the runs that are due, through the same `execute::start` as Run now, so a scheduled run is
//! an ordinary run in history. Runs are read-only (the suite's `--read-only` selection) unless
//! the schedule allows writes; a Runscope test has no read-only mode, so it can only be
//! scheduled with writes allowed. A schedule never overlaps itself: a run due while its
//! previous run still goes is skipped, and the skip recorded.
//!
//! At startup, [`Monitor::catch_up`] counts the due times that passed while the dashboard was
//! stopped, records "missed N runs" for each schedule and moves it to its next due time, so
//! neither a burst of runs nor a silent gap follows a restart. Runs a restart interrupted are
//! recorded as not judged.
//!
//! Ticks are serialized (one mutex), so the background ticker and a test calling
//! [`Monitor::tick`] directly cannot start a schedule twice. A tick waits for the alerts it
//! sends, so a slow webhook delays the next tick (by at most the webhook's attempts and
//! timeouts), never a run already going.

mod alert;
mod cadence;
mod chat;
mod mail;
mod webhook;

pub use alert::Alert;
pub use cadence::Cadence;
pub use chat::Service;
pub use mail::{Mailer, recipients};
pub use webhook::{Outcome, Webhook, check_url, destination};

use crate::error::DashboardError;
use crate::execute::{self, Plan};
use crate::live::LiveRuns;
use crate::store::{Delivery, Health, RunRow, RunStatus, Schedule, Store, SuiteKey};
use scimcheck_engine::http::TargetPolicy;
use scimcheck_engine::runscope::format;
use scimcheck_engine::runscope::script::ScriptHost;
use std::sync::Arc;
use std::time::Duration;

/// How often the background scheduler looks for due schedules: due times are minutes apart,
/// so a run starts at most this late.
pub const TICK: Duration = Duration::from_secs(5);

/// At most this many missed due times are counted per schedule after a restart (a schedule
/// every minute stopped for a year stops counting there, and says so).
const MAX_COUNTED: u32 = 100_000;

/// The runs one tick started and the ones it skipped (what tests follow).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tick {
    /// `(schedule, run)` for each run started.
    pub started: Vec<(i64, i64)>,
    /// Schedules whose due run was skipped because their previous run still went.
    pub skipped: Vec<i64>,
}

/// The scheduler: what it needs to start runs and send alerts.
pub struct Monitor {
    store: Store,
    live: Arc<LiveRuns>,
    target_policy: Arc<dyn TargetPolicy>,
    script_host: ScriptHost,
    link_base: String,
    webhook: Webhook,
    /// E-mail alerts, when the dashboard was given an SMTP server.
    mailer: Option<Mailer>,
    ticking: tokio::sync::Mutex<()>,
}

/// A random number of seconds from 0 to `jitter`.
pub fn jitter(seconds: u32) -> i64 {
    if seconds == 0 {
        0
    } else {
        i64::from(rand::Rng::random_range(&mut rand::rng(), 0..=seconds))
    }
}

impl Monitor {
    /// A scheduler over `store`, starting runs as Run now does; links in alerts start with
    /// `link_base` (`--public-url` or the dashboard's address); alerts go to a schedule's
    /// webhook through `webhook` and to its recipients through `mailer`, when there is one.
    pub fn new(
        store: Store,
        live: Arc<LiveRuns>,
        target_policy: Arc<dyn TargetPolicy>,
        script_host: ScriptHost,
        link_base: String,
        webhook: Webhook,
        mailer: Option<Mailer>,
    ) -> Monitor {
        Monitor {
            store,
            live,
            target_policy,
            script_host,
            link_base,
            webhook,
            mailer,
            ticking: tokio::sync::Mutex::new(()),
        }
    }

    /// Records, for every active schedule whose due time passed while the dashboard was
    /// stopped, how many runs were missed, and moves it to its next due time after `now`.
    pub async fn catch_up(&self, now: i64) -> Result<(), DashboardError> {
        let _one = self.ticking.lock().await;
        for schedule in self.store.schedules()? {
            if schedule.paused || schedule.due_at > now {
                continue;
            }
            let Ok(cadence) = Cadence::from_stored(&schedule.input.cadence) else {
                continue;
            };
            let (first, mut last, mut missed) = (schedule.slot, schedule.slot, 0u32);
            let mut slot = Some(schedule.slot);
            while let Some(t) = slot.filter(|t| *t <= now) {
                missed += 1;
                last = t;
                if missed == MAX_COUNTED {
                    break;
                }
                slot = cadence.next_after(t);
            }
            let at_least = if missed == MAX_COUNTED {
                "at least "
            } else {
                ""
            };
            self.store.add_schedule_event(
                schedule.id,
                now,
                "missed",
                &format!(
                    "Missed {at_least}{missed} run{} while the dashboard was stopped (due from {} to {}).",
                    if missed == 1 { "" } else { "s" },
                    clock(first),
                    clock(last)
                ),
            )?;
            if let Some(next) = cadence.next_after(now) {
                self.store.set_schedule_slot(
                    schedule.id,
                    next,
                    jitter(schedule.input.jitter_seconds),
                )?;
            }
        }
        Ok(())
    }

    /// Judges the schedules' ended runs (sending their alerts), then starts the runs due at
    /// `now` (Unix seconds). The background scheduler calls it every [`TICK`] with the clock;
    /// tests call it with the times they need.
    pub async fn tick(&self, now: i64) -> Result<Tick, DashboardError> {
        let _one = self.ticking.lock().await;
        let mut tick = Tick::default();
        for schedule in self.store.schedules()? {
            let still_running = match schedule.current_run_id {
                Some(run_id) => match self.store.run(run_id)? {
                    Some(run) if run.status == RunStatus::Running => true,
                    Some(run) => {
                        self.judge(&schedule, &run, now).await?;
                        false
                    }
                    None => {
                        self.store.set_schedule_run(schedule.id, None)?;
                        false
                    }
                },
                None => false,
            };
            if schedule.paused || schedule.due_at > now {
                continue;
            }
            let Ok(cadence) = Cadence::from_stored(&schedule.input.cadence) else {
                continue;
            };
            // The next slot after now, not after the old one: a late tick starts one run.
            if let Some(next) = cadence.next_after(now.max(schedule.slot)) {
                self.store.set_schedule_slot(
                    schedule.id,
                    next,
                    jitter(schedule.input.jitter_seconds),
                )?;
            }
            if still_running {
                let run_id = schedule.current_run_id.unwrap_or_default();
                self.store.add_schedule_event(
                    schedule.id,
                    now,
                    "skipped",
                    &format!("Skipped a run: the previous run #{run_id} was still running."),
                )?;
                tick.skipped.push(schedule.id);
                continue;
            }
            match self.start(&schedule) {
                Ok(run_id) => {
                    self.store.set_schedule_run(schedule.id, Some(run_id))?;
                    self.store.add_schedule_event(
                        schedule.id,
                        now,
                        "started",
                        &format!("Started run #{run_id}."),
                    )?;
                    tick.started.push((schedule.id, run_id));
                }
                Err(why) => {
                    self.store
                        .add_schedule_event(schedule.id, now, "error", &why)?;
                }
            }
        }
        Ok(tick)
    }

    /// Starts the schedule's run; the error says why it could not.
    fn start(&self, schedule: &Schedule) -> Result<i64, String> {
        let input = &schedule.input;
        let environment = self
            .store
            .environment(input.environment_id)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| {
                format!(
                    "Not run: environment #{} no longer exists; delete this schedule or make a new one.",
                    input.environment_id
                )
            })?;
        if environment.credentials_unreadable {
            return Err(format!(
                "Not run: a stored credential of {} cannot be opened; enter it again on the environment's page.",
                environment.name
            ));
        }
        let plan = match input.suite {
            SuiteKey::Builtin => Plan::Builtin {
                categories: input.categories.clone(),
                read_only: !input.allow_writes,
            },
            SuiteKey::Upload(id) => {
                let suite = self
                    .store
                    .suite(id)
                    .map_err(|e| e.to_string())?
                    .ok_or_else(|| format!("Not run: suite #{id} no longer exists."))?;
                let test = format::parse(&suite.source)
                    .map_err(|e| format!("Not run: the stored suite no longer parses: {e}"))?;
                Plan::Runscope {
                    suite_id: id,
                    test: Box::new(test),
                }
            }
        };
        execute::start(
            &self.store,
            &self.live,
            &self.target_policy,
            environment,
            plan,
            &self.script_host,
        )
        .map_err(|e| format!("Not run: {e}"))
    }

    /// Judges an ended run of `schedule`: updates its health, sends the alert it raises.
    async fn judge(
        &self,
        schedule: &Schedule,
        run: &RunRow,
        now: i64,
    ) -> Result<(), DashboardError> {
        self.store.set_schedule_run(schedule.id, None)?;
        let result = self.store.run_result(run)?;
        let Some(health) = alert::health(run, &result) else {
            return self.store.add_schedule_event(
                schedule.id,
                now,
                "judged",
                &format!(
                    "Run #{} was {}: not judged, the alert state is unchanged.",
                    run.id,
                    run.status.as_str()
                ),
            );
        };
        let (raised, in_a_row) = alert::decide(
            schedule.health,
            schedule.consecutive_failures,
            health,
            schedule.input.failure_threshold,
        );
        let last_green = match schedule.last_green_run_id {
            Some(id) => self.store.run(id)?,
            None => None,
        };
        let last_green = match last_green {
            Some(green) => {
                let result = self.store.run_result(&green)?;
                Some((green, result))
            }
            None => None,
        };
        let green_id = if health == Health::Green {
            Some(run.id)
        } else {
            schedule.last_green_run_id
        };
        self.store
            .set_schedule_health(schedule.id, health, in_a_row, green_id)?;
        self.store.add_schedule_event(
            schedule.id,
            now,
            "judged",
            &format!(
                "Run #{} is {}{}.",
                run.id,
                health.as_str(),
                raised.map_or(String::new(), |a| format!(": alert {}", a.as_str()))
            ),
        )?;
        let Some(raised) = raised else {
            return Ok(());
        };
        let payload = alert::payload(
            raised,
            &alert::Subject {
                schedule_id: schedule.id,
                run,
                result: &result,
                last_green: last_green.as_ref().map(|(row, result)| (row, result)),
                consecutive_failures: in_a_row,
                link_base: &self.link_base,
            },
        );
        let record = |destination: String, outcome: Outcome| Delivery {
            at: now,
            run_id: run.id,
            alert: raised.as_str().to_owned(),
            destination,
            attempts: outcome.attempts,
            outcome: outcome.outcome,
        };
        let url = schedule.input.webhook_url.as_str();
        if !url.is_empty() {
            let outcome = self.webhook.deliver(url, &chat::body(url, &payload)).await;
            self.store
                .add_delivery(schedule.id, &record(destination(url), outcome))?;
        }
        // Recipients were checked when the schedule was saved; one that no longer parses is
        // reported in the log rather than dropped.
        let to = schedule.input.email_to.as_str();
        if to.is_empty() {
            return Ok(());
        }
        let outcome = match (&self.mailer, recipients(to)) {
            (Some(mailer), Ok(to)) => {
                let (subject, text) = chat::email(&payload);
                mailer.deliver(&to, &subject, &text).await
            }
            (None, _) => Outcome {
                attempts: 0,
                outcome: "not sent: the dashboard has no SMTP server (--smtp-url, --smtp-from)"
                    .into(),
                delivered: false,
            },
            (_, Err(e)) => Outcome {
                attempts: 0,
                outcome: format!("not sent: {e}"),
                delivered: false,
            },
        };
        self.store
            .add_delivery(schedule.id, &record(format!("e-mail to {to}"), outcome))
    }

    /// Ticks every [`TICK`] with the clock until the task is aborted; a tick that fails
    /// (storage error) is retried at the next one.
    pub fn spawn_ticker(self: Arc<Self>) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(TICK);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                interval.tick().await;
                let _ = self.tick(chrono::Utc::now().timestamp()).await;
            }
        })
    }
}

/// `2026-12-04 13:05 UTC`, as pages and events show due times.
pub fn clock(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| t.to_string())
}
