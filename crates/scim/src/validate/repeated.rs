//! Repeated values of multi-valued attributes (RFC 7643 §2.4: a service provider SHOULD NOT
//! return the same ("type", "value") combination more than once per attribute, as clients then
//! cannot tell the two apart).

use serde_json::Value;

/// Drops the elements of `resource`'s multi-valued attributes (core and extension ones) that
/// repeat an earlier element's `type` and `value`. The first is kept, and marked `primary` when
/// a dropped repeat was. Elements without a `value` are left alone.
pub fn drop_repeated_values(resource: &mut Value) {
    let Some(members) = resource.as_object_mut() else {
        return;
    };
    for (key, value) in members.iter_mut() {
        if key.starts_with("urn:")
            && let Some(extension) = value.as_object_mut()
        {
            extension.values_mut().for_each(drop_repeats);
        } else {
            drop_repeats(value);
        }
    }
}

/// The `type` and `value` that make an element the same as another.
fn identity(element: &Value) -> Option<(Option<&Value>, &Value)> {
    Some((element.get("type"), element.get("value")?))
}

fn drop_repeats(value: &mut Value) {
    let Some(elements) = value.as_array_mut() else {
        return;
    };
    let mut kept: Vec<Value> = Vec::with_capacity(elements.len());
    for element in elements.drain(..) {
        let repeat = identity(&element).and_then(|id| {
            kept.iter_mut()
                .find(|earlier| identity(earlier) == Some(id))
        });
        match repeat {
            Some(first) => {
                if element.get("primary") == Some(&Value::Bool(true)) {
                    first["primary"] = Value::Bool(true);
                }
            }
            None => kept.push(element),
        }
    }
    *elements = kept;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_repeated_type_and_value_is_kept_once_and_others_stay() {
        let mut user = json!({
            "schemas": ["a", "a"],
            "emails": [
                {"value": "a@example.com", "type": "work"},
                {"value": "a@example.com", "type": "home"},
                {"value": "a@example.com", "type": "work", "primary": true},
                {"value": "b@example.com"},
                {"value": "b@example.com"}
            ],
            "urn:ietf:params:scim:schemas:extension:x:2.0:User": {
                "badges": [{"value": "1"}, {"value": "1"}]
            }
        });
        drop_repeated_values(&mut user);
        assert_eq!(
            user["emails"],
            json!([
                {"value": "a@example.com", "type": "work", "primary": true},
                {"value": "a@example.com", "type": "home"},
                {"value": "b@example.com"}
            ])
        );
        assert_eq!(
            user["schemas"],
            json!(["a", "a"]),
            "strings are not elements"
        );
        assert_eq!(
            user["urn:ietf:params:scim:schemas:extension:x:2.0:User"]["badges"],
            json!([{"value": "1"}])
        );
    }
}
