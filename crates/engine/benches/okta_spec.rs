//! The speed goal: Okta's SCIM 2.0 SPEC test against the embedded reference server,
//! pauses skipped, in well under 0.2 s. One iteration does what `scimcheck runscope` does after
//! process start: start the server, parse the file, run all 23 steps, shut the server down —
//! with scripts in this process, and (as the binary runs them) in a script worker process.
//!
//! `cargo bench -p scimcheck-engine --bench okta_spec`; figures go in docs/BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use scim_server::{DEFAULT_TOKEN, ServerConfig};
use scimcheck_engine::event::CollectingSink;
use scimcheck_engine::run::RunOptions;
use scimcheck_engine::runscope::format;
use scimcheck_engine::runscope::runner::{self, RunscopeSettings};
use scimcheck_engine::runscope::script::{ScriptHost, WorkerCommand};

async fn one_run(text: &str, script_host: &ScriptHost) -> usize {
    let server = scim_server::spawn(ServerConfig::default().with_seed(1, 1))
        .await
        .expect("server starts");
    let test = format::parse(text).expect("Okta's file imports");
    let mut options = RunscopeSettings {
        script_host: script_host.clone(),
        ..RunscopeSettings::default()
    };
    options
        .variables
        .insert("SCIMBaseURL".into(), server.base_url_v2());
    options
        .variables
        .insert("auth".into(), format!("Bearer {DEFAULT_TOKEN}"));
    let every_run = RunOptions::default();
    let result = runner::run(&test, &options, &every_run, &mut CollectingSink::default())
        .await
        .expect("client");
    assert!(
        result.succeeded(),
        "the SPEC test must pass against the reference server"
    );
    server.shutdown().await;
    result.cases.len()
}

fn okta_spec(c: &mut Criterion) {
    // Okta's file is read from beside the checkout; without it the bench says so and measures nothing.
    let Some(text) = scimcheck_testkit::okta_text("Okta-SCIM-20-SPEC-Test.json") else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let mut group = c.benchmark_group("runscope");
    group.sample_size(20);
    group.bench_function("okta_spec_20_embedded_server", |b| {
        b.iter(|| runtime.block_on(one_run(&text, &ScriptHost::InProcess)))
    });
    // As `scimcheck runscope` runs it: scripts in a worker process, started once per run.
    let workers = ScriptHost::Workers(WorkerCommand {
        program: env!("CARGO_BIN_EXE_scimcheck-script-worker").into(),
        args: Vec::new(),
    });
    group.bench_function("okta_spec_20_script_workers", |b| {
        b.iter(|| runtime.block_on(one_run(&text, &workers)))
    });
    group.finish();
}

criterion_group!(benches, okta_spec);
criterion_main!(benches);
