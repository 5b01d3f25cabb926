//! The one error type of the dashboard crate: what went wrong, where, and how to fix it.

use std::path::PathBuf;

/// Why the dashboard could not start or could not serve a request.
#[derive(Debug, thiserror::Error)]
pub enum DashboardError {
    /// Listening beyond loopback without a password would expose every environment to the network.
    #[error(
        "refusing to listen on {addr}: it is not a loopback address and no password is set. Pass --password (or SCIMCHECK_DASHBOARD_PASSWORD), or listen on 127.0.0.1"
    )]
    PasswordRequired {
        /// The address asked for.
        addr: std::net::SocketAddr,
    },
    /// `--api-token` is too short to keep the JSON API's results private.
    #[error(
        "--api-token has {chars} characters; the JSON API needs at least 16 (e.g. the output of `openssl rand -hex 24`)"
    )]
    ApiTokenTooShort {
        /// How many it has.
        chars: usize,
    },
    /// `--smtp-url` or `--smtp-from` cannot be used; the text says which and how to write it.
    #[error("{0}")]
    Smtp(String),
    /// `--public-url` is not a URL share links could be built on.
    #[error(
        "--public-url {url} cannot be used for share links: {problem}. Give the address browsers use, e.g. https://scim-qa.example.com"
    )]
    PublicUrl {
        /// The value given.
        url: String,
        /// What is wrong with it.
        problem: String,
    },
    /// The data directory could not be created.
    #[error("cannot create the data directory {path}: {source}. Choose a writable --data DIR")]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The key that seals stored credentials cannot be read or written.
    #[error(
        "cannot use the dashboard's key file {path}: {problem}. It seals the stored credentials: restore the original, or remove it to have a new one made (stored credentials must then be entered again)"
    )]
    Key {
        /// The key file.
        path: PathBuf,
        /// What went wrong.
        problem: String,
    },
    /// A password could not be hashed (the hashing thread failed).
    #[error("cannot hash the password: {0}")]
    PasswordHash(String),
    /// SQLite refused an operation.
    #[error("dashboard storage error: {0}")]
    Storage(#[from] rusqlite::Error),
    /// A stored value could not be read back (a corrupted or hand-edited database).
    #[error("dashboard storage holds an unreadable value: {0}")]
    Corrupt(#[from] serde_json::Error),
    /// The listening socket could not be opened or the server stopped with an error.
    #[error(
        "cannot serve on {addr}: {source}. Is another process using the port? Pick another with --listen"
    )]
    Listen {
        /// The address asked for.
        addr: std::net::SocketAddr,
        /// The I/O error.
        source: std::io::Error,
    },
}
