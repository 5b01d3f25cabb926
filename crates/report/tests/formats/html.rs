use scimcheck_engine::model::CaseResult;
use scimcheck_report::html;

use crate::fixture::{self, CDATA_END, JS_URL, SCRIPT, UNICODE};

const DATA_OPEN: &str = "<script type=\"application/json\" id=\"scimcheck-data\">";

/// The embedded run data, as the page's script reads it.
fn embedded_cases(page: &str) -> Vec<CaseResult> {
    let start = page.find(DATA_OPEN).expect("the page embeds its data") + DATA_OPEN.len();
    let len = page[start..]
        .find("</script>")
        .expect("the data block is closed");
    serde_json::from_str(&page[start..start + len]).expect("the data block is valid JSON")
}

#[test]
fn hostile_server_text_never_becomes_markup() {
    let page = html::render(&fixture::run());
    assert!(
        !page.contains(SCRIPT),
        "raw <script> from the server reached the page"
    );
    // Exactly the page's own two script elements: the data block and the app.
    assert_eq!(page.matches("<script").count(), 2);
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "suite name shown escaped"
    );
    // No element takes a URL from anywhere, so `javascript:` can never be followed.
    for attribute in ["href=", "src=", "action=", "url("] {
        assert!(!page.contains(attribute), "the page contains {attribute}");
    }
    let data_start = page.find(DATA_OPEN).unwrap();
    assert!(
        !page[..data_start].contains(JS_URL),
        "javascript: appears in markup"
    );
}

#[test]
fn embedded_data_is_the_whole_run_unchanged() {
    let run = fixture::run();
    let page = html::render(&run);
    let cases = embedded_cases(&page);
    assert_eq!(cases, run.cases);
    let hostile = &cases[1].exchanges[0].response.as_ref().unwrap().body;
    assert!(hostile.contains(SCRIPT) && hostile.contains(JS_URL) && hostile.contains(CDATA_END));
    assert!(cases[0].exchanges[0].request.body.contains(UNICODE));
    assert!(
        cases[5].exchanges[0]
            .response
            .as_ref()
            .unwrap()
            .body_truncated
    );
}

#[test]
fn page_is_self_contained() {
    let page = html::render(&fixture::run());
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<style>") && !page.contains("<link"));
    assert!(!page.contains("@import") && !page.contains("@font-face"));
    assert!(page.contains("Content-Security-Policy\" content=\"default-src 'none'"));
}

#[test]
fn summary_shows_target_start_duration_and_counts() {
    let run = fixture::run();
    let page = html::render(&run);
    assert!(page.contains(fixture::TARGET));
    assert!(page.contains("2026-11-28T12:00:00.000Z"));
    assert!(page.contains("2.35 s"));
    assert!(page.contains(">FAILED</span>"));
    for (verdict, n) in [
        ("fail", 2),
        ("error", 1),
        ("warn", 1),
        ("skip", 1),
        ("pass", 2),
    ] {
        let card = format!("data-filter=\"{verdict}\"><span class=\"n\">{n}</span>");
        assert!(page.contains(&card), "missing card {card}");
    }
}

#[test]
fn cases_are_grouped_by_category_in_run_order() {
    let page = html::render(&fixture::run());
    let heading = |name: &str| {
        page.find(&format!("<h2>{name} "))
            .unwrap_or_else(|| panic!("no group {name}"))
    };
    let order = ["users", "groups", "discovery", "uncategorized", "pause"].map(heading);
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "groups out of order: {order:?}"
    );
    assert!(page.contains("<h2>users <span class=\"counts\">1 failed, 1 passed</span>"));
}

#[test]
fn rows_show_verdict_title_rfc_and_reason_with_unicode() {
    let page = html::render(&fixture::run());
    assert!(page.contains(
        "<span class=\"badge fail\">FAIL</span><span class=\"title\">Duplicate userName is \
         rejected with 409<span class=\"rfc\">RFC 7644 §3.3</span>"
    ));
    assert!(page.contains("<span class=\"why\">request failed: connection reset by peer</span>"));
    assert!(page.contains("Required Test: Test Users endpoint | filter"));
    assert!(page.contains("1/2 checks"));
}

#[test]
fn exchanges_are_not_rendered_until_expanded() {
    let run = fixture::many(600);
    let page = html::render(&run);
    assert_eq!(page.matches("<details class=\"case\"").count(), 600);
    // Every case body is an empty host the script fills on expand.
    assert_eq!(page.matches("<div class=\"body\"></div>").count(), 600);
    let data_start = page.find(DATA_OPEN).unwrap();
    assert!(!page[..data_start].contains("Internal Server Error"));
    // Rows index the embedded data by their position in the run.
    assert!(page.contains("data-i=\"599\""));
    assert_eq!(embedded_cases(&page).len(), 600);
}

#[test]
fn long_bodies_are_cut_in_the_page_and_marked() {
    let mut run = fixture::run();
    let long = format!("{{\"blob\":\"{}\"}}", "é".repeat(html::PAGE_BODY_CAP));
    let response = run.cases[0].exchanges[0].response.as_mut().unwrap();
    response.body = long.clone();
    response.size_bytes = long.len() as u64;
    let cases = embedded_cases(&html::render(&run));
    let shown = cases[0].exchanges[0].response.as_ref().unwrap();
    assert!(shown.body.len() <= html::PAGE_BODY_CAP && shown.body.len() > html::PAGE_BODY_CAP - 4);
    assert!(long.starts_with(&shown.body));
    assert!(shown.body_truncated);
    assert_eq!(
        shown.size_bytes,
        long.len() as u64,
        "the received size is kept"
    );
    // Short bodies elsewhere are untouched.
    assert_eq!(cases[1], run.cases[1]);
}
