//! Properties of the POST/PUT pipeline over generated user bodies: validation is idempotent
//! (a stored resource validates to itself), and projecting a stored resource only ever removes
//! members, never `schemas` or `id`, and never returns `password`.

use proptest::prelude::*;
use scim::leniency::Leniency;
use scim::projection::Projection;
use scim::schema::{core, urn};
use serde_json::{Map, Value, json};

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 .@-]{1,10}"
}

/// A user body mixing valid core and extension attributes, read-only ones, unknown ones and
/// nulls, with names in random letter case.
fn body() -> impl Strategy<Value = Value> {
    let optional = |s: BoxedStrategy<Value>| prop::option::of(s);
    (
        "[a-z][a-z0-9.@-]{0,9}",
        optional(text().prop_map(Value::from).boxed()),
        optional(any::<bool>().prop_map(Value::from).boxed()),
        optional(
            (text(), text())
                .prop_map(|(g, f)| json!({"givenName": g, "familyName": f}))
                .boxed(),
        ),
        prop::collection::vec(
            (text(), prop::sample::select(vec!["work", "home"]))
                .prop_map(|(v, t)| json!({"value": v, "type": t})),
            0..3,
        ),
        optional(
            text()
                .prop_map(
                    |d| json!({"department": d, "manager": {"value": "m", "displayName": "x"}}),
                )
                .boxed(),
        ),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(user_name, title, active, name, emails, enterprise, upper, extras)| {
                let mut members = Map::new();
                let mut schemas = vec![json!(urn::USER)];
                let key = |k: &str| {
                    if upper {
                        k.to_uppercase()
                    } else {
                        k.to_owned()
                    }
                };
                members.insert(key("userName"), json!(user_name));
                members.insert("password".into(), json!("pw"));
                for (k, v) in [("title", title), ("active", active), ("name", name)] {
                    if let Some(v) = v {
                        members.insert(key(k), v);
                    }
                }
                members.insert(key("emails"), Value::Array(emails));
                if let Some(data) = enterprise {
                    schemas.push(json!(urn::ENTERPRISE_USER));
                    members.insert(urn::ENTERPRISE_USER.into(), data);
                }
                if extras {
                    members.insert("id".into(), json!("client-id"));
                    members.insert("vendorThing".into(), json!(1));
                    members.insert("nickName".into(), Value::Null);
                }
                members.insert("schemas".into(), Value::Array(schemas));
                Value::Object(members)
            },
        )
}

/// Attribute list entries drawn from names the user schema has, and some it has not.
fn selection() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop::sample::select(vec![
            "userName",
            "id",
            "password",
            "name",
            "name.givenName",
            "emails",
            "emails.value",
            "title",
            "active",
            "meta",
            "schemas",
            "nosuch",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
        ])
        .prop_map(str::to_owned),
        0..4,
    )
}

proptest! {
    #[test]
    fn validation_is_idempotent(body in body()) {
        let once = scim::validate::resource(&body, core::user(), &Leniency::strict())
            .expect("generated bodies are valid");
        let twice = scim::validate::resource(&once, core::user(), &Leniency::strict())
            .expect("a stored resource is valid");
        prop_assert_eq!(&twice, &once);
        prop_assert!(once.get("id").is_none());
        prop_assert!(once.get("vendorThing").is_none());
    }

    #[test]
    fn projection_only_removes_and_keeps_schemas_and_id(
        body in body(),
        attributes in selection(),
        excluded in selection(),
    ) {
        let mut stored = scim::validate::resource(&body, core::user(), &Leniency::strict())
            .expect("generated bodies are valid");
        stored["id"] = json!("42");
        let projection = Projection::new(&attributes, &excluded, core::user())
            .expect("selection entries are attribute paths");
        let out = projection.apply(&stored, core::user());
        let out_members = out.as_object().expect("an object");
        prop_assert_eq!(&out["schemas"], &stored["schemas"]);
        prop_assert_eq!(&out["id"], &json!("42"));
        prop_assert!(out.get("password").is_none());
        for key in out_members.keys() {
            prop_assert!(stored.get(key).is_some(), "{} appeared from nowhere", key);
        }
        if attributes.is_empty() && excluded.is_empty() {
            let mut expected = stored.clone();
            expected.as_object_mut().expect("object").remove("password");
            prop_assert_eq!(&out, &expected);
        }
    }
}
