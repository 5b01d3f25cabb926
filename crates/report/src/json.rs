//! The results document (`--json FILE`): a [`RunResult`] serialized as is, pretty-printed, so
//! machines read exactly what the other reports show. docs/RESULTS.md documents the fields;
//! `schema_version` says which layout a file follows.

use scimcheck_engine::model::RunResult;

/// Why serialization cannot fail: the model holds only strings, integers, booleans, sequences
/// and structs with string field names, whatever text a server sent.
pub(crate) const PLAIN_DATA: &str = "the result model is plain data that always serializes to JSON";

/// `run` as pretty-printed JSON with a trailing newline.
pub fn render(run: &RunResult) -> String {
    let mut text = serde_json::to_string_pretty(run).expect(PLAIN_DATA);
    text.push('\n');
    text
}
