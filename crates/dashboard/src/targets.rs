//! Where a dashboard run may send requests. An uploaded Runscope suite is someone else's code:
//! its steps choose their URLs, and the built-in suite follows URLs the target names. So every
//! request of a run is judged, through the engine's [`TargetPolicy`] hook:
//!
//! - **never the dashboard itself**: its port on a loopback address, on `0.0.0.0` / `::`, or on
//!   any address of this machine. A suite could otherwise read a page for its session cookie and
//!   CSRF token, then edit another environment and start a run that carries its credential away.
//! - **no link-local address** (169.254.0.0/16, fe80::/10) and no known cloud metadata address,
//!   unless the host is allowed with `--allow-target HOST`: metadata services hand out the
//!   machine's cloud credentials to whoever asks.
//! - a **host name** is judged by the addresses it resolves to, at connect time (so it cannot be
//!   re-pointed between a check and the connection). The port is not known there, so a name
//!   other than `localhost` that resolves to this machine is refused whatever the port: reach a
//!   local server as `localhost` or `127.0.0.1` instead.
//!
//! Redirects are never followed by the engine, so the requests judged here are all a run sends.

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use scimcheck_engine::http::TargetPolicy;
use std::net::{IpAddr, Ipv6Addr, SocketAddr, UdpSocket};
use std::sync::Arc;

/// Metadata services outside the link-local ranges: AWS's IPv6 endpoint and Alibaba Cloud's.
const METADATA: [IpAddr; 2] = [
    IpAddr::V6(Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254)),
    IpAddr::V4(std::net::Ipv4Addr::new(100, 100, 100, 200)),
];

/// The dashboard's rules for run targets.
#[derive(Debug, Clone)]
pub struct TargetRules {
    /// The port the dashboard listens on.
    port: u16,
    /// Hosts allowed to be link-local or metadata addresses (`--allow-target`), lower-case,
    /// without IPv6 brackets.
    allowed: Vec<String>,
}

/// True for an address of this machine: loopback, unspecified (connecting to `0.0.0.0` reaches
/// the local host), or assigned to one of its interfaces (binding succeeds only for those).
fn this_machine(ip: IpAddr) -> bool {
    ip.is_loopback() || ip.is_unspecified() || UdpSocket::bind((ip, 0)).is_ok()
}

fn link_local_or_metadata(ip: IpAddr) -> bool {
    let link_local = match ip {
        IpAddr::V4(v4) => v4.is_link_local(),
        IpAddr::V6(v6) => v6.is_unicast_link_local(),
    };
    link_local || METADATA.contains(&ip)
}

/// `localhost` and its subdomains, which resolve to loopback by definition (RFC 6761).
fn localhost_name(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    host.eq_ignore_ascii_case("localhost")
        || host
            .rsplit_once('.')
            .is_some_and(|(_, last)| last.eq_ignore_ascii_case("localhost"))
}

fn normalized(host: &str) -> String {
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .trim_end_matches('.')
        .to_ascii_lowercase()
}

impl TargetRules {
    /// Rules for a dashboard listening on `listen`, with `allowed` hosts (`--allow-target`).
    pub fn new(listen: SocketAddr, allowed: &[String]) -> TargetRules {
        TargetRules {
            port: listen.port(),
            allowed: allowed.iter().map(|h| normalized(h)).collect(),
        }
    }

    fn allowed(&self, host: &str) -> bool {
        self.allowed.contains(&normalized(host))
    }

    fn dashboard_itself(&self, url: &url::Url) -> String {
        format!(
            "refused: {url} is this dashboard's own address (port {}); a run may not call the dashboard",
            self.port
        )
    }

    fn link_local(&self, host: &str, ip: IpAddr) -> String {
        format!(
            "refused: {host} is {ip}, a link-local or cloud metadata address (such services hand out the machine's credentials); if it really is the SCIM server, start the dashboard with --allow-target {host}"
        )
    }

    /// Judges the addresses `host` resolved to: all of them or none are used, since a name that
    /// answers with both an outside and an inside address is what a rebinding attack looks like.
    pub fn judge_resolved(&self, host: &str, addrs: &[SocketAddr]) -> Result<(), String> {
        for addr in addrs {
            let ip = addr.ip().to_canonical();
            if link_local_or_metadata(ip) && !self.allowed(host) {
                return Err(self.link_local(host, ip));
            }
            if this_machine(ip) && !localhost_name(host) {
                return Err(format!(
                    "refused: {host} resolves to {ip}, an address of this machine, which a dashboard run reaches only as localhost or 127.0.0.1 (so its port can be checked against the dashboard's own)"
                ));
            }
        }
        Ok(())
    }
}

impl TargetPolicy for TargetRules {
    fn check(&self, url: &url::Url) -> Result<(), String> {
        let port = url.port_or_known_default().unwrap_or(0);
        let ip = match url.host() {
            Some(url::Host::Ipv4(v4)) => IpAddr::V4(v4).to_canonical(),
            Some(url::Host::Ipv6(v6)) => IpAddr::V6(v6).to_canonical(),
            Some(url::Host::Domain(name)) if localhost_name(name) => {
                IpAddr::V4(std::net::Ipv4Addr::LOCALHOST)
            }
            // Other names are judged by what they resolve to.
            Some(url::Host::Domain(_)) | None => return Ok(()),
        };
        if port == self.port && this_machine(ip) {
            return Err(self.dashboard_itself(url));
        }
        let host = url.host_str().unwrap_or_default();
        if link_local_or_metadata(ip) && !self.allowed(host) {
            return Err(self.link_local(host, ip));
        }
        Ok(())
    }

    fn resolver(&self) -> Arc<dyn Resolve> {
        Arc::new(Resolver {
            rules: Arc::new(self.clone()),
        })
    }
}

/// A host name refused by the rules when it was resolved: typed, so a caller finds it in an
/// error's source chain (`Webhook` does) instead of matching text.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// The system resolver, with [`TargetRules::judge_resolved`] applied to its answers.
struct Resolver {
    rules: Arc<TargetRules>,
}

impl Resolve for Resolver {
    fn resolve(&self, name: Name) -> Resolving {
        let rules = Arc::clone(&self.rules);
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            rules.judge_resolved(&host, &addrs).map_err(Refused)?;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(allowed: &[&str]) -> TargetRules {
        let allowed: Vec<String> = allowed.iter().map(|h| (*h).to_owned()).collect();
        TargetRules::new("127.0.0.1:7878".parse().unwrap(), &allowed)
    }

    fn check(rules: &TargetRules, url: &str) -> Result<(), String> {
        rules.check(&url::Url::parse(url).unwrap())
    }

    #[test]
    fn the_dashboard_port_is_refused_under_every_loopback_spelling() {
        let rules = rules(&["127.0.0.1", "localhost"]);
        for url in [
            "http://127.0.0.1:7878/environments",
            "http://localhost:7878/",
            "http://LOCALHOST.:7878/",
            "http://app.localhost:7878/",
            "http://[::1]:7878/",
            "http://[::ffff:127.0.0.1]:7878/",
            "http://127.1:7878/",
            "http://2130706433:7878/",
            "http://0x7f.0.0.1:7878/",
            "http://127.0.0.2:7878/",
            "http://0.0.0.0:7878/",
            "http://[::]:7878/",
        ] {
            let err = check(&rules, url).expect_err(url);
            assert!(err.contains("dashboard's own address"), "{url}: {err}");
        }
    }

    #[test]
    fn other_local_ports_and_outside_hosts_are_allowed() {
        let rules = rules(&[]);
        for url in [
            "http://127.0.0.1:8080/scim/v2",
            "http://localhost:7879/",
            "https://127.0.0.1/",
            "https://scim.example.com:7878/scim/v2",
            "http://192.0.2.10:7878/",
        ] {
            assert_eq!(check(&rules, url), Ok(()), "{url}");
        }
    }

    #[test]
    fn link_local_and_metadata_need_an_explicit_allow() {
        let strict = rules(&[]);
        for url in [
            "http://169.254.169.254/latest/meta-data/",
            "http://[fe80::1]/",
            "http://[fd00:ec2::254]/",
            "http://100.100.100.200/",
            "http://[::ffff:169.254.169.254]/",
        ] {
            let err = check(&strict, url).expect_err(url);
            assert!(err.contains("--allow-target"), "{url}: {err}");
        }
        let allowing = rules(&["169.254.169.254", "[fe80::1]"]);
        assert_eq!(
            check(&allowing, "http://169.254.169.254/latest/meta-data/"),
            Ok(())
        );
        assert_eq!(check(&allowing, "http://[fe80::1]/"), Ok(()));
        let err = check(&allowing, "http://127.0.0.1:7878/").unwrap_err();
        assert!(err.contains("own address"), "never the dashboard: {err}");
    }

    #[test]
    fn names_are_judged_by_what_they_resolve_to() {
        let strict = rules(&[]);
        let at = |ip: &str| vec![SocketAddr::new(ip.parse().unwrap(), 0)];
        assert_eq!(
            strict.judge_resolved("scim.example.com", &at("93.184.216.34")),
            Ok(())
        );
        assert_eq!(strict.judge_resolved("localhost", &at("127.0.0.1")), Ok(()));
        let rebound = strict
            .judge_resolved("rebind.attacker.example", &at("127.0.0.1"))
            .unwrap_err();
        assert!(rebound.contains("address of this machine"), "{rebound}");
        let mixed = [
            SocketAddr::new("93.184.216.34".parse().unwrap(), 0),
            SocketAddr::new("::1".parse().unwrap(), 0),
        ];
        assert!(
            strict
                .judge_resolved("rebind.attacker.example", &mixed)
                .is_err()
        );
        let metadata = strict
            .judge_resolved("metadata.internal", &at("169.254.169.254"))
            .unwrap_err();
        assert!(
            metadata.contains("--allow-target metadata.internal"),
            "{metadata}"
        );
        let allowing = rules(&["Metadata.Internal"]);
        assert_eq!(
            allowing.judge_resolved("metadata.internal", &at("169.254.169.254")),
            Ok(())
        );
    }
}
