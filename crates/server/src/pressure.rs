//! The load defects: how a server behaves when many requests arrive. Past [`PER_SECOND`]
//! requests in one second, `throttle-without-retry-after` answers 429 with no `Retry-After` (so
//! a client can only guess when to return); above [`BUSY`] requests arriving within [`BURST`],
//! `slow-under-load` answers [`SLOWDOWN`] late (past an IdP's latency budget). The correct
//! server does neither.

use crate::api::Api;
use crate::defect::Defect;
use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Requests per second above which `throttle-without-retry-after` answers 429.
pub const PER_SECOND: usize = 20;

/// Requests arriving within [`BURST`] above which the server counts as busy.
pub const BUSY: usize = 4;

/// How close together requests must arrive to count as "at once". Arrivals, not requests in
/// flight, because a quick answer leaves before the next request of a burst arrives when the
/// machine is loaded, and the defect must not depend on that.
pub const BURST: Duration = Duration::from_millis(250);

/// How much later `slow-under-load` answers while busy.
pub const SLOWDOWN: Duration = Duration::from_millis(1000);

/// What the load defects count, one per server instance.
#[derive(Debug)]
pub struct Pressure {
    /// When the requests of the last [`BURST`] arrived, oldest first.
    arrivals: Mutex<VecDeque<Instant>>,
    /// The current one-second window: when it began and how many requests it has seen.
    window: Mutex<(Instant, usize)>,
}

impl Default for Pressure {
    fn default() -> Self {
        Pressure {
            arrivals: Mutex::new(VecDeque::new()),
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

    /// Counts a request's arrival; whether more than [`BUSY`] arrived within the last [`BURST`].
    fn busy(&self) -> bool {
        let mut arrivals = self.arrivals.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        while arrivals
            .front()
            .is_some_and(|at| now.duration_since(*at) > BURST)
        {
            arrivals.pop_front();
        }
        arrivals.push_back(now);
        arrivals.len() > BUSY
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
    if slows && pressure.busy() {
        tokio::time::sleep(SLOWDOWN).await;
    }
    next.run(request).await
}
