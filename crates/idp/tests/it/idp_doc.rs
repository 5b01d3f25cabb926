//! docs/IDP.md's generated parts (the scenario tables and the Okta test-plan table) must be what
//! the code says today. With `SCIMCHECK_WRITE_DOCS=1` the test rewrites them instead of failing.

use scimcheck_idp::doc::{SECTIONS, replace_section};

#[test]
fn idp_doc_tables_match_the_scenarios() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/IDP.md");
    let on_disk = std::fs::read_to_string(path).expect("docs/IDP.md is readable");
    let mut rendered = on_disk.clone();
    for section in SECTIONS {
        rendered = replace_section(&rendered, section.name, &(section.render)())
            .unwrap_or_else(|| panic!("docs/IDP.md lacks the markers of `{}`", section.name));
    }
    if std::env::var_os("SCIMCHECK_WRITE_DOCS").is_some() {
        std::fs::write(path, &rendered).expect("docs/IDP.md is writable");
        return;
    }
    assert!(
        on_disk == rendered,
        "docs/IDP.md's generated tables are out of date; regenerate them with\n  \
         SCIMCHECK_WRITE_DOCS=1 cargo test -p scimcheck-idp --test it idp_doc"
    );
}
