//! What a client must be able to read before it has credentials: how to authenticate. RFC 7643
//! §5: "To enable seamless discovery of configurations, the service provider SHOULD, with the
//! appropriate security considerations, make the authenticationSchemes attribute publicly
//! accessible without prior authentication."

use crate::check::Check;
use crate::probe::{Probe, Req, Stop};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "discovery.spc.auth-schemes-public",
            "GET /ServiceProviderConfig without credentials answers 200 with authenticationSchemes",
            |p| Box::pin(auth_schemes_public(p)),
        )
        .rfc("RFC 7643 §5 (authenticationSchemes SHOULD be publicly accessible)")
        .requirements(&["7643-5-13"])
        .defects(&["spc-requires-auth"])
        .hint("Serve GET /ServiceProviderConfig without requiring credentials (it holds no user data): a client learns from authenticationSchemes how to authenticate."),
    ]
}

async fn auth_schemes_public(p: &mut Probe) -> Result<(), Stop> {
    if !p.ctx().target.has_credentials() {
        return Err(p.skip(
            "the run has no credentials, so every request it sends is already without them",
        ));
    }
    // Judged only once the endpoint serves a ServiceProviderConfig to an authenticated client.
    super::service_provider_config(p).await?;
    let reply = p
        .send(Req::new("GET", "/ServiceProviderConfig").without_auth())
        .await?;
    p.status(&reply, &[200])?;
    p.expect_present("authenticationSchemes", reply.get("authenticationSchemes"))
}
