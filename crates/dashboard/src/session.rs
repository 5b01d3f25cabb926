//! Browser sessions: a random cookie per browser, the CSRF token its forms must echo, and the
//! account it signed in as. Kept in memory: a restart signs everyone out, which is the safe
//! direction.

use crate::secret::{new_token, same};
use hashlink::LruCache;
use std::sync::Mutex;

/// Name of the session cookie.
pub const COOKIE: &str = "scimcheck_session";

/// Signed-out sessions kept (every cookie-less request makes one); past it the least recently
/// used is dropped, in constant time, so a flood costs neither memory nor time.
const MAX_SIGNED_OUT: usize = 10_000;

/// Signed-in sessions kept, apart from the signed-out ones so that a flood of cookie-less
/// requests cannot sign anyone out when a password is set.
const MAX_SIGNED_IN: usize = 1_000;

/// What a request knows about its browser session (inserted by the session middleware).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The cookie value.
    pub id: String,
    /// The token state-changing forms must carry.
    pub csrf: String,
    /// The account it signed in as (none before sign-in, and always without accounts).
    pub account: Option<i64>,
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
    account: Option<i64>,
}

impl Entry {
    /// The session this entry keeps under `id`.
    fn session(self, id: String) -> Session {
        Session {
            id,
            csrf: self.csrf,
            account: self.account,
        }
    }
}

/// The two bounded, least-recently-used session tables.
struct Tables {
    signed_in: LruCache<String, Entry>,
    signed_out: LruCache<String, Entry>,
}

impl Tables {
    fn table(&mut self, signed_in: bool) -> &mut LruCache<String, Entry> {
        if signed_in {
            &mut self.signed_in
        } else {
            &mut self.signed_out
        }
    }
}

/// Every live session.
pub struct Sessions {
    tables: Mutex<Tables>,
}

impl Default for Sessions {
    fn default() -> Self {
        Sessions::with_capacity(MAX_SIGNED_IN, MAX_SIGNED_OUT)
    }
}

impl Sessions {
    /// Tables holding at most `signed_in` and `signed_out` sessions.
    fn with_capacity(signed_in: usize, signed_out: usize) -> Sessions {
        Sessions {
            tables: Mutex::new(Tables {
                signed_in: LruCache::new(signed_in),
                signed_out: LruCache::new(signed_out),
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Tables> {
        self.tables
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The session named by `cookie`, or a new one (second value true) when there is none.
    /// `open` (no accounts: nobody signs in) keeps new sessions with the signed-in ones.
    pub fn resolve(&self, cookie: Option<&str>, open: bool) -> (Session, bool) {
        let mut tables = self.lock();
        if let Some(id) = cookie {
            let found = match tables.signed_in.get(id) {
                Some(entry) => Some(entry.clone()),
                None => tables.signed_out.get(id).cloned(),
            };
            if let Some(entry) = found {
                return (entry.session(id.to_owned()), false);
            }
        }
        let entry = Entry {
            csrf: new_token(),
            account: None,
        };
        let id = new_token();
        tables.table(open).insert(id.clone(), entry.clone());
        (entry.session(id), true)
    }

    /// Signs a session in as `account`: it is replaced by a new one (new id, new CSRF token), so an id known before sign-in is worthless after it. Returns the new
    /// session's id.
    pub fn sign_in(&self, id: &str, account: i64) -> String {
        let mut tables = self.lock();
        tables.signed_out.remove(id);
        tables.signed_in.remove(id);
        let new_id = new_token();
        tables.signed_in.insert(
            new_id.clone(),
            Entry {
                csrf: new_token(),
                account: Some(account),
            },
        );
        new_id
    }

    /// Ends session `id` (signing out).
    pub fn end(&self, id: &str) {
        let mut tables = self.lock();
        tables.signed_in.remove(id);
        tables.signed_out.remove(id);
    }

    /// Ends every session of `account` but `keep` (its password changed, or it was deleted).
    pub fn end_account(&self, account: i64, keep: Option<&str>) {
        let mut tables = self.lock();
        let ended: Vec<String> = tables
            .signed_in
            .iter()
            .filter(|(id, entry)| entry.account == Some(account) && Some(id.as_str()) != keep)
            .map(|(id, _)| id.clone())
            .collect();
        for id in ended {
            tables.signed_in.remove(&id);
        }
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
        assert_eq!(session.account, None);
        let signed_in = sessions.sign_in(&session.id, 7);
        assert_ne!(signed_in, session.id, "sign-in issues a new id");
        let resolved = sessions.resolve(Some(&signed_in), false).0;
        assert_eq!(resolved.account, Some(7));
        let (old, created) = sessions.resolve(Some(&session.id), false);
        assert!(
            created && old.account.is_none(),
            "the pre-sign-in id is void"
        );
    }

    #[test]
    fn an_accounts_sessions_end_together_but_for_the_one_kept() {
        let sessions = Sessions::default();
        let sign_in = |account| {
            let (session, _) = sessions.resolve(None, false);
            sessions.sign_in(&session.id, account)
        };
        let (first, second, other) = (sign_in(1), sign_in(1), sign_in(2));
        sessions.end_account(1, Some(&second));
        let signed_in = |id: &str| sessions.resolve(Some(id), false).0.account.is_some();
        assert!(!signed_in(&first));
        assert!(signed_in(&second) && signed_in(&other));
        sessions.end(&other);
        assert!(!signed_in(&other));
    }

    #[test]
    fn a_flood_of_new_sessions_evicts_the_oldest_signed_out_ones_only() {
        let sessions = Sessions::with_capacity(2, 3);
        let (first, _) = sessions.resolve(None, false);
        let signed_in = sessions.sign_in(&first.id, 1);
        let (kept, _) = sessions.resolve(None, false);
        for _ in 0..2 {
            sessions.resolve(None, false);
            // Using a session makes it the most recently used one.
            assert!(!sessions.resolve(Some(&kept.id), false).1);
        }
        let (_, created) = sessions.resolve(None, false);
        assert!(created);
        assert!(!sessions.resolve(Some(&kept.id), false).1, "recently used");
        for _ in 0..100 {
            sessions.resolve(None, false);
        }
        let tables = sessions.lock();
        assert_eq!(tables.signed_out.len(), 3, "bounded");
        assert!(tables.signed_in.contains_key(&signed_in), "still signed in");
    }

    #[test]
    fn reads_the_cookie_among_others() {
        assert_eq!(cookie_value("a=1; scimcheck_session=abc; b=2"), Some("abc"));
        assert_eq!(cookie_value("a=1"), None);
    }
}
