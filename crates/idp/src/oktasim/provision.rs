//! The SCIM side of the simulator: what Okta's provisioning engine sends to the app's SCIM
//! server when an admin assigns, updates, deactivates, reactivates or unassigns a user. Every
//! exchange is recorded (credential masked) so a run can show what "Okta" did.

use crate::call::ScimCall;
use crate::okta::shape::{self, AppUser};
use scimcheck_engine::egress::Egress;
use scimcheck_engine::http::{HttpClient, HttpError, HttpLimits, RequestSpec};
use scimcheck_engine::model::Exchange;
use scimcheck_engine::redact::Redactor;
use serde_json::{Value, json};
use std::sync::Mutex;

/// The password Okta sends on create and profile push (Okta generates one when password sync is
/// off; the server must store or ignore it, never return it).
const PASSWORD: &str = "Kv7J2LEa-okta-sim";

/// Why a provisioning call did not do what Okta needed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProvisionError {
    /// Nothing came back (refused, reset, timeout) or the request could not be built.
    #[error(
        "{method} {path}: no response ({detail}); is the SCIM server running at the SCIM URL the org was given?"
    )]
    Transport {
        /// Method sent.
        method: String,
        /// Path sent.
        path: String,
        /// What went wrong.
        detail: String,
    },
    /// The server answered with a status Okta treats as failure.
    #[error("{method} {path} answered {status}: {excerpt}")]
    Status {
        /// Method sent.
        method: String,
        /// Path sent.
        path: String,
        /// Status received.
        status: u16,
        /// Start of the response body.
        excerpt: String,
    },
    /// The answer lacked what Okta reads from it (an `id`, a `Resources` list).
    #[error("{method} {path} answered without {missing}; Okta cannot link the user")]
    Shape {
        /// Method sent.
        method: String,
        /// Path sent.
        path: String,
        /// What was missing.
        missing: &'static str,
    },
}

/// Sends Okta-shaped SCIM calls to one SCIM server and records them.
#[derive(Debug)]
pub(crate) struct Provisioner {
    client: HttpClient,
    base_url: String,
    auth: String,
    redactor: Redactor,
    log: Mutex<Vec<Exchange>>,
    /// The SCIM ids of the users this simulator created (not those it linked by lookup): the
    /// test data scimcheck deletes when the run ends ([`Provisioner::delete_created`]).
    created: Mutex<Vec<String>>,
}

/// What deleting the simulator's own users came to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleanup {
    /// Users deleted (or already gone: 404).
    pub deleted: usize,
    /// The deletions that failed, each as the error says it.
    pub failed: Vec<String>,
}

impl Provisioner {
    pub(crate) fn new(base_url: &str, auth: &str, limits: HttpLimits) -> Result<Self, HttpError> {
        let client = HttpClient::new(limits, Egress::new(base_url).with_secret(auth))?;
        let redactor = client.egress().redactor().clone();
        Ok(Provisioner {
            client,
            base_url: base_url.trim_end_matches('/').to_owned(),
            auth: auth.to_owned(),
            redactor,
            log: Mutex::new(Vec::new()),
            created: Mutex::new(Vec::new()),
        })
    }

    /// The exchanges so far, credential masked.
    pub(crate) fn exchanges(&self) -> Vec<Exchange> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Sends `call`; a 2xx answer's JSON body (`Null` when empty or not JSON) or the failure.
    async fn send(&self, call: ScimCall) -> Result<Value, ProvisionError> {
        let mut headers: Vec<(String, String)> = call
            .headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        headers.push(("Authorization".into(), self.auth.clone()));
        let spec = RequestSpec {
            method: call.method.to_owned(),
            url: format!("{}{}", self.base_url, call.path),
            headers,
            body: call.body.as_ref().map(Value::to_string).unwrap_or_default(),
            basic_auth: None,
        };
        let transport = |detail: String| ProvisionError::Transport {
            method: call.method.to_owned(),
            path: call.path.clone(),
            detail,
        };
        let received = self
            .client
            .send(&spec)
            .await
            .map_err(|e| transport(e.to_string()))?;
        let mut exchange = received.exchange.clone();
        exchange.request.headers = exchange
            .request
            .headers
            .iter()
            .map(|(n, v)| (n.clone(), self.redactor.mask(v)))
            .collect();
        self.log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(exchange);
        let Some(response) = received.response() else {
            return Err(transport(
                received.exchange.error.clone().unwrap_or_default(),
            ));
        };
        if !(200..300).contains(&response.status) {
            return Err(ProvisionError::Status {
                method: call.method.to_owned(),
                path: call.path.clone(),
                status: response.status,
                excerpt: received.body.chars().take(200).collect(),
            });
        }
        Ok(serde_json::from_str(&received.body).unwrap_or(Value::Null))
    }

    fn user_path(id: &str) -> String {
        scimcheck_suites::probe::resource_path("/Users", id)
    }

    /// Assignment: look the user up by userName; link and reactivate an existing one, create a
    /// new one otherwise. Returns the SCIM id.
    pub(crate) async fn assign(&self, user: &AppUser) -> Result<String, ProvisionError> {
        let lookup = shape::lookup_user("/Users", &user.user_name);
        let path = lookup.path.clone();
        // Okta's reference calls a 404 error body "another acceptable response" when nothing
        // matches, so it reads as "none", like 200 with an empty list.
        let found = match self.send(lookup).await {
            Err(ProvisionError::Status { status: 404, .. }) => json!({"totalResults": 0}),
            other => other?,
        };
        // Some servers omit Resources when nothing matched: Okta reads that as "none".
        let existing = match found.get("Resources").and_then(Value::as_array) {
            Some(list) => list.first().cloned(),
            None if found.get("totalResults").and_then(Value::as_u64) == Some(0) => None,
            None => {
                return Err(ProvisionError::Shape {
                    method: "GET".into(),
                    path,
                    missing: "a Resources list",
                });
            }
        };
        if let Some(existing) = existing {
            let id = existing
                .get("id")
                .and_then(Value::as_str)
                .ok_or(ProvisionError::Shape {
                    method: "GET".into(),
                    path,
                    missing: "an id on the matching user",
                })?
                .to_owned();
            if existing.get("active") == Some(&Value::Bool(false)) {
                self.set_active(&id, true).await?;
            }
            self.push_profile(&id, user).await?;
            return Ok(id);
        }
        let created = self
            .send(shape::create_user("/Users", user, PASSWORD))
            .await?;
        let id = created
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or(ProvisionError::Shape {
                method: "POST".into(),
                path: "/Users".into(),
                missing: "an id in the 201 body",
            })?;
        self.created
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(id.clone());
        Ok(id)
    }

    /// Deletes every user this simulator created, once. Okta itself only deactivates, but here
    /// scimcheck made the calls, and it leaves no test data behind on the target; users it
    /// found by lookup and linked were not its own and stay.
    pub(crate) async fn delete_created(&self) -> Cleanup {
        let ids = std::mem::take(&mut *self.created.lock().unwrap_or_else(|e| e.into_inner()));
        let mut cleanup = Cleanup::default();
        for id in ids {
            match self.send(shape::delete(&Self::user_path(&id))).await {
                Ok(_) | Err(ProvisionError::Status { status: 404, .. }) => cleanup.deleted += 1,
                Err(e) => cleanup.failed.push(e.to_string()),
            }
        }
        cleanup
    }

    /// Profile push: GET the user, then PUT it back with the mapped attributes.
    pub(crate) async fn push_profile(
        &self,
        id: &str,
        user: &AppUser,
    ) -> Result<(), ProvisionError> {
        let path = Self::user_path(id);
        let current = self.send(shape::get(&path)).await?;
        self.send(shape::put_profile(&path, &current, user, PASSWORD))
            .await
            .map(drop)
    }

    /// Deactivation or reactivation by path-less PATCH.
    pub(crate) async fn set_active(&self, id: &str, active: bool) -> Result<(), ProvisionError> {
        self.send(shape::set_active(&Self::user_path(id), active))
            .await
            .map(drop)
    }
}
