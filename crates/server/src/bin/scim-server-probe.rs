//! A bare server process for the durability test: serves the SQLite file named by the first
//! argument on an ephemeral loopback port, prints the SCIM 2.0 base URL on one line, and runs
//! until killed. The test kills it with SIGKILL and reopens the file.

use scim_server::{ServerConfig, spawn};
use std::io::Write;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let Some(db) = std::env::args().nth(1) else {
        eprintln!("usage: scim-server-probe DB_FILE");
        return std::process::ExitCode::from(2);
    };
    let config = ServerConfig::default().with_db(db).with_seed(0, 0);
    match spawn(config).await {
        Ok(server) => {
            println!("{}", server.base_url_v2());
            let _ = std::io::stdout().flush();
            server.wait().await;
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("scim-server-probe: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
