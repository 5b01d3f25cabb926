//! Browser sessions: a random cookie per browser, the CSRF token its forms must echo, and whether
//! it has entered the dashboard password. Kept in memory: a restart signs everyone out, which is
//! the safe direction.

use crate::secret::{new_token, same};
use std::collections::HashMap;
use std::sync::Mutex;

/// Name of the session cookie.
pub const COOKIE: &str = "scimcheck_session";

/// Sessions kept before unauthenticated ones are dropped, so cookie-less clients cannot grow
/// memory without bound.
const MAX_SESSIONS: usize = 10_000;

/// What a request knows about its browser session (inserted by the session middleware).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The cookie value.
    pub id: String,
    /// The token state-changing forms must carry.
    pub csrf: String,
    /// Whether the password was entered (always true when none is set).
    pub authenticated: bool,
}

impl Session {
    /// True when `submitted` is this session's CSRF token.
    pub fn csrf_ok(&self, submitted: &str) -> bool {
        !submitted.is_empty() && same(submitted, &self.csrf)
    }
}

#[derive(Debug, Clone)]
struct Entry {
    csrf: String,
    authenticated: bool,
}

/// Every live session.
#[derive(Debug, Default)]
pub struct Sessions {
    entries: Mutex<HashMap<String, Entry>>,
}

impl Sessions {
    /// The session named by `cookie`, or a new one (second value true) when there is none.
    /// `open` marks new sessions authenticated (no password configured).
    pub fn resolve(&self, cookie: Option<&str>, open: bool) -> (Session, bool) {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(id) = cookie
            && let Some(entry) = entries.get(id)
        {
            return (
                Session {
                    id: id.to_owned(),
                    csrf: entry.csrf.clone(),
                    authenticated: entry.authenticated,
                },
                false,
            );
        }
        if entries.len() >= MAX_SESSIONS {
            entries.retain(|_, entry| entry.authenticated);
        }
        let entry = Entry {
            csrf: new_token(),
            authenticated: open,
        };
        let id = new_token();
        entries.insert(id.clone(), entry.clone());
        (
            Session {
                id,
                csrf: entry.csrf,
                authenticated: entry.authenticated,
            },
            true,
        )
    }

    /// Signs a session in: it is replaced by a new, authenticated one (new id, new CSRF token),
    /// so an id known before sign-in is worthless after it. Returns the new session's id.
    pub fn sign_in(&self, id: &str) -> String {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        entries.remove(id);
        let new_id = new_token();
        entries.insert(
            new_id.clone(),
            Entry {
                csrf: new_token(),
                authenticated: true,
            },
        );
        new_id
    }
}

/// The `Set-Cookie` value carrying session `id`.
pub fn set_cookie(id: &str) -> String {
    format!("{COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict")
}

/// The session id in a `Cookie` header value.
pub fn cookie_value(header: &str) -> Option<&str> {
    header.split(';').find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == COOKIE).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_keeps_its_csrf_token_and_rejects_others() {
        let sessions = Sessions::default();
        let (first, created) = sessions.resolve(None, true);
        assert!(created);
        let (again, created) = sessions.resolve(Some(&first.id), true);
        assert!(!created);
        assert_eq!(again, first);
        assert!(first.csrf_ok(&first.csrf));
        assert!(!first.csrf_ok(""));
        let (other, _) = sessions.resolve(Some("forged"), true);
        assert_ne!(other.id, "forged", "unknown cookies get a fresh session");
        assert!(!first.csrf_ok(&other.csrf), "tokens are per session");
    }

    #[test]
    fn password_sessions_start_signed_out() {
        let sessions = Sessions::default();
        let (session, _) = sessions.resolve(None, false);
        assert!(!session.authenticated);
        let signed_in = sessions.sign_in(&session.id);
        assert_ne!(signed_in, session.id, "sign-in issues a new id");
        assert!(sessions.resolve(Some(&signed_in), false).0.authenticated);
        let (old, created) = sessions.resolve(Some(&session.id), false);
        assert!(created && !old.authenticated, "the pre-sign-in id is void");
    }

    #[test]
    fn reads_the_cookie_among_others() {
        assert_eq!(cookie_value("a=1; scimcheck_session=abc; b=2"), Some("abc"));
        assert_eq!(cookie_value("a=1"), None);
    }
}
