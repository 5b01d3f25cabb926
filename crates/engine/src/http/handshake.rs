//! A bare TLS 1.2 handshake with the target ([`Transport::tls12_handshake`]): RFC 7644 §7.2
//! requires service providers to support TLS 1.2, which an HTTP client cannot tell, since it
//! agrees on the newest version both sides offer. The handshake uses the run's own trust
//! (system roots as reqwest has them, `--ca-cert`, `--insecure`), presents the run's client
//! certificate when there is one (the handshake goes to the target's origin only), obeys the
//! embedding program's [`TargetPolicy`](super::TargetPolicy), and sends nothing once it is done.

use super::Transport;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::client::danger::{
    HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier,
};
use tokio_rustls::rustls::crypto::WebPkiSupportedAlgorithms;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use tokio_rustls::rustls::{
    self, ClientConfig, DigitallySignedStruct, ProtocolVersion, RootCertStore, SignatureScheme,
};

impl Transport {
    /// Connects to the host and port of the https `url` and completes a TLS handshake offering
    /// TLS 1.2 only, within `timeout`; sends nothing over the connection. `Ok` names the version
    /// agreed (`TLS 1.2`); `Err` says why there was no handshake, in plain words.
    pub async fn tls12_handshake(&self, url: &str, timeout: Duration) -> Result<String, String> {
        let url = url::Url::parse(url).map_err(|e| format!("{url} is not a URL ({e})"))?;
        if url.scheme() != "https" {
            return Err(format!("{url} is not an https URL"));
        }
        if let Some(policy) = &self.policy {
            policy.check(&url)?;
        }
        let config = self.tls12_config()?;
        let attempt = async {
            let tcp = self.connect(&url).await?;
            let name = server_name(&url)?;
            let tls = TlsConnector::from(Arc::new(config))
                .connect(name, tcp)
                .await
                .map_err(|e| format!("the TLS 1.2 handshake failed: {e}"))?;
            Ok(version_label(tls.get_ref().1.protocol_version()))
        };
        tokio::time::timeout(timeout, attempt)
            .await
            .unwrap_or_else(|_| {
                Err(format!(
                    "no TLS 1.2 handshake within {} s",
                    timeout.as_secs_f32()
                ))
            })
    }

    /// The client configuration: TLS 1.2 only, the run's trust and client certificate.
    fn tls12_config(&self) -> Result<ClientConfig, String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = ClientConfig::builder_with_provider(Arc::clone(&provider))
            .with_protocol_versions(&[&rustls::version::TLS12])
            .map_err(|e| format!("TLS 1.2 is not available ({e})"))?;
        let builder = if self.insecure {
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(AnyCertificate(
                    provider.signature_verification_algorithms,
                )))
        } else {
            let mut roots = RootCertStore::empty();
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            for pem in &self.ca_pem {
                // Parsed in `trust_ca_file`; a file that parsed there parses here.
                for certificate in CertificateDer::pem_slice_iter(pem).flatten() {
                    roots
                        .add(certificate)
                        .map_err(|e| format!("a --ca-cert certificate is unusable ({e})"))?;
                }
            }
            builder.with_root_certificates(roots)
        };
        match &self.identity_pem {
            None => Ok(builder.with_no_client_auth()),
            Some(pem) => {
                let chain = CertificateDer::pem_slice_iter(pem)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| format!("the client certificate is not PEM ({e})"))?;
                let key = PrivateKeyDer::from_pem_slice(pem)
                    .map_err(|e| format!("the client certificate has no private key ({e})"))?;
                builder
                    .with_client_auth_cert(chain, key)
                    .map_err(|e| format!("the client certificate is unusable ({e})"))
            }
        }
    }

    /// A TCP connection to the URL's host and port, resolved as the run's requests are (by the
    /// policy's resolver when the embedding program has one).
    async fn connect(&self, url: &url::Url) -> Result<tokio::net::TcpStream, String> {
        let host = url.host_str().unwrap_or_default();
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let port = url.port_or_known_default().unwrap_or(443);
        let addresses: Vec<SocketAddr> = match (host.parse(), &self.policy) {
            (Ok(ip), _) => vec![SocketAddr::new(ip, port)],
            (Err(_), Some(policy)) => {
                let name = host
                    .parse()
                    .map_err(|_| format!("{host} is not a host name"))?;
                let resolved = policy
                    .resolver()
                    .resolve(name)
                    .await
                    .map_err(|e| format!("cannot resolve {host}: {e}"))?;
                resolved.map(|a| SocketAddr::new(a.ip(), port)).collect()
            }
            (Err(_), None) => tokio::net::lookup_host((host, port))
                .await
                .map_err(|e| format!("cannot resolve {host}: {e}"))?
                .collect(),
        };
        let mut last = format!("{host} resolves to no address");
        for address in addresses {
            match tokio::net::TcpStream::connect(address).await {
                Ok(tcp) => return Ok(tcp),
                Err(e) => last = format!("cannot connect to {address}: {e}"),
            }
        }
        Err(last)
    }
}

/// The name the server's certificate must carry: the URL's IP address or host name.
fn server_name(url: &url::Url) -> Result<ServerName<'static>, String> {
    let name = match url.host() {
        Some(url::Host::Ipv4(ip)) => ServerName::IpAddress(std::net::IpAddr::V4(ip).into()),
        Some(url::Host::Ipv6(ip)) => ServerName::IpAddress(std::net::IpAddr::V6(ip).into()),
        Some(url::Host::Domain(name)) => ServerName::try_from(name.to_owned())
            .map_err(|e| format!("{name} is not a TLS server name ({e})"))?,
        None => return Err(format!("{url} names no host")),
    };
    Ok(name)
}

/// `TLS 1.2`, `TLS 1.3`, or rustls's name of another version.
fn version_label(version: Option<ProtocolVersion>) -> String {
    match version {
        Some(ProtocolVersion::TLSv1_2) => "TLS 1.2".to_owned(),
        Some(ProtocolVersion::TLSv1_3) => "TLS 1.3".to_owned(),
        Some(other) => format!("{other:?}"),
        None => "no version".to_owned(),
    }
}

/// `--insecure`: any server certificate is accepted, as the run's HTTP client does; the
/// handshake's signatures are still verified, so what was agreed is a real TLS 1.2 session.
#[derive(Debug)]
struct AnyCertificate(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}
