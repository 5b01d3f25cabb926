//! Serving over TLS: the certificate and key a server presents ([`TlsIdentity`]) and the
//! acceptor built from them, which the defect switchboard may narrow (`defect::transport`).
//!
//! RFC 7644 §7.2 makes TLS mandatory for SCIM, so the reference server can serve it: the
//! conformance checks of the `transport` category are proven against it, and `scimcheck serve
//! --tls` lets a user try a client against an https server on loopback.

use crate::defect::DefectSet;
use crate::error::ServerError;
use std::sync::Arc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// A certificate chain and its private key: what a server serving TLS presents.
pub struct TlsIdentity {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    /// The chain as PEM, for a client to trust (`scimcheck run --ca-cert`).
    chain_pem: String,
}

impl TlsIdentity {
    /// The identity in `chain_pem` (the server's certificate first, PEM) and `key_pem` (its
    /// private key: PKCS#8, PKCS#1 or SEC1, PEM). Nothing is checked against a name here;
    /// rustls checks that the key fits when the server starts.
    pub fn from_pem(chain_pem: &str, key_pem: &str) -> Result<Self, ServerError> {
        let chain = CertificateDer::pem_slice_iter(chain_pem.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| ServerError::Tls(format!("the certificate is not PEM ({e})")))?;
        if chain.is_empty() {
            return Err(ServerError::Tls(
                "no PEM certificate (-----BEGIN CERTIFICATE-----) in the certificate file".into(),
            ));
        }
        let key = PrivateKeyDer::from_pem_slice(key_pem.as_bytes())
            .map_err(|e| ServerError::Tls(format!("no PEM private key in the key file ({e})")))?;
        Ok(TlsIdentity {
            chain,
            key,
            chain_pem: chain_pem.to_owned(),
        })
    }

    /// A fresh self-signed certificate for `127.0.0.1`, `::1` and `localhost` with its key:
    /// enough for a server on loopback that a client trusts by that certificate alone.
    pub fn self_signed_loopback() -> Result<Self, ServerError> {
        let names = ["127.0.0.1", "::1", "localhost"].map(str::to_owned);
        let certified = rcgen::generate_simple_self_signed(names)
            .map_err(|e| ServerError::Tls(format!("cannot make a certificate ({e})")))?;
        Self::from_pem(
            &certified.cert.pem(),
            &certified.signing_key.serialize_pem(),
        )
    }

    /// The certificate chain as PEM: what a client trusts to reach the server.
    pub fn certificate_pem(&self) -> &str {
        &self.chain_pem
    }

    /// The acceptor presenting this identity, with the protocol versions `defects` allow.
    pub(crate) fn acceptor(&self, defects: &DefectSet) -> Result<TlsAcceptor, ServerError> {
        // The provider is named rather than taken from the process default, which is ambiguous
        // when another crate of the program enables a second one.
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_protocol_versions(crate::defect::transport::protocol_versions(defects))
            .and_then(|builder| {
                builder
                    .with_no_client_auth()
                    .with_single_cert(self.chain.clone(), self.key.clone_key())
            })
            .map_err(|e| ServerError::Tls(format!("the certificate and key are unusable ({e})")))?;
        Ok(TlsAcceptor::from(Arc::new(config)))
    }
}

impl Clone for TlsIdentity {
    fn clone(&self) -> Self {
        TlsIdentity {
            chain: self.chain.clone(),
            key: self.key.clone_key(),
            chain_pem: self.chain_pem.clone(),
        }
    }
}

/// The key stays out of logs and panics.
impl std::fmt::Debug for TlsIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsIdentity")
            .field("certificates", &self.chain.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_identity_reads_back_from_its_pem() {
        let identity = TlsIdentity::self_signed_loopback().expect("rcgen makes one");
        assert!(
            identity
                .certificate_pem()
                .starts_with("-----BEGIN CERTIFICATE-----")
        );
        assert!(identity.acceptor(&DefectSet::none()).is_ok());
        assert!(!format!("{identity:?}").contains("PRIVATE"));
    }

    #[test]
    fn files_without_pem_are_refused_saying_what_is_missing() {
        let identity = TlsIdentity::self_signed_loopback().expect("rcgen makes one");
        let no_chain = TlsIdentity::from_pem("not a certificate", "nor a key");
        assert!(no_chain.is_err_and(|e| e.to_string().contains("no PEM certificate")));
        let no_key = TlsIdentity::from_pem(identity.certificate_pem(), "nor a key");
        assert!(no_key.is_err_and(|e| e.to_string().contains("private key")));
    }
}
