//! One HTTP exchange as terminal lines: the request (method, URL, headers, body excerpt) and the
//! response (status, timing, headers, body excerpt) or the transport error. Failure details show
//! the key headers and a short excerpt; verbose mode shows every header and a longer one.

use std::fmt::Write as _;

use scimcheck_engine::model::{Exchange, RecordedResponse};

use super::style::{Painter, Tone, clean};
use crate::excerpt::{KEY_REQUEST_HEADERS, KEY_RESPONSE_HEADERS, head, key_headers, readable_body};
use crate::units;

/// How much of an exchange to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    /// Key headers and a short body excerpt: enough to see why a check failed.
    Key,
    /// Every header and a long body excerpt: what verbose mode prints.
    Full,
}

impl Detail {
    fn max_body_lines(self) -> usize {
        match self {
            Detail::Key => 12,
            Detail::Full => 60,
        }
    }
}

/// Characters kept of one body line; minified bodies are one long line.
const MAX_LINE_CHARS: usize = 160;

/// Width of the label column (`request`, `response`, …) after the indent.
pub(crate) const LABEL_WIDTH: usize = 10;

/// Appends `exchange` to `out`, each line starting with `indent`.
pub(crate) fn write_exchange(
    out: &mut String,
    exchange: &Exchange,
    detail: Detail,
    indent: &str,
    painter: Painter,
) {
    let request = &exchange.request;
    let continuation = format!("{indent}{:LABEL_WIDTH$}", "");
    let label = |name: &str| {
        format!(
            "{indent}{}",
            painter.paint(Tone::Faint, &format!("{name:LABEL_WIDTH$}"))
        )
    };
    let _ = writeln!(
        out,
        "{}{} {}",
        label("request"),
        painter.paint(Tone::Strong, &clean(&request.method)),
        clean(&request.url)
    );
    write_headers(
        out,
        &request.headers,
        &KEY_REQUEST_HEADERS,
        detail,
        &continuation,
    );
    write_body(out, &request.body, detail, &continuation, painter);
    match (&exchange.response, &exchange.error) {
        (Some(response), _) => {
            let _ = writeln!(
                out,
                "{}{}",
                label("response"),
                status_line(response, painter)
            );
            write_headers(
                out,
                &response.headers,
                &KEY_RESPONSE_HEADERS,
                detail,
                &continuation,
            );
            write_body(out, &response.body, detail, &continuation, painter);
            if response.body_truncated {
                let _ = writeln!(
                    out,
                    "{continuation}{}",
                    painter.paint(
                        Tone::Caution,
                        &format!(
                            "[body cut by scimcheck: kept {} of {} received]",
                            units::size(response.body.len() as u64),
                            units::size(response.size_bytes)
                        )
                    )
                );
            }
        }
        (None, error) => {
            let why = error.as_deref().unwrap_or("no response recorded");
            let _ = writeln!(
                out,
                "{}{}",
                label("response"),
                painter.paint(Tone::Broken, &format!("none: {}", clean(why)))
            );
        }
    }
}

fn status_line(response: &RecordedResponse, painter: Painter) -> String {
    let tone = match response.status {
        200..=299 => Tone::Good,
        300..=399 => Tone::Caution,
        _ => Tone::Bad,
    };
    format!(
        "{} {}",
        painter.paint(
            tone,
            &format!("{} {}", response.status, clean(&response.reason))
        ),
        painter.paint(
            Tone::Faint,
            &format!(
                "· {} · {}",
                units::duration(response.time_ms),
                units::size(response.size_bytes)
            )
        )
    )
}

fn write_headers(
    out: &mut String,
    headers: &[(String, String)],
    key: &[&str],
    detail: Detail,
    continuation: &str,
) {
    let shown: Vec<&(String, String)> = match detail {
        Detail::Key => key_headers(headers, key).collect(),
        Detail::Full => headers.iter().collect(),
    };
    for (name, value) in shown {
        let _ = writeln!(out, "{continuation}{}: {}", clean(name), clean(value));
    }
}

fn write_body(out: &mut String, body: &str, detail: Detail, continuation: &str, painter: Painter) {
    if body.is_empty() {
        return;
    }
    let readable = readable_body(body);
    let mut lines = readable.lines();
    for line in lines.by_ref().take(detail.max_body_lines()) {
        let (kept, cut) = head(line, MAX_LINE_CHARS);
        let _ = writeln!(
            out,
            "{continuation}{}{}",
            clean(kept),
            if cut { "…" } else { "" }
        );
    }
    let rest = lines.count();
    if rest > 0 {
        let _ = writeln!(
            out,
            "{continuation}{}",
            painter.paint(Tone::Faint, &format!("… {rest} more lines"))
        );
    }
}
