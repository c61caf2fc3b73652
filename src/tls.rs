//! TLS client settings shared by the SMTP and LDAP clients: rustls with the ring provider
//! (one crypto backend in the whole binary).

use std::path::Path;
use std::sync::Arc;

use rustls::ClientConfig;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The certificates of a PEM file.
fn pem_certificates(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, String> {
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    if certs.is_empty() {
        return Err("it holds no PEM certificate".into());
    }
    Ok(certs)
}

/// The system's trusted roots, plus the certificates in `extra_pem` (a private CA), if any.
pub fn client_config(extra_pem: &[u8]) -> Result<ClientConfig, String> {
    let extra = if extra_pem.is_empty() {
        Vec::new()
    } else {
        pem_certificates(extra_pem)?
    };
    let verifier = rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider())
        .map_err(|e| e.to_string())?;
    Ok(ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth())
}

/// Trusts only the certificates in the PEM file at `path` (a directory's own CA).
pub fn trusting_only(path: &Path) -> Result<ClientConfig, String> {
    let pem = std::fs::read(path).map_err(|e| e.to_string())?;
    let mut roots = rustls::RootCertStore::empty();
    for cert in pem_certificates(&pem)? {
        roots.add(cert).map_err(|e| e.to_string())?;
    }
    Ok(ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth())
}
