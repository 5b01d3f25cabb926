use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use scimcheck_report::junit;

use crate::fixture::{self, CDATA_END, SCRIPT, UNICODE};

/// A parsed XML element: enough of a DOM to check a JUnit document.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn attr(&self, name: &str) -> &str {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("<{}> has no attribute {name}", self.name))
    }

    fn all(&self, name: &str) -> Vec<&Element> {
        self.children.iter().filter(|c| c.name == name).collect()
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
}

fn element(start: &BytesStart<'_>) -> Element {
    let attributes = start
        .attributes()
        .map(|a| {
            let a = a.expect("well-formed attribute");
            let name = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
            let value = a.normalized_value(XmlVersion::Explicit1_0);
            (name, value.expect("valid attribute value").into_owned())
        })
        .collect();
    Element {
        name: String::from_utf8(start.name().as_ref().to_vec()).unwrap(),
        attributes,
        ..Element::default()
    }
}

/// Parses `xml` with quick-xml (independent of the writer) into its root element.
fn parse(xml: &str) -> Element {
    let mut reader = Reader::from_str(xml);
    let mut stack = vec![Element::default()];
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let top = stack.last_mut().unwrap();
        match event {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => top.children.push(element(&e)),
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(done);
            }
            Event::Text(t) => top.text.push_str(&t.xml10_content().unwrap()),
            Event::CData(c) => top.text.push_str(&c.decode().unwrap()),
            Event::GeneralRef(r) => {
                if r.is_char_ref() {
                    top.text.push(r.resolve_char_ref().unwrap().unwrap());
                } else {
                    let name = r.decode().unwrap();
                    let c = match name.as_ref() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unknown entity &{other};"),
                    };
                    top.text.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    stack.pop().unwrap().children.remove(0)
}

fn case<'a>(root: &'a Element, suite: &str, name: &str) -> &'a Element {
    let suite = root
        .all("testsuite")
        .into_iter()
        .find(|s| s.attr("name") == suite)
        .unwrap_or_else(|| panic!("no testsuite {suite}"));
    suite
        .all("testcase")
        .into_iter()
        .find(|c| c.attr("name") == name)
        .unwrap_or_else(|| panic!("no testcase {name} in {suite:?}"))
}

#[test]
fn counts_and_suites_per_category() {
    let root = parse(&junit::render(&fixture::run()));
    assert_eq!(root.name, "testsuites");
    assert_eq!(
        ["tests", "failures", "errors"].map(|a| root.attr(a)),
        ["7", "2", "1"]
    );
    let suites = root.all("testsuite");
    let names: Vec<&str> = suites.iter().map(|s| s.attr("name")).collect();
    assert_eq!(
        names,
        ["users", "groups", "discovery", "uncategorized", "pause"]
    );
    let counts: Vec<[&str; 4]> = suites
        .iter()
        .map(|s| ["tests", "failures", "errors", "skipped"].map(|a| s.attr(a)))
        .collect();
    assert_eq!(
        counts,
        [
            ["2", "1", "0", "0"],
            ["2", "0", "1", "1"],
            ["1", "0", "0", "0"],
            ["1", "1", "0", "0"],
            ["1", "0", "0", "0"],
        ]
    );
}

#[test]
fn failure_carries_expected_and_actual_rfc_and_hint() {
    let root = parse(&junit::render(&fixture::run()));
    let test = case(
        &root,
        "users",
        "Duplicate userName is rejected with 409 (users.duplicate-conflict)",
    );
    assert_eq!(test.attr("classname"), "users");
    let failure = test.child("failure").expect("a <failure>");
    assert_eq!(
        failure.attr("message"),
        format!(
            "status code: expected 409, got 201 [requires {}]",
            fixture::requirement()
        )
    );
    assert_eq!(failure.attr("type"), "assertion");
    assert!(
        failure
            .text
            .contains("status code\n  expected: 409\n  actual:   201"),
        "{}",
        failure.text
    );
    assert!(failure.text.contains("RFC: RFC 7644 §3.3"));
    assert!(
        failure
            .text
            .contains(&format!("requires: {}", fixture::requirement()))
    );
    assert!(
        failure
            .text
            .contains("hint: Answer 409 Conflict with scimType \"uniqueness\"")
    );
}

#[test]
fn runscope_step_without_category_fails_with_logs_and_exchanges() {
    let xml = junit::render(&fixture::run());
    assert!(
        !xml.contains(SCRIPT),
        "markup from the server written unescaped"
    );
    let root = parse(&xml);
    let test = case(
        &root,
        "uncategorized",
        "Required Test: Test Users endpoint | filter (step-3)",
    );
    let failure = test.child("failure").expect("a <failure>");
    assert_eq!(
        failure.attr("message"),
        "status code equals: expected 200, got 500 (+1 more)"
    );
    assert!(failure.text.contains("note:     the body is not JSON"));
    let out = &test.child("system-out").expect("logs in system-out").text;
    assert!(out.contains("GET http://127.0.0.1:8080/scim/v2/Users?filter=userName%20eq%20%22x%22 -> 500 Internal Server Error"));
    assert!(
        out.contains(&format!("hostile log {CDATA_END} {SCRIPT}")),
        "{out}"
    );
}

#[test]
fn errors_skips_and_warnings_map_to_junit_kinds() {
    let root = parse(&junit::render(&fixture::run()));
    let errored = case(
        &root,
        "groups",
        "POST /Groups creates a group (groups.create)",
    );
    let error = errored.child("error").expect("an <error>");
    assert_eq!(
        error.attr("message"),
        "request failed: connection reset by peer"
    );
    assert!(errored.child("failure").is_none());
    let skipped = case(
        &root,
        "groups",
        "PATCH adds group members (groups.patch-members)",
    );
    assert_eq!(
        skipped
            .child("skipped")
            .expect("a <skipped>")
            .attr("message"),
        "ServiceProviderConfig says patch.supported is false"
    );
    let warned = case(
        &root,
        "discovery",
        "ServiceProviderConfig names its documentation (discovery.documentation-uri)",
    );
    assert!(warned.child("failure").is_none() && warned.child("error").is_none());
    let out = &warned.child("system-out").expect("a <system-out>").text;
    assert!(
        out.starts_with("warning: documentationUri is missing"),
        "{out}"
    );
    let passed = case(&root, "users", "POST /Users creates a user (users.create)");
    assert!(passed.children.iter().all(|c| c.name == "system-out"));
}

#[test]
fn unicode_survives() {
    let mut run = fixture::run();
    run.cases[0].title = UNICODE.into();
    let root = parse(&junit::render(&run));
    assert!(
        case(&root, "users", &format!("{UNICODE} (users.create)"))
            .child("failure")
            .is_none()
    );
}

#[test]
fn root_causes_lead_and_blocked_checks_are_skipped_naming_them() {
    let root = parse(&junit::render(&fixture::blocked()));
    assert!(
        root.attr("name").ends_with(" · 1 root cause"),
        "{}",
        root.attr("name")
    );
    assert_eq!(
        root.all("testsuite").first().map(|s| s.attr("name")),
        Some("prerequisite"),
        "the root causes' suite comes first"
    );
    let title = format!("POST /Users creates a user {SCRIPT} ({})", fixture::ROOT);
    let failure = case(&root, "prerequisite", &title)
        .child("failure")
        .expect("the root cause fails");
    assert_eq!(
        failure.attr("message"),
        "root cause, blocked 2 checks: status: expected 201, got 500"
    );
    let blocked = case(&root, "users", "Location on 201 (users.create.location)");
    let skipped = blocked
        .child("skipped")
        .expect("a blocked check is skipped");
    assert!(
        skipped.attr("message").contains(fixture::ROOT),
        "{}",
        skipped.attr("message")
    );
    let other = case(
        &root,
        "users",
        "Duplicate userName is rejected with 409 (users.duplicate-conflict)",
    );
    let message = other
        .child("failure")
        .expect("still a failure")
        .attr("message");
    assert!(!message.starts_with("root cause"), "{message}");
}
