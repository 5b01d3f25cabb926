//! Transport (RFC 7644 §7.2, §7.4): SCIM travels over TLS only — the service provider supports
//! TLS 1.2, and does not answer plaintext HTTP the way it answers SCIM, since a bearer token
//! sent there crosses the network in the clear.
//!
//! Both checks judge an https base URL. Against a plain-http base URL on loopback (a server on
//! the developer's machine, the embedded reference server) they skip: TLS is judged on the
//! deployed URL. A plain-http base URL elsewhere is itself the failure of plaintext use.
//! Neither check ever sends a credential: the handshake carries no request at all, and the
//! plaintext GET is unauthenticated, to another origin than the target's (the scheme
//! differs), which the engine's egress rule keeps the run's secrets from.

use crate::check::Check;
use crate::probe::{Probe, Req, Stop};
use scimcheck_engine::http::Transport;
use url::{Host, Url};

/// The transport checks.
pub fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "transport.tls.version-1-2",
            "The https server completes a TLS handshake offering TLS 1.2 only",
            |p| Box::pin(tls_1_2(p)),
        )
        .rfc("RFC 7644 §7.2 (the service provider MUST support TLS 1.2)")
        .requirements(&["7644-7.2-2"])
        .defects(&["tls-13-only"])
        .hint("Enable TLS 1.2 beside TLS 1.3 on the listener or load balancer in front of the SCIM endpoint (e.g. nginx `ssl_protocols TLSv1.2 TLSv1.3;`): RFC 7644 requires it, and IdP clients still connect with it."),
        Check::new(
            "transport.tls.plain-http-refused",
            "A plaintext HTTP request to the https server's port (and to port 80 when it is 443) is not answered as SCIM",
            |p| Box::pin(plain_http_refused(p)),
        )
        .rfc("RFC 7644 §7.2 (TLS is required), §7.4 (bearer tokens only over TLS)")
        .requirements(&["7644-7.2-1", "7644-7.4-3"])
        .defects(&["plain-http-served"])
        .hint("Serve SCIM over https only: refuse plaintext HTTP on the TLS port (a failed handshake, or 400) and answer port 80 with a redirect to https or not at all. A 200 or 401 over plaintext invites clients to send their bearer token in the clear."),
    ]
}

/// Skip reason of the TLS version check on a plain-http base URL.
const PLAIN_TARGET: &str = "the target is plain HTTP: TLS is judged on an https base URL";

/// Skip reason of the plaintext check on a plain-http base URL on loopback.
const LOOPBACK_TARGET: &str = "a loopback target: TLS is judged on the deployed https URL";

/// What a plaintext answer that is no SCIM answer ends with in its record.
const REFUSED: &str = "— refused";

/// An HTTP client agrees on the newest version both sides offer, so a server offering TLS 1.3
/// alone looks fine to it while every TLS 1.2 client fails to connect. A handshake that offers
/// 1.2 only tells. It uses the run's trust (`--ca-cert`, `--insecure`) and sends nothing.
async fn tls_1_2(p: &mut Probe) -> Result<(), Stop> {
    let base = p.ctx().target.base_url.clone();
    if !base.starts_with("https://") {
        return Err(p.skip(PLAIN_TARGET));
    }
    let limits = p.ctx().client.limits();
    let timeout = limits.timeout;
    let agreed = match limits.transport.as_deref() {
        Some(transport) => transport.tls12_handshake(&base, timeout).await,
        None => Transport::default().tls12_handshake(&base, timeout).await,
    };
    let seen = agreed.unwrap_or_else(|why| why);
    p.expect_one_of(
        "TLS version agreed in a handshake offering TLS 1.2 only",
        &["TLS 1.2"],
        &seen,
    )
}

/// One plaintext GET of /ServiceProviderConfig per port (the https one, and 80 beside 443),
/// without credentials and without following a redirect. A server that answers it as SCIM
/// (2xx), or asks for a credential (401), serves SCIM over plaintext; a refused, reset or
/// non-HTTP connection, a redirect to https, or an HTTP refusal (400, 426…) does not. Only the
/// status and the class are recorded.
async fn plain_http_refused(p: &mut Probe) -> Result<(), Stop> {
    let base = p.ctx().target.base_url.clone();
    let Ok(url) = Url::parse(&base) else {
        return Err(p.error(format!("the base URL {base} is not a URL")));
    };
    if url.scheme() != "https" {
        if is_loopback(&url) {
            return Err(p.skip(LOOPBACK_TARGET));
        }
        return p.expect_starts_with("the base URL's scheme", "https://", &base);
    }
    for plain in plaintext_urls(&url) {
        let answer = p
            .attempt(Req::new("GET", plain.clone()).without_auth().status_only())
            .await?;
        let seen = match answer {
            Ok(reply) => {
                let scim = reply.get("schemas").is_array();
                judge(reply.status, reply.header("location"), scim)
            }
            Err(why) => {
                p.note(format!("plaintext GET {plain}: {why}"));
                format!("no HTTP answer {REFUSED}")
            }
        };
        p.expect_ends_with(&format!("plaintext GET {plain}"), REFUSED, Some(&seen))?;
    }
    p.pass()
}

/// The plaintext URLs of the https base URL's /ServiceProviderConfig: on its own port, and on
/// port 80 too when that is 443. User-info in the base URL is a credential: it is dropped.
fn plaintext_urls(https: &Url) -> Vec<String> {
    let port = https.port_or_known_default().unwrap_or(443);
    let path = format!(
        "{}/ServiceProviderConfig",
        https.path().trim_end_matches('/')
    );
    let host = match https.host() {
        Some(Host::Ipv6(ip)) => format!("[{ip}]"),
        Some(host) => host.to_string(),
        None => String::new(),
    };
    let mut urls = vec![format!("http://{host}:{port}{path}")];
    if port == 443 {
        urls.push(format!("http://{host}{path}"));
    }
    urls
}

/// The record of a plaintext answer: its status, and `— refused` unless SCIM was served. A 2xx
/// serves SCIM when its body is SCIM JSON (`scim`: it has `schemas`); a web page answering every
/// path on port 80 (a company's site without a redirect) is no SCIM endpoint.
fn judge(status: u16, location: Option<&str>, scim: bool) -> String {
    let served = match status {
        200..=299 if scim => Some("answered as SCIM over plaintext"),
        401 => Some("asks for a credential over plaintext"),
        300..=399 if !location.is_some_and(|l| l.starts_with("https://")) => {
            Some("redirects elsewhere than https")
        }
        _ => None,
    };
    let shown = match location {
        Some(location) if (300..=399).contains(&status) => format!("{status} to {location}"),
        _ => status.to_string(),
    };
    format!("{shown} {}", served.unwrap_or(REFUSED))
}

/// Whether the URL's host is this machine: 127.0.0.0/8, ::1 or `localhost`.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(status: u16, location: Option<&str>) -> bool {
        judge(status, location, true).ends_with(REFUSED)
    }

    #[test]
    fn scim_answers_and_401_over_plaintext_fail_refusals_pass() {
        assert!(!refused(200, None));
        assert!(!refused(204, None));
        assert!(
            judge(200, None, false).ends_with(REFUSED),
            "a web page that is no SCIM answer"
        );
        assert!(!refused(401, None));
        assert!(!refused(301, Some("http://h/scim")));
        assert!(!refused(302, None));
        assert!(refused(
            301,
            Some("https://h/scim/v2/ServiceProviderConfig")
        ));
        assert!(refused(308, Some("https://h/")));
        assert!(refused(400, None));
        assert!(refused(426, None));
        assert!(refused(403, None));
        assert_eq!(
            judge(401, None, false),
            "401 asks for a credential over plaintext"
        );
        assert_eq!(
            judge(301, Some("https://h/"), false),
            "301 to https://h/ — refused"
        );
    }

    #[test]
    fn loopback_is_127_slash_8_ipv6_one_and_localhost() {
        let loopback = |url: &str| is_loopback(&Url::parse(url).expect("a URL"));
        assert!(loopback("http://127.0.0.1:8080/scim/v2"));
        assert!(loopback("http://127.9.8.7/scim"));
        assert!(loopback("http://[::1]:80/scim"));
        assert!(loopback("http://LocalHost:80/scim"));
        assert!(!loopback("http://scim.example.com/scim"));
        assert!(!loopback("http://10.0.0.1/scim"));
        assert!(!loopback("http://localhost.example.com/scim"));
    }

    #[test]
    fn plaintext_urls_keep_host_port_and_path_drop_user_info_and_add_port_80_beside_443() {
        let urls = |base: &str| plaintext_urls(&Url::parse(base).expect("a URL"));
        assert_eq!(
            urls("https://127.0.0.1:8443/scim/v2"),
            ["http://127.0.0.1:8443/scim/v2/ServiceProviderConfig"]
        );
        assert_eq!(
            urls("https://user:secret@scim.example.com/scim/"),
            [
                "http://scim.example.com:443/scim/ServiceProviderConfig",
                "http://scim.example.com/scim/ServiceProviderConfig"
            ]
        );
        assert_eq!(
            urls("https://[::1]:9443/v2"),
            ["http://[::1]:9443/v2/ServiceProviderConfig"]
        );
    }
}
