//! What every check of one run shares: the HTTP client, the target, what discovery found, the
//! test-data generator, the cleanup registry, the setup steps that failed and the foreign
//! resources met.

use crate::cleanup::Cleanup;
use crate::discovered::Discovered;
use crate::foreign::Ledger;
use crate::setup::SetupSteps;
use crate::target::Target;
use crate::testdata::TestData;
use scimcheck_engine::http::HttpClient;

/// Shared, read-mostly state of a run (behind an `Arc`, one per run).
#[derive(Debug)]
pub struct Context {
    /// The engine's recording HTTP client (no redirects, timeouts, body caps).
    pub client: HttpClient,
    /// The server under test.
    pub target: Target,
    /// What the server said about itself.
    pub discovered: Discovered,
    /// The run-unique test-data generator.
    pub data: TestData,
    /// Everything created so far, and the guard against touching anything else.
    pub cleanup: Cleanup,
    /// The shared setup steps that failed, so that one failure is one root cause.
    pub setups: SetupSteps,
    /// The resources met that the run did not create, and whether their values are masked.
    pub foreign: Ledger,
}

impl Context {
    /// The state of a run that has just discovered `target`: no test data used, nothing created
    /// or failed yet; `mask_foreign` says whether values of resources the run did not create are
    /// masked in what it records.
    pub fn new(
        client: HttpClient,
        target: Target,
        discovered: Discovered,
        mask_foreign: bool,
    ) -> Self {
        Self {
            client,
            target,
            discovered,
            data: TestData::new(),
            cleanup: Cleanup::default(),
            setups: SetupSteps::default(),
            foreign: Ledger::new(mask_foreign),
        }
    }
}
