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
    assert!(page.contains(&format!(
        "<span class=\"why req\">requires {}</span>",
        fixture::requirement()
    )));
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

/// Runs the page's own script in QuickJS over a minimal DOM (tests/formats/page_script.js),
/// then evaluates `probe` there and returns its JSON result.
pub(crate) fn run_page_script(page: &str, probe: &str) -> serde_json::Value {
    let data_start = page.find(DATA_OPEN).unwrap() + DATA_OPEN.len();
    let data = &page[data_start..data_start + page[data_start..].find("</script>").unwrap()];
    let script_start = page.rfind("<script>\n").expect("the page's script") + "<script>\n".len();
    let script = &page[script_start..page.rfind("</script>").unwrap()];
    let verdicts: Vec<&str> = embedded_cases(page)
        .iter()
        .map(|c| c.verdict.as_str())
        .collect();
    let source = format!(
        "var DATA = {}; var VERDICTS = {};\n{}\n{script}\nJSON.stringify({probe})",
        serde_json::to_string(data).unwrap(),
        serde_json::to_string(&verdicts).unwrap(),
        include_str!("page_script.js"),
    );
    let runtime = rquickjs::Runtime::new().unwrap();
    let context = rquickjs::Context::full(&runtime).unwrap();
    let json: String = context.with(|ctx| {
        ctx.eval::<String, _>(source).unwrap_or_else(|_| {
            let error: rquickjs::Value = ctx.catch();
            panic!("the page's script failed: {error:?}")
        })
    });
    serde_json::from_str(&json).unwrap()
}

/// JS for the probe: expands case `i` and returns every text it rendered, in order.
pub(crate) const EXPAND: &str = "function expand(i) { var d = rows[i]; d.open = true; \
     listeners.toggle({ target: d }); var out = []; \
     (function walk(n) { if (n.own) out.push(n.own); n.children.forEach(walk); })(d.body); \
     return out; }";

pub(crate) fn texts(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect()
}

#[test]
fn expanding_a_case_renders_its_exchange_as_text() {
    let page = html::render(&fixture::run());
    let result = run_page_script(
        &page,
        &format!("(function () {{ {EXPAND} return [expand(1), expand(2)]; }})()"),
    );
    let duplicate = texts(&result[0]);
    let requirement = fixture::requirement().to_string();
    for piece in [
        "Answer 409 Conflict with scimType \"uniqueness\" when userName is taken.",
        requirement.as_str(),
        "✗",
        "status code",
        "409",
        "201",
        "POST",
        "http://127.0.0.1:8080/scim/v2/Users",
        "201 Created",
        "Bearer ***",
    ] {
        assert!(
            duplicate.contains(&piece),
            "missing {piece:?} in {duplicate:?}"
        );
    }
    let body = duplicate
        .iter()
        .find(|t| t.contains("profileUrl"))
        .expect("the response body");
    assert!(
        body.contains(&format!(
            "  \"userName\": \"{SCRIPT}\",\n  \"profileUrl\": \"{JS_URL}\""
        )),
        "{body}"
    );
    let reset = texts(&result[1]);
    assert!(
        reset.contains(&"No response: connection reset by peer"),
        "{reset:?}"
    );
}

#[test]
fn truncated_and_non_json_bodies_are_shown_as_such() {
    let run = fixture::run();
    let page = html::render(&run);
    let result = run_page_script(
        &page,
        &format!("(function () {{ {EXPAND} return expand(5); }})()"),
    );
    let step = texts(&result);
    let response = run.cases[5].exchanges[0].response.as_ref().unwrap();
    assert!(
        step.contains(&response.body.as_str()),
        "non-JSON body shown as received"
    );
    let notice = format!(
        "Body cut by scimcheck: kept {} B of 50.0 MiB received.",
        response.body.len()
    );
    assert!(step.contains(&notice.as_str()), "{step:?}");
    assert!(step.contains(&"script: checking users\nhostile log ]]> <script>alert(1)</script>"));
}

#[test]
fn filters_and_search_hide_rows() {
    let page = html::render(&fixture::run());
    let probe = "(function () { \
         function shown() { return rows.filter(function (r) { return !r.hidden; }).length; } \
         var out = [shown()]; \
         buttons[1].handlers.click(); out.push(shown()); \
         buttons[0].handlers.click(); byId.search.value = 'GROUPS'; byId.search.handlers.input(); \
         out.push(shown()); \
         byId.search.value = 'no such case'; byId.search.handlers.input(); \
         out.push(shown(), byId.nothing.hidden, group.hidden); return out; })()";
    let result = run_page_script(&page, probe);
    assert_eq!(result, serde_json::json!([7, 2, 2, 0, false, true]));
}

#[test]
fn footer_says_whether_secrets_are_masked() {
    let mut run = fixture::run();
    assert!(html::render(&run).contains("secrets are masked in this report"));
    run.secrets_masked = false;
    let page = html::render(&run);
    assert!(page.contains("SECRETS ARE NOT MASKED"), "{page}");
    assert!(!page.contains("secrets are masked in this report"));
}

#[test]
fn root_causes_lead_the_page() {
    let page = html::render(&fixture::blocked());
    let section = page
        .find("<section class=\"root-causes\"><h2>1 root cause: fix these first</h2>")
        .expect("a root-cause section");
    let cards = page.find("<div class=\"cards\">").expect("the counts");
    assert!(section < cards, "the root causes come before the counts");
    let list = &page[section..cards];
    assert!(
        list.contains(&format!("<code>{}</code>", fixture::ROOT)),
        "{list}"
    );
    assert!(list.contains("blocked 2 checks"), "{list}");
    assert!(list.contains("status: expected 201, got 500"), "{list}");
    assert!(!list.contains(SCRIPT), "hostile title escaped: {list}");
    assert!(
        page.contains("data-filter=\"blocked\""),
        "a filter for blocked cases"
    );
}
