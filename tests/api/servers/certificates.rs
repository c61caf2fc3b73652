//! Certificates for the TLS test servers (SMTP, LDAP, the OpenID provider).

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

use super::unavailable;

/// A throwaway certificate authority and a server certificate it signed for `localhost` and
/// `127.0.0.1` (made with `openssl`), for testing TLS against a private CA.
pub struct TestCa {
    _dir: TempDir,
    pub ca: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
}

impl TestCa {
    pub fn new() -> Option<TestCa> {
        let dir = tempfile::tempdir().unwrap();
        if let Err(e) = make_certificates(dir.path()) {
            unavailable("openssl", e);
            return None;
        }
        let p = |name: &str| dir.path().join(name);
        Some(TestCa {
            ca: p("ca.pem"),
            cert: p("server.pem"),
            key: p("server.key"),
            _dir: dir,
        })
    }
}

/// `ca.pem` (with `ca.key`), and `server.pem` / `server.key` signed by it, in `dir`.
fn make_certificates(dir: &Path) -> Result<(), String> {
    // P-256 keys: quick to make, and every TLS stack under test takes them.
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    let mut ca = vec!["req", "-x509", "-days", "2", "-subj", "/CN=jmb test CA"];
    ca.extend(ec);
    ca.extend(["-keyout", "ca.key", "-out", "ca.pem"]);
    openssl(dir, &ca)?;
    let mut csr = vec!["req", "-subj", "/CN=localhost"];
    csr.extend(ec);
    csr.extend(["-keyout", "server.key", "-out", "server.csr"]);
    openssl(dir, &csr)?;
    std::fs::write(
        dir.join("server.ext"),
        "basicConstraints=CA:FALSE\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n\
         keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .map_err(|e| e.to_string())?;
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "server.ext",
            "-out",
            "server.pem",
        ],
    )
}

fn openssl(dir: &Path, args: &[&str]) -> Result<(), String> {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("openssl: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "openssl {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}
