//! Server-side HTML: the one escaping function every piece of data passes through, the page
//! shell, and the pieces several pages share (a case, a run's counts, the history charts).
//!
//! Pages are built as strings with `format!`; anything that did not come from this crate's own
//! literals goes through [`esc`]. Pages carry no inline script or style, and the Content Security
//! Policy (see `app.rs`) allows only `/static/app.js`, so even a missed escape could not run a
//! hostile server's `<script>`.

mod case;
mod trend;

pub use case::{case, pretty_body};
pub use trend::{response_times, trend, uptime};

use scimcheck_engine::model::{Summary, Verdict};

/// The stylesheet served at `/static/app.css`.
pub const STYLE: &str = include_str!("style.css");
/// The script served at `/static/app.js`: live updates over SSE, confirmations, copy buttons.
pub const SCRIPT: &str = include_str!("app.js");

/// `text` made safe for HTML text and quoted attribute values: the report crate's escaping, so
/// the dashboard and the HTML report cannot escape differently.
pub use scimcheck_report::html::escape::text as esc;

/// Which navigation a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    /// The full app menu, with the given section highlighted.
    App(Section),
    /// A shared, read-only page: no menu, nothing to change.
    Shared,
}

/// Top-level sections of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Run now and recent runs.
    Home,
    /// Environments.
    Environments,
    /// Suites.
    Suites,
    /// History.
    History,
    /// Schedules and their alerts.
    Schedules,
    /// Accounts.
    Team,
    /// Who changed what.
    Audit,
    /// Sign-in (no menu links).
    Login,
}

/// A whole page: `title` (plain text) and `body` (already-escaped HTML).
pub fn page(title: &str, nav: Nav, body: &str) -> String {
    let menu = match nav {
        Nav::App(Section::Login) => String::new(),
        Nav::App(current) => {
            let link = |section: Section, href: &str, label: &str| {
                let class = if section == current {
                    " class=\"current\""
                } else {
                    ""
                };
                format!("<a href=\"{href}\"{class}>{label}</a>")
            };
            format!(
                "<nav>{}{}{}{}{}{}{}</nav>",
                link(Section::Home, "/", "Run now"),
                link(Section::Environments, "/environments", "Environments"),
                link(Section::Suites, "/suites", "Suites"),
                link(Section::History, "/history", "History"),
                link(Section::Schedules, "/schedules", "Schedules"),
                link(Section::Team, "/team", "Team"),
                link(Section::Audit, "/audit", "Audit log"),
            )
        }
        Nav::Shared => {
            "<nav><span class=\"shared-note\">Shared run · read-only</span></nav>".into()
        }
    };
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · scimcheck</title><link rel=\"stylesheet\" href=\"/static/app.css\">\
         <script src=\"/static/app.js\" defer></script></head><body>\
         <header><a class=\"brand\" href=\"/\">scimcheck</a>{menu}</header><main>{body}</main></body></html>",
        esc(title)
    )
}

/// The hidden field every state-changing form carries.
pub fn csrf_field(token: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        esc(token)
    )
}

/// Lower-case verdict name used in CSS classes and badges.
pub fn verdict_badge(verdict: Verdict) -> String {
    let name = verdict.as_str();
    format!(
        "<span class=\"badge v-{name}\">{}</span>",
        name.to_uppercase()
    )
}

/// The count chips of a summary (`3 passed`, …), each tagged for live updates.
pub fn counts(summary: Summary) -> String {
    let chips = [
        ("passed", summary.passed, "pass"),
        ("failed", summary.failed, "fail"),
        ("errored", summary.errored, "error"),
        ("warned", summary.warned, "warn"),
        ("skipped", summary.skipped, "skip"),
        ("blocked", summary.blocked, "blocked"),
    ];
    chips
        .iter()
        .map(|(name, count, class)| {
            format!(
                "<span class=\"chip v-{class}\"><b data-count=\"{name}\">{count}</b> {name}</span>"
            )
        })
        .collect()
}

/// An RFC 3339 time as `2026-11-28 13:33:00 UTC`; anything else escaped as it is. HTML-safe.
pub fn timestamp(rfc3339: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(time) => time
            .with_timezone(&chrono::Utc)
            .format("%Y-%m-%d %H:%M:%S UTC")
            .to_string(),
        Err(_) => esc(rfc3339),
    }
}

/// Milliseconds as a short human duration.
pub fn duration(ms: u64) -> String {
    if ms < 1_000 {
        format!("{ms} ms")
    } else if ms < 60_000 {
        format!("{:.1} s", ms as f64 / 1_000.0)
    } else {
        format!("{} min {} s", ms / 60_000, (ms % 60_000) / 1_000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_escapes_its_title_and_loads_only_static_assets() {
        let html = page("<b>", Nav::Shared, "");
        assert!(html.contains("&lt;b&gt; · scimcheck"));
        assert!(!html.contains("<b>"));
        assert_eq!(html.matches("<script").count(), 1);
        assert!(html.contains("src=\"/static/app.js\""));
    }

    #[test]
    fn timestamps_read_naturally() {
        assert_eq!(
            timestamp("2026-11-28T13:33:00.926Z"),
            "2026-11-28 13:33:00 UTC"
        );
        assert_eq!(timestamp("<x>"), "&lt;x&gt;");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(12), "12 ms");
        assert_eq!(duration(1_500), "1.5 s");
        assert_eq!(duration(125_000), "2 min 5 s");
    }
}
