//! The transport defects (RFC 7644 §7.2, §7.4): how the server's TLS listener deviates. Each
//! public function is a hook `crate::tls` or `crate::connections` calls in one line. They act on
//! the TLS listener only: a server serving plain HTTP (no `ServerConfig::tls`) has no TLS to
//! narrow or to undo, and these defects change nothing there.

use super::{Defect, DefectSet};
use tokio_rustls::rustls::{self, SupportedProtocolVersion};

/// What the listener offers with `tls-13-only`.
const TLS13_ONLY: &[&SupportedProtocolVersion] = &[&rustls::version::TLS13];

/// `tls-13-only`: the protocol versions the listener offers — TLS 1.3 alone with the defect,
/// else 1.3 and 1.2 (RFC 7644 §7.2 requires 1.2).
pub fn protocol_versions(defects: &DefectSet) -> &'static [&'static SupportedProtocolVersion] {
    if defects.has(Defect::Tls13Only) {
        TLS13_ONLY
    } else {
        rustls::ALL_VERSIONS
    }
}

/// `plain-http-served`: whether a connection to the TLS port that does not open with a TLS
/// handshake is served as plaintext HTTP by the same app, instead of failing its handshake.
pub fn serves_plain_http(defects: &DefectSet) -> bool {
    defects.has(Defect::PlainHttpServed)
}

/// The transport defects' rows of the defect table (`super`): each defect's variant, the rule
/// it breaks, what the server then does, and its observation — the correct server's answer and
/// the probe that sees it, compiled by crates/server/tests/it/defects.rs, which serves every
/// probe over TLS. Hands the rows on to the next area's macro, the last to the table's consumer
/// (see `defect_table!`).
#[macro_export]
#[doc(hidden)]
macro_rules! defect_rows_transport {
    ($next:path $(, $rest:path)* ; $($rows:tt)*) => {
        $next! { $($rest),* ; $($rows)*
            Tls13Only {
                rfc: "RFC 7644 §7.2 (the service provider MUST support TLS 1.2)",
                does: "the TLS listener offers TLS 1.3 only, so a TLS 1.2 client cannot connect (no effect without TLS)",
                observe: "TLSv1_2", |h| { tls12_handshake(h).await },
            },
            PlainHttpServed {
                rfc: "RFC 7644 §7.2, §7.4 (TLS is required; bearer tokens only over TLS)",
                does: "the TLS port also answers plaintext HTTP, inviting credentials in the clear (no effect without TLS)",
                observe: "no HTTP answer", |h| { plain_http_status(h).await },
            },
        }
    };
}
