//! The body an alert is POSTed with, chosen by the webhook's host: chat services show only
//! messages of their own shape, so a Slack or Microsoft Teams webhook URL gets the shape its
//! service documents, and every other URL the generic payload (docs/DASHBOARD.md).
//!
//! - **Slack** incoming webhooks (`https://hooks.slack.com/…`) take `{"text": …}` in Slack's
//!   `mrkdwn`, links written `<url|label>` (api.slack.com/messaging/webhooks, "Sending
//!   messages using incoming webhooks").
//! - **Microsoft Teams** Incoming Webhooks (`https://….webhook.office.com/…`) take a `message`
//!   with one Adaptive Card attachment (learn.microsoft.com, "Create an Incoming Webhook", which
//!   sends Adaptive Cards that way). The Workflows ("Power Automate") webhooks that replace them
//!   (`api.powerautomate.com`, `api.powerplatform.com`, `….logic.azure.com`,
//!   `flow.microsoft.com`: the hosts Argo CD's "Teams Workflows" notification docs list) get the
//!   same message; that their "Send webhook alerts to a channel" template posts the first
//!   attachment's card is assumed from public write-ups, not from a Microsoft page.
//!
//! Both carry what the generic payload's `text` says, the failing checks (at most
//! [`MAX_LISTED`]) and links to the run and the schedule: nothing the generic payload leaves
//! out (no base URL, credential or variable).

use serde_json::{Value, json};

/// Failing checks named in a chat message; the rest are counted ("and 12 more").
const MAX_LISTED: usize = 10;

/// The services whose message shape differs from the generic payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// Any other receiver: the generic JSON payload.
    Generic,
    /// A Slack incoming webhook.
    Slack,
    /// A Microsoft Teams Incoming Webhook or Workflows webhook.
    Teams,
}

impl Service {
    /// The service a webhook URL belongs to, by its host.
    pub fn of(url: &str) -> Service {
        let host = url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
            .unwrap_or_default();
        let under = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
        if host == "hooks.slack.com" {
            Service::Slack
        } else if under("webhook.office.com")
            || under("api.powerautomate.com")
            || under("api.powerplatform.com")
            || under("logic.azure.com")
            || under("flow.microsoft.com")
        {
            Service::Teams
        } else {
            Service::Generic
        }
    }

    /// The name the delivery log and the schedule's page show.
    pub fn as_str(self) -> &'static str {
        match self {
            Service::Generic => "JSON",
            Service::Slack => "Slack",
            Service::Teams => "Microsoft Teams",
        }
    }
}

/// The body to POST to `url` for the generic alert `payload` (see [`super::alert::payload`]).
pub fn body(url: &str, payload: &Value) -> Value {
    match Service::of(url) {
        Service::Generic => payload.clone(),
        Service::Slack => slack(payload),
        Service::Teams => teams(payload),
    }
}

/// What every chat message says: the headline, the failing checks, and the links.
struct Message<'a> {
    headline: &'a str,
    failing: Vec<String>,
    more: usize,
    run_url: &'a str,
    schedule_url: &'a str,
}

impl<'a> Message<'a> {
    fn of(payload: &'a Value) -> Message<'a> {
        let checks = payload["failing_checks"]
            .as_array()
            .map_or(&[][..], Vec::as_slice);
        Message {
            headline: payload["text"].as_str().unwrap_or("scimcheck alert"),
            failing: checks
                .iter()
                .take(MAX_LISTED)
                .map(|c| {
                    format!(
                        "{} ({})",
                        c["title"].as_str().unwrap_or_default(),
                        c["id"].as_str().unwrap_or_default()
                    )
                })
                .collect(),
            more: checks.len().saturating_sub(MAX_LISTED),
            run_url: payload["run"]["url"].as_str().unwrap_or_default(),
            schedule_url: payload["schedule"]["url"].as_str().unwrap_or_default(),
        }
    }

    fn more_line(&self) -> Option<String> {
        (self.more > 0).then(|| format!("and {} more", self.more))
    }
}

/// Slack's `mrkdwn` treats `&`, `<` and `>` as markup; anything a server put in a check title
/// is escaped so it cannot make a link or a mention.
fn slack_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn slack(payload: &Value) -> Value {
    let message = Message::of(payload);
    let mut lines = vec![slack_escape(message.headline)];
    lines.extend(
        message
            .failing
            .iter()
            .map(|f| format!("• {}", slack_escape(f))),
    );
    lines.extend(message.more_line());
    lines.push(format!(
        "<{}|Run> · <{}|Schedule>",
        message.run_url, message.schedule_url
    ));
    json!({ "text": lines.join("\n") })
}

/// The subject and plain text of the alert e-mail for `payload`: the headline, the failing
/// checks, what changed since the last green run, and the links. Plain text, so nothing a
/// server put in a check title can become markup.
pub fn email(payload: &Value) -> (String, String) {
    let message = Message::of(payload);
    let mut lines = vec![message.headline.to_owned(), String::new()];
    if !message.failing.is_empty() {
        lines.push("Failing checks:".into());
        lines.extend(message.failing.iter().map(|f| format!("- {f}")));
        lines.extend(message.more_line());
        lines.push(String::new());
    }
    let since = &payload["since_last_green"];
    if let Some(green) = since["run_id"].as_i64() {
        lines.push(format!("Since the last green run (#{green}):"));
        for (key, label) in [
            ("regressions", "regressions"),
            ("fixes", "fixed"),
            ("still_failing", "still failing"),
        ] {
            let ids: Vec<&str> = since[key]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c["id"].as_str())
                .collect();
            if !ids.is_empty() {
                lines.push(format!("- {label}: {}", ids.join(", ")));
            }
        }
        lines.push(String::new());
    }
    lines.push(format!("Run: {}", message.run_url));
    lines.push(format!("Schedule: {}", message.schedule_url));
    (message.headline.to_owned(), lines.join("\n"))
}

fn teams(payload: &Value) -> Value {
    let message = Message::of(payload);
    let mut body = vec![json!({
        "type": "TextBlock", "text": message.headline, "wrap": true, "weight": "Bolder"
    })];
    body.extend(message.failing.iter().map(
        |f| json!({"type": "TextBlock", "text": format!("- {f}"), "wrap": true, "spacing": "None"}),
    ));
    body.extend(
        message
            .more_line()
            .map(|more| json!({"type": "TextBlock", "text": more, "wrap": true})),
    );
    json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": null,
            "content": {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard",
                "version": "1.4",
                "body": body,
                "actions": [
                    {"type": "Action.OpenUrl", "title": "Run", "url": message.run_url},
                    {"type": "Action.OpenUrl", "title": "Schedule", "url": message.schedule_url},
                ],
            },
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload(failing: usize) -> Value {
        let checks: Vec<Value> = (0..failing)
            .map(|i| json!({"id": format!("c.{i}"), "title": format!("Check <{i}> & co"), "verdict": "fail"}))
            .collect();
        json!({
            "alert": "failing",
            "text": "scimcheck: suite in Staging is failing (run #12: 1 failing checks)",
            "schedule": {"id": 3, "url": "http://127.0.0.1:7878/schedules/3"},
            "run": {"id": 12, "url": "http://127.0.0.1:7878/runs/12"},
            "failing_checks": checks,
        })
    }

    #[test]
    fn the_email_says_what_the_payload_says_in_plain_text() {
        let mut alert = payload(2);
        alert["since_last_green"] = json!({"run_id": 9, "regressions": [{"id": "c.1"}], "fixes": [], "still_failing": [{"id": "c.0"}]});
        let (subject, text) = email(&alert);
        assert_eq!(subject, alert["text"]);
        assert!(text.contains("- Check <1> & co (c.1)"), "{text}");
        assert!(text.contains("Since the last green run (#9):"), "{text}");
        assert!(
            text.contains("- regressions: c.1\n- still failing: c.0"),
            "{text}"
        );
        assert!(!text.contains("fixed"), "{text}");
        assert!(
            text.ends_with(
                "Run: http://127.0.0.1:7878/runs/12\nSchedule: http://127.0.0.1:7878/schedules/3"
            ),
            "{text}"
        );
    }

    #[test]
    fn the_service_follows_the_webhook_host() {
        for (url, service) in [
            (
                "https://hooks.slack.com/services/T0/B0/secret",
                Service::Slack,
            ),
            (
                "https://contoso.webhook.office.com/webhookb2/x",
                Service::Teams,
            ),
            (
                "https://prod-12.westus.logic.azure.com:443/workflows/x",
                Service::Teams,
            ),
            (
                "https://default1.environment.api.powerplatform.com/x",
                Service::Teams,
            ),
            ("https://api.powerautomate.com/x", Service::Teams),
            ("https://hooks.example.com/scimcheck", Service::Generic),
            // A look-alike host is not the service.
            ("https://hooks.slack.com.evil.example/x", Service::Generic),
            ("https://notwebhook.office.com.example/x", Service::Generic),
            ("not a url", Service::Generic),
        ] {
            assert_eq!(Service::of(url), service, "{url}");
        }
    }

    #[test]
    fn a_generic_receiver_gets_the_payload_unchanged() {
        let p = payload(2);
        assert_eq!(body("https://hooks.example.com/x", &p), p);
    }

    #[test]
    fn slack_gets_text_with_the_checks_escaped_and_the_links() {
        let sent = body("https://hooks.slack.com/services/T/B/s", &payload(12));
        let object = sent.as_object().unwrap();
        assert_eq!(object.keys().collect::<Vec<_>>(), ["text"]);
        let text = sent["text"].as_str().unwrap();
        assert!(
            text.starts_with("scimcheck: suite in Staging is failing"),
            "{text}"
        );
        assert!(text.contains("• Check &lt;0&gt; &amp; co (c.0)"), "{text}");
        assert!(
            !text.contains("c.10"),
            "at most ten checks are named: {text}"
        );
        assert!(text.contains("and 2 more"), "{text}");
        assert!(text.ends_with(
            "<http://127.0.0.1:7878/runs/12|Run> · <http://127.0.0.1:7878/schedules/3|Schedule>"
        ));
    }

    #[test]
    fn teams_gets_one_adaptive_card_with_the_checks_and_the_links() {
        let sent = body(
            "https://contoso.webhook.office.com/webhookb2/x",
            &payload(1),
        );
        assert_eq!(sent["type"], "message");
        let attachment = &sent["attachments"][0];
        assert_eq!(
            attachment["contentType"],
            "application/vnd.microsoft.card.adaptive"
        );
        let card = &attachment["content"];
        assert_eq!(card["type"], "AdaptiveCard");
        let texts: Vec<&str> = card["body"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["text"].as_str().unwrap())
            .collect();
        assert_eq!(
            texts,
            [
                "scimcheck: suite in Staging is failing (run #12: 1 failing checks)",
                "- Check <0> & co (c.0)"
            ]
        );
        assert_eq!(card["actions"][0]["url"], "http://127.0.0.1:7878/runs/12");
        assert_eq!(
            card["actions"][1]["url"],
            "http://127.0.0.1:7878/schedules/3"
        );
    }
}
