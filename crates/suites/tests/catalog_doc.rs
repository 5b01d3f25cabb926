//! docs/CHECKS.md is the catalog as `scimcheck checks --markdown` prints it; this test keeps the
//! two from drifting apart.

#[test]
fn docs_checks_md_matches_the_catalog() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/CHECKS.md");
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == scimcheck_suites::catalog::markdown(),
        "docs/CHECKS.md is missing or out of date; regenerate it with\n  cargo run -q -p scimcheck -- checks --markdown > docs/CHECKS.md"
    );
}
