//! What a load run measures: an HdrHistogram of latencies per operation and per second of the
//! run, error counts and throttling, turned at the end into the engine's [`LoadFigures`].
//! Histograms keep every percentile to three significant digits in constant memory, however
//! many requests a run makes.

use hdrhistogram::Histogram;
use scimcheck_engine::model::{Interval, LoadFigures, OperationFigures, Throttling};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What a live view shows while a run goes (`LoadOptions::live`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Progress {
    /// Requests answered (or failed) so far.
    pub requests: u64,
    /// How many of them failed.
    pub errors: u64,
    /// The worst operation's p99 so far, in milliseconds.
    pub worst_p99_ms: f64,
    /// Time since the run started.
    pub elapsed: Duration,
}

/// Latencies are recorded in microseconds, up to an hour.
const MAX_MICROS: u64 = 3_600_000_000;

/// The measurements of one run, shared by every request in flight.
#[derive(Debug)]
pub struct Recorder {
    started: Instant,
    inner: Mutex<Tally>,
}

#[derive(Debug, Default)]
struct Tally {
    operations: Vec<(String, Histogram<u64>, u64)>,
    seconds: Vec<(Histogram<u64>, u64)>,
    throttling: Throttling,
}

/// A new histogram; the bounds are constants, so creating one cannot fail.
fn histogram(significant_digits: u8) -> Histogram<u64> {
    Histogram::new_with_bounds(1, MAX_MICROS, significant_digits)
        .unwrap_or_else(|_| unreachable!("constant, valid histogram bounds"))
}

fn millis(histogram: &Histogram<u64>, quantile: f64) -> f64 {
    histogram.value_at_quantile(quantile) as f64 / 1000.0
}

impl Recorder {
    /// A recorder whose timeline starts now.
    pub fn new() -> Self {
        Recorder {
            started: Instant::now(),
            inner: Mutex::new(Tally::default()),
        }
    }

    /// Records one answered (or failed) request of `operation` that took `latency`; `failed`
    /// when it errored or got an answer the scenario did not expect.
    pub fn record(&self, operation: &str, latency: Duration, failed: bool) {
        let micros = u64::try_from(latency.as_micros())
            .unwrap_or(MAX_MICROS)
            .clamp(1, MAX_MICROS);
        let second = usize::try_from(self.started.elapsed().as_secs()).unwrap_or(usize::MAX);
        let mut tally = self.lock();
        let index = match tally.operations.iter().position(|(n, _, _)| n == operation) {
            Some(index) => index,
            None => {
                tally
                    .operations
                    .push((operation.to_owned(), histogram(3), 0));
                tally.operations.len() - 1
            }
        };
        let entry = &mut tally.operations[index];
        entry.1.saturating_record(micros);
        entry.2 += u64::from(failed);
        // A run lasts minutes, so one slot per second is small; seconds with no completion
        // stay empty (zero throughput is worth drawing).
        if second < 86_400 {
            while tally.seconds.len() <= second {
                tally.seconds.push((histogram(2), 0));
            }
            let slot = &mut tally.seconds[second];
            slot.0.saturating_record(micros);
            slot.1 += u64::from(failed);
        }
    }

    /// Records a 429 answer: whether it carried a usable `Retry-After`, and how long the run
    /// waited before trying again.
    pub fn throttled(&self, had_retry_after: bool, waited: Duration) {
        let mut tally = self.lock();
        tally.throttling.responses += 1;
        tally.throttling.without_retry_after += u64::from(!had_retry_after);
        tally.throttling.waited_ms += u64::try_from(waited.as_millis()).unwrap_or(u64::MAX);
    }

    /// Where the run stands now, for a live view: a few counter sums and one percentile per
    /// operation, cheap enough to take several times a second.
    pub fn progress(&self) -> Progress {
        let tally = self.lock();
        Progress {
            requests: tally.operations.iter().map(|(_, h, _)| h.len()).sum(),
            errors: tally.operations.iter().map(|(_, _, e)| e).sum(),
            worst_p99_ms: tally
                .operations
                .iter()
                .map(|(_, h, _)| millis(h, 0.99))
                .fold(0.0, f64::max),
            elapsed: self.started.elapsed(),
        }
    }

    /// The figures so far, for the result.
    pub fn figures(&self, scenario: &str, settings: Vec<String>) -> LoadFigures {
        let tally = self.lock();
        LoadFigures {
            scenario: scenario.to_owned(),
            settings,
            operations: tally
                .operations
                .iter()
                .map(|(name, h, errors)| OperationFigures {
                    name: name.clone(),
                    count: h.len(),
                    errors: *errors,
                    p50_ms: millis(h, 0.5),
                    p90_ms: millis(h, 0.9),
                    p99_ms: millis(h, 0.99),
                    p999_ms: millis(h, 0.999),
                    max_ms: h.max() as f64 / 1000.0,
                })
                .collect(),
            timeline: tally
                .seconds
                .iter()
                .enumerate()
                .map(|(second, (h, errors))| Interval {
                    second: u32::try_from(second).unwrap_or(u32::MAX),
                    requests: h.len(),
                    errors: *errors,
                    p50_ms: millis(h, 0.5),
                    p99_ms: millis(h, 0.99),
                })
                .collect(),
            throttling: tally.throttling.clone(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Tally> {
        // Every update is a few counter increments: a panic cannot leave them half-done.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Default for Recorder {
    fn default() -> Self {
        Recorder::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_and_errors_per_operation() {
        let recorder = Recorder::new();
        for ms in 1..=100 {
            recorder.record("create-user", Duration::from_millis(ms), ms > 98);
        }
        recorder.record("get-user", Duration::from_millis(7), false);
        recorder.throttled(false, Duration::from_millis(250));
        let figures = recorder.figures("import", vec!["users = 100".into()]);
        let create = &figures.operations[0];
        assert_eq!(create.name, "create-user");
        assert_eq!((create.count, create.errors), (100, 2));
        assert!((create.p50_ms - 50.0).abs() < 0.1, "{}", create.p50_ms);
        assert!((create.p99_ms - 99.0).abs() < 0.1, "{}", create.p99_ms);
        assert!((create.max_ms - 100.0).abs() < 0.1, "{}", create.max_ms);
        assert_eq!(figures.operations[1].count, 1);
        assert_eq!(figures.timeline[0].requests, 101);
        assert_eq!(figures.timeline[0].errors, 2);
        assert_eq!(
            figures.throttling,
            Throttling {
                responses: 1,
                without_retry_after: 1,
                waited_ms: 250
            }
        );
    }
}
