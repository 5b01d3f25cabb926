//! PATCH paths (RFC 7644 §3.5.2): `PATH = attrPath / valuePath [subAttr]`.
//!
//! A path names what an operation changes: a whole attribute (`members`), a sub-attribute
//! (`name.givenName`), some values of a multi-valued attribute (`members[value eq "2819c223"]`),
//! or one sub-attribute of those values (`emails[type eq "work"].value`). Any of them may be
//! qualified by a schema URN, which is how extension attributes are named
//! (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`).

use std::fmt;
use std::str::FromStr;

use crate::error::ScimType;
use crate::filter::{self, AttrPath, Filter, FilterError};

/// A parsed PATCH path.
///
/// `attr.sub` is the sub-attribute the path ends in; with a value filter it is the part after
/// the `]` (`emails[type eq "work"].value` has `attr.name == "emails"`, `attr.sub == Some("value")`).
/// `Display` prints the path back in a form [`PatchPath::parse`] reads to an equal value.
#[derive(Debug, Clone, PartialEq)]
pub struct PatchPath {
    /// The attribute, with its schema URN and final sub-attribute.
    pub attr: AttrPath,
    /// The value filter selecting some values of a multi-valued attribute.
    pub filter: Option<Filter>,
}

/// Why a path was refused: what was expected and at which character. Maps to `invalidPath`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid path at position {position}: {message}")]
pub struct PathError {
    position: usize,
    message: String,
}

impl PathError {
    fn new(position: usize, message: impl Into<String>) -> Self {
        PathError {
            position,
            message: message.into(),
        }
    }

    /// The 0-based character offset in the path where the problem was found.
    pub fn position(&self) -> usize {
        self.position
    }

    /// The explanation, without the position prefix `Display` adds.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The `scimType` a server answers with: always `invalidPath` (RFC 7644 §3.12).
    pub fn scim_type(&self) -> ScimType {
        ScimType::InvalidPath
    }
}

impl PatchPath {
    /// Parses a PATCH path such as `emails[type eq "work"].value`.
    pub fn parse(text: &str) -> Result<PatchPath, PathError> {
        if text.is_empty() {
            return Err(PathError::new(
                0,
                "the path is empty; name an attribute such as \"members\" or \"name.givenName\"",
            ));
        }
        let chars: Vec<char> = text.chars().collect();
        let Some(bracket) = chars.iter().position(|c| *c == '[') else {
            let attr = filter::parse_attr_path(text).map_err(|e| relocate(&e, 0, ""))?;
            return Ok(PatchPath { attr, filter: None });
        };
        let head: String = chars[..bracket].iter().collect();
        let mut attr = filter::parse_attr_path(&head).map_err(|e| relocate(&e, 0, ""))?;
        if attr.sub.is_some() {
            return Err(PathError::new(
                bracket,
                "a value filter follows the multi-valued attribute itself, not a sub-attribute; \
                 write e.g. emails[type eq \"work\"].value",
            ));
        }
        let close = closing_bracket(&chars, bracket + 1).ok_or_else(|| {
            PathError::new(bracket, "the value filter opened here has no closing ']'")
        })?;
        let inner: String = chars[bracket + 1..close].iter().collect();
        if inner.trim().is_empty() {
            return Err(PathError::new(
                bracket + 1,
                "the value filter is empty; write a filter such as [value eq \"2819c223\"]",
            ));
        }
        let filter = filter::parse(&inner)
            .map_err(|e| relocate(&e, bracket + 1, "in the value filter: "))?;
        match chars.get(close + 1) {
            None => {}
            Some('.') => {
                let text: String = chars[close + 2..].iter().collect();
                let sub = filter::parse_attr_path(&text)
                    .map_err(|e| relocate(&e, close + 2, "after ']': "))?;
                if sub.schema.is_some() || sub.sub.is_some() {
                    return Err(PathError::new(
                        close + 2,
                        format!("'{text}' after ']' must be one sub-attribute name"),
                    ));
                }
                attr.sub = Some(sub.name);
            }
            Some(c) => {
                return Err(PathError::new(
                    close + 1,
                    format!(
                        "expected '.' and a sub-attribute name, or the end of the path, after ']' \
                         but found '{c}'"
                    ),
                ));
            }
        }
        Ok(PatchPath {
            attr,
            filter: Some(filter),
        })
    }
}

/// Turns an error about a part of the path that starts at character `offset` into an error
/// about the whole path. The filter parser's message ends in its own "at position N", relative
/// to the part; that suffix is dropped so the message does not contradict the path position.
fn relocate(error: &FilterError, offset: usize, context: &str) -> PathError {
    let suffix = format!(" at position {}", error.position());
    let message = error.message();
    let message = message.strip_suffix(&suffix).unwrap_or(message);
    PathError::new(offset + error.position(), format!("{context}{message}"))
}

impl FromStr for PatchPath {
    type Err = PathError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        PatchPath::parse(text)
    }
}

impl fmt::Display for PatchPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(schema) = &self.attr.schema {
            write!(f, "{schema}:")?;
        }
        f.write_str(&self.attr.name)?;
        if let Some(filter) = &self.filter {
            write!(f, "[{filter}]")?;
        }
        if let Some(sub) = &self.attr.sub {
            write!(f, ".{sub}")?;
        }
        Ok(())
    }
}

/// The index of the `]` closing a value filter that starts at `from`, skipping `]` inside JSON
/// string literals.
fn closing_bracket(chars: &[char], from: usize) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in chars.iter().enumerate().skip(from) {
        match (in_string, escaped, *c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (_, false, '"') => in_string = !in_string,
            (false, _, ']') => return Some(i),
            _ => {}
        }
    }
    None
}
