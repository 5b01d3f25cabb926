//! Names the commit this binary is built from, for `scimcheck --version`: a bug report or a CI
//! log then says exactly which code ran. Asks git; a build outside a git checkout (a source
//! archive, no git installed) says the commit is unknown instead of failing.

use std::process::Command;

/// `git ARGS` in this crate's folder, trimmed; `None` when git is missing or says no.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_owned())
}

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    let long = match git(&["rev-parse", "--short=12", "HEAD"]) {
        Some(commit) => format!("{version} (commit {commit})"),
        None => format!("{version} (commit unknown: not built from a git checkout)"),
    };
    println!("cargo:rustc-env=SCIMCHECK_VERSION={long}");
    // Build again when HEAD moves: HEAD itself (a branch switch), the branch it names (a commit)
    // and packed-refs, and HEAD's reflog, which every commit and checkout appends to — the one
    // file that changes on the first commit of a branch whose ref was packed (its loose file did
    // not exist yet, so it could not be watched). Only files that exist: cargo reruns on every
    // build for a missing one.
    let branch = git(&["symbolic-ref", "-q", "HEAD"]);
    let watched = ["HEAD", "packed-refs", "logs/HEAD"]
        .into_iter()
        .map(str::to_owned)
        .chain(branch);
    for name in watched {
        if let Some(path) = git(&["rev-parse", "--git-path", &name]) {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
