//! Who is using the dashboard. Without accounts (no `--password`, none created) everyone who
//! can reach it — loopback only — acts as [`Actor::Local`]; with them, every browser signs in
//! as a named account, and admins manage the accounts. `--password` is the password of the
//! built-in admin account [`ADMIN`], set again at each start, so the one-password setup of
//! earlier versions keeps working and a forgotten admin password is reset by restarting.
//!
//! Passwords are stored as Argon2id hashes ([`scim_server::hash_secret`], the same hashing and
//! memory bound as the reference server's `password` attribute), never in clear.

use crate::error::DashboardError;
use crate::store::{Account, Store};

/// The built-in admin account whose password `--password` sets.
pub const ADMIN: &str = "admin";

/// Fewest characters of a password chosen in the dashboard (NIST SP 800-63B asks at least 8
/// of a chosen secret; a shared team tool asks a little more). `--password` is not held to it,
/// so existing setups keep starting.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Who makes a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// No accounts: whoever reaches the loopback dashboard.
    Local,
    /// A signed-in account.
    User(Account),
}

impl Actor {
    /// How the audit log names the actor without accounts.
    pub const LOCAL: &str = "local (no sign-in)";

    /// The name the audit log records.
    pub fn name(&self) -> &str {
        match self {
            Actor::Local => Actor::LOCAL,
            Actor::User(account) => &account.name,
        }
    }
}

/// Checks a new account's name: 1–64 letters, digits, `.`, `_`, `-` or `@` (an e-mail address
/// works), so it reads unambiguously in the audit log.
pub fn check_name(name: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@');
    if name.is_empty() || name.chars().count() > 64 || !name.chars().all(allowed) {
        return Err(format!(
            "The user name {name:?} cannot be used: give 1 to 64 letters, digits, '.', '_', '-' or '@' (e.g. an e-mail address)."
        ));
    }
    Ok(())
}

/// Checks a password chosen in the dashboard.
pub fn check_password(password: &str) -> Result<(), String> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(format!(
            "The password has {chars} characters; choose one of at least {MIN_PASSWORD_CHARS}."
        ));
    }
    Ok(())
}

/// The Argon2id hash of `password`.
pub async fn hash(password: &str) -> Result<String, DashboardError> {
    scim_server::hash_secret(password.to_owned())
        .await
        .map_err(DashboardError::PasswordHash)
}

/// The account `name` signs in as with `password`, if any. An unknown name costs the same
/// hash as a wrong password, so timing does not tell which names exist.
pub async fn verify(
    store: &Store,
    name: &str,
    password: &str,
) -> Result<Option<Account>, DashboardError> {
    let found = store.account_named(name)?;
    let stored = match &found {
        Some((_, hash)) => hash.clone(),
        None => unknown_name_hash().await?,
    };
    let matches = scim_server::verify_secret(password.to_owned(), stored).await;
    Ok(found.filter(|_| matches).map(|(account, _)| account))
}

/// The hash a missing account's password is checked against: of a random token nobody
/// keeps, made once per process with the same parameters as every account's.
async fn unknown_name_hash() -> Result<String, DashboardError> {
    static HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    HASH.get_or_try_init(|| async { hash(&crate::secret::new_token()).await })
        .await
        .cloned()
}

/// Makes the built-in [`ADMIN`] account match `--password`: created when missing, its
/// password set when another, and an admin again if it was demoted.
pub async fn ensure_admin(store: &Store, password: &str) -> Result<(), DashboardError> {
    match store.account_named(ADMIN)? {
        None => {
            store.add_account(ADMIN, &hash(password).await?, true)?;
        }
        Some((account, stored)) => {
            if !scim_server::verify_secret(password.to_owned(), stored).await {
                store.set_password_hash(account.id, &hash(password).await?)?;
            }
            if !account.admin {
                store.set_admin(account.id, true)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_unambiguously() {
        for good in ["bea", "ops.team", "a_b-c", "x@example.com", "Zoë"] {
            assert!(check_name(good).is_ok(), "{good}");
        }
        for bad in ["", "two words", "<b>", "a/b", &"x".repeat(65)] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn short_passwords_are_refused_with_the_minimum() {
        let err = check_password("short").unwrap_err();
        assert!(err.contains("5 characters") && err.contains("12"), "{err}");
        assert!(check_password("twelve chars").is_ok());
    }

    #[tokio::test]
    async fn the_flag_sets_the_admin_password_at_each_start() {
        let store = Store::in_memory().unwrap();
        ensure_admin(&store, "first password").await.unwrap();
        let admin = verify(&store, "ADMIN", "first password")
            .await
            .unwrap()
            .unwrap();
        assert!(admin.admin);
        store
            .add_account("bea", &hash("bea's password").await.unwrap(), true)
            .unwrap();
        store.set_admin(admin.id, false).unwrap();
        ensure_admin(&store, "second password").await.unwrap();
        assert_eq!(
            verify(&store, "admin", "first password").await.unwrap(),
            None
        );
        let again = verify(&store, "admin", "second password")
            .await
            .unwrap()
            .unwrap();
        assert!(again.admin, "promoted again");
        assert_eq!(
            verify(&store, "nobody", "second password").await.unwrap(),
            None
        );
        assert!(
            verify(&store, "bea", "bea's password")
                .await
                .unwrap()
                .is_some()
        );
    }
}
