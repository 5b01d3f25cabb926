//! JSON property paths as Runscope writes them: `Resources[0].emails[0].value`.
//!
//! - `a.b` reads key `b` of object `a`; `a[0]` reads element 0 of array `a`;
//!   `a["x.y"]` reads a key containing dots.
//! - `""` (the root) is the whole body.
//! - A key applied to an **array** reads that key from every element and yields the array of
//!   the values found (so Okta's 2016 file's `Resources[0].emails.value` is the list of email
//!   values). Elements without the key are left out.
//! - A missing key, an index out of range, or a key on a scalar: the property is missing.

use serde_json::Value;

/// One segment of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// Why a path could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid property path `{path}`: {problem}")]
pub struct PathError {
    /// The path as written.
    pub path: String,
    /// What is wrong with it.
    pub problem: String,
}

fn parse(path: &str) -> Result<Vec<Segment>, PathError> {
    let err = |problem: &str| PathError {
        path: path.to_owned(),
        problem: problem.to_owned(),
    };
    let mut segments = Vec::new();
    let mut chars = path.trim().chars().peekable();
    let mut key = String::new();
    let flush = |key: &mut String, segments: &mut Vec<Segment>| {
        if !key.is_empty() {
            segments.push(Segment::Key(std::mem::take(key)));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '.' => flush(&mut key, &mut segments),
            '[' => {
                flush(&mut key, &mut segments);
                let mut inner = String::new();
                loop {
                    match chars.next() {
                        Some(']') => break,
                        Some(c) => inner.push(c),
                        None => return Err(err("`[` without a closing `]`")),
                    }
                }
                let inner = inner.trim();
                let quoted = inner.len() >= 2
                    && ((inner.starts_with('"') && inner.ends_with('"'))
                        || (inner.starts_with('\'') && inner.ends_with('\'')));
                if quoted {
                    segments.push(Segment::Key(inner[1..inner.len() - 1].to_owned()));
                } else {
                    let index = inner.parse::<usize>().map_err(|_| {
                        err("brackets hold an index like [0] or a quoted key like [\"a.b\"]")
                    })?;
                    segments.push(Segment::Index(index));
                }
            }
            c => key.push(c),
        }
    }
    flush(&mut key, &mut segments);
    Ok(segments)
}

/// Reads `path` from `root`; `Ok(None)` when the property does not exist.
pub fn read(root: &Value, path: &str) -> Result<Option<Value>, PathError> {
    let segments = parse(path)?;
    let mut current = root.clone();
    for segment in &segments {
        let next = match (segment, &current) {
            (Segment::Key(key), Value::Object(map)) => map.get(key).cloned(),
            (Segment::Key(key), Value::Array(items)) => {
                let found: Vec<Value> = items
                    .iter()
                    .filter_map(|item| item.as_object().and_then(|m| m.get(key)).cloned())
                    .collect();
                (!found.is_empty()).then_some(Value::Array(found))
            }
            (Segment::Index(i), Value::Array(items)) => items.get(*i).cloned(),
            _ => None,
        };
        match next {
            Some(value) => current = value,
            None => return Ok(None),
        }
    }
    Ok(Some(current))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({"Resources": [{"id": "u1", "emails": [{"value": "a@x"}, {"value": "b@x"}], "a.b": 1}],
               "etag": {"supported": false}, "n": null})
    }

    #[test]
    fn dotted_and_indexed_paths() {
        assert_eq!(
            read(&doc(), "Resources[0].emails[1].value").unwrap(),
            Some(json!("b@x"))
        );
        assert_eq!(read(&doc(), "etag.supported").unwrap(), Some(json!(false)));
        assert_eq!(read(&doc(), "n").unwrap(), Some(Value::Null));
    }

    #[test]
    fn root_is_the_whole_document() {
        assert_eq!(read(&doc(), "").unwrap(), Some(doc()));
    }

    #[test]
    fn key_over_array_collects_from_each_element() {
        assert_eq!(
            read(&doc(), "Resources[0].emails.value").unwrap(),
            Some(json!(["a@x", "b@x"]))
        );
    }

    #[test]
    fn quoted_keys_may_hold_dots() {
        assert_eq!(
            read(&doc(), "Resources[0][\"a.b\"]").unwrap(),
            Some(json!(1))
        );
    }

    #[test]
    fn missing_things_are_none() {
        assert_eq!(read(&doc(), "Resources[5].id").unwrap(), None);
        assert_eq!(read(&doc(), "nope.deeper").unwrap(), None);
        assert_eq!(read(&doc(), "etag.supported.x").unwrap(), None);
    }

    #[test]
    fn bad_brackets_are_errors_naming_the_path() {
        let e = read(&doc(), "Resources[x]").unwrap_err();
        assert_eq!(e.path, "Resources[x]");
        assert!(read(&doc(), "Resources[0").is_err());
    }
}
