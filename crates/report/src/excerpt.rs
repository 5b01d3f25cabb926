//! Short, safe views of long server-supplied text: body excerpts, single-line values and the
//! headers worth showing. Terminal, Markdown and JUnit output show a failing exchange in a few
//! lines; the HTML report shows everything.

/// Headers of a request that explain what was asked; the rest is noise in a failure summary.
pub(crate) const KEY_REQUEST_HEADERS: [&str; 4] =
    ["content-type", "accept", "authorization", "if-match"];

/// Headers of a response that explain what came back.
pub(crate) const KEY_RESPONSE_HEADERS: [&str; 5] = [
    "content-type",
    "location",
    "etag",
    "www-authenticate",
    "retry-after",
];

/// The first `max_chars` characters of `text`, and whether anything was cut.
pub(crate) fn head(text: &str, max_chars: usize) -> (&str, bool) {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => (&text[..end], true),
        None => (text, false),
    }
}

/// The headers among `headers` whose names are listed in `names` (case-insensitively), in the
/// order they were sent or received.
pub(crate) fn key_headers<'a>(
    headers: &'a [(String, String)],
    names: &'a [&'a str],
) -> impl Iterator<Item = &'a (String, String)> + 'a {
    headers
        .iter()
        .filter(move |(name, _)| names.iter().any(|n| n.eq_ignore_ascii_case(name)))
}

/// A body as a person wants to read it: JSON pretty-printed, anything else as received.
pub(crate) fn readable_body(body: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(body) {
        Ok(value) => serde_json::to_string_pretty(&value).unwrap_or_else(|_| body.to_owned()),
        Err(_) => body.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_cuts_on_character_boundaries() {
        assert_eq!(head("żółw-ü", 3), ("żół", true));
        assert_eq!(head("abc", 3), ("abc", false));
        assert_eq!(head("", 0), ("", false));
    }

    #[test]
    fn key_headers_match_case_insensitively_in_order() {
        let headers = vec![
            ("X-Trace".to_owned(), "1".to_owned()),
            ("ETag".to_owned(), "W/\"2\"".to_owned()),
            (
                "Content-Type".to_owned(),
                "application/scim+json".to_owned(),
            ),
        ];
        let names: Vec<&str> = key_headers(&headers, &KEY_RESPONSE_HEADERS)
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(names, ["ETag", "Content-Type"]);
    }

    #[test]
    fn readable_body_pretty_prints_json_only() {
        assert_eq!(readable_body("{\"a\":1}"), "{\n  \"a\": 1\n}");
        assert_eq!(readable_body("<html>oops"), "<html>oops");
        assert_eq!(readable_body(""), "");
    }
}
