//! Foreign data: resources the run did not create are other people's (on a production server,
//! real employees), so their values stay out of everything the run records. A list or search
//! response is recorded with each run of consecutive foreign resources in its `Resources`
//! replaced by one placeholder string saying how many were elided; the run's own resources
//! stay, in their places, so a report still shows what the checks judged. The checks themselves
//! judge the response as received: only the recorded copy is elided.

use serde_json::Value;

/// The recorded form of a response body whose `Resources` held foreign resources.
#[derive(Debug, Clone, PartialEq)]
pub struct Elided {
    /// The body to record, with the foreign resources replaced by placeholders.
    pub body: String,
    /// How many foreign resources were elided.
    pub count: usize,
}

/// What the recorded copy of a response body must become, given `is_own` (whether the run
/// created the resource with that id): `None` when it holds no foreign resource and may be
/// recorded as it is.
///
/// A body that is not JSON but was cut short (`truncated`) may be a list too long to read, whose
/// foreign resources cannot be told apart: it is replaced whole by a placeholder.
pub fn elide(body: &str, truncated: bool, is_own: impl Fn(&str) -> bool) -> Option<Elided> {
    let Ok(mut json) = serde_json::from_str::<Value>(body) else {
        return truncated.then(|| Elided {
            body: format!(
                "(scimcheck: a response body of {} bytes, cut short and not readable as JSON, left out: it may list resources this run did not create)",
                body.len()
            ),
            count: 0,
        });
    };
    let resources = json.get_mut("Resources")?.as_array_mut()?;
    let mut kept = Vec::with_capacity(resources.len());
    let mut count = 0;
    let mut run = 0;
    for resource in resources.drain(..) {
        let own = resource
            .get("id")
            .and_then(Value::as_str)
            .is_some_and(&is_own);
        if own {
            flush(&mut kept, &mut run);
            kept.push(resource);
        } else {
            run += 1;
            count += 1;
        }
    }
    flush(&mut kept, &mut run);
    if count == 0 {
        return None;
    }
    *resources = kept;
    Some(Elided {
        body: json.to_string(),
        count,
    })
}

/// Ends a run of `run` consecutive foreign resources with its placeholder.
fn flush(kept: &mut Vec<Value>, run: &mut usize) {
    if *run > 0 {
        let noun = if *run == 1 { "resource" } else { "resources" };
        kept.push(Value::String(format!(
            "(scimcheck: {run} {noun} this run did not create, elided)"
        )));
        *run = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn own(id: &str) -> bool {
        id.starts_with("mine")
    }

    #[test]
    fn foreign_resources_become_one_placeholder_per_run_and_own_ones_stay_in_place() {
        let body = json!({
            "totalResults": 5,
            "Resources": [
                {"id": "x1", "userName": "ada@example.com"},
                {"id": "x2", "userName": "grace@example.com"},
                {"id": "mine1", "userName": "scimcheck-1"},
                {"userName": "no-id@example.com"},
                {"id": "mine2", "userName": "scimcheck-2"},
            ]
        })
        .to_string();
        let elided = elide(&body, false, own).expect("foreign resources elided");
        assert_eq!(elided.count, 3);
        let json: Value = serde_json::from_str(&elided.body).unwrap();
        assert_eq!(
            json,
            json!({
                "totalResults": 5,
                "Resources": [
                    "(scimcheck: 2 resources this run did not create, elided)",
                    {"id": "mine1", "userName": "scimcheck-1"},
                    "(scimcheck: 1 resource this run did not create, elided)",
                    {"id": "mine2", "userName": "scimcheck-2"},
                ]
            })
        );
        assert!(!elided.body.contains("ada@") && !elided.body.contains("no-id@"));
    }

    #[test]
    fn bodies_without_foreign_resources_are_recorded_as_they_are() {
        let own_only = json!({"Resources": [{"id": "mine1"}]}).to_string();
        assert_eq!(elide(&own_only, false, own), None);
        assert_eq!(elide(r#"{"id":"x1","userName":"a"}"#, false, own), None);
        assert_eq!(elide("<html>oops</html>", false, own), None);
    }

    #[test]
    fn a_cut_short_body_that_is_not_json_is_left_out_whole() {
        let cut = r#"{"Resources":[{"id":"x1","userName":"ada@exa"#;
        let elided = elide(cut, true, own).expect("left out");
        assert!(!elided.body.contains("ada@"), "{}", elided.body);
        assert!(elided.body.contains("cut short"), "{}", elided.body);
    }
}
