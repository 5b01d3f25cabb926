//! Foreign data: resources the run did not create are other people's (on a production server,
//! real employees), so their values stay out of everything the run records. In a recorded list
//! or search response, every value of a foreign resource in `Resources` is replaced by
//! [`MASK`] — its `id`, `schemas` and `meta` (the server's bookkeeping), its attribute names and
//! its structure stay, so a report still shows what the server answered and which resources
//! those were; the run's own resources stay whole. `--show-foreign-data` records them as
//! received (the run still counts them). The checks themselves judge the response as received:
//! only the recorded copy is masked.

use scimcheck_engine::model::ForeignData;
use serde_json::Value;
use std::collections::HashSet;
use std::sync::{Mutex, PoisonError};

/// What a masked value reads in the record.
pub const MASK: &str = "(masked)";

/// Top-level members of a foreign resource kept as they are: what identifies it and the server's
/// metadata, none of it about the person.
const KEPT: [&str; 3] = ["id", "schemas", "meta"];

/// The foreign resources of a response body, and the body to record.
#[derive(Debug, Clone, PartialEq)]
pub struct Foreign {
    /// The body to record: masked, or `None` when it may be recorded as it is (nothing
    /// foreign, or masking not wanted).
    pub body: Option<String>,
    /// The ids of the foreign resources it listed (one `None` per resource without an id).
    pub ids: Vec<Option<String>>,
}

/// The foreign resources of a response body, given `is_own` (whether the run created the
/// resource with that id), and the body to record: masked when `mask` is set. `json` is the body
/// as parsed (`None` when it is not JSON) and `len` its length in bytes: the body is parsed once,
/// by the reply, and copied only when something in it is masked. A body that is one resource
/// counts only when it answers a `read` (a GET): a write answers with what the run is writing,
/// which it registers as its own only once the answer is in.
///
/// A body that is not JSON but was cut short (`truncated`) may be a list too long to read, whose
/// foreign resources cannot be told apart: masking replaces it whole by a placeholder.
pub fn find(
    json: Option<&Value>,
    len: usize,
    truncated: bool,
    mask: bool,
    read: bool,
    is_own: impl Fn(&str) -> bool,
) -> Foreign {
    let Some(json) = json else {
        let body = (truncated && mask).then(|| {
            format!(
                "(scimcheck: a response body of {len} bytes, cut short and not readable as JSON, left out: it may list resources this run did not create)"
            )
        });
        return Foreign {
            body,
            ids: Vec::new(),
        };
    };
    if let Some(id) = single_resource(json).filter(|id| read && !is_own(id)) {
        let body = mask.then(|| {
            let mut masked = json.clone();
            mask_resource(&mut masked);
            masked.to_string()
        });
        return Foreign {
            body,
            ids: vec![Some(id.to_owned())],
        };
    }
    let Some(resources) = json.get("Resources").and_then(Value::as_array) else {
        return Foreign {
            body: None,
            ids: Vec::new(),
        };
    };
    let foreign = |resource: &Value| {
        let id = resource.get("id").and_then(Value::as_str);
        (!id.is_some_and(&is_own)).then(|| id.map(str::to_owned))
    };
    let ids: Vec<Option<String>> = resources.iter().filter_map(foreign).collect();
    let body = (mask && !ids.is_empty()).then(|| {
        let mut masked = json.clone();
        if let Some(resources) = masked.get_mut("Resources").and_then(Value::as_array_mut) {
            resources
                .iter_mut()
                .filter(|resource| foreign(resource).is_some())
                .for_each(mask_resource);
        }
        masked.to_string()
    });
    Foreign { body, ids }
}

/// The id of `body` when it is one resource (a user, a group, …) rather than a list, an error,
/// a message or a discovery document: what `/Me` answers, or a read of an id the run did not
/// create (another type's resource with a colliding id).
fn single_resource(body: &Value) -> Option<&str> {
    let id = body.get("id")?.as_str()?;
    let urns = body.get("schemas")?.as_array()?;
    let not_a_resource = |urn: &str| {
        urn.starts_with("urn:ietf:params:scim:api:messages:")
            || ["Schema", "ResourceType", "ServiceProviderConfig"]
                .iter()
                .any(|kind| urn.ends_with(&format!(":core:2.0:{kind}")))
    };
    let urns: Vec<&str> = urns.iter().filter_map(Value::as_str).collect();
    (!urns.is_empty() && !urns.iter().any(|u| not_a_resource(u))).then_some(id)
}

/// Masks every value of a resource but its [`KEPT`] members.
fn mask_resource(resource: &mut Value) {
    match resource.as_object_mut() {
        Some(members) => {
            for (name, value) in members.iter_mut() {
                if !KEPT.contains(&name.as_str()) {
                    mask_values(value);
                }
            }
        }
        None => mask_values(resource),
    }
}

/// Replaces every string, number and boolean in `value` by [`MASK`], keeping names, arrays and
/// nulls.
fn mask_values(value: &mut Value) {
    match value {
        Value::Object(members) => members.values_mut().for_each(mask_values),
        Value::Array(items) => items.iter_mut().for_each(mask_values),
        Value::Null => {}
        scalar => *scalar = Value::String(MASK.to_owned()),
    }
}

/// The foreign resources a run's recorded responses held, and whether it masks them: shared by
/// the run's checks (in its `Context`), summed up in the result.
#[derive(Debug)]
pub struct Ledger {
    mask: bool,
    seen: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    ids: HashSet<String>,
    /// Foreign resources listed without an id, which cannot be told apart: each one counts.
    anonymous: u64,
}

impl Ledger {
    /// A ledger of a run that masks foreign values (`mask`), or shows them.
    pub fn new(mask: bool) -> Self {
        Ledger {
            mask,
            seen: Mutex::new(Seen::default()),
        }
    }

    /// Whether foreign values are masked in what the run records.
    pub fn masks(&self) -> bool {
        self.mask
    }

    /// Notes the foreign resources one response listed.
    pub fn record(&self, ids: Vec<Option<String>>) {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        for id in ids {
            match id {
                Some(id) => {
                    seen.ids.insert(id);
                }
                None => seen.anonymous += 1,
            }
        }
    }

    /// Whether a response listed the resource `id` as one the run did not create.
    pub fn listed(&self, id: &str) -> bool {
        let seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        seen.ids.contains(id)
    }

    /// What the run met, for its result.
    pub fn summary(&self) -> ForeignData {
        let seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        ForeignData {
            seen: seen.ids.len() as u64 + seen.anonymous,
            masked: self.mask,
        }
    }
}

/// The run note saying what [`Ledger::summary`] says, for the reports that show notes.
pub fn note(data: ForeignData) -> Option<String> {
    let ForeignData { seen, masked } = data;
    let resources = if seen == 1 { "resource" } else { "resources" };
    match (seen, masked) {
        (0, _) => None,
        (_, true) => Some(format!(
            "foreign data: {seen} {resources} this run did not create were listed; their values are masked in every output (showing foreign data records them)"
        )),
        (_, false) => Some(format!(
            "FOREIGN DATA NOT MASKED (showing foreign data): {seen} {resources} this run did not create are recorded with their values; do not share this report"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn own(id: &str) -> bool {
        id.starts_with("mine")
    }

    /// [`find`] on a body as text, parsed as a reply parses it.
    fn find(
        body: &str,
        truncated: bool,
        mask: bool,
        read: bool,
        is_own: fn(&str) -> bool,
    ) -> Foreign {
        let json = serde_json::from_str::<Value>(body).ok();
        super::find(json.as_ref(), body.len(), truncated, mask, read, is_own)
    }

    fn listing() -> String {
        json!({
            "totalResults": 3,
            "Resources": [
                {
                    "id": "x1",
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                    "userName": "ada@example.com",
                    "name": {"givenName": "Ada", "familyName": "Lovelace"},
                    "emails": [{"value": "ada@example.com", "type": "work", "primary": true}],
                    "nickName": null,
                    "meta": {"resourceType": "User", "location": "https://h/Users/x1"}
                },
                {"id": "mine1", "userName": "scimcheck-1"},
                {"userName": "no-id@example.com", "active": true},
            ]
        })
        .to_string()
    }

    #[test]
    fn foreign_values_are_masked_and_ids_names_structure_and_own_resources_kept() {
        let found = find(&listing(), false, true, true, own);
        assert_eq!(found.ids, [Some("x1".to_owned()), None]);
        let json: Value = serde_json::from_str(&found.body.expect("masked")).unwrap();
        assert_eq!(
            json,
            json!({
                "totalResults": 3,
                "Resources": [
                    {
                        "id": "x1",
                        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                        "userName": MASK,
                        "name": {"givenName": MASK, "familyName": MASK},
                        "emails": [{"value": MASK, "type": MASK, "primary": MASK}],
                        "nickName": null,
                        "meta": {"resourceType": "User", "location": "https://h/Users/x1"}
                    },
                    {"id": "mine1", "userName": "scimcheck-1"},
                    {"userName": MASK, "active": MASK},
                ]
            })
        );
    }

    #[test]
    fn a_ledger_counts_each_foreign_resource_once() {
        let ledger = Ledger::new(true);
        ledger.record(vec![Some("x1".into()), None]);
        ledger.record(vec![Some("x1".into()), Some("x2".into()), None]);
        assert_eq!(
            ledger.summary(),
            ForeignData {
                seen: 4,
                masked: true
            }
        );
        assert!(note(ledger.summary()).unwrap().contains("4 resources"));
        assert_eq!(
            note(Ledger::new(false).summary()),
            None,
            "nothing met, nothing said"
        );
    }

    #[test]
    fn shown_foreign_data_is_counted_and_recorded_as_it_is() {
        let found = find(&listing(), false, false, true, own);
        assert_eq!(found.ids.len(), 2);
        assert_eq!(found.body, None);
    }

    #[test]
    fn bodies_without_foreign_resources_are_recorded_as_they_are() {
        let own_only = json!({"Resources": [{"id": "mine1"}]}).to_string();
        assert_eq!(find(&own_only, false, true, true, own).body, None);
        let single = find(r#"{"id":"x1","userName":"a"}"#, false, true, true, own);
        assert_eq!((single.body, single.ids.len()), (None, 0));
        assert_eq!(find("<html>oops</html>", false, true, true, own).body, None);
    }

    #[test]
    fn one_foreign_resource_read_alone_is_masked_but_documents_are_not() {
        let user = |id: &str| {
            json!({"id": id, "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ada@example.com"})
                .to_string()
        };
        let found = find(&user("x1"), false, true, true, own);
        assert_eq!(
            find(&user("x1"), false, true, false, own).ids.len(),
            0,
            "a write's answer"
        );
        assert_eq!(found.ids, [Some("x1".to_owned())]);
        let body = found.body.expect("masked");
        assert!(!body.contains("ada@") && body.contains("\"x1\""), "{body}");
        assert_eq!(
            find(&user("mine1"), false, true, true, own).body,
            None,
            "its own"
        );
        for document in [
            json!({"id": "urn:ietf:params:scim:schemas:core:2.0:User", "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"]}),
            json!({"id": "User", "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"]}),
            json!({"id": "e", "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"]}),
        ] {
            let found = find(&document.to_string(), false, true, true, own);
            assert_eq!((found.body, found.ids.len()), (None, 0), "{document}");
        }
    }

    #[test]
    fn a_cut_short_body_that_is_not_json_is_left_out_whole() {
        let cut = r#"{"Resources":[{"id":"x1","userName":"ada@exa"#;
        let body = find(cut, true, true, true, own).body.expect("left out");
        assert!(!body.contains("ada@"), "{body}");
        assert!(body.contains("cut short"), "{body}");
        assert_eq!(
            find(cut, true, false, true, own).body,
            None,
            "shown when asked"
        );
    }
}
