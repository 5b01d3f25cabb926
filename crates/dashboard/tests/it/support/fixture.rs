//! SCIM targets for the browser tests: a slow proxy in front of the reference server (so steps
//! visibly arrive one by one) and a hostile server that answers with markup and `javascript:`
//! URLs in every string; and an SMTP server that keeps the alert e-mails it is sent.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::sync::{Arc, Mutex};
use std::time::Duration;

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}")
}

#[derive(Clone)]
struct Upstream {
    base: String,
    http: reqwest::Client,
    delay: Duration,
}

async fn forward(
    State(up): State<Upstream>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    tokio::time::sleep(up.delay).await;
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let mut request = up
        .http
        .request(method, format!("{}{path}", up.base))
        .body(body);
    for name in ["authorization", "content-type", "accept", "if-match"] {
        if let Some(value) = headers.get(name) {
            request = request.header(name, value);
        }
    }
    match request.send().await {
        Ok(response) => {
            let status = StatusCode::from_u16(response.status().as_u16()).unwrap();
            let content_type = response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("application/scim+json")
                .to_owned();
            let bytes = response.bytes().await.unwrap_or_default();
            (status, [("content-type", content_type)], bytes).into_response()
        }
        Err(e) => (StatusCode::BAD_GATEWAY, e.to_string()).into_response(),
    }
}

/// A proxy to `upstream` (an origin like `http://127.0.0.1:1234`) that waits `delay` per request.
pub async fn slow_proxy(upstream: String, delay: Duration) -> String {
    let state = Upstream {
        base: upstream,
        http: reqwest::Client::new(),
        delay,
    };
    serve(Router::new().fallback(forward).with_state(state)).await
}

/// What the hostile server puts in every string.
pub const HOSTILE: &str = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">";

async fn hostile(_request: Request) -> Response {
    tokio::time::sleep(Duration::from_millis(150)).await;
    let user = serde_json::json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": HOSTILE,
        "userName": HOSTILE,
        "profileUrl": "javascript:window.__xss=3",
        "name": { "givenName": "javascript:window.__xss=4" },
    });
    let body = serde_json::json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": 1,
        "Resources": [user],
    });
    (
        [
            ("content-type", "application/scim+json"),
            ("x-hostile", "<script>window.__xss=5</script>"),
        ],
        body.to_string(),
    )
        .into_response()
}

/// A SCIM-looking server whose every answer carries script and `javascript:` payloads.
pub async fn hostile_server() -> String {
    serve(Router::new().fallback(hostile)).await
}

/// A Runscope test that reads the hostile user and puts its userName into a step title, a
/// variable, a URL and the script log, so the payload reaches every part of the run page.
pub const HOSTILE_TEST: &str = r#"{
  "name": "Hostile target <script>window.__xss=6</script>",
  "description": "<img src=x onerror=\"window.__xss=7\">",
  "steps": [
    {
      "step_type": "request", "method": "GET", "url": "{{SCIMBaseURL}}/Users",
      "note": "List users",
      "headers": { "Authorization": ["{{auth}}"] },
      "variables": [ { "name": "hostile", "source": "response_json", "property": "Resources[0].userName" } ],
      "assertions": [ { "source": "response_json", "property": "Resources[0].userName", "comparison": "equal", "value": "alice" } ],
      "scripts": [ "var data = JSON.parse(response.body); log(data.Resources[0].userName); log(data.Resources[0].profileUrl);" ]
    },
    {
      "step_type": "request", "method": "GET", "url": "{{SCIMBaseURL}}/Users/{{hostile}}",
      "note": "Get {{hostile}}",
      "assertions": [ { "source": "response_status", "comparison": "equal_number", "value": "200" } ]
    }
  ]
}"#;

/// A server that answers 200 `{}` to everything and keeps the `Authorization` of every request
/// it receives (empty when there is none).
pub async fn capturing_server() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = std::sync::Arc::clone(&seen);
    let router = Router::new().fallback(move |headers: HeaderMap| {
        let kept = std::sync::Arc::clone(&kept);
        async move {
            let auth = headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            kept.lock().unwrap().push(auth.to_owned());
            ([("content-type", "application/scim+json")], "{}")
        }
    });
    (serve(router).await, seen)
}

/// The session cookie [`session_server`] sets at `/login`.
pub const SESSION_COOKIE: &str = "dashboard-session-cookie-0451";

/// A server with a cookie session: `/login` sets it, `/me` answers 200 when the request carries
/// it and 401 otherwise.
pub async fn session_server() -> String {
    let router = Router::new()
        .route(
            "/login",
            axum::routing::get(|| async {
                [("set-cookie", format!("session={SESSION_COOKIE}; Path=/"))]
            }),
        )
        .route(
            "/me",
            axum::routing::get(|headers: HeaderMap| async move {
                let cookie = headers
                    .get("cookie")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                if cookie.contains(SESSION_COOKIE) {
                    StatusCode::OK
                } else {
                    StatusCode::UNAUTHORIZED
                }
            }),
        );
    serve(router).await
}

/// A local SMTP server that accepts every message and keeps it (envelope recipients and the
/// raw message), speaking just enough of RFC 5321 for a client: greeting, EHLO/HELO, MAIL,
/// RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT. Returns its `smtp://` URL and the mail.
pub async fn smtp_sink() -> (String, Arc<Mutex<Vec<Mail>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    let mail: Arc<Mutex<Vec<Mail>>> = Arc::default();
    let kept = Arc::clone(&mail);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(smtp_session(socket, Arc::clone(&kept)));
        }
    });
    (url, mail)
}

/// One message the SMTP sink accepted.
#[derive(Debug, Clone, Default)]
pub struct Mail {
    /// `RCPT TO` addresses.
    pub to: Vec<String>,
    /// Headers and body as sent (CRLF line ends).
    pub data: String,
}

async fn smtp_session(socket: tokio::net::TcpStream, mail: Arc<Mutex<Vec<Mail>>>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    let _ = write.write_all(b"220 sink ESMTP\r\n").await;
    let mut current = Mail::default();
    while let Ok(Some(line)) = lines.next_line().await {
        let verb = line.get(..4).unwrap_or(&line).to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" => b"250 sink\r\n",
            "MAIL" | "RSET" | "NOOP" => {
                if verb == "RSET" {
                    current = Mail::default();
                }
                b"250 OK\r\n"
            }
            "RCPT" => {
                let address = line.split(['<', '>']).nth(1).unwrap_or_default();
                current.to.push(address.to_owned());
                b"250 OK\r\n"
            }
            "DATA" => {
                let _ = write.write_all(b"354 end with .\r\n").await;
                while let Ok(Some(data)) = lines.next_line().await {
                    if data == "." {
                        break;
                    }
                    let unstuffed = data.strip_prefix('.').unwrap_or(&data);
                    current.data.push_str(unstuffed);
                    current.data.push_str("\r\n");
                }
                mail.lock().unwrap().push(std::mem::take(&mut current));
                b"250 queued\r\n"
            }
            "QUIT" => {
                let _ = write.write_all(b"221 bye\r\n").await;
                return;
            }
            _ => b"502 not implemented\r\n",
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}
