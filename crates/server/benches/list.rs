//! List queries against the reference server holding 100,000 seeded users, over HTTP as a client
//! sends them: the indexed `userName eq`, the `sw` that narrows through the name index, the same
//! `sw` wrapped in `not (not …)` (identical matches, but no index serves it: what every `sw` cost
//! before the name index served prefixes), and the queries still answered by a full scan
//! (`co`, a value path on emails, a descending sort with a small count) or by an OFFSET
//! (a large startIndex).
//!
//! Run: `cargo bench -p scim-server --bench list`. Figures are recorded in docs/BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use scim_server::{DEFAULT_TOKEN, ServerConfig};
use std::time::Duration;

/// Users seeded: the size of a large company's directory.
const USERS: usize = 100_000;

/// The seeded user 99,999's userName (see `seed::user`).
const LAST: &str = "barbara.allen99999@example.com";

/// (name, query string after `/Users?`), the filters already percent-encoded.
const QUERIES: &[(&str, &str)] = &[
    (
        "eq_indexed",
        "filter=userName%20eq%20%22barbara.allen99999%40example.com%22",
    ),
    (
        "sw_indexed",
        "filter=userName%20sw%20%22barbara.allen9999%22",
    ),
    (
        "sw_scanned",
        "filter=not%20(not%20(userName%20sw%20%22barbara.allen9999%22))",
    ),
    ("co_scanned", "filter=userName%20co%20%22allen9999%22"),
    (
        "emails_work_scanned",
        "filter=emails%5Btype%20eq%20%22work%22%20and%20value%20eq%20%22barbara.allen99999%40example.com%22%5D",
    ),
    (
        "sort_descending_count_2",
        "sortBy=userName&sortOrder=descending&count=2",
    ),
    ("start_index_99990", "startIndex=99990&count=10"),
];

fn list_queries(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let server = runtime
        .block_on(scim_server::spawn(
            ServerConfig::default().with_seed(USERS, 10),
        ))
        .expect("the reference server starts");
    let client = reqwest::Client::new();
    let get = |query: &str| {
        let url = format!("{}/Users?{query}", server.base_url_v2());
        runtime.block_on(async {
            let response = client
                .get(url)
                .bearer_auth(DEFAULT_TOKEN)
                .send()
                .await
                .expect("the server answers");
            assert_eq!(response.status(), 200, "{query}");
            response.bytes().await.expect("a body")
        })
    };
    assert!(
        String::from_utf8_lossy(&get(QUERIES[0].1)).contains(LAST),
        "the seeded users are there"
    );
    let mut group = c.benchmark_group("list_100k");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    for (name, query) in QUERIES {
        group.bench_function(*name, |b| b.iter(|| get(query)));
    }
    group.finish();
    runtime.block_on(server.shutdown());
}

criterion_group!(benches, list_queries);
criterion_main!(benches);
