//! When a schedule runs: every N minutes, or a five-field cron expression (minute, hour, day of
//! month, month, day of week) read by the `croner` crate and evaluated in UTC, so a schedule does
//! not move with the machine's time zone or its daylight-saving changes.

use croner::Cron;
use croner::parser::{CronParser, Seconds, Year};

/// The longest interval accepted: a week. Anything rarer is a cron expression's job.
const MAX_MINUTES: u32 = 7 * 24 * 60;

/// A parsed cadence.
#[derive(Debug, Clone)]
pub enum Cadence {
    /// A run every this many minutes.
    Every(u32),
    /// A run at every time the expression matches (UTC).
    Cron(Box<Cron>),
}

impl Cadence {
    /// Reads what the form gives: `minutes` (a number) or `cron` (an expression), exactly one
    /// of them. The error says what to type instead.
    pub fn from_form(minutes: &str, cron: &str) -> Result<Cadence, String> {
        match (minutes.trim(), cron.trim()) {
            ("", "") => Err(
                "Give the schedule a cadence: a number of minutes (e.g. 15) or a cron expression (e.g. */15 * * * *).".into(),
            ),
            (_, "") => match minutes.trim().parse::<u32>() {
                Ok(n) if (1..=MAX_MINUTES).contains(&n) => Ok(Cadence::Every(n)),
                _ => Err(format!(
                    "Every {:?} minutes: give a whole number of minutes from 1 to {MAX_MINUTES}, or use a cron expression.",
                    minutes.trim()
                )),
            },
            ("", expression) => Cadence::cron(expression),
            _ => Err("Give either a number of minutes or a cron expression, not both.".into()),
        }
    }

    fn cron(expression: &str) -> Result<Cadence, String> {
        let parser = CronParser::builder()
            .seconds(Seconds::Disallowed)
            .year(Year::Disallowed)
            .build();
        let cron = parser.parse(expression).map_err(|e| {
            format!(
                "Cron expression {expression:?} cannot be used: {e}. Write five fields: minute hour day-of-month month day-of-week, e.g. */15 * * * * or 0 6 * * MON-FRI."
            )
        })?;
        let cadence = Cadence::Cron(Box::new(cron));
        // An expression that parses but never matches (30 February) would never run.
        if cadence.next_after(chrono::Utc::now().timestamp()).is_none() {
            return Err(format!(
                "Cron expression {expression:?} never matches a date; check the day and month fields."
            ));
        }
        Ok(cadence)
    }

    /// The stored spelling: `every:N` or `cron:EXPRESSION`.
    pub fn to_stored(&self) -> String {
        match self {
            Cadence::Every(n) => format!("every:{n}"),
            Cadence::Cron(cron) => format!("cron:{}", cron.pattern),
        }
    }

    /// Reads [`Cadence::to_stored`]'s spelling.
    pub fn from_stored(text: &str) -> Result<Cadence, String> {
        match text.split_once(':') {
            Some(("every", n)) => Cadence::from_form(n, ""),
            Some(("cron", expression)) => Cadence::cron(expression),
            _ => Err(format!("unknown cadence {text:?}")),
        }
    }

    /// How the pages say it.
    pub fn describe(&self) -> String {
        match self {
            Cadence::Every(1) => "every minute".into(),
            Cadence::Every(n) => format!("every {n} minutes"),
            Cadence::Cron(cron) => format!("cron {} (UTC)", cron.pattern),
        }
    }

    /// The first due time strictly after `t` (Unix seconds); `None` when there is none.
    pub fn next_after(&self, t: i64) -> Option<i64> {
        match self {
            Cadence::Every(n) => Some(t + i64::from(*n) * 60),
            Cadence::Cron(cron) => {
                let from = chrono::DateTime::from_timestamp(t, 0)?;
                cron.find_next_occurrence(&from, false)
                    .ok()
                    .map(|next| next.timestamp())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cadence;

    #[test]
    fn minutes_and_cron_expressions_give_due_times() {
        let every = Cadence::from_form("15", "").unwrap();
        assert_eq!(every.next_after(1_000), Some(1_900));
        assert_eq!(every.describe(), "every 15 minutes");
        // 2026-01-01T00:07:00Z; the next quarter hour is 00:15.
        let cron = Cadence::from_form("", "*/15 * * * *").unwrap();
        assert_eq!(cron.next_after(1_767_225_620), Some(1_767_226_500));
        let stored = Cadence::from_stored(&cron.to_stored()).unwrap();
        assert_eq!(stored.next_after(1_767_225_620), Some(1_767_226_500));
        assert_eq!(
            Cadence::from_stored(&every.to_stored())
                .unwrap()
                .next_after(0),
            Some(900)
        );
    }

    #[test]
    fn bad_cadences_are_refused_with_what_to_write() {
        for (minutes, cron, says) in [
            ("", "", "Give the schedule a cadence"),
            ("0", "", "from 1 to"),
            ("soon", "", "whole number"),
            ("5", "* * * * *", "not both"),
            ("", "every day", "five fields"),
            ("", "61 * * * *", "five fields"),
            ("", "* * * * * *", "five fields"),
            ("", "0 0 30 2 *", "never matches"),
        ] {
            let error = Cadence::from_form(minutes, cron).unwrap_err();
            assert!(error.contains(says), "{minutes:?} {cron:?}: {error}");
        }
    }
}
