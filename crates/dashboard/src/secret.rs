//! Secrets in the dashboard: unguessable tokens for sessions, CSRF and share links, the masked
//! form in which a stored credential is shown, and a comparison that does not leak timing.

use rand::TryRngCore;
use rand::rngs::OsRng;

/// Bytes of randomness in every token: 256 bits, well over the 128 a share link needs.
const TOKEN_BYTES: usize = 32;

/// A fresh token from the operating system's CSPRNG, as 64 lower-case hex digits.
///
/// Falls back to the thread CSPRNG (ChaCha seeded from the OS) if the OS source fails.
pub fn new_token() -> String {
    let mut bytes = [0u8; TOKEN_BYTES];
    if OsRng.try_fill_bytes(&mut bytes).is_err() {
        rand::Rng::fill(&mut rand::rng(), &mut bytes);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// True when `a` and `b` are equal, taking time that depends only on their lengths.
pub fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// How a stored credential is shown: the scheme (e.g. `Bearer`) and at most its last four
/// characters, e.g. `Bearer ••••1234`. Short secrets show no characters at all.
pub fn mask_auth(value: &str) -> String {
    let value = value.trim();
    if value.is_empty() {
        return "(none)".into();
    }
    let (scheme, secret) = match value.split_once(' ') {
        Some((scheme, rest)) if scheme.chars().all(|c| c.is_ascii_alphabetic()) => {
            (format!("{scheme} "), rest.trim())
        }
        _ => (String::new(), value),
    };
    let chars: Vec<char> = secret.chars().collect();
    let tail: String = if chars.len() >= 12 {
        chars[chars.len() - 4..].iter().collect()
    } else {
        String::new()
    };
    format!("{scheme}••••{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn tokens_are_256_bit_hex_and_distinct() {
        let tokens: HashSet<String> = (0..1000).map(|_| new_token()).collect();
        assert_eq!(tokens.len(), 1000);
        for token in &tokens {
            assert_eq!(token.len(), 64);
            assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
        }
    }

    #[test]
    fn same_compares_exactly() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
    }

    #[test]
    fn masks_keep_scheme_and_last_four_only() {
        assert_eq!(mask_auth("Bearer abcdefgh12341234"), "Bearer ••••1234");
        assert_eq!(mask_auth("Bearer short"), "Bearer ••••");
        assert_eq!(mask_auth("rawtokenvalue5678"), "••••5678");
        assert_eq!(mask_auth(""), "(none)");
        assert!(!mask_auth("Basic dXNlcjpwYXNzd29yZA==").contains("dXNlcjpw"));
    }
}
