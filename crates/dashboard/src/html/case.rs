//! One case as an expandable block: verdict, title and timing in the summary line; request,
//! response (JSON pretty-printed), assertions and script logs inside. Used by the run page and
//! sent as is over the live stream.

use super::{duration, esc, verdict_badge};
use scimcheck_engine::model::{AssertionResult, CaseResult, Exchange};
use std::fmt::Write;

/// A body as shown: JSON pretty-printed, anything else verbatim.
pub fn pretty_body(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .filter(|v| v.is_object() || v.is_array())
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| body.to_owned())
}

fn headers(out: &mut String, start_line: &str, headers: &[(String, String)]) {
    let _ = write!(out, "<pre class=\"http\">{}", esc(start_line));
    for (name, value) in headers {
        let _ = write!(
            out,
            "\n<span class=\"hname\">{}</span>: {}",
            esc(name),
            esc(value)
        );
    }
    out.push_str("</pre>");
}

fn body(out: &mut String, body: &str, note: &str) {
    if !body.is_empty() {
        let _ = write!(
            out,
            "<pre class=\"body\">{}</pre>{note}",
            esc(&pretty_body(body))
        );
    }
}

fn exchange(out: &mut String, exchange: &Exchange) {
    let request = &exchange.request;
    out.push_str("<section class=\"exchange\"><h4>Request</h4>");
    headers(
        out,
        &format!("{} {}", request.method, request.url),
        &request.headers,
    );
    body(out, &request.body, "");
    match (&exchange.response, &exchange.error) {
        (Some(response), _) => {
            let _ = write!(
                out,
                "<h4>Response <span class=\"meta\">{} · {} bytes</span></h4>",
                duration(response.time_ms),
                response.size_bytes
            );
            headers(
                out,
                &format!("{} {}", response.status, response.reason),
                &response.headers,
            );
            let note = if response.body_truncated {
                "<p class=\"meta\">Body cut at the result cap.</p>"
            } else {
                ""
            };
            body(out, &response.body, note);
        }
        (None, Some(error)) => {
            let _ = write!(out, "<p class=\"error\">No response: {}</p>", esc(error));
        }
        (None, None) => out.push_str("<p class=\"meta\">No response recorded.</p>"),
    }
    out.push_str("</section>");
}

fn assertions(out: &mut String, assertions: &[AssertionResult]) {
    if assertions.is_empty() {
        return;
    }
    out.push_str(
        "<h4>Assertions</h4><table class=\"assertions\"><thead><tr><th></th><th>Check</th>\
         <th>Expected</th><th>Actual</th></tr></thead><tbody>",
    );
    for a in assertions {
        let (mark, class) = if a.passed {
            ("✓", "ok")
        } else {
            ("✗", "bad")
        };
        let note = a
            .note
            .as_deref()
            .map(|n| format!("<div class=\"meta\">{}</div>", esc(n)))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<tr class=\"{class}\"><td>{mark}</td><td>{}{note}</td><td><code>{}</code></td><td><code>{}</code></td></tr>",
            esc(&a.description),
            esc(&a.wanted()),
            esc(&a.actual)
        );
    }
    out.push_str("</tbody></table>");
}

/// The expandable block of one case.
pub fn case(case: &CaseResult) -> String {
    let mut out = String::with_capacity(1024);
    let meta = match &case.category {
        Some(category) => format!("{} · {}", esc(category), duration(case.duration_ms)),
        None => duration(case.duration_ms),
    };
    let _ = write!(
        out,
        "<details class=\"case v-{}\" data-case=\"{}\"><summary>{}<span class=\"title\">{}</span>\
         <span class=\"meta\">{meta}</span></summary><div class=\"case-body\">",
        case.verdict.as_str(),
        esc(&case.id),
        verdict_badge(case.verdict),
        esc(case.title.trim()),
    );
    if let Some(reason) = &case.reason {
        let reason = crate::glossary::annotate(reason);
        let _ = write!(out, "<p class=\"reason\">{}</p>", esc(&reason));
    }
    if let Some(hint) = &case.hint {
        let _ = write!(out, "<p class=\"hint\">Fix: {}</p>", esc(hint));
    }
    if let Some(section) = &case.rfc_section {
        let _ = write!(out, "<p class=\"meta\">RFC {}</p>", esc(section));
    }
    for ex in &case.exchanges {
        exchange(&mut out, ex);
    }
    assertions(&mut out, &case.assertions);
    if !case.logs.is_empty() {
        out.push_str("<h4>Script log</h4><pre class=\"logs\">");
        for line in &case.logs {
            let _ = writeln!(out, "{}", esc(line));
        }
        out.push_str("</pre>");
    }
    out.push_str("</div></details>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use scimcheck_engine::model::{RecordedRequest, RecordedResponse, Verdict};

    fn hostile_case() -> CaseResult {
        let mut c = CaseResult::new("step-1\"><script>", "<script>window.__xss=1</script>");
        c.verdict = Verdict::Fail;
        c.reason = Some("<img src=x onerror=alert(1)>".into());
        c.logs = vec!["</pre><script>1</script>".into()];
        c.exchanges.push(Exchange {
            request: RecordedRequest {
                method: "GET".into(),
                url: "http://t/Users?x=<a>".into(),
                headers: vec![("X-<h>".into(), "<v>".into())],
                body: String::new(),
            },
            response: Some(RecordedResponse {
                status: 200,
                reason: "OK".into(),
                headers: vec![],
                body:
                    r#"{"userName":"<script>alert(1)</script>","profileUrl":"javascript:alert(1)"}"#
                        .into(),
                body_truncated: false,
                size_bytes: 10,
                time_ms: 3,
            }),
            error: None,
        });
        c.assertions.push(AssertionResult {
            description: "<b>".into(),
            expected: "<i>".into(),
            actual: "<u>".into(),
            passed: false,
            note: Some("<s>".into()),
            rule: None,
        });
        c
    }

    #[test]
    fn server_supplied_text_never_becomes_markup() {
        let html = case(&hostile_case());
        for raw in [
            "<script", "<img", "<b>", "<i>", "<u>", "<s>", "<a>", "<h>", "<v>",
        ] {
            assert!(!html.contains(raw), "{raw} leaked into {html}");
        }
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("href"), "data never becomes a link");
    }

    #[test]
    fn json_bodies_are_pretty_printed() {
        assert_eq!(pretty_body(r#"{"a":1}"#), "{\n  \"a\": 1\n}");
        assert_eq!(pretty_body("not json"), "not json");
        assert_eq!(pretty_body("42"), "42");
    }
}
