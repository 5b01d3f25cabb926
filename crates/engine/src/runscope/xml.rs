//! `response_xml`: reading a value out of an XML body with an XPath expression, as Runscope's
//! assertions and variable extraction do (runscope.com/docs/api-testing/variables).
//!
//! The subset covers what a path to one value needs, and nothing Runscope leaves undocumented
//! is guessed beyond XPath 1.0's own meaning:
//!
//! | expression | selects |
//! |---|---|
//! | `/a/b` | the `b` children of the root element `a` |
//! | `//b` | every `b` element anywhere |
//! | `b[2]` | the second `b` child of each context node (1-based, as in XPath) |
//! | `*` | any element |
//! | `@id` (last step) | the attribute `id` |
//! | `text()` (last step) | the text nodes |
//! | `count(path)` | how many nodes `path` selects (a number) |
//!
//! A path's value is the string value of the first node it selects, in document order (XPath's
//! `string()`): an element's text with its descendants'. A name with no prefix matches elements
//! of any prefix (`id` matches `<scim:id>`), because a Runscope assertion has no way to declare
//! namespaces. A path that selects nothing is *missing*, like a missing JSON property.
//!
//! ```
//! use scimcheck_engine::runscope::xml::{Document, XmlValue};
//! let doc = Document::parse("<user id=\"7\"><name>Ann <b>Lee</b></name></user>").unwrap();
//! assert_eq!(doc.select("/user/name").unwrap(), Some(XmlValue::Text("Ann Lee".into())));
//! assert_eq!(doc.select("/user/@id").unwrap(), Some(XmlValue::Text("7".into())));
//! assert_eq!(doc.select("count(//name)").unwrap(), Some(XmlValue::Count(1)));
//! assert_eq!(doc.select("/user/email").unwrap(), None);
//! ```

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};

/// How deep elements may nest: a hostile body cannot make evaluation run away, and no real
/// response nests this deep.
const MAX_DEPTH: usize = 256;

/// What an expression yields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlValue {
    /// The string value of the first selected node.
    Text(String),
    /// The number of selected nodes (`count(…)`).
    Count(usize),
}

/// One node of the parsed body. Elements are stored in document order, so an index order is
/// document order.
#[derive(Debug)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Child>,
}

#[derive(Debug)]
enum Child {
    Element(usize),
    /// A text node and where it stands in document order (see [`TextOrder`]).
    Text(TextOrder, String),
}

/// Where a text node stands among the nodes: after the first `elements_before` elements (in
/// document order, which is index order) and before the next one; `seq` orders the texts
/// between the same two elements (`<a><b>x</b>y</a>`: both come after `b` opens).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct TextOrder {
    elements_before: usize,
    seq: usize,
}

/// A parsed XML body.
#[derive(Debug)]
pub struct Document {
    /// Index 0 is the document node (no name), whose one element child is the root element.
    elements: Vec<Element>,
}

/// What a step of a path selects.
#[derive(Debug, Clone, Copy)]
enum Node {
    Element(usize),
    /// Text child `n` of an element.
    Text(usize, usize),
}

impl Document {
    /// Parses `body`; the error says what is wrong ("… at byte 12", "no XML element"), for the
    /// caller to say what was being read.
    pub fn parse(body: &str) -> Result<Document, String> {
        let mut reader = Reader::from_str(body);
        let mut elements = vec![Element {
            name: String::new(),
            attributes: Vec::new(),
            children: Vec::new(),
        }];
        let mut open = vec![0usize];
        let mut texts = 0usize;
        loop {
            let event = reader
                .read_event()
                .map_err(|e| format!("{e} at byte {}", reader.error_position()))?;
            let parent = *open.last().unwrap_or(&0);
            match event {
                Event::Start(start) => {
                    if open.len() > MAX_DEPTH {
                        return Err(format!("elements nested deeper than {MAX_DEPTH} levels"));
                    }
                    let index = push_element(&mut elements, parent, &start)?;
                    open.push(index);
                }
                Event::Empty(start) => {
                    push_element(&mut elements, parent, &start)?;
                }
                Event::End(_) => {
                    open.pop();
                }
                Event::Text(text) => {
                    let text = text
                        .xml10_content()
                        .map_err(|e| format!("text that cannot be read: {e}"))?;
                    push_text(&mut elements, parent, &mut texts, &text);
                }
                Event::CData(data) => {
                    push_text(
                        &mut elements,
                        parent,
                        &mut texts,
                        &String::from_utf8_lossy(&data),
                    );
                }
                Event::GeneralRef(reference) => {
                    let text = reference
                        .resolve_char_ref()
                        .ok()
                        .flatten()
                        .map(String::from)
                        .or_else(|| {
                            let name = String::from_utf8_lossy(reference.as_ref()).into_owned();
                            resolve_predefined_entity(&name).map(String::from)
                        })
                        .unwrap_or_default();
                    push_text(&mut elements, parent, &mut texts, &text);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if elements.len() == 1 {
            return Err("no XML element".into());
        }
        Ok(Document { elements })
    }

    /// The document as the events a SAX parser reports, in order: `["start", name, [[attribute,
    /// value], …]]`, `["text", text]` (adjacent texts joined, entities resolved, CDATA as text)
    /// and `["end", name]` — what the script helper `xml2json` builds its object from, as the
    /// library of that name builds it from expat's events.
    pub fn events(&self) -> serde_json::Value {
        let mut out = Vec::new();
        // (element, children already reported); a stack, as a body may nest 256 deep.
        let mut stack: Vec<(usize, usize)> = Vec::new();
        if let Some(Child::Element(root)) = self.elements[0].children.first() {
            stack.push((*root, 0));
            self.start_event(*root, &mut out);
        }
        while let Some((element, next)) = stack.pop() {
            match self.elements[element].children.get(next) {
                Some(child) => {
                    stack.push((element, next + 1));
                    match child {
                        Child::Text(_, text) => out.push(serde_json::json!(["text", text])),
                        Child::Element(c) => {
                            self.start_event(*c, &mut out);
                            stack.push((*c, 0));
                        }
                    }
                }
                None => out.push(serde_json::json!(["end", self.elements[element].name])),
            }
        }
        serde_json::Value::Array(out)
    }

    fn start_event(&self, element: usize, out: &mut Vec<serde_json::Value>) {
        let element = &self.elements[element];
        out.push(serde_json::json!([
            "start",
            element.name,
            element.attributes
        ]));
    }

    /// Evaluates `expression` (see the [module docs](self)): `Ok(None)` when it selects nothing.
    pub fn select(&self, expression: &str) -> Result<Option<XmlValue>, String> {
        let expression = expression.trim();
        if let Some(inner) = expression
            .strip_prefix("count(")
            .and_then(|rest| rest.strip_suffix(')'))
        {
            return Ok(Some(XmlValue::Count(self.nodes(inner)?.len())));
        }
        if let Some((path, attribute)) = split_attribute(expression) {
            let found = self.nodes(path)?.into_iter().find_map(|node| match node {
                Node::Element(e) => self.elements[e]
                    .attributes
                    .iter()
                    .find(|(name, _)| name_matches(attribute, name))
                    .map(|(_, value)| value.clone()),
                Node::Text(..) => None,
            });
            return Ok(found.map(XmlValue::Text));
        }
        Ok(self
            .nodes(expression)?
            .first()
            .map(|node| XmlValue::Text(self.string_value(*node))))
    }

    /// The nodes `path` selects, in document order.
    fn nodes(&self, path: &str) -> Result<Vec<Node>, String> {
        if path.is_empty() {
            return Err("response_xml needs an XPath expression as its property".into());
        }
        let mut context = vec![Node::Element(0)];
        for (descendants, step) in steps(path)? {
            if descendants {
                context = self.descendants_or_self(&context);
            }
            context = self.apply(&context, &step);
        }
        Ok(context)
    }

    fn descendants_or_self(&self, context: &[Node]) -> Vec<Node> {
        let mut out = Vec::new();
        for node in context {
            let Node::Element(start) = *node else {
                continue;
            };
            let mut stack = vec![start];
            while let Some(e) = stack.pop() {
                out.push(e);
                for child in self.elements[e].children.iter().rev() {
                    if let Child::Element(c) = child {
                        stack.push(*c);
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out.into_iter().map(Node::Element).collect()
    }

    fn apply(&self, context: &[Node], step: &Step<'_>) -> Vec<Node> {
        let mut out = Vec::new();
        for node in context {
            let Node::Element(e) = *node else { continue };
            let matching: Vec<Node> = self.elements[e]
                .children
                .iter()
                .enumerate()
                .filter_map(|(n, child)| match (child, step.test) {
                    (Child::Text(..), Test::Text) => Some(Node::Text(e, n)),
                    (Child::Element(c), Test::Any) => Some(Node::Element(*c)),
                    (Child::Element(c), Test::Name(name))
                        if name_matches(name, &self.elements[*c].name) =>
                    {
                        Some(Node::Element(*c))
                    }
                    _ => None,
                })
                .collect();
            match step.position {
                Some(position) => out.extend(matching.get(position - 1).copied()),
                None => out.extend(matching),
            }
        }
        // A text standing before element `k` sorts before it, one after it after it.
        out.sort_unstable_by_key(|node| match *node {
            Node::Element(e) => (e, 1, 0),
            Node::Text(e, n) => match &self.elements[e].children[n] {
                Child::Text(order, _) => (order.elements_before, 0, order.seq),
                Child::Element(c) => (*c, 1, 0),
            },
        });
        out
    }

    /// XPath's string value: a text node's text; an element's text and its descendants'.
    fn string_value(&self, node: Node) -> String {
        match node {
            Node::Text(e, n) => match &self.elements[e].children[n] {
                Child::Text(_, text) => text.clone(),
                Child::Element(_) => String::new(),
            },
            Node::Element(start) => {
                let mut out = String::new();
                let mut stack: Vec<&Child> = self.elements[start].children.iter().rev().collect();
                while let Some(child) = stack.pop() {
                    match child {
                        Child::Text(_, text) => out.push_str(text),
                        Child::Element(c) => {
                            stack.extend(self.elements[*c].children.iter().rev());
                        }
                    }
                }
                out
            }
        }
    }
}

/// Adds text to `element`, joined to the text before it: XPath sees one text node where the
/// parser reports several (around an entity or a CDATA section). Text outside the root element
/// (only whitespace in well-formed XML) is dropped.
fn push_text(elements: &mut [Element], parent: usize, texts: &mut usize, text: &str) {
    let elements_before = elements.len();
    let element = &mut elements[parent];
    if element.name.is_empty() {
        return;
    }
    match element.children.last_mut() {
        Some(Child::Text(_, before)) => before.push_str(text),
        _ => {
            let order = TextOrder {
                elements_before,
                seq: *texts,
            };
            *texts += 1;
            element.children.push(Child::Text(order, text.to_owned()));
        }
    }
}

fn push_element(
    elements: &mut Vec<Element>,
    parent: usize,
    start: &BytesStart<'_>,
) -> Result<usize, String> {
    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute =
            attribute.map_err(|e| format!("element <{name}> has a bad attribute: {e}"))?;
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| format!("element <{name}> has a bad attribute value: {e}"))?;
        attributes.push((
            String::from_utf8_lossy(attribute.key.as_ref()).into_owned(),
            value.into_owned(),
        ));
    }
    let index = elements.len();
    elements.push(Element {
        name,
        attributes,
        children: Vec::new(),
    });
    elements[parent].children.push(Child::Element(index));
    Ok(index)
}

/// `a:b` matches a step `a:b`; a step without a prefix matches any prefix.
fn name_matches(step: &str, name: &str) -> bool {
    step == name || (!step.contains(':') && name.rsplit(':').next() == Some(step))
}

#[derive(Debug, Clone, Copy)]
enum Test<'a> {
    Name(&'a str),
    Any,
    Text,
}

#[derive(Debug)]
struct Step<'a> {
    test: Test<'a>,
    /// `[n]`, 1-based.
    position: Option<usize>,
}

/// `path/@name` split into the path and the attribute's name.
fn split_attribute(expression: &str) -> Option<(&str, &str)> {
    let (path, attribute) = expression.rsplit_once("/@")?;
    Some((if path.is_empty() { "/*" } else { path }, attribute))
}

/// The steps of `path`, each with whether it follows `//` (descendants) rather than `/`.
fn steps(path: &str) -> Result<Vec<(bool, Step<'_>)>, String> {
    let mut out = Vec::new();
    let mut rest = path;
    loop {
        let descendants = if let Some(r) = rest.strip_prefix("//") {
            rest = r;
            true
        } else {
            rest = rest.strip_prefix('/').unwrap_or(rest);
            false
        };
        let end = rest.find('/').unwrap_or(rest.len());
        let (text, tail) = rest.split_at(end);
        out.push((descendants, step(text, path)?));
        if tail.is_empty() {
            return Ok(out);
        }
        rest = tail;
    }
}

fn step<'a>(text: &'a str, path: &str) -> Result<Step<'a>, String> {
    let unsupported = || {
        format!(
            "the XPath expression `{path}` uses `{text}`, which scimcheck does not support \
             (supported: /name, //name, name[n], *, @name, text(), count(…))"
        )
    };
    let (test, position) = match text.split_once('[') {
        Some((test, predicate)) => {
            let n = predicate
                .strip_suffix(']')
                .and_then(|n| n.trim().parse::<usize>().ok())
                .filter(|n| *n >= 1)
                .ok_or_else(unsupported)?;
            (test, Some(n))
        }
        None => (text, None),
    };
    let test = match test {
        "*" => Test::Any,
        "text()" => Test::Text,
        name if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')) =>
        {
            Test::Name(name)
        }
        _ => return Err(unsupported()),
    };
    Ok(Step { test, position })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = r#"<?xml version="1.0"?>
<scim:ListResponse xmlns:scim="urn:example">
  <scim:totalResults>2</scim:totalResults>
  <Resources><user id="u1"><userName>ann&amp;co</userName><email>a@x</email></user></Resources>
  <Resources><user id="u2"><userName><![CDATA[bob<1>]]></userName></user></Resources>
</scim:ListResponse>"#;

    fn text(expression: &str) -> Option<String> {
        match Document::parse(BODY).unwrap().select(expression).unwrap() {
            Some(XmlValue::Text(t)) => Some(t),
            Some(XmlValue::Count(n)) => Some(format!("#{n}")),
            None => None,
        }
    }

    #[test]
    fn paths_positions_attributes_and_counts_select_as_xpath_does() {
        assert_eq!(text("/ListResponse/totalResults").as_deref(), Some("2"));
        assert_eq!(
            text("/scim:ListResponse/scim:totalResults").as_deref(),
            Some("2")
        );
        assert_eq!(text("//userName").as_deref(), Some("ann&co"));
        assert_eq!(
            text("/*/Resources[2]/user/userName").as_deref(),
            Some("bob<1>")
        );
        assert_eq!(text("//user[1]/@id").as_deref(), Some("u1"));
        assert_eq!(text("count(//user)").as_deref(), Some("#2"));
        assert_eq!(text("count(//email)").as_deref(), Some("#1"));
        assert_eq!(text("//user/userName/text()").as_deref(), Some("ann&co"));
        assert_eq!(text("//Resources[1]/user").as_deref(), Some("ann&coa@x"));
        // Document order across parents: the inner text comes first.
        let nested = Document::parse("<a><b>x</b>y</a>").unwrap();
        assert_eq!(
            nested.select("//text()").unwrap(),
            Some(XmlValue::Text("x".into()))
        );
        let before = Document::parse("<a>y<b>x</b></a>").unwrap();
        assert_eq!(
            before.select("//text()").unwrap(),
            Some(XmlValue::Text("y".into()))
        );
    }

    #[test]
    fn what_is_not_there_is_missing_and_what_cannot_be_read_says_why() {
        assert_eq!(text("/ListResponse/nope"), None);
        assert_eq!(text("//user[3]"), None);
        assert_eq!(text("//user/@nope"), None);
        let doc = Document::parse(BODY).unwrap();
        let error = doc.select("//user[last()]").unwrap_err();
        assert!(error.contains("does not support"), "{error}");
        let error = Document::parse("{\"id\": 1}").unwrap_err();
        assert_eq!(error, "no XML element");
        let error = Document::parse("<a><b></a>").unwrap_err();
        assert!(error.contains("at byte 6"), "{error}");
    }

    #[test]
    fn events_are_reported_in_document_order_with_entities_resolved() {
        let doc = Document::parse(
            "<?xml version=\"1.0\"?><a k=\"1 &amp; 2\">x<b/>y &lt; <![CDATA[z]]></a>",
        )
        .unwrap();
        assert_eq!(
            doc.events(),
            serde_json::json!([
                ["start", "a", [["k", "1 & 2"]]],
                ["text", "x"],
                ["start", "b", []],
                ["end", "b"],
                ["text", "y < z"],
                ["end", "a"]
            ])
        );
    }

    #[test]
    fn a_body_nested_too_deep_is_refused_not_walked() {
        let deep = "<a>".repeat(MAX_DEPTH + 2) + &"</a>".repeat(MAX_DEPTH + 2);
        let error = Document::parse(&deep).unwrap_err();
        assert!(error.contains("deeper than"), "{error}");
        let fine = "<a>".repeat(MAX_DEPTH) + "x" + &"</a>".repeat(MAX_DEPTH);
        let doc = Document::parse(&fine).unwrap();
        assert_eq!(doc.select("//a").unwrap(), Some(XmlValue::Text("x".into())));
    }
}
