//! The docs/*.md files generated from the suite's own data, so the CLI that prints them and the
//! test that keeps them fresh share one list instead of each naming the files.

use crate::catalog;
use crate::requirements::{self, MatrixError};

/// One generated doc: where it lives, the command that prints it, and how to render it.
pub struct GeneratedDoc {
    /// Path from the workspace root, e.g. `docs/CHECKS.md`.
    pub path: &'static str,
    /// The `scimcheck` command line that prints it.
    pub command: &'static str,
    /// Renders the text the file must hold.
    pub render: fn() -> Result<String, MatrixError>,
}

/// The check catalog.
pub const CHECKS: GeneratedDoc = GeneratedDoc {
    path: "docs/CHECKS.md",
    command: "scimcheck checks --markdown",
    render: || Ok(catalog::markdown()),
};

/// The RFC 7643/7644 requirement matrix and the catalog's coverage of it.
pub const RFC_COVERAGE: GeneratedDoc = GeneratedDoc {
    path: "docs/RFC-COVERAGE.md",
    command: "scimcheck checks --coverage",
    render: || {
        Ok(requirements::markdown(
            &requirements::load()?,
            &catalog::all(),
        ))
    },
};

/// Every generated doc.
pub const ALL: [GeneratedDoc; 2] = [CHECKS, RFC_COVERAGE];
