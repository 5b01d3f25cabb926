//! Live runs: a wake-up channel and a cancellation token per running run, and the
//! server-sent-event stream a run page follows. Cases travel through the database, not the channel: a subscriber reads every case
//! after the last one it has, so nothing is lost to a slow browser or a late subscription.

use crate::html;
use crate::store::{RunRow, RunStatus, Store};
use axum::response::sse::Event;
use futures_util::Stream;
use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

/// A run in progress: who follows it, and how to stop it.
#[derive(Debug)]
struct Live {
    wake: broadcast::Sender<()>,
    cancel: CancellationToken,
}

/// The runs in progress in this process.
#[derive(Debug, Default)]
pub struct LiveRuns {
    channels: Mutex<HashMap<i64, Live>>,
}

impl LiveRuns {
    fn channels(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Live>> {
        self.channels
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Registers a run that is starting; the token tells it when Cancel was pressed.
    pub fn open(&self, run_id: i64) -> CancellationToken {
        let cancel = CancellationToken::new();
        let live = Live {
            wake: broadcast::channel(16).0,
            cancel: cancel.clone(),
        };
        self.channels().insert(run_id, live);
        cancel
    }

    /// Asks the run to stop; false when it is not in progress here.
    pub fn cancel(&self, run_id: i64) -> bool {
        self.channels()
            .get(&run_id)
            .map(|live| live.cancel.cancel())
            .is_some()
    }

    /// Wakes the run's followers (a case was stored).
    pub fn notify(&self, run_id: i64) {
        if let Some(live) = self.channels().get(&run_id) {
            let _ = live.wake.send(());
        }
    }

    /// Ends a run's channel; followers then read its final state.
    pub fn close(&self, run_id: i64) {
        self.channels().remove(&run_id);
    }

    /// A receiver for the run's wake-ups, when it is in progress here.
    pub fn subscribe(&self, run_id: i64) -> Option<broadcast::Receiver<()>> {
        self.channels()
            .get(&run_id)
            .map(|live| live.wake.subscribe())
    }

    /// How many runs are in progress.
    pub fn running(&self) -> usize {
        self.channels().len()
    }
}

/// The progress event's JSON: cases done and planned, and each count.
pub fn progress_json(run: &RunRow) -> String {
    let s = run.summary;
    serde_json::json!({
        "done": run.done(), "planned": run.planned, "passed": s.passed, "failed": s.failed,
        "errored": s.errored, "warned": s.warned, "skipped": s.skipped, "blocked": s.blocked,
    })
    .to_string()
}

struct Follow {
    store: Store,
    run_id: i64,
    cursor: i64,
    wake: Option<broadcast::Receiver<()>>,
    pending: VecDeque<Event>,
    finished: bool,
}

impl Follow {
    /// Queues what changed since the cursor; false when nothing did.
    fn refresh(&mut self) -> bool {
        let Ok(Some(run)) = self.store.run(self.run_id) else {
            self.finished = true;
            return false;
        };
        let cases = self
            .store
            .cases_after(self.run_id, self.cursor, 100)
            .unwrap_or_default();
        let got = !cases.is_empty();
        for stored in cases {
            self.cursor = stored.seq;
            self.pending.push_back(
                Event::default()
                    .event("case")
                    .id(stored.seq.to_string())
                    .data(html::case(&stored.case)),
            );
        }
        if got || run.status != RunStatus::Running {
            self.pending
                .push_back(Event::default().event("progress").data(progress_json(&run)));
        }
        if !got && run.status != RunStatus::Running {
            self.pending
                .push_back(Event::default().event("done").data(run.status.as_str()));
            self.finished = true;
        }
        got
    }

    async fn wait(&mut self) {
        match &mut self.wake {
            Some(wake) => {
                if let Err(broadcast::error::RecvError::Closed) = wake.recv().await {
                    self.wake = None;
                }
            }
            None => tokio::time::sleep(Duration::from_millis(500)).await,
        }
    }
}

/// The event stream of a run for a page that already shows its first `after` cases: `case`
/// events (HTML of each new case, with the case's position as the event id, so a browser that
/// reconnects sends `Last-Event-ID` and gets no case twice), `progress` (counts JSON), and a
/// final `done`.
pub fn follow(
    store: Store,
    live: &LiveRuns,
    run_id: i64,
    after: i64,
) -> impl Stream<Item = Result<Event, Infallible>> + use<> {
    let state = Follow {
        store,
        run_id,
        cursor: after,
        wake: live.subscribe(run_id),
        pending: VecDeque::new(),
        finished: false,
    };
    futures_util::stream::unfold(state, |mut state| async move {
        loop {
            if let Some(event) = state.pending.pop_front() {
                return Some((Ok(event), state));
            }
            if state.finished {
                return None;
            }
            if !state.refresh() && !state.finished {
                state.wait().await;
            }
        }
    })
}
