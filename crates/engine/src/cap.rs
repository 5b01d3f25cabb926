//! Caps on the text a run keeps, so a hostile suite or server cannot make a result, a report or
//! the process itself grow without bound: a script throwing a 60 MB string ten times must cost
//! kilobytes, not gigabytes.
//!
//! Every cut keeps the head of the text on a character boundary and says how much went:
//! `… (12345 bytes more)`.

use crate::model::CaseResult;

/// Longest reason a case keeps (a thrown script value, a Chai message, a transport error).
pub const REASON_BYTES: usize = 4 * 1024;
/// Longest title a case keeps (a step's note with its variables filled in).
pub const TITLE_BYTES: usize = 1024;
/// Longest expected or actual value an assertion result keeps.
pub const ASSERTION_TEXT_BYTES: usize = 2 * 1024;
/// Most log text one case keeps, all its scripts and notes together.
pub const CASE_LOG_BYTES: usize = 64 * 1024;
/// Most text (logs and recorded bodies) a whole run keeps; past it, each later case keeps only
/// [`SPENT_RUN_BYTES`] of each.
pub const RUN_OUTPUT_BYTES: usize = 32 * 1024 * 1024;
/// What a case keeps of each log line and body once the run's budget is spent.
pub const SPENT_RUN_BYTES: usize = 256;

/// Cuts `text` to at most `max` bytes (plus the marker), on a character boundary, noting how
/// many bytes were dropped. Returns whether it cut.
pub fn truncate(text: &mut String, max: usize) -> bool {
    if text.len() <= max {
        return false;
    }
    let cut = floor_boundary(text, max);
    let dropped = text.len() - cut;
    text.truncate(cut);
    text.push_str(&format!("… ({dropped} bytes more)"));
    true
}

/// [`truncate`] for a value about to be stored.
pub fn capped(mut text: String, max: usize) -> String {
    truncate(&mut text, max);
    text
}

/// What is left of a run's output budget ([`RUN_OUTPUT_BYTES`]).
#[derive(Debug, Clone)]
pub struct RunBudget {
    left: usize,
}

impl Default for RunBudget {
    fn default() -> Self {
        Self {
            left: RUN_OUTPUT_BYTES,
        }
    }
}

impl RunBudget {
    /// True once the run has kept all the text it may.
    pub fn spent(&self) -> bool {
        self.left == 0
    }

    /// Bounds `case`: its reason, title, assertion texts and logs to their caps, then its logs
    /// and recorded bodies to what is left of the run's budget, charging what it keeps.
    pub fn bound(&mut self, case: &mut CaseResult) {
        truncate(&mut case.title, TITLE_BYTES);
        if let Some(reason) = &mut case.reason {
            truncate(reason, REASON_BYTES);
        }
        for assertion in &mut case.assertions {
            truncate(&mut assertion.expected, ASSERTION_TEXT_BYTES);
            truncate(&mut assertion.actual, ASSERTION_TEXT_BYTES);
            if let Some(note) = &mut assertion.note {
                truncate(note, REASON_BYTES);
            }
        }
        bound_logs(&mut case.logs, CASE_LOG_BYTES);
        let mut texts: Vec<&mut String> = case.logs.iter_mut().collect();
        for exchange in &mut case.exchanges {
            texts.push(&mut exchange.request.body);
            if let Some(response) = &mut exchange.response {
                texts.push(&mut response.body);
            }
        }
        for text in texts {
            if text.len() > self.left {
                truncate(text, self.left.max(SPENT_RUN_BYTES));
            }
            self.left = self.left.saturating_sub(text.len());
        }
    }
}

/// Keeps log lines up to `max` bytes in total; the rest are replaced by one line saying how much
/// was dropped.
fn bound_logs(logs: &mut Vec<String>, max: usize) {
    let total: usize = logs.iter().map(String::len).sum();
    if total <= max {
        return;
    }
    let (mut kept, mut whole) = (0, 0);
    while kept + logs[whole].len() <= max {
        kept += logs[whole].len();
        whole += 1;
    }
    let dropped_lines = logs.len() - whole;
    let cut = floor_boundary(&logs[whole], max - kept);
    logs[whole].truncate(cut);
    kept += cut;
    logs.truncate(if cut > 0 { whole + 1 } else { whole });
    logs.push(format!(
        "… ({} bytes more in {dropped_lines} log lines; a step keeps {} KiB of logs)",
        total - kept,
        max / 1024
    ));
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Exchange, RecordedRequest};

    #[test]
    fn truncate_keeps_the_head_on_a_char_boundary_and_counts_the_rest() {
        let mut text = "aé".repeat(3); // 9 bytes
        assert!(truncate(&mut text, 2));
        assert_eq!(text, "a… (8 bytes more)");
        let mut short = "ok".to_owned();
        assert!(!truncate(&mut short, 2));
        assert_eq!(short, "ok");
    }

    #[test]
    fn a_case_s_logs_are_capped_together_not_per_line() {
        let mut case = CaseResult::new("step-1", "t");
        case.logs = vec!["x".repeat(40 * 1024), "y".repeat(40 * 1024), "z".into()];
        RunBudget::default().bound(&mut case);
        assert_eq!(case.logs.len(), 3, "{:?}", case.logs.last());
        assert_eq!(case.logs[0].len(), 40 * 1024);
        assert_eq!(case.logs[1].len(), 24 * 1024);
        assert_eq!(
            case.logs[2],
            "… (16385 bytes more in 2 log lines; a step keeps 64 KiB of logs)"
        );
    }

    #[test]
    fn once_the_run_budget_is_spent_later_cases_keep_only_a_head() {
        let mut budget = RunBudget::default();
        let mut big = CaseResult::new("step-1", "t");
        big.exchanges.push(Exchange {
            request: RecordedRequest {
                method: "POST".into(),
                url: "http://x".into(),
                headers: Vec::new(),
                body: "b".repeat(RUN_OUTPUT_BYTES),
            },
            response: None,
            error: None,
        });
        budget.bound(&mut big);
        assert!(budget.spent());
        let mut later = CaseResult::new("step-2", "t");
        later.logs = vec!["l".repeat(1000)];
        budget.bound(&mut later);
        assert_eq!(
            later.logs[0],
            format!("{}… (744 bytes more)", "l".repeat(SPENT_RUN_BYTES))
        );
    }
}
