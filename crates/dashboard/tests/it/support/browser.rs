//! A real headless Chromium driven over WebDriver (chromedriver on a 127.0.0.1 port), one fresh
//! profile per session. Without the browser binaries a test says in one line that it did not
//! run and how to install them (scimcheck-testkit), or fails under `SCIMCHECK_REQUIRE_BROWSER`.

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const INSTALL: &str = "the browser tests need Debian's chromium and chromedriver: run \
    `apt-get install -y chromium chromium-driver` (CI's .ci/run installs them)";

/// A running chromedriver.
pub struct Driver {
    child: Child,
    url: String,
    chromium: PathBuf,
    profiles: Vec<PathBuf>,
}

impl Driver {
    /// Starts chromedriver on a free loopback port and waits until it accepts connections;
    /// `None` when there is no browser.
    pub async fn start() -> Option<Driver> {
        let scimcheck_testkit::Browser {
            chromium,
            chromedriver,
        } = scimcheck_testkit::browser()?;
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start chromedriver: {e}; {INSTALL}"));
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Some(Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            chromium,
            profiles: Vec::new(),
        })
    }

    /// A new browser session with a fresh profile (no cookies, no cache).
    pub async fn session(&mut self) -> Client {
        let profile = super::data_dir();
        let args = [
            "--headless".to_owned(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=1280,900".into(),
            format!("--user-data-dir={}", profile.display()),
        ];
        self.profiles.push(profile);
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({ "binary": self.chromium, "args": args }),
        );
        // chromedriver is plain HTTP on loopback: no TLS stack needed.
        ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .unwrap_or_else(|e| panic!("chromedriver refused a session: {e}; {INSTALL}"))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        for profile in &self.profiles {
            let _ = std::fs::remove_dir_all(profile);
        }
    }
}

/// The number `script` returns.
pub async fn number(client: &Client, script: &str) -> i64 {
    client
        .execute(script, vec![])
        .await
        .expect("script runs")
        .as_i64()
        .unwrap_or(-1)
}

/// Clicks the element matching `css`.
pub async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} not on the page: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
}

/// Types `text` into the element matching `css`.
pub async fn fill(client: &Client, css: &str, text: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} not on the page: {e}"))
        .send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("cannot type into {css}: {e}"));
}

/// Names the directory screenshots are written to; unset (the default, and CI), none are
/// taken, so a test run leaves the checkout unmodified.
pub const SCREENSHOTS_VAR: &str = "SCIMCHECK_SCREENSHOTS";

/// Saves a screenshot of the page as `NAME.png` under the directory named by
/// [`SCREENSHOTS_VAR`] (relative to the workspace root, e.g. `docs/screenshots`); does nothing
/// when the variable is unset or empty.
pub async fn screenshot(client: &Client, name: &str) {
    let Some(dir) = std::env::var_os(SCREENSHOTS_VAR).filter(|d| !d.is_empty()) else {
        return;
    };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(dir);
    let png = client.screenshot().await.expect("screenshot");
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("{SCREENSHOTS_VAR}={} is not writable: {e}", dir.display()));
    std::fs::write(dir.join(format!("{name}.png")), png).expect("screenshot saved");
}

/// Waits up to `seconds` for `script` to return true.
pub async fn wait_for(client: &Client, script: &str, seconds: u64) {
    for _ in 0..seconds * 20 {
        if client.execute(script, vec![]).await.ok() == Some(serde_json::Value::Bool(true)) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("waited {seconds} s for `{script}`");
}
