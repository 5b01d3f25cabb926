//! How long the runner waits per scripted step: `run_script` on a one-token script (the fixed
//! cost of a fresh sandbox and the prelude) and on a typical post-response script.
//!
//! `cargo bench -p scimcheck-engine --bench script`; figures go in docs/BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use scimcheck_engine::runscope::script::{
    ScriptLimits, ScriptRequest, ScriptResponse, Variables, run_script,
};

const POST_RESPONSE: &str = "var data = JSON.parse(response.body);
assert.ok(Array.isArray(data.Resources), 'Resources is an array');
expect(data.totalResults).to.be.at.least(1);
expect(response.headers['Content-Type'][0]).to.include('scim+json');
variables.set('groupId', data.Resources[0].id);
log(data.totalResults);";

fn groups_response() -> ScriptResponse {
    let body = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,"startIndex":1,"itemsPerPage":1,"Resources":[{"id":"g1","displayName":"Engineering","members":[]}]}"#;
    ScriptResponse {
        status: 200,
        reason: "OK".to_owned(),
        headers: vec![(
            "Content-Type".to_owned(),
            "application/scim+json".to_owned(),
        )],
        body: body.to_owned(),
        response_time_ms: 3,
        size_bytes: body.len() as u64,
    }
}

fn scripts(c: &mut Criterion) {
    let limits = ScriptLimits::default();
    c.bench_function("script/fixed_cost", |b| {
        b.iter(|| {
            let outcome = run_script(black_box("0"), &mut Variables::new(), None, None, &limits);
            assert_eq!(outcome.error, None);
        })
    });
    let response = groups_response();
    c.bench_function("script/post_response_groups", |b| {
        b.iter(|| {
            let mut request = ScriptRequest::default();
            let mut variables = Variables::new();
            let outcome = run_script(
                black_box(POST_RESPONSE),
                &mut variables,
                Some(&mut request),
                Some(&response),
                &limits,
            );
            assert_eq!(outcome.error, None);
        })
    });
}

criterion_group!(benches, scripts);
criterion_main!(benches);
