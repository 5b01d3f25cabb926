//! Passwords are write-only (RFC 7643 §4.1.1: `returned` never), so the server has no reason
//! to remember them: it keeps an Argon2id hash with a random salt in their place, in PHC string
//! form (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`). A reference server never verifies a password,
//! but a leaked database file or a `password-returned` run must not disclose one.
//!
//! Hashing costs CPU time on purpose (Argon2's default cost, tens of milliseconds), so a create
//! or a PUT hashes before it takes the storage lock (`sealed`), and only a PATCH that sets a new
//! password hashes inside its transaction (`seal`).
//!
//! It costs memory on purpose too, so the cost is chosen and bounded. The parameters are the
//! OWASP Password Storage Cheat Sheet's Argon2id configuration with the least memory
//! (`m=7168` KiB, `t=5`, `p=1`), which it rates as strong as Argon2's default 19 MiB with
//! fewer passes. Each hash works in one of at most [`MAX_CONCURRENT_HASHES`] working areas that
//! are kept and reused: allocating 7–19 MiB per hash left that much behind in each of the
//! allocator's per-thread arenas, and a bare `scimcheck run` peaked at 86 MB RSS. Unbounded,
//! concurrent password POSTs each took a blocking thread (tokio allows 512) and their working
//! area at once, 2.1 GB in a test; every hash therefore holds one of the permits, which caps
//! hashing memory at 7 MiB per core (28 MiB at most) and queues the rest (the CPU could not run more at once anyway).

use crate::error::ApiError;
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use serde_json::{Map, Value};
use std::sync::{LazyLock, Mutex, OnceLock};
use tokio::sync::Semaphore;

/// The attribute this module guards.
const PASSWORD: &str = "password";

/// How many Argon2 hashes may run at once in this process: one per core, never more than
/// four. A hash is CPU-bound (`p=1`), so hashes beyond the cores finish no sooner and only hold
/// more working areas: with four on a 2-core machine a bare `scimcheck run` peaked at 50.5 MB
/// (docs/BENCHMARKS.md, "footprint").
static MAX_CONCURRENT_HASHES: LazyLock<usize> = LazyLock::new(|| {
    HASHING_LIMIT.get().copied().unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, |cores| cores.get().min(4))
    })
});

/// The limit [`limit_concurrent_hashes`] sets, when it is called before the first hash.
static HASHING_LIMIT: OnceLock<usize> = OnceLock::new();

/// Lets this process hash at most `hashes` passwords at once (at least one), instead of one per
/// core. For a process whose server only answers its own sequential client, as the reference
/// server embedded in `scimcheck run` does: a second working area and the allocator arena of a
/// second hashing thread took a bare run from about 44 MB to 52 MB resident, over issue 18's
/// 50 MB (docs/BENCHMARKS.md, "footprint"). Takes effect only when called before the first
/// hash, and only the first call counts.
pub fn limit_concurrent_hashes(hashes: usize) {
    // A second call, or one after hashing began, has nothing left to change.
    let _ = HASHING_LIMIT.set(hashes.max(1));
}

/// The permits every hash holds: the bound on the memory hashing takes.
static HASHING: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(*MAX_CONCURRENT_HASHES));

/// Argon2id's working memory in KiB, and its passes (OWASP's `m=7168, t=5, p=1`).
const MEMORY_KIB: u32 = 7 * 1024;
const PASSES: u32 = 5;

/// Working areas of finished hashes, waiting for the next one: never more than
/// [`MAX_CONCURRENT_HASHES`], since a hash takes one only while it holds a permit.
static WORKING_AREAS: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());

/// Replaces a new `password` value in `attrs` with its hash. `kept` is the stored hash of the
/// version being replaced: a value equal to it is that hash carried over (a PUT without a
/// password keeps it, a PATCH copies it), not a new password, and is left alone.
///
/// Runs on a blocking thread: it waits there for a hashing permit, so a permit is only ever held
/// by a thread that is hashing (a permit waiting for a thread could wait forever behind writes
/// that wait, under the storage lock, for a permit).
pub fn seal(attrs: &mut Map<String, Value>, kept: Option<&Value>) -> Result<(), ApiError> {
    let Some(value) = attrs.get_mut(PASSWORD) else {
        return Ok(());
    };
    if Some(&*value) == kept {
        return Ok(());
    }
    let _held = HASHING.blocking_acquire().map_err(ApiError::internal)?;
    #[cfg(test)]
    let _counted = tests::Hashing::start();
    // `scim::validate` has checked the type; anything else is still never stored as given.
    let plain = match &mut *value {
        Value::String(s) => std::mem::take(s),
        other => other.to_string(),
    };
    *value = Value::String(hash(&plain)?);
    Ok(())
}

/// `seal` for a body that replaces no stored version, run on the blocking pool so the hash
/// neither stalls an async worker nor holds the storage lock.
pub async fn sealed(mut attrs: Map<String, Value>) -> Result<Map<String, Value>, ApiError> {
    if !attrs.contains_key(PASSWORD) {
        return Ok(attrs);
    }
    tokio::task::spawn_blocking(move || seal(&mut attrs, None).map(|()| attrs))
        .await
        .map_err(ApiError::internal)?
}

/// The Argon2id PHC string of `plain`, made as a stored `password` is, for the other secrets
/// this process keeps (the dashboard's account passwords): on the blocking pool, under the
/// same hashing permits, so one bound covers the memory of every hash in the process.
pub async fn hash_secret(plain: String) -> Result<String, String> {
    tokio::task::spawn_blocking(move || {
        let _held = HASHING.blocking_acquire().map_err(|e| e.to_string())?;
        hash(&plain).map_err(|e| e.detail)
    })
    .await
    .map_err(|e| e.to_string())?
}

/// True when `plain` is the secret `phc` (a [`hash_secret`] string) was made from, checked
/// with the parameters the string records and under the hashing permits. Anything that is not
/// such a string verifies nothing.
pub async fn verify_secret(plain: String, phc: String) -> bool {
    use argon2::password_hash::PasswordVerifier;
    tokio::task::spawn_blocking(move || {
        let Ok(_held) = HASHING.blocking_acquire() else {
            return false;
        };
        PasswordHash::new(&phc).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(plain.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

/// The Argon2id PHC string of `plain` under a fresh random salt (a v4 UUID's 122 random bits
/// from the operating system's generator), computed in a reused working area.
fn hash(plain: &str) -> Result<String, ApiError> {
    let failed = |e: &dyn std::fmt::Display| ApiError::internal(format!("password hash: {e}"));
    let params = Params::new(MEMORY_KIB, PASSES, 1, None).map_err(|e| failed(&e))?;
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let salt_bytes = *uuid::Uuid::new_v4().as_bytes();
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| failed(&e))?;
    let mut area = take_working_area(params.block_count());
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    let hashed = argon2.hash_password_into_with_memory(
        plain.as_bytes(),
        &salt_bytes,
        &mut out,
        &mut area[..],
    );
    give_back(area);
    hashed.map_err(|e| failed(&e))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| failed(&e))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| failed(&e))?),
    };
    Ok(phc.to_string())
}

/// A kept working area of `blocks` blocks, or a new one when every kept one is in use.
fn take_working_area(blocks: usize) -> Vec<Block> {
    let kept = WORKING_AREAS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .pop();
    kept.filter(|area| area.len() == blocks)
        .unwrap_or_else(|| vec![Block::default(); blocks])
}

/// Frees the kept working areas, for a process whose hashing is over: `run` calls it once its
/// embedded server has stopped, so that the reports it renders next do not sit on top of
/// 7 MiB no one will use (a bare run's peak is gated in CI). A later hash makes a new one.
pub fn release_working_areas() {
    WORKING_AREAS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clear();
}

/// Keeps `area` for the next hash.
fn give_back(area: Vec<Block>) {
    WORKING_AREAS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(area);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DEFAULT_TOKEN, ServerConfig};
    use argon2::password_hash::PasswordVerifier;
    use serde_json::json;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Hashes running in this test process, and the most that ever ran at once.
    static RUNNING: AtomicUsize = AtomicUsize::new(0);
    static PEAK: AtomicUsize = AtomicUsize::new(0);

    /// Counts one hash in [`RUNNING`] and [`PEAK`] while it lives.
    pub(super) struct Hashing;

    impl Hashing {
        pub(super) fn start() -> Hashing {
            let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
            PEAK.fetch_max(now, Ordering::SeqCst);
            Hashing
        }
    }

    impl Drop for Hashing {
        fn drop(&mut self) {
            RUNNING.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// Each hash takes a 7 MiB working area; 32 password POSTs at once once took 32 blocking threads
    /// and their 600 MiB together. The bound holds however many arrive: every one is created,
    /// and no more than [`MAX_CONCURRENT_HASHES`] hashes ever ran at once.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_password_posts_never_run_more_hashes_at_once_than_the_bound() {
        let server = crate::spawn(ServerConfig::default().with_seed(0, 0))
            .await
            .unwrap();
        let client = reqwest::Client::new();
        let posts: Vec<_> = (0..32)
            .map(|n| {
                let post = client
                    .post(format!("{}/Users", server.base_url_v2()))
                    .bearer_auth(DEFAULT_TOKEN)
                    .header("content-type", "application/scim+json")
                    .body(
                        json!({
                            "schemas": [scim::schema::urn::USER],
                            "userName": format!("hash-{n}@example.com"),
                            "password": format!("Concurrent-{n}-pw"),
                        })
                        .to_string(),
                    )
                    .send();
                tokio::spawn(post)
            })
            .collect();
        for post in posts {
            assert_eq!(post.await.unwrap().unwrap().status(), 201);
        }
        let peak = PEAK.load(Ordering::SeqCst);
        assert!(
            (1..=*MAX_CONCURRENT_HASHES).contains(&peak),
            "{peak} hashes ran at once; the bound is {}",
            *MAX_CONCURRENT_HASHES
        );
        let kept = WORKING_AREAS.lock().unwrap().len();
        assert!(
            (1..=*MAX_CONCURRENT_HASHES).contains(&kept),
            "{kept} working areas kept; the bound is {}",
            *MAX_CONCURRENT_HASHES
        );
    }

    fn attrs(password: Value) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert(PASSWORD.into(), password);
        m
    }

    #[test]
    fn a_new_password_becomes_a_salted_argon2id_hash_of_it() {
        let mut a = attrs(json!("s3cret!"));
        seal(&mut a, None).unwrap();
        let stored = a[PASSWORD].as_str().unwrap().to_owned();
        assert!(
            stored.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"),
            "{stored}"
        );
        assert!(!stored.contains("s3cret!"));
        let parsed = PasswordHash::new(&stored).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"s3cret!", &parsed)
                .is_ok()
        );
        assert!(
            Argon2::default()
                .verify_password(b"other", &parsed)
                .is_err()
        );

        let mut b = attrs(json!("s3cret!"));
        seal(&mut b, None).unwrap();
        assert_ne!(b[PASSWORD], a[PASSWORD], "each hash has its own salt");
    }

    #[tokio::test]
    async fn a_hashed_secret_verifies_only_its_own_plain_text() {
        let stored = hash_secret("team password".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(!stored.contains("team password"));
        assert!(verify_secret("team password".into(), stored.clone()).await);
        assert!(!verify_secret("team passworD".into(), stored.clone()).await);
        assert!(!verify_secret("team password".into(), "team password".into()).await);
        assert_ne!(hash_secret("team password".into()).await.unwrap(), stored);
    }

    #[test]
    fn a_carried_over_hash_is_kept_and_a_changed_password_is_hashed() {
        let mut first = attrs(json!("one"));
        seal(&mut first, None).unwrap();
        let kept = first[PASSWORD].clone();

        let mut same = attrs(kept.clone());
        seal(&mut same, Some(&kept)).unwrap();
        assert_eq!(same[PASSWORD], kept);

        let mut changed = attrs(json!("two"));
        seal(&mut changed, Some(&kept)).unwrap();
        assert_ne!(changed[PASSWORD], kept);
        assert!(
            changed[PASSWORD]
                .as_str()
                .unwrap()
                .starts_with("$argon2id$")
        );
    }

    #[tokio::test]
    async fn sealed_leaves_a_body_without_password_untouched() {
        let mut m = Map::new();
        m.insert("userName".into(), json!("bjensen"));
        assert_eq!(sealed(m.clone()).await.unwrap(), m);
        let hashed = sealed(attrs(json!("pw"))).await.unwrap();
        assert_ne!(hashed[PASSWORD], json!("pw"));
    }
}
