//! Delivering an alert: one JSON POST through reqwest, each attempt bounded by a timeout,
//! retried with doubling delays (tokio's sleep) when the receiver cannot be reached, times
//! out, or answers 5xx or 429; any other answer is final (a 4xx will not change by retrying).
//! Redirects are not followed, so the alert reaches the URL that was entered and no other.

use scimcheck_engine::http::TargetPolicy;
use std::sync::Arc;
use std::time::Duration;

/// How alerts are sent.
#[derive(Clone)]
pub struct Webhook {
    client: reqwest::Client,
    attempts: u32,
    timeout: Duration,
    first_delay: Duration,
    /// Where alerts may go ([`Webhook::held_to`]); `None`: anywhere.
    policy: Option<Arc<dyn TargetPolicy>>,
}

impl std::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Webhook")
            .field("attempts", &self.attempts)
            .field("first_delay", &self.first_delay)
            .field("held_to_rules", &self.policy.is_some())
            .finish()
    }
}

/// How a delivery went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Attempts made.
    pub attempts: u32,
    /// `delivered (HTTP 200)`, or the last failure in words.
    pub outcome: String,
    /// True when the receiver accepted it (2xx).
    pub delivered: bool,
}

impl Default for Webhook {
    /// Four attempts, ten seconds each, 0.5 s, 1 s and 2 s apart: a receiver that restarts
    /// gets the alert; a dead one costs the scheduler at most about 44 seconds.
    fn default() -> Webhook {
        Webhook::new(4, Duration::from_secs(10), Duration::from_millis(500))
    }
}

impl Webhook {
    /// `attempts` tries, each bounded by `timeout`, the first retry after `first_delay`.
    pub fn new(attempts: u32, timeout: Duration, first_delay: Duration) -> Webhook {
        Webhook {
            client: client(timeout, None),
            attempts: attempts.max(1),
            timeout,
            first_delay,
            policy: None,
        }
    }

    /// The same webhook, sending only where `policy` allows: the dashboard holds alerts to its
    /// runs' target rules (`crate::targets`), so a webhook URL can reach neither the dashboard
    /// itself nor a link-local or cloud metadata address (unless `--allow-target` names it); a
    /// host name is judged by what it resolves to, at connect time. A refused URL is not tried
    /// again.
    pub fn held_to(self, policy: Arc<dyn TargetPolicy>) -> Webhook {
        Webhook {
            client: client(self.timeout, Some(policy.resolver())),
            policy: Some(policy),
            ..self
        }
    }

    /// POSTs `payload` to `url` until it is accepted or the attempts run out.
    pub async fn deliver(&self, url: &str, payload: &serde_json::Value) -> Outcome {
        let refused = match (&self.policy, url::Url::parse(url)) {
            (Some(policy), Ok(parsed)) => policy.check(&parsed).err(),
            _ => None,
        };
        if let Some(reason) = refused {
            return Outcome {
                attempts: 1,
                outcome: format!("not delivered: {reason}"),
                delivered: false,
            };
        }
        with_retries(self.attempts, self.first_delay, || async {
            match self.client.post(url).json(payload).send().await {
                Ok(response) if response.status().is_success() => {
                    Attempt::Delivered(format!("delivered (HTTP {})", response.status().as_u16()))
                }
                Ok(response) => {
                    let status = response.status();
                    let answered = format!("the receiver answered HTTP {}", status.as_u16());
                    if status.is_server_error() || status.as_u16() == 429 {
                        Attempt::Retry(answered)
                    } else {
                        Attempt::Final(answered)
                    }
                }
                Err(e) => match refused_by_rules(&e) {
                    Some(reason) => Attempt::Final(reason),
                    None if e.is_timeout() => {
                        Attempt::Retry("the receiver did not answer in time".into())
                    }
                    None if e.is_connect() => {
                        Attempt::Retry("could not connect to the receiver".into())
                    }
                    None => Attempt::Retry("the request failed before an answer".into()),
                },
            }
        })
        .await
    }
}

/// What one attempt at delivering an alert came to.
pub(super) enum Attempt {
    /// Accepted; how the receiver said so.
    Delivered(String),
    /// Refused for good (a 4xx, a permanent SMTP error, a target rule): why.
    Final(String),
    /// Failed in a way another attempt may not: why.
    Retry(String),
}

/// Makes up to `attempts` attempts with `send`, the first retry after `first_delay` and each
/// next one twice as late, until one is delivered or refused for good: the retry policy of
/// webhooks and e-mail alike.
pub(super) async fn with_retries<F, Fut>(
    attempts: u32,
    first_delay: Duration,
    mut send: F,
) -> Outcome
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Attempt>,
{
    let mut delay = first_delay;
    let mut last = String::new();
    for attempt in 1..=attempts.max(1) {
        if attempt > 1 {
            tokio::time::sleep(delay).await;
            delay *= 2;
        }
        let (outcome, delivered) = match send().await {
            Attempt::Delivered(how) => (how, true),
            Attempt::Final(why) => (format!("not delivered: {why}"), false),
            Attempt::Retry(why) => {
                last = why;
                continue;
            }
        };
        return Outcome {
            attempts: attempt,
            outcome,
            delivered,
        };
    }
    Outcome {
        attempts: attempts.max(1),
        outcome: format!("not delivered: {last}"),
        delivered: false,
    }
}

/// The HTTP client of alerts: bounded, never following redirects, resolving through `resolver`
/// when given.
fn client(timeout: Duration, resolver: Option<Arc<dyn reqwest::dns::Resolve>>) -> reqwest::Client {
    let mut builder = reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("scimcheck-dashboard/", env!("CARGO_PKG_VERSION")));
    if let Some(resolver) = resolver {
        builder = builder.dns_resolver2(resolver);
    }
    // Only TLS initialisation can fail here; fall back to reqwest's defaults.
    builder.build().unwrap_or_default()
}

/// The target rules' reason, when a request failed because its host name resolved to an
/// address they refuse.
fn refused_by_rules(error: &reqwest::Error) -> Option<String> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if let Some(refused) = e.downcast_ref::<crate::targets::Refused>() {
            return Some(refused.0.clone());
        }
        source = e.source();
    }
    None
}

/// The part of a webhook URL the delivery log shows: its origin. Paths of chat webhooks are
/// often the secret, so they are never shown once entered.
pub fn destination(url: &str) -> String {
    url::Url::parse(url)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_else(|_| "(invalid URL)".into())
}

/// Checks a webhook URL typed into the form: absolute http(s) with a host.
pub fn check_url(url: &str) -> Result<(), String> {
    let parsed = url::Url::parse(url).map_err(|e| {
        format!("Webhook URL {url:?} is not an absolute URL ({e}); write it like https://hooks.example.com/scimcheck.")
    })?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(format!(
            "Webhook URL {url:?} must be an http:// or https:// address with a host."
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{check_url, destination};

    #[test]
    fn urls_are_checked_and_shown_by_origin_only() {
        assert!(check_url("https://hooks.example.com/T0/B0/secret").is_ok());
        assert!(
            check_url("not a url")
                .unwrap_err()
                .contains("not an absolute URL")
        );
        assert!(
            check_url("ftp://example.com/x")
                .unwrap_err()
                .contains("http://")
        );
        assert_eq!(
            destination("https://hooks.example.com/T0/B0/secret"),
            "https://hooks.example.com"
        );
    }
}
