//! What IdP simulation costs end to end against the embedded reference server: Okta's CRUD test
//! through the Okta-org simulator (start server and simulator, run the 19 steps with pauses
//! skipped, shut down), and a whole `--profile okta` / `--profile entra` run incl. cleanup.
//!
//! `cargo bench -p scimcheck-idp --bench idp`; figures go in docs/BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use scim_server::{DEFAULT_TOKEN, ServerConfig};
use scimcheck_engine::event::CollectingSink;
use scimcheck_engine::run::RunOptions;
use scimcheck_engine::runscope::format::{self, RunscopeTest};
use scimcheck_engine::runscope::runner::{self, RunscopeSettings};
use scimcheck_idp::Profile;
use scimcheck_idp::oktasim::{OktaSimConfig, spawn};
use scimcheck_suites::Target;

/// Okta's CRUD test, read from beside the checkout; `None` (said in one line) when it is absent.
fn crud_test() -> Option<RunscopeTest> {
    let text = scimcheck_testkit::okta_text("Okta-SCIM-20-CRUD-Test.json")?;
    Some(format::parse(&text).expect("Okta's CRUD test imports"))
}

async fn crud_once(test: &RunscopeTest) {
    let scim = scim_server::spawn(ServerConfig::default())
        .await
        .expect("server starts");
    let auth = format!("Bearer {DEFAULT_TOKEN}");
    let sim = spawn(OktaSimConfig::new(scim.base_url_v2(), auth.clone()))
        .await
        .expect("simulator starts");
    let mut options = RunscopeSettings::default();
    for (name, value) in [
        ("oktaOrgUrl", sim.org_url()),
        ("oktaAppId", sim.app_id().to_owned()),
        ("oktaToken", sim.token().to_owned()),
        ("SCIMUrl", scim.base_url_v2()),
        ("SCIMAuth", auth),
    ] {
        options.variables.insert(name.into(), value);
    }
    let every_run = RunOptions::default();
    let result = runner::run(test, &options, &every_run, &mut CollectingSink::default())
        .await
        .expect("client");
    assert!(result.succeeded(), "the CRUD test must pass");
    sim.shutdown().await;
    scim.shutdown().await;
}

async fn profile_once(profile: Profile) {
    let scim = scim_server::spawn(ServerConfig::default())
        .await
        .expect("server starts");
    let target = Target::new(scim.base_url_v2()).bearer(DEFAULT_TOKEN);
    let result = scimcheck_suites::run(
        target,
        &profile.scenarios(),
        &scimcheck_suites::SuiteSettings::default(),
        &RunOptions::default(),
        &mut CollectingSink::default(),
    )
    .await
    .expect("the run completes");
    assert!(result.succeeded(), "the profile must pass");
    scim.shutdown().await;
}

fn idp(c: &mut Criterion) {
    let test = crud_test();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let mut group = c.benchmark_group("idp");
    group.sample_size(20);
    // Without Okta's file the CRUD bench is left out; the profiles need nothing from outside.
    if let Some(test) = &test {
        group.bench_function("okta_crud_via_simulator", |b| {
            b.iter(|| runtime.block_on(crud_once(test)))
        });
    }
    for profile in Profile::ALL {
        group.bench_function(format!("profile_{}", profile.name()), |b| {
            b.iter(|| runtime.block_on(profile_once(profile)))
        });
    }
    group.finish();
}

criterion_group!(benches, idp);
criterion_main!(benches);
