//! Alerts by e-mail over SMTP (lettre). The dashboard is given one SMTP server and sender
//! (`--smtp-url`, `--smtp-from`); each schedule names its recipients. An alert is sent as a
//! plain-text message saying what the webhook payload says (`chat::email`), with the same
//! retries as a webhook: a server that is unreachable or answers a transient (4xx) error is
//! tried again with doubling delays; a permanent (5xx) refusal is final.
//!
//! The SMTP URL follows lettre's form: `smtp://host:25` (no TLS, for a local relay),
//! `smtp://user:password@host:587?tls=required` (STARTTLS) or `smtps://user:password@host:465`.
//! Its credentials are never shown: the delivery log names the recipients only.

use super::Outcome;
use super::webhook::{Attempt, with_retries};
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Where alerts are mailed from, and how.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    attempts: u32,
    first_delay: Duration,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The transport holds the SMTP credentials: only the sender is shown.
        f.debug_struct("Mailer").field("from", &self.from).finish()
    }
}

impl Mailer {
    /// A mailer sending through the SMTP server of `url` as `from`: `attempts` tries, each
    /// bounded by `timeout`, the first retry after `first_delay`. Refuses a URL lettre cannot
    /// use or a sender that is not an address, saying which.
    pub fn new(
        url: &str,
        from: &str,
        attempts: u32,
        timeout: Duration,
        first_delay: Duration,
    ) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("--smtp-url cannot be used ({e}); write it like smtp://relay.example.com:25, smtp://user:password@smtp.example.com:587?tls=required or smtps://user:password@smtp.example.com:465"))?
            .timeout(Some(timeout))
            .build();
        let from = from.parse::<Mailbox>().map_err(|e| {
            format!("--smtp-from {from:?} is not an e-mail address ({e}); write it like scimcheck@example.com")
        })?;
        Ok(Mailer {
            transport,
            from,
            attempts: attempts.max(1),
            first_delay,
        })
    }

    /// With the retries a webhook has: four tries, ten seconds each, 0.5, 1 and 2 s apart.
    pub fn with_default_retries(url: &str, from: &str) -> Result<Mailer, String> {
        Mailer::new(
            url,
            from,
            4,
            Duration::from_secs(10),
            Duration::from_millis(500),
        )
    }

    /// Sends `subject` and `text` to `to` until the server accepts it or the attempts run out.
    pub async fn deliver(&self, to: &[Mailbox], subject: &str, text: &str) -> Outcome {
        let mut builder = Message::builder()
            .from(self.from.clone())
            .subject(subject)
            .header(ContentType::TEXT_PLAIN);
        for recipient in to {
            builder = builder.to(recipient.clone());
        }
        let message = match builder.body(text.to_owned()) {
            Ok(message) => message,
            Err(e) => {
                return Outcome {
                    attempts: 0,
                    outcome: format!("not sent: the message could not be built ({e})"),
                    delivered: false,
                };
            }
        };
        with_retries(self.attempts, self.first_delay, || async {
            match self.transport.send(message.clone()).await {
                Ok(response) => Attempt::Delivered(format!("delivered (SMTP {})", response.code())),
                Err(e) if e.is_permanent() => {
                    Attempt::Final(format!("the SMTP server refused it ({e})"))
                }
                Err(e) => Attempt::Retry(format!("the SMTP server could not take it ({e})")),
            }
        })
        .await
    }
}

/// The recipients a schedule's form names: addresses separated by commas (empty: none).
/// Refuses one that is not an address, saying which.
pub fn recipients(text: &str) -> Result<Vec<Mailbox>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<Mailbox>().map_err(|_| {
                format!("{t:?} is not an e-mail address; write addresses like qa@example.com, separated by commas.")
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Mailer, recipients};

    #[test]
    fn recipients_are_addresses_separated_by_commas() {
        let list = recipients(" qa@example.com, Ops <ops@example.com> ,").unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[1].email.to_string(), "ops@example.com");
        assert!(recipients("").unwrap().is_empty());
        let err = recipients("qa@example.com, not an address").unwrap_err();
        assert!(err.contains("\"not an address\""), "{err}");
    }

    #[test]
    fn a_bad_url_or_sender_is_refused_naming_the_flag() {
        let err =
            Mailer::with_default_retries("http://smtp.example.com", "a@example.com").unwrap_err();
        assert!(err.starts_with("--smtp-url"), "{err}");
        let err = Mailer::with_default_retries("smtp://127.0.0.1:25", "nobody").unwrap_err();
        assert!(err.starts_with("--smtp-from"), "{err}");
        assert!(Mailer::with_default_retries("smtp://127.0.0.1:25", "a@example.com").is_ok());
    }
}
