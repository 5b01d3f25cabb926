//! Stored credentials encrypted at rest, and the private files that hold them.
//!
//! Each credential is sealed with XChaCha20-Poly1305 under a 256-bit key kept in its own file
//! beside the database (`dashboard.key`, mode 0600), with a random nonce per value and the
//! origin of the environment's base URL as associated data: a copied database alone reveals
//! nothing, and a credential moved to another origin by editing the database no longer opens.
//! The data folder is created 0700 and the database, its WAL and the key 0600, so other users
//! of the machine read none of them.

use crate::error::DashboardError;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use std::io::Write;
use std::path::Path;

/// Bytes of the nonce stored in front of each sealed value.
const NONCE_BYTES: usize = 24;

/// The key that seals and opens stored credentials.
#[derive(Clone)]
pub struct Vault {
    cipher: XChaCha20Poly1305,
}

impl Vault {
    /// Reads the key at `path`, or creates one there (mode 0600) when the file is missing.
    pub fn open(path: &Path) -> Result<Vault, DashboardError> {
        let refuse = |problem: String| DashboardError::Key {
            path: path.to_path_buf(),
            problem,
        };
        match std::fs::read(path) {
            Ok(bytes) => {
                restrict(path).map_err(|e| refuse(e.to_string()))?;
                let key: [u8; 32] = bytes.try_into().map_err(|bytes: Vec<u8>| {
                    refuse(format!("it holds {} bytes instead of 32", bytes.len()))
                })?;
                Ok(Vault::with_key(Key::from(key)))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = XChaCha20Poly1305::generate_key(&mut OsRng);
                let mut file = private_file(path, true).map_err(|e| refuse(e.to_string()))?;
                file.write_all(&key)
                    .and_then(|()| file.sync_all())
                    .map_err(|e| refuse(e.to_string()))?;
                Ok(Vault::with_key(key))
            }
            Err(e) => Err(refuse(e.to_string())),
        }
    }

    /// A vault with a fresh key kept only in memory (in-memory databases).
    pub fn ephemeral() -> Vault {
        Vault::with_key(XChaCha20Poly1305::generate_key(&mut OsRng))
    }

    fn with_key(key: Key) -> Vault {
        Vault {
            cipher: XChaCha20Poly1305::new(&key),
        }
    }

    /// `secret` sealed for `scope`: the nonce followed by the ciphertext and its tag.
    pub fn seal(&self, secret: &str, scope: &str) -> Vec<u8> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let payload = Payload {
            msg: secret.as_bytes(),
            aad: scope.as_bytes(),
        };
        // Encryption fails only for messages beyond 256 GiB; a credential is a form field.
        let sealed = self.cipher.encrypt(&nonce, payload).unwrap_or_default();
        let mut out = Vec::with_capacity(NONCE_BYTES + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// The secret in `sealed`, when it was sealed with this key for `scope`.
    pub fn unseal(&self, sealed: &[u8], scope: &str) -> Option<String> {
        if sealed.len() < NONCE_BYTES {
            return None;
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_BYTES);
        let payload = Payload {
            msg: ciphertext,
            aad: scope.as_bytes(),
        };
        let plain = self
            .cipher
            .decrypt(XNonce::from_slice(nonce), payload)
            .ok()?;
        String::from_utf8(plain).ok()
    }
}

/// Creates `dir` (and its parents) readable by its owner only, when it is missing. An existing
/// folder keeps its mode: it may be one the user shares on purpose; the files in it are private.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Opens `path` for writing as a file only its owner can read: created with mode 0600 (`new`
/// insists that it did not exist), or narrowed to 0600 when it already did.
pub fn private_file(path: &Path, new: bool) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.append(true);
    if new {
        options.create_new(true);
    } else {
        options.create(true);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    restrict(path)?;
    Ok(file)
}

/// Narrows an existing file to mode 0600 (files written by older versions were 0644).
pub fn restrict(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_scope() {
        let vault = Vault::ephemeral();
        let sealed = vault.seal("Bearer s3cret-token", "https://a.example");
        assert!(
            !sealed.windows(6).any(|w| w == b"s3cret"),
            "no plaintext in the sealed bytes"
        );
        assert_eq!(
            vault.unseal(&sealed, "https://a.example").as_deref(),
            Some("Bearer s3cret-token")
        );
        assert_eq!(vault.unseal(&sealed, "https://b.example"), None);
        assert_eq!(
            Vault::ephemeral().unseal(&sealed, "https://a.example"),
            None
        );
        assert_eq!(vault.unseal(&sealed[..10], "https://a.example"), None);
        assert_ne!(
            vault.seal("x", "s"),
            vault.seal("x", "s"),
            "a fresh nonce each time"
        );
    }

    #[test]
    fn the_key_file_is_created_private_and_read_back() {
        let dir = std::env::temp_dir().join(format!(
            "scimcheck-vault-{}",
            &crate::secret::new_token()[..12]
        ));
        private_dir(&dir).unwrap();
        let path = dir.join("dashboard.key");
        let sealed = Vault::open(&path).unwrap().seal("secret", "scope");
        assert_eq!(
            Vault::open(&path)
                .unwrap()
                .unseal(&sealed, "scope")
                .as_deref(),
            Some("secret"),
            "the same key is read back"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(&dir), 0o700);
        }
        std::fs::write(&path, b"short").unwrap();
        let err = Vault::open(&path).err().expect("a bad key is refused");
        assert!(err.to_string().contains("instead of 32"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
