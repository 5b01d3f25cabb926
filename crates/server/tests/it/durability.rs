//! Every acknowledged write survives `kill -9`: writes through a server process, SIGKILL it,
//! reopen the same SQLite file in a new process, read everything back.

use crate::common;

use common::user;
use reqwest::Client;
use scim_server::DEFAULT_TOKEN;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

fn start(db: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_scim-server-probe"))
        .arg(db)
        .stdout(Stdio::piped())
        .spawn()
        .expect("the probe server starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("base URL line");
    (child, line.trim().to_owned())
}

#[tokio::test]
async fn acknowledged_writes_survive_sigkill() {
    let dir = std::env::temp_dir().join(format!("scim-durability-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("scim.db");
    let _ = std::fs::remove_file(&db);
    let client = Client::new();
    let (mut child, base) = start(&db);
    let mut ids = Vec::new();
    for i in 0..25 {
        let r = client
            .post(format!("{base}/Users"))
            .bearer_auth(DEFAULT_TOKEN)
            .header("content-type", "application/scim+json")
            .body(user(&format!("durable{i}@example.com")).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let body: serde_json::Value = r.json().await.unwrap();
        ids.push(body["id"].as_str().unwrap().to_owned());
    }
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    let (mut child, base) = start(&db);
    for (i, id) in ids.iter().enumerate() {
        let r = client
            .get(format!("{base}/Users/{id}"))
            .bearer_auth(DEFAULT_TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "user {i} lost after kill -9");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["userName"], format!("durable{i}@example.com"));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
