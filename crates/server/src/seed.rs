//! Seeding: realistic users and groups in an empty store, so a fresh server already answers
//! what IdP test plans read first (Okta's SPEC tests read `Resources[0]` of `/Users` and expect
//! at least one group).

use crate::api::Api;
use crate::error::ApiError;
use crate::operations::{self, now};
use crate::resource_type::Kind;
use crate::store::{self, Stored};
use scim::schema::urn;
use serde_json::{Value, json};

const GIVEN: [&str; 12] = [
    "Ada", "Grace", "Alan", "Barbara", "Edsger", "Frances", "Donald", "Margaret", "Ken", "Radia",
    "Tim", "Hedy",
];
const FAMILY: [&str; 12] = [
    "Lovelace",
    "Hopper",
    "Turing",
    "Liskov",
    "Dijkstra",
    "Allen",
    "Knuth",
    "Hamilton",
    "Thompson",
    "Perlman",
    "Berners-Lee",
    "Lamarr",
];
const DEPARTMENTS: [&str; 6] = [
    "Engineering",
    "Sales",
    "Support",
    "Finance",
    "Marketing",
    "Legal",
];

/// The `n`-th seeded user's given and family name.
fn names(n: usize) -> (&'static str, &'static str) {
    (
        GIVEN[n % GIVEN.len()],
        FAMILY[(n / GIVEN.len()) % FAMILY.len()],
    )
}

/// The `n`-th seeded user's userName (unique).
pub fn user_name(n: usize) -> String {
    let (given, family) = names(n);
    format!(
        "{}.{}{}@example.com",
        given.to_lowercase(),
        family.to_lowercase(),
        n
    )
}

/// The `n`-th seeded user: unique userName, name, email, active, enterprise department.
pub fn user(n: usize) -> Value {
    let (given, family) = names(n);
    let user_name = user_name(n);
    json!({
        "schemas": [urn::USER, urn::ENTERPRISE_USER],
        "userName": user_name,
        "externalId": format!("ext-{n:06}"),
        "name": { "givenName": given, "familyName": family, "formatted": format!("{given} {family}") },
        "displayName": format!("{given} {family}"),
        "emails": [{ "value": user_name, "type": "work", "primary": true }],
        "active": true,
        urn::ENTERPRISE_USER: { "department": DEPARTMENTS[n % DEPARTMENTS.len()], "employeeNumber": format!("{n}") },
    })
}

/// Fills an empty store with `users` users and `groups` groups (in one transaction); the
/// first users are members of the groups.
pub async fn seed(api: &Api, users: usize, groups: usize) -> Result<(), ApiError> {
    let api2 = api.clone();
    api.store()
        .write(move |tx| {
            if store::count(tx, Kind::User)? + store::count(tx, Kind::Group)? > 0 {
                return Ok(());
            }
            store::bulk_load(tx, || {
                let mut user_ids = Vec::new();
                for n in 0..users {
                    let attrs = operations::validated(&api2, Kind::User, &user(n))?;
                    let id = uuid::Uuid::new_v4().to_string();
                    insert(tx, Kind::User, &id, Value::Object(attrs))?;
                    user_ids.push(id);
                }
                for g in 0..groups {
                    let name = match DEPARTMENTS.get(g) {
                        Some(d) => (*d).to_owned(),
                        None => format!("Team {g}"),
                    };
                    let members: Vec<Value> = user_ids
                        .iter()
                        .skip(g)
                        .step_by(groups.max(1))
                        .take(50)
                        .map(|id| json!({ "value": id }))
                        .collect();
                    let body =
                        json!({ "schemas": [urn::GROUP], "displayName": name, "members": members });
                    let mut attrs = operations::validated(&api2, Kind::Group, &body)?;
                    operations::complete_members(&api2, tx, &mut attrs)?;
                    insert(
                        tx,
                        Kind::Group,
                        &uuid::Uuid::new_v4().to_string(),
                        Value::Object(attrs),
                    )?;
                }
                Ok(())
            })
        })
        .await
}

fn insert(
    tx: &rusqlite::Transaction<'_>,
    kind: Kind,
    id: &str,
    body: Value,
) -> Result<(), ApiError> {
    let time = now();
    let stored = Stored {
        id: id.to_owned(),
        seq: 0,
        version: 1,
        created: time.clone(),
        modified: time,
        body,
    };
    store::insert(tx, kind, &stored).map(|_| ())
}
