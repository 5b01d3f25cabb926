//! Authentication: bearer tokens and basic credentials, checked before any handler runs.

use crate::api::{Api, Version};
use crate::defect::Defect;
use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use http::{StatusCode, header};

/// Who made a request; `/Me` resolves it to a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// A bearer token (not tied to a user).
    Token,
    /// A basic-auth user name.
    Basic(String),
}

/// A discovery endpoint `path` names.
#[derive(Debug, PartialEq)]
enum Discovery {
    ServiceProviderConfig,
    /// /ResourceTypes or /Schemas.
    Definitions,
}

/// The discovery endpoint `path` is at, if any: the first path segment below the version
/// prefix names it (so `/Users/Schemas`, a user whose id happens to be `Schemas`, is none).
fn discovery(path: &str) -> Option<Discovery> {
    let below = [Version::V2, Version::V1]
        .iter()
        .find_map(|v| path.strip_prefix(v.prefix()))
        .unwrap_or(path);
    let first = below
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("");
    let is = |names: &[&str]| names.iter().any(|d| first.eq_ignore_ascii_case(d));
    if is(&["ServiceProviderConfig", "ServiceProviderConfigs"]) {
        Some(Discovery::ServiceProviderConfig)
    } else if is(&["ResourceTypes", "Schemas"]) {
        Some(Discovery::Definitions)
    } else {
        None
    }
}

/// Whether `path` answers without credentials: /ServiceProviderConfig always (RFC 7643 §5:
/// its authenticationSchemes SHOULD be readable before authenticating, or a client cannot
/// learn how to), unless the `spc-requires-auth` defect is on; /ResourceTypes and /Schemas when
/// `discovery_requires_auth` is off.
fn is_open(api: &Api, path: &str) -> bool {
    let open_discovery = !api.config().discovery_requires_auth;
    match discovery(path) {
        Some(Discovery::ServiceProviderConfig) => {
            open_discovery || !api.has(Defect::SpcRequiresAuth)
        }
        Some(Discovery::Definitions) => open_discovery,
        None => false,
    }
}

/// Standard base64 as Basic credentials arrive: padded or not, unused bits ignored.
const BASIC_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Decodes standard base64 (with or without padding); `None` for anything else.
fn decode_base64(input: &str) -> Option<Vec<u8>> {
    BASIC_BASE64.decode(input).ok()
}

/// Checks an `Authorization` header value against the configured credentials.
fn authenticate(api: &Api, value: &str) -> Option<Principal> {
    let (scheme, credentials) = value.trim().split_once(' ')?;
    let credentials = credentials.trim();
    if scheme.eq_ignore_ascii_case("bearer") {
        api.config()
            .tokens
            .iter()
            .any(|t| t == credentials)
            .then_some(Principal::Token)
    } else if scheme.eq_ignore_ascii_case("basic") {
        let decoded = String::from_utf8(decode_base64(credentials)?).ok()?;
        let (user, pass) = decoded.split_once(':')?;
        api.config()
            .basic
            .iter()
            .any(|(u, p)| u == user && p == pass)
            .then(|| Principal::Basic(user.to_owned()))
    } else {
        None
    }
}

/// Middleware: rejects requests without valid credentials with 401.
pub async fn require(State(api): State<Api>, mut request: Request, next: Next) -> Response {
    if is_open(&api, request.uri().path()) {
        return next.run(request).await;
    }
    let header = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let lax = |h: &str| {
        let bearer = h
            .trim()
            .split_once(' ')
            .is_some_and(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"));
        (bearer && api.has(Defect::WrongTokenAccepted)).then_some(Principal::Token)
    };
    let principal = match header {
        Some(h) => authenticate(&api, h).or_else(|| lax(h)),
        None => api.has(Defect::AuthNotEnforced).then_some(Principal::Token),
    };
    match principal {
        Some(principal) => {
            request.extensions_mut().insert(principal);
            next.run(request).await
        }
        None => {
            let detail = if header.is_some() {
                "the credentials are not valid; send Authorization: Bearer <token> with a configured token"
            } else {
                "authentication required; send Authorization: Bearer <token> (or Basic)"
            };
            ApiError::new(StatusCode::UNAUTHORIZED, detail).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_decodes_padded_and_unpadded_and_rejects_junk() {
        assert_eq!(
            decode_base64("dXNlcjpwYXNz").as_deref(),
            Some(&b"user:pass"[..])
        );
        assert_eq!(decode_base64("YQ==").as_deref(), Some(&b"a"[..]));
        assert_eq!(decode_base64("YQ").as_deref(), Some(&b"a"[..]));
        assert_eq!(decode_base64("!!"), None);
    }

    #[test]
    fn discovery_paths_are_recognized() {
        let spc = Some(Discovery::ServiceProviderConfig);
        let definitions = Some(Discovery::Definitions);
        assert_eq!(discovery("/scim/v2/ServiceProviderConfig"), spc);
        assert_eq!(discovery("/scim/v2/Schemas/urn:x"), definitions);
        assert_eq!(discovery("/scim/v1/ResourceTypes"), definitions);
        assert_eq!(discovery("/scim/v2/Users"), None);
        assert_eq!(discovery("/scim/v2/Users/abc"), None);
        assert_eq!(discovery("/scim/v2/Users/Schemas"), None);
        assert_eq!(
            discovery("/Schemas"),
            definitions,
            "paths as a nested router sees them"
        );
    }
}
