//! PATCH invariants over generated users and operations: operations apply in sequence, a
//! failing operation fails the whole request, and removing an attribute twice is removing it once.

use proptest::prelude::*;
use scim::leniency::Leniency;
use scim::message::PatchOperation;
use scim::patch::{PatchError, apply};
use scim::schema::core;
use serde_json::{Map, Value, json};

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn op(value: Value) -> PatchOperation {
    serde_json::from_value(value).expect("generated operations are well-formed")
}

fn run(resource: &Value, operations: &[PatchOperation]) -> Result<Value, PatchError> {
    apply(resource, operations, core::user(), &Leniency::interop())
}

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 .@-]{1,12}"
}

fn email() -> impl Strategy<Value = Value> {
    (text(), prop::sample::select(vec!["work", "home"]))
        .prop_map(|(value, kind)| json!({"value": value, "type": kind}))
}

fn user() -> impl Strategy<Value = Value> {
    (
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of((text(), text())),
        prop::collection::vec(email(), 0..3),
        prop::option::of(text()),
        prop::option::of(text()),
    )
        .prop_map(|(title, nick, name, emails, department, manager)| {
            let mut user = Map::new();
            user.insert(
                "schemas".into(),
                json!(["urn:ietf:params:scim:schemas:core:2.0:User"]),
            );
            user.insert("id".into(), json!("2819c223"));
            user.insert("userName".into(), json!("bjensen"));
            if let Some(title) = title {
                user.insert("title".into(), json!(title));
            }
            if let Some(nick) = nick {
                user.insert("nickName".into(), json!(nick));
            }
            if let Some((given, family)) = name {
                user.insert(
                    "name".into(),
                    json!({"givenName": given, "familyName": family}),
                );
            }
            if !emails.is_empty() {
                user.insert("emails".into(), json!(emails));
            }
            let mut enterprise = Map::new();
            if let Some(department) = department {
                enterprise.insert("department".into(), json!(department));
            }
            if let Some(manager) = manager {
                enterprise.insert("manager".into(), json!({"value": manager}));
            }
            if !enterprise.is_empty() {
                user.insert(ENTERPRISE.into(), Value::Object(enterprise));
            }
            Value::Object(user)
        })
}

/// Operations that succeed on any generated user.
fn valid_op() -> impl Strategy<Value = PatchOperation> {
    prop_oneof![
        text().prop_map(|s| op(json!({"op": "replace", "path": "title", "value": s}))),
        email().prop_map(|e| op(json!({"op": "add", "path": "emails", "value": [e]}))),
        text().prop_map(|s| op(json!({"op": "Replace", "path": "name.givenName", "value": s}))),
        text().prop_map(|s| op(json!({"op": "add", "value": {"displayName": s}}))),
        text().prop_map(|s| op(
            json!({"op": "replace", "path": format!("{ENTERPRISE}:department"), "value": s})
        )),
        Just(op(json!({"op": "remove", "path": "nickName"}))),
        Just(op(json!({"op": "remove", "path": "emails"}))),
        Just(op(
            json!({"op": "Replace", "path": "active", "value": "False"})
        )),
    ]
}

/// Operations that fail on any generated user, one per error keyword.
fn failing_op() -> impl Strategy<Value = PatchOperation> {
    prop::sample::select(vec![
        json!({"op": "remove", "path": "userName"}),
        json!({"op": "replace", "path": "id", "value": "another"}),
        json!({"op": "replace", "path": "emails[type eq \"pager\"].value", "value": "x"}),
        json!({"op": "add", "path": "shoeSize", "value": 44}),
        json!({"op": "replace", "path": "active", "value": "maybe"}),
        json!({"op": "remove"}),
        json!({"op": "add", "path": "emails[type eq", "value": "x"}),
    ])
    .prop_map(op)
}

proptest! {
    #[test]
    fn operations_apply_in_sequence(
        user in user(),
        first in prop::collection::vec(valid_op(), 0..4),
        second in prop::collection::vec(valid_op(), 0..4),
    ) {
        let all: Vec<PatchOperation> = first.iter().chain(&second).cloned().collect();
        let at_once = run(&user, &all).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let halfway = run(&user, &first).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let in_two = run(&halfway, &second).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(at_once, in_two);
    }

    #[test]
    fn a_failing_operation_fails_the_whole_request(
        user in user(),
        before in prop::collection::vec(valid_op(), 0..4),
        failing in failing_op(),
        after in prop::collection::vec(valid_op(), 0..3),
    ) {
        // `apply` borrows the resource, so the type system already keeps the caller's copy
        // untouched. What can go wrong is the verdict: the request must fail exactly as its
        // failing operation fails on the state the operations before it leave, and nothing
        // after it may mask or change that failure.
        let operations: Vec<PatchOperation> =
            before.iter().cloned().chain([failing.clone()]).chain(after).collect();
        let error = run(&user, &operations).expect_err("a failing operation fails the request");
        prop_assert_eq!(error.operation(), Some(before.len()));
        let prefix = format!("Operations[{}]", before.len());
        prop_assert!(error.to_string().starts_with(&prefix), "{}", error);
        let halfway = run(&user, &before).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let alone = run(&halfway, &[failing]).expect_err("the operation fails on its own too");
        prop_assert_eq!(error.scim_type(), alone.scim_type());
        prop_assert_eq!(error.detail(), alone.detail());
    }

    #[test]
    fn removing_an_attribute_twice_is_removing_it_once(
        user in user(),
        path in prop::sample::select(vec![
            "title", "nickName", "name", "name.givenName", "emails", "displayName",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
        ]),
    ) {
        let remove = [op(json!({"op": "remove", "path": path}))];
        let once = run(&user, &remove).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let twice = run(&once, &remove).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&once, &twice);
        // Gone, asked the way a client would: `<path> pr` no longer matches.
        let present = scim::filter::parse(&format!("{path} pr"))
            .and_then(|f| f.matches(&once, core::user()))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(!present, "{} is still present in {}", path, once);
        // Nothing else changed (checked where the path names a top-level member).
        if !path.contains(['.', ':']) {
            let mut expected = user.clone();
            if let Some(members) = expected.as_object_mut() {
                members.remove(path);
            }
            prop_assert_eq!(&once, &expected);
        }
    }

    #[test]
    fn removing_by_a_filter_twice_fails_the_second_time(user in user(), email in email()) {
        let kind = email["type"].as_str().unwrap_or("work").to_owned();
        let with_email = run(&user, &[op(json!({"op": "add", "path": "emails", "value": [email]}))])
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let remove = [op(json!({"op": "remove", "path": format!("emails[type eq \"{kind}\"]")}))];
        let once = run(&with_email, &remove).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let second = run(&once, &remove).expect_err("nothing left to match");
        prop_assert_eq!(second.scim_type(), scim::error::ScimType::NoTarget);
    }
}

/// Small JSON values of every type, nested once.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        "[a-zA-Z \"]{0,6}".prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec!["value", "type", "primary", "givenName", "x"]),
                inner,
                0..3
            )
            .prop_map(|m| json!(m)),
        ]
    })
}

proptest! {
    #[test]
    fn any_operation_yields_a_result_or_a_patch_error_keyword(
        user in user(),
        kind in prop::sample::select(vec!["add", "Replace", "REMOVE"]),
        path in prop::option::of(
            "(emails|name|active|title|members|urn:x:y|groups|id)(\\[(type|value) (eq|co|pr) \"[a-z]{0,3}\"\\])?(\\.(value|givenName|type|primary))?",
        ),
        value in prop::option::of(any_value()),
    ) {
        let mut operation = Map::new();
        operation.insert("op".into(), json!(kind));
        if let Some(path) = path {
            operation.insert("path".into(), json!(path));
        }
        if let Some(value) = value {
            operation.insert("value".into(), value);
        }
        if let Err(e) = run(&user, &[op(Value::Object(operation))]) {
            use scim::error::ScimType::*;
            prop_assert!(
                matches!(e.scim_type(), InvalidPath | NoTarget | InvalidValue | Mutability | InvalidSyntax),
                "{}", e
            );
            prop_assert_eq!(e.status(), 400);
            prop_assert!(e.to_string().starts_with("Operations[0]"), "{}", e);
        }
    }
}

/// A value for any attribute of the User schema: scalars of every JSON type (strings that read
/// as booleans, dateTimes or base64 among them), objects of known, unknown and readOnly
/// sub-attributes, arrays of those. No unassigned value (`null`, `""`, `[]`, `{}`) at the top,
/// where PATCH reads it as "clear" (see [`scim::patch`]).
fn written_value() -> impl Strategy<Value = Value> {
    let scalar = prop_oneof![
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        Just(json!(2.5)),
        prop::sample::select(vec![
            "x",
            "True",
            "false",
            "MTIz",
            "2011-05-13T04:42:34Z",
            "work"
        ])
        .prop_map(|s| json!(s)),
    ];
    let member = prop_oneof![scalar.clone(), Just(Value::Null), Just(json!(""))];
    let object = prop::collection::btree_map(
        prop::sample::select(vec![
            "value",
            "type",
            "primary",
            "givenName",
            "display",
            "displayName",
            "x",
        ]),
        member,
        1..4,
    )
    .prop_map(|m| json!(m));
    let element = prop_oneof![scalar.clone(), object.clone()];
    prop_oneof![
        scalar,
        object,
        prop::collection::vec(element, 1..3).prop_map(Value::Array),
    ]
}

proptest! {
    /// PATCH and PUT share one value check: a `replace` (or, for a single-valued attribute, an
    /// `add`), with a path or path-less, of an attribute the resource does not have yet succeeds
    /// exactly when a PUT giving that value does, fails with the same keyword, and stores the
    /// same value — under either leniency.
    #[test]
    fn patch_and_put_accept_and_store_the_same_values(
        (name, extension) in prop::sample::select(vec![
            ("title", None), ("active", None), ("emails", None), ("name", None),
            ("x509Certificates", None), ("manager", Some(ENTERPRISE)),
            ("employeeNumber", Some(ENTERPRISE)),
        ]),
        value in written_value(),
        interop in any::<bool>(),
        kind in prop::sample::select(vec!["add", "replace"]),
        pathless in any::<bool>(),
    ) {
        let leniency = if interop { Leniency::interop() } else { Leniency::strict() };
        let schemas = json!(["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE]);
        let base = json!({"schemas": schemas, "userName": "bjensen"});
        let mut body = base.clone();
        let path = match extension {
            None => {
                body[name] = value.clone();
                name.to_owned()
            }
            Some(urn) => {
                body[urn] = json!({name: value.clone()});
                format!("{urn}:{name}")
            }
        };
        let stored_at = |resource: &Value| match extension {
            None => resource.get(name).cloned(),
            Some(urn) => resource.get(urn).and_then(|e| e.get(name)).cloned(),
        };
        let put = scim::validate::resource(&body, core::user(), &leniency);
        // An add to a multi-valued attribute merges values it repeats (RFC 7644 §3.5.2.1),
        // which a PUT stores as given; a replace stores them as given too.
        let kind = if matches!(name, "emails" | "x509Certificates") { "replace" } else { kind };
        let operation = if pathless {
            op(json!({"op": kind, "value": {path: value}}))
        } else {
            op(json!({"op": kind, "path": path, "value": value}))
        };
        let patched = apply(&base, &[operation], core::user(), &leniency);
        match (put, patched) {
            (Ok(put), Ok(patched)) => prop_assert_eq!(stored_at(&put), stored_at(&patched)),
            (Err(put), Err(patched)) => prop_assert_eq!(put.scim_type, patched.scim_type()),
            (put, patched) => prop_assert!(false, "PUT gave {:?} but PATCH gave {:?}", put, patched),
        }
    }
}
