//! The load defects: how a server behaves when many requests arrive. Past [`PER_SECOND`]
//! requests in one second, `throttle-without-retry-after` answers 429 with no `Retry-After` (so
//! a client can only guess when to return); above [`BUSY`] requests answered at once,
//! `slow-under-load` answers [`SLOWDOWN`] late (past an IdP's latency budget). The correct
//! server does neither.

use crate::api::Api;
use crate::defect::Defect;
use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Requests per second above which `throttle-without-retry-after` answers 429.
pub const PER_SECOND: usize = 20;

/// Requests answered at once above which the server counts as busy.
pub const BUSY: usize = 4;

/// How much later `slow-under-load` answers while busy.
pub const SLOWDOWN: Duration = Duration::from_millis(1000);

/// What the load defects count, one per server instance.
#[derive(Debug)]
pub struct Pressure {
    /// Requests being answered now.
    answering: AtomicUsize,
    /// The current one-second window: when it began and how many requests it has seen.
    window: Mutex<(Instant, usize)>,
}

impl Default for Pressure {
    fn default() -> Self {
        Pressure {
            answering: AtomicUsize::new(0),
            window: Mutex::new((Instant::now(), 0)),
        }
    }
}

impl Pressure {
    /// Counts a request into the current second; whether it is past [`PER_SECOND`].
    fn over_rate(&self) -> bool {
        let mut window = self.window.lock().unwrap_or_else(|e| e.into_inner());
        if window.0.elapsed() >= Duration::from_secs(1) {
            *window = (Instant::now(), 0);
        }
        window.1 += 1;
        window.1 > PER_SECOND
    }
}

/// One request being answered: counted while it lives.
struct Answering<'a>(&'a AtomicUsize);

impl<'a> Answering<'a> {
    /// Counts a request in; returns it and how many are being answered now, itself included.
    fn enter(count: &'a AtomicUsize) -> (Self, usize) {
        let now = count.fetch_add(1, Ordering::SeqCst) + 1;
        (Answering(count), now)
    }
}

impl Drop for Answering<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The middleware: applies the load defects the instance commits, when busy.
pub async fn under_pressure(State(api): State<Api>, request: Request, next: Next) -> Response {
    let throttles = api.has(Defect::ThrottleWithoutRetryAfter);
    let slows = api.has(Defect::SlowUnderLoad);
    if !throttles && !slows {
        return next.run(request).await;
    }
    let pressure = &api.shared.pressure;
    if throttles && pressure.over_rate() {
        return ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too many requests").into_response();
    }
    let (_answering, now) = Answering::enter(&pressure.answering);
    if slows && now > BUSY {
        tokio::time::sleep(SLOWDOWN).await;
    }
    next.run(request).await
}
