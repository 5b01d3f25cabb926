//! Filter throughput: parsing realistic filters, and evaluating pre-parsed ones against a
//! realistic user — what a SCIM server does for every resource a `GET /Users?filter=` scans.
//!
//! Run: `cargo bench -p scim --bench filter`. Figures are recorded in docs/BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scim::filter::parse;
use scim::schema::core::user;
use serde_json::json;

/// Filters as Okta, Entra and the RFC write them.
const FILTERS: &[(&str, &str)] = &[
    ("okta_username", r#"userName eq "bjensen@example.com""#),
    ("issue_goal", r#"userName eq "x" and active eq true"#),
    // The same shape when the first comparison matches, so both sides are evaluated.
    (
        "issue_goal_both_sides",
        r#"userName eq "BJensen@example.com" and active eq true"#,
    ),
    (
        "entra_external_id",
        r#"externalId eq "0a21f0f2-8d2a-4f8e-bf98-7a2fe1a7d0c4""#,
    ),
    (
        "rfc_value_path",
        r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
    ),
    (
        "rfc_not_or",
        r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
    ),
    (
        "date_time",
        r#"meta.lastModified gt "2011-05-13T04:42:34Z""#,
    ),
];

fn realistic_user() -> serde_json::Value {
    json!({
        "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        ],
        "id": "2819c223-7f76-453a-919d-413861904646",
        "externalId": "0a21f0f2-8d2a-4f8e-bf98-7a2fe1a7d0c4",
        "userName": "bjensen@example.com",
        "name": {"formatted": "Ms. Barbara J Jensen, III", "familyName": "Jensen", "givenName": "Barbara"},
        "displayName": "Babs Jensen",
        "title": "Tour Guide",
        "userType": "Employee",
        "locale": "en-US",
        "active": true,
        "emails": [
            {"value": "bjensen@example.com", "type": "work", "primary": true},
            {"value": "babs@jensen.org", "type": "home"}
        ],
        "phoneNumbers": [{"value": "555-555-8377", "type": "work"}],
        "groups": [{"value": "e9e30dba-f08f-4109-8486-d5c6a331660a", "display": "Tour Guides"}],
        "meta": {
            "resourceType": "User",
            "created": "2010-01-23T04:56:22Z",
            "lastModified": "2011-05-13T04:42:34Z",
            "location": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646"
        },
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "employeeNumber": "701984",
            "department": "Tour Operations"
        }
    })
}

fn bench_parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("filter_parse");
    group.throughput(Throughput::Elements(1));
    for (name, text) in FILTERS {
        group.bench_function(*name, |b| b.iter(|| parse(black_box(text))));
    }
    group.finish();
}

fn bench_evaluate(c: &mut Criterion) {
    let resource = realistic_user();
    let schema = user();
    let mut group = c.benchmark_group("filter_evaluate");
    group.throughput(Throughput::Elements(1));
    for (name, text) in FILTERS {
        let filter = parse(text).expect("benchmark filters are valid");
        group.bench_function(*name, |b| {
            b.iter(|| filter.matches(black_box(&resource), schema))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_parse, bench_evaluate);
criterion_main!(benches);
