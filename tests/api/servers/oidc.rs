//! `tests/support/oidc_provider.mjs`, the OpenID Connect provider of the tests.

use std::process::Command;
use std::time::Duration;

use tempfile::TempDir;

use super::{ChildGuard, TestCa, support_dir, unavailable};

/// `tests/support/oidc_provider.mjs`: oidc-provider 9 (a certified OpenID provider library)
/// with one client, `jmb` / `jmb-secret`, that logs in the `login_hint` user (or `OIDC_USER`)
/// and consents by itself, on an OS-chosen port.
pub struct OidcProvider {
    pub port: u16,
    pub issuer: String,
    _guard: ChildGuard,
    _dir: TempDir,
}

pub const OIDC_CLIENT_ID: &str = "jmb";
pub const OIDC_CLIENT_SECRET: &str = "jmb-secret";

impl OidcProvider {
    pub async fn start() -> Option<OidcProvider> {
        Self::start_with(&[]).await
    }

    /// With extra environment for the provider script (see its header).
    pub async fn start_with(env: &[(&str, &str)]) -> Option<OidcProvider> {
        let script = support_dir().join("oidc_provider.mjs");
        if !support_dir().join("node_modules/oidc-provider").is_dir() {
            unavailable(
                "oidc",
                "tests/support/node_modules/oidc-provider is missing",
            );
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = Command::new("node");
        cmd.arg(&script)
            .current_dir(support_dir())
            .env("OIDC_PORT", "0")
            .env("OIDC_CLIENT_ID", OIDC_CLIENT_ID)
            .env("OIDC_CLIENT_SECRET", OIDC_CLIENT_SECRET);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut guard = match ChildGuard::spawn("oidc", cmd, dir.path().join("oidc.log")) {
            Ok(g) => g,
            Err(e) => {
                unavailable("oidc", e);
                return None;
            }
        };
        // ISSUER comes before LISTENING, so it is there once the port is.
        let port = guard
            .wait_for_line("LISTENING ", Duration::from_secs(20))
            .await
            .and_then(|p| p.parse::<u16>().map_err(|e| format!("LISTENING {p}: {e}")));
        let port = match port {
            Ok(port) => port,
            Err(e) => {
                unavailable("oidc", format!("did not start: {e}"));
                return None;
            }
        };
        let issuer = guard
            .log_text()
            .lines()
            .find_map(|l| l.strip_prefix("ISSUER "))
            .map(|i| i.trim().to_string())
            .unwrap_or_else(|| format!("http://127.0.0.1:{port}"));
        Some(OidcProvider {
            port,
            issuer,
            _guard: guard,
            _dir: dir,
        })
    }

    /// Over HTTPS with a certificate for `localhost` signed by `ca`.
    pub async fn start_tls(ca: &TestCa) -> Option<OidcProvider> {
        let (cert, key) = (ca.cert.display().to_string(), ca.key.display().to_string());
        Self::start_with(&[("OIDC_TLS_CERT", &cert), ("OIDC_TLS_KEY", &key)]).await
    }

    pub fn log_text(&self) -> String {
        self._guard.log_text()
    }

    /// What jmb needs to use this provider, with the default claims.
    pub fn config(&self) -> jmb::config::OidcConfig {
        jmb::config::OidcConfig {
            issuer_url: self.issuer.clone(),
            client_id: OIDC_CLIENT_ID.into(),
            client_secret: jmb::config::Secret::new(OIDC_CLIENT_SECRET),
            ..jmb::config::OidcConfig::default()
        }
    }
}
