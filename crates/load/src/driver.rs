//! How a load run sends: the suite's context (HTTP client with the egress rule, target
//! credentials, test data, cleanup registry and its write guard) plus pacing, 429 handling and
//! measurement. Unlike a conformance check, a load run does not record its exchanges — tens of
//! thousands would drown the report — only their latencies and outcomes.

use crate::measure::Recorder;
use crate::schedule::Schedule;
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use scimcheck_engine::http::RequestSpec;
use scimcheck_suites::context::Context;
use scimcheck_suites::probe::SCIM_JSON;
use serde_json::Value;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How many times a request answered 429 is tried again before it counts as failed.
const MAX_RETRIES: u32 = 6;

/// The wait before a retry when a 429 names no usable `Retry-After`: doubling from this…
const FIRST_BACKOFF: Duration = Duration::from_millis(100);

/// … up to this, which also caps what a server's `Retry-After` can make the run wait.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// How requests of a phase are paced.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pacing {
    /// Requests in flight at most (`--concurrency`).
    pub concurrency: usize,
    /// Open-model arrivals (`--rate`, `--ramp`); `None`: each client sends its next request
    /// as soon as its last one is answered (closed model).
    pub schedule: Option<Schedule>,
}

/// What the server answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Status code.
    pub status: u16,
    /// Response headers.
    pub headers: Vec<(String, String)>,
    /// Body text.
    pub body: String,
}

impl Answer {
    /// The body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    /// The `id` of a resource body.
    pub fn id(&self) -> Option<String> {
        self.json()["id"].as_str().map(str::to_owned)
    }

    /// The first value of the header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One request a scenario sends.
#[derive(Debug, Clone, PartialEq)]
pub struct Call<'a> {
    /// The operation it is measured as, e.g. `add-members`.
    pub operation: &'a str,
    /// HTTP method.
    pub method: &'static str,
    /// Path below the base URL, with its query.
    pub path: String,
    /// JSON body, if any.
    pub body: Option<Value>,
    /// The statuses that count as success.
    pub expect: &'a [u16],
}

/// Sends a load run's requests and measures them.
#[derive(Debug)]
pub struct Driver {
    /// The suite's run context: client, target, discovery, test data, cleanup registry.
    pub ctx: Arc<Context>,
    /// What was measured.
    pub recorder: Recorder,
    /// How phases are paced.
    pub pacing: Pacing,
    /// No new request starts after this instant (`--duration`).
    pub stop_at: Option<Instant>,
}

impl Driver {
    /// Sends `call`, measuring its latency from `due` (when it was meant to start, so time
    /// spent waiting for a free client counts). A 429 is retried after its `Retry-After` (or
    /// an exponential backoff when it has none), recorded as throttling. `Err` explains a
    /// request that got no answer or was refused by the write guard.
    pub async fn send(&self, call: Call<'_>, due: Instant) -> Result<Answer, String> {
        self.send_with(call, None, due).await
    }

    /// [`Driver::send`] with an `If-Match` precondition (RFC 7644 §3.14) when `if_match` is
    /// given.
    pub async fn send_with(
        &self,
        call: Call<'_>,
        if_match: Option<&str>,
        due: Instant,
    ) -> Result<Answer, String> {
        let bare = call.path.split('?').next().unwrap_or("").to_owned();
        if matches!(call.method, "PUT" | "PATCH" | "DELETE") && !self.ctx.cleanup.may_write(&bare) {
            return Err(format!(
                "refused to send {} {bare}: this run did not create that resource",
                call.method
            ));
        }
        let mut spec = self.spec(&call);
        if let Some(etag) = if_match {
            spec.headers.push(("If-Match".to_owned(), etag.to_owned()));
        }
        let mut attempt = 0;
        let outcome = loop {
            let received = match self.ctx.client.send(&spec).await {
                Ok(received) => received,
                Err(e) => break Err(e.to_string()),
            };
            let Some(response) = received.exchange.response else {
                break Err(format!(
                    "{} {}: {}",
                    call.method,
                    call.path,
                    received
                        .exchange
                        .error
                        .unwrap_or_else(|| "no response".into())
                ));
            };
            let answer = Answer {
                status: response.status,
                headers: response.headers,
                body: received.body,
            };
            if answer.status != 429 || attempt >= MAX_RETRIES {
                break Ok(answer);
            }
            let retry_after = answer.header("retry-after").and_then(parse_retry_after);
            let wait = retry_after
                .unwrap_or_else(|| FIRST_BACKOFF.saturating_mul(1 << attempt))
                .min(MAX_BACKOFF);
            self.recorder.throttled(retry_after.is_some(), wait);
            tokio::time::sleep(wait).await;
            attempt += 1;
        };
        let failed = !matches!(&outcome, Ok(a) if call.expect.contains(&a.status));
        self.recorder.record(call.operation, due.elapsed(), failed);
        if let Ok(answer) = &outcome {
            self.register_created(&call, &bare, answer);
        }
        outcome
    }

    /// Runs `count` operations, `op(index, due)`, paced by [`Pacing`], stopping early at
    /// `stop_at`; returns their outputs in completion order.
    pub async fn phase<T, F, Fut>(&self, count: usize, op: F) -> Vec<T>
    where
        F: Fn(usize, Instant) -> Fut,
        Fut: Future<Output = T>,
    {
        let start = Instant::now();
        let mut in_flight = FuturesUnordered::new();
        let mut out = Vec::with_capacity(count.min(1 << 16));
        let mut next = 0;
        loop {
            let stopped = self.stop_at.is_some_and(|t| Instant::now() >= t);
            if next < count && !stopped && in_flight.len() < self.pacing.concurrency.max(1) {
                let due = match self.pacing.schedule {
                    Some(schedule) => start + schedule.due(next),
                    None => Instant::now(),
                };
                if due > Instant::now() {
                    // Wait for the arrival while answers keep coming in.
                    tokio::select! {
                        () = tokio::time::sleep_until(due.into()) => {}
                        Some(done) = in_flight.next(), if !in_flight.is_empty() => {
                            out.push(done);
                            continue;
                        }
                    }
                }
                in_flight.push(op(next, due));
                next += 1;
                continue;
            }
            match in_flight.next().await {
                Some(done) => out.push(done),
                None => break,
            }
        }
        out
    }

    /// Registers what a POST to /Users or /Groups created, so the run may change it and
    /// deletes it at the end. An id that is not one path segment below the base URL is not
    /// registered (a write to it would land elsewhere).
    fn register_created(&self, call: &Call<'_>, bare: &str, answer: &Answer) {
        if call.method != "POST" || answer.status != 201 || !matches!(bare, "/Users" | "/Groups") {
            return;
        }
        if let Some(id) = answer.id() {
            let path = format!("{bare}/{id}");
            if !id.contains('/')
                && self.ctx.client.egress().path_under_base(&path).as_deref() == Some(&path)
            {
                self.ctx.cleanup.created(&path);
            }
        }
    }

    fn spec(&self, call: &Call<'_>) -> RequestSpec {
        let target = &self.ctx.target;
        let mut headers = vec![("Accept".to_owned(), SCIM_JSON.to_owned())];
        if call.body.is_some() {
            headers.push(("Content-Type".to_owned(), SCIM_JSON.to_owned()));
        }
        headers.extend(target.headers.iter().cloned());
        RequestSpec {
            method: call.method.to_owned(),
            url: format!("{}{}", target.base_url, call.path),
            headers,
            body: call.body.as_ref().map(Value::to_string).unwrap_or_default(),
            basic_auth: target.basic.clone(),
        }
    }
}

/// A `Retry-After` value in whole seconds (RFC 9110 §10.2.3); the HTTP-date form is read as
/// absent, so the run falls back to its own backoff.
fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_is_read_and_anything_else_is_absent() {
        assert_eq!(parse_retry_after(" 2 "), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-1"), None);
    }
}
