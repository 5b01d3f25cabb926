//! The generated docs (docs/CHECKS.md, docs/RFC-COVERAGE.md) must be what `scimcheck checks
//! --markdown` / `--coverage` print today; this test keeps each file from drifting from its source.

use scimcheck_suites::generated_docs;

#[test]
fn generated_docs_match_their_sources() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../");
    let mut stale = Vec::new();
    for doc in generated_docs::ALL {
        let rendered = (doc.render)().unwrap_or_else(|e| panic!("{}: {e}", doc.path));
        let on_disk = std::fs::read_to_string(format!("{root}{}", doc.path)).unwrap_or_default();
        if on_disk != rendered {
            stale.push(format!(
                "{} is missing or out of date; regenerate it with\n  cargo run -q -p scimcheck -- {} > {}",
                doc.path,
                doc.command.trim_start_matches("scimcheck "),
                doc.path
            ));
        }
    }
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}
