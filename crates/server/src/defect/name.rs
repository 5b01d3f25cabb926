//! A defect's name, derived at compile time from its variant: `FilterCoSwEwCaseSensitive` is
//! `filter-co-sw-ew-case-sensitive`, `UnknownId400` is `unknown-id-400`. A word starts at each
//! capital and at the first digit of a number. Deriving the name keeps the table free of a
//! second spelling of every defect, and a `const` keeps `Defect::name` free of allocation.

/// Whether a new word starts at `bytes[at]` (never at 0).
const fn starts_word(bytes: &[u8], at: usize) -> bool {
    at > 0
        && (bytes[at].is_ascii_uppercase()
            || (bytes[at].is_ascii_digit() && !bytes[at - 1].is_ascii_digit()))
}

/// The length of the kebab-case form of the CamelCase identifier `camel`.
pub(super) const fn kebab_len(camel: &str) -> usize {
    let bytes = camel.as_bytes();
    let mut len = bytes.len();
    let mut at = 0;
    while at < bytes.len() {
        if starts_word(bytes, at) {
            len += 1;
        }
        at += 1;
    }
    len
}

/// The kebab-case form of the CamelCase identifier `camel`, as bytes (`N` is [`kebab_len`]).
pub(super) const fn kebab<const N: usize>(camel: &str) -> [u8; N] {
    let bytes = camel.as_bytes();
    let mut out = [0; N];
    let (mut from, mut to) = (0, 0);
    while from < bytes.len() {
        if starts_word(bytes, from) {
            out[to] = b'-';
            to += 1;
        }
        out[to] = bytes[from].to_ascii_lowercase();
        to += 1;
        from += 1;
    }
    out
}

/// The kebab-case name of a variant identifier, as a `&'static str` constant.
macro_rules! kebab_case {
    ($variant:ident) => {{
        const BYTES: [u8; name::kebab_len(stringify!($variant))] =
            name::kebab(stringify!($variant));
        const NAME: &str = match std::str::from_utf8(&BYTES) {
            Ok(name) => name,
            Err(_) => panic!("an identifier is ASCII"),
        };
        NAME
    }};
}
pub(super) use kebab_case;

#[cfg(test)]
mod tests {
    use crate::Defect;

    #[test]
    fn a_word_starts_at_each_capital_and_at_a_number() {
        assert_eq!(Defect::UnknownId400.name(), "unknown-id-400");
        assert_eq!(
            Defect::FilterCoSwEwCaseSensitive.name(),
            "filter-co-sw-ew-case-sensitive"
        );
        assert_eq!(
            Defect::UnauthorizedWithoutWwwAuthenticate.name(),
            "unauthorized-without-www-authenticate"
        );
    }
}
