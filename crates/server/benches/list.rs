//! List queries against the reference server holding many seeded users (100,000 unless
//! `SCIM_BENCH_USERS` says otherwise), over HTTP as a client sends them, one at a time: each
//! query is sent `SCIM_BENCH_SAMPLES` times (50 by default) after one warm-up request, and the
//! bench prints its median and 99th percentile (nearest rank) — the figures issue 15 sets goals
//! for, which criterion's means do not give. It also prints how long seeding took.
//!
//! The queries are every kind the server answers through an index: `eq` on userName and
//! externalId, `sw` / `co` / `ew` on userName and displayName, value paths and sub-attribute
//! paths on emails, sorting by userName both ways with a small count, and deep pages (a large
//! `startIndex`, unsorted and sorted) — and `eq` / `pr` on the other single-valued attributes
//! (a user's `displayName`, `name.familyName`, the enterprise `employeeNumber`, `active`).
//!
//! Run: `cargo bench -p scim-server --bench list`; figures are recorded in docs/BENCHMARKS.md.

use scim_server::{DEFAULT_TOKEN, ServerConfig};
use std::time::{Duration, Instant};

/// (name, query string after `/Users?`, the filters already percent-encoded). `{last}`,
/// `{ext}`, `{deep}` are replaced by the last seeded user's number, its externalId and a
/// startIndex ten before the end.
const QUERIES: &[(&str, &str)] = &[
    (
        "eq_username",
        "filter=userName%20eq%20%22barbara.allen{last}%40example.com%22",
    ),
    ("eq_external_id", "filter=externalId%20eq%20%22{ext}%22"),
    (
        "sw_username",
        "filter=userName%20sw%20%22barbara.allen{last}%22",
    ),
    (
        "sw_displayname_8pct",
        "filter=displayName%20sw%20%22Barbara%22",
    ),
    ("co_username", "filter=userName%20co%20%22allen{last}%22"),
    (
        "co_displayname_1in144",
        "filter=displayName%20co%20%22bara%20All%22",
    ),
    (
        "ew_username",
        "filter=userName%20ew%20%22allen{last}%40example.com%22",
    ),
    (
        "emails_type_work_all",
        "filter=emails%5Btype%20eq%20%22work%22%5D",
    ),
    (
        "emails_work_and_value",
        "filter=emails%5Btype%20eq%20%22work%22%20and%20value%20eq%20%22barbara.allen{last}%40example.com%22%5D",
    ),
    (
        "emails_value_eq",
        "filter=emails.value%20eq%20%22barbara.allen{last}%40example.com%22",
    ),
    ("sort_ascending_count_2", "sortBy=userName&count=2"),
    (
        "sort_descending_count_2",
        "sortBy=userName&sortOrder=descending&count=2",
    ),
    ("start_index_deep", "startIndex={deep}&count=10"),
    (
        "sorted_start_index_deep",
        "sortBy=userName&startIndex={deep}&count=10",
    ),
    (
        "eq_family_name",
        "filter=name.familyName%20eq%20%22Allen%22&count=10",
    ),
    (
        "eq_employee_number",
        "filter=urn%3Aietf%3Aparams%3Ascim%3Aschemas%3Aextension%3Aenterprise%3A2.0%3AUser%3AemployeeNumber%20eq%20%22{last}%22",
    ),
    ("active_eq_true", "filter=active%20eq%20true&count=10"),
    (
        "eq_display_name",
        "filter=displayName%20eq%20%22Barbara%20Allen%22&count=10",
    ),
    ("pr_family_name", "filter=name.familyName%20pr&count=10"),
];

/// A number from the environment, or `default`.
fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The value at percentile `p` of sorted `samples` (nearest rank).
fn percentile(samples: &[Duration], p: usize) -> Duration {
    let rank = (samples.len() * p).div_ceil(100).max(1);
    samples[rank - 1]
}

fn main() {
    let users = setting("SCIM_BENCH_USERS", 100_000);
    let samples = setting("SCIM_BENCH_SAMPLES", 50).max(1);
    // The last seeded user is "barbara.allen{users - 1}" only where the seed's name cycles put
    // Barbara Allen there, as they do for 100,000 and 1,000,000 users (see `seed::user`).
    let last = users - 1;
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let seeding = Instant::now();
    let server = runtime
        .block_on(scim_server::spawn(
            ServerConfig::default().with_seed(users, 10),
        ))
        .expect("the reference server starts");
    println!(
        "seeded {users} users in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );
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
    println!("| query | p50 | p99 |");
    println!("|---|---|---|");
    // `SCIM_BENCH_QUERIES=a,b` measures only those.
    let only = std::env::var("SCIM_BENCH_QUERIES").unwrap_or_default();
    let chosen = |name: &str| only.is_empty() || only.split(',').any(|n| n == name);
    for (name, template) in QUERIES.iter().filter(|(name, _)| chosen(name)) {
        let query = template
            .replace("{last}", &last.to_string())
            .replace("{ext}", &format!("ext-{last:06}"))
            .replace("{deep}", &(users - 10).to_string());
        let body = get(&query);
        assert!(
            !String::from_utf8_lossy(&body).contains("\"totalResults\":0"),
            "{name} finds the seeded users"
        );
        let mut times: Vec<Duration> = (0..samples)
            .map(|_| {
                let start = Instant::now();
                get(&query);
                start.elapsed()
            })
            .collect();
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "| `{name}` | {:.2} ms | {:.2} ms |",
            ms(percentile(&times, 50)),
            ms(percentile(&times, 99))
        );
    }
    runtime.block_on(server.shutdown());
}
