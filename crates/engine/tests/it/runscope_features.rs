//! docs/RUNSCOPE.md's feature table must be what `runscope::features::markdown()` renders from
//! the engine's own list; this test keeps it from drifting. To regenerate the table, run it with
//! `SCIMCHECK_REGENERATE_DOCS=1`.

use scimcheck_engine::runscope::features::{self, END_MARKER, START_MARKER};

#[test]
fn the_feature_table_in_runscope_md_is_fresh() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/RUNSCOPE.md");
    let doc = std::fs::read_to_string(path).expect("docs/RUNSCOPE.md");
    let (Some(start), Some(end)) = (doc.find(START_MARKER), doc.find(END_MARKER)) else {
        panic!("docs/RUNSCOPE.md lacks the lines {START_MARKER} and {END_MARKER}");
    };
    let table_start = start + START_MARKER.len() + 1;
    let fresh = features::markdown();
    if doc.get(table_start..end) == Some(fresh.as_str()) {
        return;
    }
    if std::env::var_os("SCIMCHECK_REGENERATE_DOCS").is_some() {
        let updated = format!("{}{fresh}{}", &doc[..table_start], &doc[end..]);
        std::fs::write(path, updated).expect("write docs/RUNSCOPE.md");
        return;
    }
    panic!(
        "docs/RUNSCOPE.md's feature table is out of date; regenerate it with\n  \
         SCIMCHECK_REGENERATE_DOCS=1 cargo test -p scimcheck-engine --test it runscope_features"
    );
}

#[test]
fn every_feature_cites_a_runscope_page() {
    for feature in features::FEATURES {
        assert!(
            feature.source.starts_with("https://www.runscope.com/docs/")
                || feature.source.starts_with("https://help.blazemeter.com/")
                || feature.source.starts_with("https://github.com/Runscope/"),
            "{}: {}",
            feature.name,
            feature.source
        );
    }
}
