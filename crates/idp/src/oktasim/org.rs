//! The simulated Okta org: its users, their one app assignment, and the JSON Okta's management
//! API answers with. Pure data; the handlers in `api` decide when to provision.

use crate::okta::shape::AppUser;
use serde_json::{Value, json};
use std::collections::HashMap;

/// An Okta user's lifecycle status (the two the CRUD test reaches).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// `ACTIVE`.
    Active,
    /// `STAGED`: created with `activate=false`.
    Staged,
    /// `DEPROVISIONED`: deactivated.
    Deprovisioned,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Active => "ACTIVE",
            Status::Staged => "STAGED",
            Status::Deprovisioned => "DEPROVISIONED",
        }
    }
}

/// The user's relation to the simulated SCIM app.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    /// Whether the user is currently assigned.
    pub(crate) assigned: bool,
    /// The app profile Okta provisions.
    pub(crate) app_user: AppUser,
    /// The SCIM id once provisioning created or linked the user (kept after unassignment,
    /// as Okta keeps the external id).
    pub(crate) scim_id: Option<String>,
    /// The last provisioning failure, shown as `syncState: ERROR`.
    pub(crate) error: Option<String>,
}

/// One Okta user.
#[derive(Debug, Clone)]
pub(crate) struct User {
    pub(crate) id: String,
    pub(crate) status: Status,
    /// Okta's profile object as last written (`firstName`, `lastName`, `email`, `login`…).
    pub(crate) profile: Value,
    pub(crate) link: Option<Link>,
}

impl User {
    /// The user as `GET /api/v1/users/{id}` shows it.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "status": self.status.as_str(),
            "profile": self.profile,
            "credentials": {"provider": {"type": "OKTA", "name": "OKTA"}},
            "_links": {"self": {"href": format!("/api/v1/users/{}", self.id)}},
        })
    }

    /// The app user as `POST /api/v1/apps/{appId}/users` shows it.
    pub(crate) fn app_user_json(&self) -> Value {
        let Some(link) = &self.link else {
            return json!({"id": self.id});
        };
        json!({
            "id": self.id,
            "externalId": link.scim_id,
            "scope": "USER",
            "status": if link.scim_id.is_some() { "PROVISIONED" } else { "STAGED" },
            "syncState": if link.error.is_some() { "ERROR" } else { "SYNCHRONIZED" },
            "credentials": {"userName": link.app_user.user_name},
            "profile": {
                "givenName": link.app_user.given_name,
                "familyName": link.app_user.family_name,
                "email": link.app_user.email,
                "emailType": "work",
            },
        })
    }

    /// The app profile Okta's attribute mapping derives from the Okta profile (`firstName` →
    /// `givenName`, …), over what the assignment said.
    pub(crate) fn mapped(&self, base: &AppUser) -> AppUser {
        let text = |key: &str, fallback: &str| {
            self.profile
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or(fallback)
                .to_owned()
        };
        AppUser {
            user_name: base.user_name.clone(),
            given_name: text("firstName", &base.given_name),
            family_name: text("lastName", &base.family_name),
            email: text("email", &base.email),
            okta_id: self.id.clone(),
        }
    }
}

/// Every user of the org, by Okta id.
#[derive(Debug, Default)]
pub(crate) struct Org {
    pub(crate) users: HashMap<String, User>,
}

impl Org {
    /// Whether some user already has `login` (Okta's logins are unique, case-insensitively).
    pub(crate) fn login_taken(&self, login: &str) -> bool {
        self.users.values().any(|u| {
            u.profile
                .get("login")
                .and_then(Value::as_str)
                .is_some_and(|l| l.eq_ignore_ascii_case(login))
        })
    }
}

/// An Okta error body (`errorCode`, `errorSummary`, …) as the management API sends it.
pub(crate) fn error_body(code: &str, summary: &str) -> Value {
    json!({
        "errorCode": code,
        "errorSummary": summary,
        "errorLink": code,
        "errorId": format!("oae{}", uuid::Uuid::new_v4().simple()),
        "errorCauses": [],
    })
}

/// An Okta-style id: a three-character type prefix and 17 random characters.
pub(crate) fn new_id(prefix: &str) -> String {
    let random = uuid::Uuid::new_v4().simple().to_string();
    format!("{prefix}{}", random.get(..17).unwrap_or(&random))
}
