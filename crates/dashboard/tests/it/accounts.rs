//! Team use: named accounts with Argon2id passwords, admins who manage them, and the audit log
//! of who changed an environment, a schedule, a suite or an account.

use crate::support::{self, Client, dashboard, data_dir, fresh_dashboard};

const ADMIN_PASSWORD: &str = "open sesame";
const BEA_PASSWORD: &str = "bea's long passphrase";

/// An admin client signed in with `--password`, and an account `bea` (member) it added.
async fn admin_and_bea(url: &str) -> (Client, Client, i64) {
    let mut admin = Client::new(url.to_owned()).await;
    assert_eq!(admin.sign_in("", ADMIN_PASSWORD).await.status, 303);
    admin.get("/team").await;
    let added = admin
        .post("/team", &[("name", "bea"), ("password", BEA_PASSWORD)])
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    let team = admin.get("/team").await.body;
    let row = team.find("<td>bea</td>").expect("bea listed");
    let start = team[row..].find("/team/").unwrap() + row + "/team/".len();
    let id = team[start..].split('/').next().unwrap().parse().unwrap();
    let mut bea = Client::new(url.to_owned()).await;
    let signed_in = bea.sign_in("bea", BEA_PASSWORD).await;
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    (admin, bea, id)
}

#[tokio::test]
async fn members_sign_in_by_name_change_environments_in_their_name_and_cannot_manage_accounts() {
    let dir = data_dir();
    let dash = dashboard(&dir, Some(ADMIN_PASSWORD)).await;
    let (mut admin, mut bea, bea_id) = admin_and_bea(&dash.url()).await;
    assert!(
        bea.get("/team")
            .await
            .body
            .contains("Signed in as <strong>bea</strong> (member)")
    );
    assert!(
        !bea.get("/team").await.body.contains("id=\"accounts\""),
        "members see no account list"
    );
    for (path, fields) in [
        (
            "/team",
            vec![("name", "eve"), ("password", "eve's long passphrase")],
        ),
        (&*format!("/team/{bea_id}/role"), vec![("admin", "on")]),
        (
            &*format!("/team/{bea_id}/password"),
            vec![("password", "a new long passphrase")],
        ),
        ("/team/1/delete", vec![]),
    ] {
        bea.get("/team").await;
        let refused = bea.post(path, &fields).await;
        assert_eq!(refused.status, 403, "{path}: {}", refused.body);
    }
    let env = bea
        .create_environment("Target", "", "Bearer first-credential-1234")
        .await;
    bea.get(&format!("/environments/{env}")).await;
    let fields = [
        ("name", "Target"),
        ("base_url", ""),
        ("auth", "Bearer second-credential-5678"),
        ("variables", ""),
        ("initial_script", ""),
        ("pauses", "skip"),
    ];
    assert_eq!(
        bea.post(&format!("/environments/{env}"), &fields)
            .await
            .status,
        303
    );
    let rows = admin.audit_rows().await;
    let bea_rows: Vec<&String> = rows.iter().filter(|r| r.contains("|bea|")).collect();
    assert!(
        bea_rows.iter().any(|r| r.ends_with(&format!(
            "|bea|changed environment|Target (#{env})|credential"
        ))),
        "{rows:#?}"
    );
    assert!(
        bea_rows
            .iter()
            .any(|r| r.ends_with(&format!("|bea|created environment|Target (#{env})|"))),
        "{rows:#?}"
    );
    assert!(
        bea_rows.iter().any(|r| r.ends_with("|bea|signed in||")),
        "{rows:#?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.ends_with(&format!("|admin|added account|bea (#{bea_id})|member"))),
        "{rows:#?}"
    );
    let log = admin.get("/audit").await.body;
    assert!(
        !log.contains("credential-1234") && !log.contains("credential-5678"),
        "no value in the log"
    );
    dash.shutdown().await;
}

#[tokio::test]
async fn admins_manage_accounts_and_a_deleted_or_reset_account_is_signed_out_at_once() {
    let dir = data_dir();
    let dash = dashboard(&dir, Some(ADMIN_PASSWORD)).await;
    let (mut admin, mut bea, bea_id) = admin_and_bea(&dash.url()).await;
    admin.get("/team").await;
    let short = admin
        .post("/team", &[("name", "eve"), ("password", "short")])
        .await;
    assert_eq!(short.status, 400, "{}", short.body);
    assert!(short.body.contains("at least 12"), "{}", short.body);
    let taken = admin
        .post("/team", &[("name", "BEA"), ("password", BEA_PASSWORD)])
        .await;
    assert_eq!(taken.status, 409, "names ignore case: {}", taken.body);
    let bad_name = admin
        .post("/team", &[("name", "<b>"), ("password", BEA_PASSWORD)])
        .await;
    assert_eq!(bad_name.status, 400, "{}", bad_name.body);

    // The only admin can neither leave nor be demoted.
    let team = admin.get("/team").await.body;
    let admin_id: i64 = {
        let row = team.find("<td>admin</td>").expect("admin listed");
        let start = team[row..].find("/team/").unwrap() + row + "/team/".len();
        team[start..].split('/').next().unwrap().parse().unwrap()
    };
    let demote = admin
        .post(&format!("/team/{admin_id}/role"), &[("admin", "off")])
        .await;
    assert_eq!(demote.status, 409, "{}", demote.body);
    admin.get("/team").await;
    let own = admin.post(&format!("/team/{admin_id}/delete"), &[]).await;
    assert_eq!(own.status, 400, "{}", own.body);

    // A promoted member manages accounts at once.
    admin.get("/team").await;
    assert_eq!(
        admin
            .post(&format!("/team/{bea_id}/role"), &[("admin", "on")])
            .await
            .status,
        303
    );
    assert!(
        bea.get("/team").await.body.contains("id=\"accounts\""),
        "bea is an admin now"
    );

    // A reset password ends bea's session; the old password no longer signs in.
    admin.get("/team").await;
    let reset = admin
        .post(
            &format!("/team/{bea_id}/password"),
            &[("password", "a brand new passphrase")],
        )
        .await;
    assert_eq!(reset.status, 303, "{}", reset.body);
    assert_eq!(bea.get("/").await.location, "/login", "signed out");
    assert_eq!(bea.sign_in("bea", BEA_PASSWORD).await.status, 401);
    assert_eq!(
        bea.sign_in("bea", "a brand new passphrase").await.status,
        303
    );

    // Bea changes her own password: the current one first; her session stays.
    bea.get("/team").await;
    let wrong = bea
        .post(
            "/team/password",
            &[("current", "guess"), ("password", "bea's third passphrase")],
        )
        .await;
    assert_eq!(wrong.status, 401, "{}", wrong.body);
    bea.get("/team").await;
    let changed = bea
        .post(
            "/team/password",
            &[
                ("current", "a brand new passphrase"),
                ("password", "bea's third passphrase"),
            ],
        )
        .await;
    assert_eq!(changed.status, 303, "{}", changed.body);
    assert_eq!(bea.get("/").await.status, 200, "still signed in");

    // Deleted: signed out on the next request, and cannot sign in again.
    admin.get("/team").await;
    assert_eq!(
        admin
            .post(&format!("/team/{bea_id}/delete"), &[])
            .await
            .status,
        303
    );
    assert_eq!(bea.get("/environments").await.location, "/login");
    assert_eq!(
        bea.sign_in("bea", "bea's third passphrase").await.status,
        401
    );

    // Signing out ends the admin's session.
    admin.get("/team").await;
    assert_eq!(admin.post("/logout", &[]).await.location, "/login");
    assert_eq!(admin.get("/").await.location, "/login");
    let mut again = Client::new(dash.url()).await;
    again.sign_in("", ADMIN_PASSWORD).await;
    let actions = again.audit_rows().await;
    for expected in [
        format!("|admin|made admin|bea (#{bea_id})|"),
        format!("|admin|set the password of|bea (#{bea_id})|"),
        format!("|bea|changed own password|bea (#{bea_id})|"),
        format!("|admin|deleted account|bea (#{bea_id})|"),
    ] {
        assert!(
            actions.iter().any(|r| r.ends_with(&expected)),
            "{expected}: {actions:#?}"
        );
    }
    dash.shutdown().await;
}

#[tokio::test]
async fn passwords_are_stored_only_as_argon2id_hashes() {
    let dir = data_dir();
    let dash = dashboard(&dir, Some(ADMIN_PASSWORD)).await;
    let (_admin, _bea, _) = admin_and_bea(&dash.url()).await;
    dash.shutdown().await;
    let db = rusqlite::Connection::open(dir.join("dashboard.sqlite3")).unwrap();
    let hashes: Vec<(String, String)> = db
        .prepare("SELECT name, password_hash FROM users ORDER BY name")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(hashes.len(), 2, "{hashes:?}");
    for (name, hash) in &hashes {
        assert!(hash.starts_with("$argon2id$v=19$"), "{name}: {hash}");
    }
    drop(db);
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        bytes.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    for password in [ADMIN_PASSWORD, BEA_PASSWORD] {
        assert!(
            !bytes
                .windows(password.len())
                .any(|w| w == password.as_bytes()),
            "{password:?} is in the data directory"
        );
    }
}

#[tokio::test]
async fn accounts_once_made_are_required_even_when_restarted_without_a_password() {
    let dir = data_dir();
    let dash = dashboard(&dir, Some(ADMIN_PASSWORD)).await;
    let (_admin, _bea, _) = admin_and_bea(&dash.url()).await;
    dash.shutdown().await;
    let dash = dashboard(&dir, None).await;
    let mut client = Client::new(dash.url()).await;
    assert_eq!(client.get("/").await.location, "/login");
    assert_eq!(client.sign_in("bea", BEA_PASSWORD).await.status, 303);
    assert_eq!(client.get("/").await.status, 200);
    dash.shutdown().await;
}

#[tokio::test]
async fn without_accounts_everyone_is_local_and_the_log_says_so() {
    let (dash, mut client) = fresh_dashboard().await;
    let env = client.create_environment("Target", "", "").await;
    client.edit_environment(env, "Renamed", "", "honor").await;
    let team = client.get("/team").await;
    assert!(team.body.contains("no accounts"), "{}", team.body);
    let refused = client
        .post("/team", &[("name", "bea"), ("password", BEA_PASSWORD)])
        .await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(refused.body.contains("--password"), "{}", refused.body);
    let rows = client.audit_rows().await;
    let local = scimcheck_dashboard::accounts::Actor::LOCAL;
    assert!(
        rows.iter().any(|r| r.ends_with(&format!(
            "|{local}|changed environment|Renamed (#{env})|name, pauses"
        ))),
        "{rows:#?}"
    );
    client.get("/suites").await;
    let csrf = client.csrf.clone();
    assert_eq!(
        client
            .upload(&csrf, "spec.json", support::fixture::HOSTILE_TEST)
            .await
            .status,
        303
    );
    client.get("/environments").await;
    assert_eq!(
        client
            .post(&format!("/environments/{env}/delete"), &[])
            .await
            .status,
        303
    );
    let rows = client.audit_rows().await;
    assert!(
        rows.iter()
            .any(|r| r.contains("|uploaded suite|") && r.ends_with("|spec.json")),
        "{rows:#?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.ends_with(&format!("|deleted environment|Renamed (#{env})|"))),
        "{rows:#?}"
    );
    dash.shutdown().await;
}

#[tokio::test]
async fn guessing_ones_own_current_password_is_held_to_the_sign_in_backoff() {
    let dir = data_dir();
    let dash = dashboard(&dir, Some(ADMIN_PASSWORD)).await;
    let (_admin, mut bea, _) = admin_and_bea(&dash.url()).await;
    let change = |current: &'static str| {
        [
            ("current", current),
            ("password", "a fourth long passphrase"),
        ]
    };
    for attempt in 1..=3 {
        bea.get("/team").await;
        let wrong = bea.post("/team/password", &change("guess")).await;
        assert_eq!(wrong.status, 401, "attempt {attempt} is checked");
    }
    bea.get("/team").await;
    let locked = bea.post("/team/password", &change(BEA_PASSWORD)).await;
    assert_eq!(locked.status, 429, "{}", locked.body);
    assert!(locked.retry_after >= 1, "Retry-After says how long");
    assert_eq!(
        bea.sign_in("bea", BEA_PASSWORD).await.status,
        429,
        "the same address waits at sign-in too"
    );
    dash.shutdown().await;
}
