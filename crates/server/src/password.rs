//! Passwords are write-only (RFC 7643 §4.1.1: `returned` never), so the server has no reason
//! to remember them: it keeps an Argon2id hash with a random salt in their place, in PHC string
//! form (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`). A reference server never verifies a password,
//! but a leaked database file or a `password-returned` run must not disclose one.
//!
//! Hashing costs CPU time and memory on purpose (tens of milliseconds), so a create or a PUT
//! hashes before it takes the storage lock (`sealed`), and only a PATCH that sets a new password
//! hashes inside its transaction (`seal`).
//!
//! Memory: Argon2id runs at 7 MiB and 5 passes (OWASP's equivalent of the crate's default of
//! 19 MiB and 2 passes), in one working area that every hash reuses, one hash at a time. A fresh
//! area per hash on the blocking pool's threads stayed in each thread's allocator arena after
//! it was freed: four of them were most of a bare `scimcheck run`'s 85 MB peak
//! (docs/BENCHMARKS.md).

use crate::error::ApiError;
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use serde_json::{Map, Value};
use std::sync::{Mutex, PoisonError};

/// Argon2id's memory cost in KiB (OWASP: 7 MiB with 5 passes, or 19 MiB with 2).
const MEMORY_KIB: u32 = 7 * 1024;

/// Argon2id's passes over that memory.
const PASSES: u32 = 5;

/// The working memory every hash reuses; the lock makes it one hash at a time.
static WORKING_MEMORY: Mutex<Vec<Block>> = Mutex::new(Vec::new());

/// The attribute this module guards.
const PASSWORD: &str = "password";

/// Replaces a new `password` value in `attrs` with its hash. `kept` is the stored hash of the
/// version being replaced: a value equal to it is that hash carried over (a PUT without a
/// password keeps it, a PATCH copies it), not a new password, and is left alone.
pub fn seal(attrs: &mut Map<String, Value>, kept: Option<&Value>) -> Result<(), ApiError> {
    let Some(value) = attrs.get_mut(PASSWORD) else {
        return Ok(());
    };
    if Some(&*value) == kept {
        return Ok(());
    }
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

/// The Argon2id PHC string of `plain` under a fresh random salt (a v4 UUID's 122 random bits
/// from the operating system's generator).
fn hash(plain: &str) -> Result<String, ApiError> {
    let failed = |e: &dyn std::fmt::Display| ApiError::internal(format!("password hash: {e}"));
    let params = Params::new(MEMORY_KIB, PASSES, 1, None).map_err(|e| failed(&e))?;
    let salt_bytes = *uuid::Uuid::new_v4().as_bytes();
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| failed(&e))?;
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    {
        let mut memory = WORKING_MEMORY
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        memory.resize(params.block_count(), Block::default());
        argon2
            .hash_password_into_with_memory(
                plain.as_bytes(),
                &salt_bytes,
                &mut out,
                &mut memory[..],
            )
            .map_err(|e| failed(&e))?;
    }
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| failed(&e))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| failed(&e))?),
    };
    Ok(phc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    use serde_json::json;

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

    #[test]
    fn hashes_at_once_on_many_threads_share_the_working_memory_and_all_verify() {
        let threads: Vec<_> = (0..4)
            .map(|i| std::thread::spawn(move || (i, hash(&format!("pw-{i}")).unwrap())))
            .collect();
        for thread in threads {
            let (i, stored) = thread.join().unwrap();
            let parsed = PasswordHash::new(&stored).unwrap();
            let argon2 = Argon2::default();
            assert!(
                argon2
                    .verify_password(format!("pw-{i}").as_bytes(), &parsed)
                    .is_ok()
            );
        }
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
