//! docs/examples shows what each format looks like; it is rendered from the same fixture as
//! these tests, so a change to a format that forgets the samples fails here.

use crate::sample_files;

#[test]
fn docs_examples_are_current() {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples");
    let stale: Vec<&str> = sample_files::samples()
        .iter()
        .filter(|(name, text)| {
            std::fs::read_to_string(examples.join(name)).ok().as_deref() != Some(text.as_str())
        })
        .map(|(name, _)| *name)
        .collect();
    assert!(
        stale.is_empty(),
        "docs/examples is out of date ({stale:?}); regenerate it with\n  \
         cargo run -p scimcheck-report --example sample -- docs/examples"
    );
}
