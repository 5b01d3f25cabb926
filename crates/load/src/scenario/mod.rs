//! The scenarios, each modelled on how an identity provider provisions (docs/LOAD.md cites the
//! sources), each ending in verdicts about what the server kept.

mod create_race;
mod group_push;
mod import;
mod lifecycle;
mod mixed;
mod read_only;
mod update_race;

use crate::driver::{Call, Driver};
use scimcheck_engine::model::CaseResult;
use serde_json::{Value, json};
use std::fmt;
use std::str::FromStr;

/// A load scenario (`--scenario`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// Create a group, add `--users` members in batches from parallel clients, rename it,
    /// remove some; the group must end with exactly the members pushed.
    GroupPush,
    /// Create `--users` users, then page through them all: each readable exactly once.
    Import,
    /// Parallel creates of one userName: exactly one 201, the others 409.
    CreateRace,
    /// Parallel If-Match updates of one user: exactly one succeeds, the others 412.
    UpdateRace,
    /// Per user: create, deactivate, reactivate, update, delete; each step as expected.
    Lifecycle,
    /// After creating `--users` users: lookups, reads, updates and creates at once; every
    /// answer as expected, every lookup finding exactly its user.
    Mixed,
    /// Lookups and pages only: the one scenario allowed on a target that is not loopback unless
    /// writes are allowed there.
    ReadOnly,
}

impl Scenario {
    /// Every scenario, in the order the docs list them.
    pub const ALL: &'static [Scenario] = &[
        Scenario::GroupPush,
        Scenario::Import,
        Scenario::CreateRace,
        Scenario::UpdateRace,
        Scenario::Lifecycle,
        Scenario::Mixed,
        Scenario::ReadOnly,
    ];

    /// Its `--scenario` name.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::GroupPush => "group-push",
            Scenario::Import => "import",
            Scenario::CreateRace => "create-race",
            Scenario::UpdateRace => "update-race",
            Scenario::Lifecycle => "lifecycle",
            Scenario::Mixed => "mixed",
            Scenario::ReadOnly => "read-only",
        }
    }

    /// Whether it creates or changes anything on the server.
    pub fn writes(self) -> bool {
        self != Scenario::ReadOnly
    }

    /// Runs the scenario; returns its verdicts.
    pub async fn run(self, driver: &Driver, users: usize) -> Vec<CaseResult> {
        match self {
            Scenario::GroupPush => group_push::run(driver, users).await,
            Scenario::Import => import::run(driver, users).await,
            Scenario::CreateRace => create_race::run(driver, users).await,
            Scenario::UpdateRace => update_race::run(driver, users).await,
            Scenario::Lifecycle => lifecycle::run(driver, users).await,
            Scenario::Mixed => mixed::run(driver, users).await,
            Scenario::ReadOnly => read_only::run(driver).await,
        }
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Scenario {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Scenario::ALL
            .iter()
            .copied()
            .find(|scenario| scenario.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Scenario::ALL.iter().map(|s| s.name()).collect();
                format!("unknown scenario {s:?}; choose one of {}", names.join(", "))
            })
    }
}

/// A user the run created and the server acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
struct User {
    id: String,
    user_name: String,
}

impl User {
    /// How a verdict names it: `userName (id)`.
    fn label(&self) -> String {
        format!("{} ({})", self.user_name, self.id)
    }
}

/// Creates `count` generated users as the phase `create-user`; returns those acknowledged
/// with a 201 and an id, and the number of failed creates.
async fn create_users(driver: &Driver, count: usize) -> (Vec<User>, usize) {
    let ctx = &driver.ctx;
    let outcomes = driver
        .phase(count, |_, due| async move {
            let body = ctx.data.user(&ctx.discovered);
            let user_name = body["userName"].as_str().unwrap_or_default().to_owned();
            let call = Call {
                operation: "create-user",
                method: "POST",
                path: "/Users".into(),
                body: Some(body),
                expect: &[201],
            };
            match driver.send(call, due).await {
                Ok(answer) if answer.status == 201 => answer.id().map(|id| User { id, user_name }),
                _ => None,
            }
        })
        .await;
    let failed = outcomes.iter().filter(|o| o.is_none()).count();
    (outcomes.into_iter().flatten().collect(), failed)
}

/// Whether a PATCH or DELETE was acknowledged.
fn ok(status: u16) -> bool {
    matches!(status, 200 | 204)
}

/// A PATCH of `path` measured as `operation`, with a PatchOp body of `operations`.
fn patch<'a>(operation: &'a str, path: &str, operations: Value) -> Call<'a> {
    Call {
        operation,
        method: "PATCH",
        path: path.to_owned(),
        body: Some(json!({"schemas": [scim::schema::urn::PATCH_OP], "Operations": operations})),
        expect: &[200, 204],
    }
}
