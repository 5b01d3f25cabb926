//! Reading enum keywords (PATCH `op`, bulk `method`, `sortOrder`) case-insensitively, with one
//! error wording for all of them.

use serde::{Deserialize, Deserializer, de::Error as _};

/// Deserializes a string and picks its entry of `choices`, as [`pick`] does.
pub(crate) fn deserialize<'de, D, T: Copy>(
    deserializer: D,
    what: &str,
    choices: &[(&str, T)],
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let text = String::deserialize(deserializer)?;
    pick(&text, what, choices).map_err(D::Error::custom)
}

/// The entry of `choices` whose keyword matches `text` ignoring letter case; anything else is an
/// error text naming `what` and listing the accepted keywords.
pub(crate) fn pick<T: Copy>(text: &str, what: &str, choices: &[(&str, T)]) -> Result<T, String> {
    choices
        .iter()
        .find(|(keyword, _)| keyword.eq_ignore_ascii_case(text))
        .map(|(_, value)| *value)
        .ok_or_else(|| {
            let accepted: Vec<&str> = choices.iter().map(|(k, _)| *k).collect();
            format!(
                "unknown {what} \"{text}\"; expected one of: {}",
                accepted.join(", ")
            )
        })
}
