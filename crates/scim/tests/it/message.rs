//! RFC 7644 message bodies: the RFC's own examples, the interop cases IdPs need, and the errors a
//! malformed body yields.

use scim::error::{ScimError, ScimType};
use scim::message::{
    BulkMethod, BulkRequest, BulkResponse, Error, ListResponse, PatchOp, PatchOpKind, Request,
    SearchRequest, SortOrder, Status, decode,
};
use scim::schema::urn;
use serde_json::{Value, json};

#[test]
fn rfc_7644_not_found_error_parses_with_string_status() {
    let text = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],
        "detail":"Resource 2819c223-7f76-453a-919d-413861904646 not found","status":"404"}"#;
    let error: Error = decode(text, "Error").unwrap();
    assert_eq!(error.status.code(), Some(404));
    assert!(!error.status.was_numeric());
    assert_eq!(error.scim_type, None);
    assert_eq!(error.schemas, [urn::ERROR]);
}

#[test]
fn rfc_7644_mutability_error_parses_its_scim_type() {
    let text = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],
        "scimType":"mutability","detail":"Attribute 'id' is readOnly","status":"400"}"#;
    let error: Error = decode(text, "Error").unwrap();
    assert_eq!(error.known_scim_type(), Some(ScimType::Mutability));
}

#[test]
fn a_numeric_status_is_read_but_remembered_as_numeric() {
    let error: Error = decode(r#"{"status":409,"scimType":"Uniqueness"}"#, "Error").unwrap();
    assert_eq!(error.status.code(), Some(409));
    assert!(error.status.was_numeric());
    // Misspelled keyword (capital U) is kept but not recognized.
    assert_eq!(error.scim_type.as_deref(), Some("Uniqueness"));
    assert_eq!(error.known_scim_type(), None);
}

#[test]
fn errors_serialize_status_as_a_string() {
    let body = serde_json::to_value(Error::new(ScimType::Uniqueness, "userName taken")).unwrap();
    assert_eq!(
        body,
        json!({"schemas":[urn::ERROR],"status":"409","scimType":"uniqueness","detail":"userName taken"})
    );
    let body = serde_json::to_value(Error::from(ScimError::invalid_value("x"))).unwrap();
    assert_eq!(body["status"], "400");
    assert_eq!(body["scimType"], "invalidValue");
}

#[test]
fn rfc_7644_list_response_parses_and_writes_integers() {
    let text = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults":2,"Resources":[{"id":"2819c223-7f76-453a-919d-413861904646","userName":"bjensen"},
        {"id":"c75ad752-64ae-4823-840d-ffa80929976c","userName":"jsmith"}]}"#;
    let list: ListResponse = decode(text, "ListResponse").unwrap();
    assert_eq!(list.total_results, 2);
    assert_eq!(list.resources[1]["userName"], "jsmith");

    let written = serde_json::to_value(ListResponse::new(vec![json!({"id":"a"})], 5, 3)).unwrap();
    assert_eq!(
        written,
        json!({"schemas":[urn::LIST_RESPONSE],"totalResults":5,"itemsPerPage":1,"startIndex":3,
               "Resources":[{"id":"a"}]})
    );
}

#[test]
fn rfc_7644_patch_add_members_example_parses() {
    let text = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations":[{"op":"add","path":"members","value":[{"display":"Babs Jensen",
        "$ref":"https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
        "value":"2819c223-7f76-453a-919d-413861904646"}]}]}"#;
    let patch = PatchOp::parse(text).unwrap();
    assert_eq!(patch.operations.len(), 1);
    assert_eq!(patch.operations[0].op, PatchOpKind::Add);
    assert_eq!(patch.operations[0].path.as_deref(), Some("members"));
}

#[test]
fn entra_capitalized_replace_parses_as_replace() {
    let text = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations":[{"op":"Replace","path":"active","value":"False"},{"op":"REMOVE","path":"title"}]}"#;
    let patch = PatchOp::parse(text).unwrap();
    assert_eq!(patch.operations[0].op, PatchOpKind::Replace);
    assert_eq!(patch.operations[0].value, Some(json!("False")));
    assert_eq!(patch.operations[1].op, PatchOpKind::Remove);
    assert_eq!(patch.operations[1].value, None);
}

#[test]
fn an_explicit_null_value_differs_from_an_absent_one() {
    let patch = PatchOp::parse(
        r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations":[{"op":"replace","path":"title","value":null}]}"#,
    )
    .unwrap();
    assert_eq!(patch.operations[0].value, Some(Value::Null));
}

#[test]
fn an_unknown_op_is_invalid_syntax_naming_the_op_and_the_choices() {
    let error = PatchOp::parse(
        r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations":[{"op":"move","path":"title"}]}"#,
    )
    .unwrap_err();
    assert_eq!(error.scim_type, ScimType::InvalidSyntax);
    assert!(error.detail.contains("\"move\""), "{}", error.detail);
    assert!(
        error.detail.contains("add, remove, replace"),
        "{}",
        error.detail
    );
}

#[test]
fn patch_structure_errors_carry_the_rfc_keywords() {
    let cases = [
        (
            r#"{"schemas":[],"Operations":[{"op":"add","value":{}}]}"#,
            ScimType::InvalidSyntax,
        ),
        (
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]}"#,
            ScimType::InvalidSyntax,
        ),
        (
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove"}]}"#,
            ScimType::NoTarget,
        ),
        (
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"x"}]}"#,
            ScimType::InvalidValue,
        ),
        (
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]"#,
            ScimType::InvalidSyntax,
        ),
        ("[1,2]", ScimType::InvalidSyntax),
    ];
    for (text, expected) in cases {
        let error = PatchOp::parse(text).unwrap_err();
        assert_eq!(error.scim_type, expected, "{text}: {}", error.detail);
    }
}

#[test]
fn rfc_7644_search_request_example_parses() {
    let request = SearchRequest::parse(
        r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
            "attributes":["displayName","userName"],"filter":"displayName sw \"smith\"",
            "startIndex":1,"count":10,"sortOrder":"Descending"}"#,
    )
    .unwrap();
    assert_eq!(request.attributes, ["displayName", "userName"]);
    assert_eq!(request.filter.as_deref(), Some("displayName sw \"smith\""));
    assert_eq!(request.effective_count(100, 50), 10);
    assert_eq!(request.sort_order, Some(SortOrder::Descending));
}

#[test]
fn query_parameters_become_a_search_request() {
    let request = SearchRequest::from_query([
        ("filter", "userName eq \"x\""),
        ("ATTRIBUTES", "userName, name.givenName"),
        ("startIndex", "0"),
        ("count", "-4"),
        ("unknown", "ignored"),
    ])
    .unwrap();
    assert_eq!(request.attributes, ["userName", "name.givenName"]);
    assert_eq!(request.effective_start_index(), 1);
    assert_eq!(request.effective_count(100, 200), 0);
    let error = SearchRequest::from_query([("count", "ten")]).unwrap_err();
    assert_eq!(error.scim_type, ScimType::InvalidValue);
    assert!(error.detail.contains("count"), "{}", error.detail);

    let descending = SearchRequest::from_query([("sortorder", "DESCENDING")]).unwrap();
    assert_eq!(descending.sort_order, Some(SortOrder::Descending));
    let error = SearchRequest::from_query([("sortOrder", "up")]).unwrap_err();
    assert_eq!(error.scim_type, ScimType::InvalidValue);
    assert!(
        error.detail.contains("sortOrder \"up\"") && error.detail.contains("ascending, descending"),
        "{}",
        error.detail
    );
}

#[test]
fn bulk_request_parses_methods_case_insensitively_and_checks_bulk_ids() {
    let request = BulkRequest::parse(
        r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"failOnErrors":1,
            "Operations":[{"method":"post","path":"/Users","bulkId":"qwerty",
              "data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"Alice"}},
             {"method":"DELETE","path":"/Users/b7c14771","version":"W/\"0ee8add0a938e1a\""}]}"#,
    )
    .unwrap();
    assert_eq!(request.fail_on_errors, Some(1));
    assert_eq!(request.operations[0].method, BulkMethod::Post);
    assert_eq!(request.operations[1].method, BulkMethod::Delete);

    let error = BulkRequest::parse(
        r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
            "Operations":[{"method":"POST","path":"/Users","data":{}}]}"#,
    )
    .unwrap_err();
    assert_eq!(error.scim_type, ScimType::InvalidValue);
    assert!(error.detail.contains("bulkId"), "{}", error.detail);
}

#[test]
fn bulk_response_writes_string_statuses_and_reads_numeric_ones() {
    let text = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkResponse"],
        "Operations":[{"location":"https://example.com/v2/Users/92b725cd","method":"POST",
        "bulkId":"qwerty","version":"W/\"oY4m4wn58tkVjJxK\"","status":201}]}"#;
    let response: BulkResponse = decode(text, "BulkResponse").unwrap();
    assert!(response.operations[0].status.was_numeric());

    let mut written = response.clone();
    written.operations[0].status = Status::new(201);
    let value = serde_json::to_value(&written).unwrap();
    assert_eq!(value["Operations"][0]["status"], "201");
    assert_eq!(value["Operations"][0]["method"], "POST");
}
