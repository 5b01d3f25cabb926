//! `--only` and `--skip`: which checks of the catalog a run includes, by id glob.
//!
//! A pattern matches a check id when it matches the whole id (`*` stands for any run of
//! characters) or names one of its leading segments: `filter` selects `filter.eq.username`.

use crate::check::Check;

/// Whether `pattern` selects the check `id`.
pub fn matches(pattern: &str, id: &str) -> bool {
    glob(pattern.as_bytes(), id.as_bytes())
        || id
            .strip_prefix(pattern)
            .is_some_and(|rest| rest.starts_with('.'))
}

fn glob(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|i| glob(rest, &text[i..])),
        Some((c, rest)) => text.first() == Some(c) && glob(rest, &text[1..]),
    }
}

/// The checks selected by `only` (all when empty) minus those matched by `skip`, in catalog
/// order.
pub fn select<'a>(checks: &'a [Check], only: &[String], skip: &[String]) -> Vec<&'a Check> {
    checks
        .iter()
        .filter(|c| only.is_empty() || only.iter().any(|p| matches(p, c.id)))
        .filter(|c| !skip.iter().any(|p| matches(p, c.id)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_and_prefixes() {
        assert!(matches("filter.*", "filter.eq.username"));
        assert!(matches("filter", "filter.eq.username"));
        assert!(matches("*.username", "filter.eq.username"));
        assert!(matches("filter.eq.username", "filter.eq.username"));
        assert!(!matches("filt", "filter.eq.username"));
        assert!(!matches("users", "usersx.a"));
        assert!(!matches("*.group", "filter.eq.username"));
    }
}
