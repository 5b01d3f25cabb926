//! The HTTP status member of error and bulk bodies, which RFC 7644 §3.12 makes a JSON *string*.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An HTTP status code as it appears in a SCIM body: written as a string (`"404"`), read from a
/// string or a number. Many servers send a number; the tester needs to say so, so a status read
/// from a number remembers it ([`Status::was_numeric`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    text: String,
    numeric: bool,
}

impl Status {
    /// The status `code`, to be written as a string.
    pub fn new(code: u16) -> Self {
        Status {
            text: code.to_string(),
            numeric: false,
        }
    }

    /// The status as text, as received or as it will be written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The status as a number, when it is one.
    pub fn code(&self) -> Option<u16> {
        self.text.trim().parse().ok()
    }

    /// True when the body carried a JSON number rather than the string RFC 7644 §3.12 requires.
    pub fn was_numeric(&self) -> bool {
        self.numeric
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// The two spellings met in practice.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Number(u64),
        }
        Ok(match Raw::deserialize(deserializer)? {
            Raw::Text(text) => Status {
                text,
                numeric: false,
            },
            Raw::Number(n) => Status {
                text: n.to_string(),
                numeric: true,
            },
        })
    }
}
