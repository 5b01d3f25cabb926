//! Server-side render time of the two heavy pages: a run page with 500 cases (each with a
//! request, a JSON response and assertions) and a history page over 10,000 runs (first page and
//! a deep page, which keyset paging makes cost the same).
//!
//! `cargo bench -p scimcheck-dashboard --bench render`

use criterion::{Criterion, criterion_group, criterion_main};
use scimcheck_dashboard::AppState;
use scimcheck_dashboard::pages::history::{HistoryQuery, history_body};
use scimcheck_dashboard::pages::runs::{Viewer, run_body};
use scimcheck_dashboard::store::{RunStatus, Store};
use std::sync::Arc;

#[path = "../tests/it/support/sample.rs"]
mod sample;
use sample::{case, new_run};

fn pages(c: &mut Criterion) {
    let store = Store::in_memory().unwrap();
    let big = new_run(&store, 0);
    for i in 1..=500 {
        store.add_case(big, i, &case(i as usize)).unwrap();
    }
    store
        .finish_run(big, RunStatus::Finished, 9_000, &[], Some(120))
        .unwrap();
    for n in 1..10_000 {
        let id = new_run(&store, n);
        store
            .finish_run(id, RunStatus::Finished, 1_000, &[], Some(40))
            .unwrap();
    }
    let run = store.run(big).unwrap().unwrap();
    c.bench_function("run page, 500 cases", |b| {
        b.iter(|| run_body(&store, &run, &Viewer::Shared { token: "t" }, "").unwrap())
    });
    let app = AppState {
        store: store.clone(),
        live: Arc::default(),
        sessions: Arc::default(),
        sign_in_backoff: Arc::default(),
        accounts: false,
        public_url: None,
        origins: Arc::new(scimcheck_dashboard::origin::OriginRules::new(
            "127.0.0.1:7878".parse().unwrap(),
            false,
            None,
        )),
        target_policy: Arc::new(scimcheck_dashboard::targets::TargetRules::new(
            "127.0.0.1:7878".parse().unwrap(),
            &[],
        )),
        script_host: Default::default(),
        api_token: None,
        email_alerts: false,
    };
    c.bench_function("history page 1 of 10,000 runs", |b| {
        b.iter(|| history_body(&app, &HistoryQuery::default()).unwrap())
    });
    let deep = HistoryQuery {
        environment: Some("2".into()),
        before: Some(1_000),
        ..HistoryQuery::default()
    };
    c.bench_function(
        "history deep page (env filter, before=1000) of 10,000 runs",
        |b| b.iter(|| history_body(&app, &deep).unwrap()),
    );
}

criterion_group!(benches, pages);
criterion_main!(benches);
