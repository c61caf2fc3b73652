//! Content-Security-Policy of jmb's pages: scripts, styles and images from jmb only, no
//! inline code; the embedded meeting also allows Jitsi's IFrame API and its frame.

use crate::config::{AuthMode, Config};
use crate::jitsi::embed::ExternalApi;

/// What every page shares: nothing but jmb's own files, forms posted to jmb, no framing.
const BASE: &str = "default-src 'none'; style-src 'self'; img-src 'self'; connect-src 'self'; \
                    frame-ancestors 'none'; base-uri 'none'";

pub struct Policies {
    pub page: String,
    pub embed: String,
}

impl Policies {
    pub fn new(config: &Config) -> Self {
        // Logging out posts a form that is redirected to the provider's end_session_endpoint,
        // and browsers apply `form-action` to that redirect too.
        let provider = match (&config.auth.mode, &config.auth.oidc) {
            (AuthMode::Oidc, Some(oidc)) => url::Url::parse(&oidc.issuer_url)
                .ok()
                .map(|u| format!(" {}", u.origin().ascii_serialization()))
                .unwrap_or_default(),
            _ => String::new(),
        };
        let form_action = format!("form-action 'self'{provider}");
        let page = format!("{BASE}; {form_action}; script-src 'self'");
        let embed = match ExternalApi::of(&config.jitsi.url) {
            Some(api) => format!(
                "{BASE}; {form_action}; script-src 'self' {}; frame-src {}",
                api.script_url, api.site_source
            ),
            None => page.clone(),
        };
        Self { page, embed }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_load_only_from_jmb_and_the_embed_adds_exactly_jitsi() {
        let mut config = Config::default();
        config.jitsi.url = "https://meet.example.org".into();
        let p = Policies::new(&config);
        assert!(p.page.ends_with("; script-src 'self'"));
        assert!(p.page.contains("default-src 'none'"));
        assert!(p.page.contains("form-action 'self'"));
        assert!(!p.page.contains("unsafe"));
        assert!(!p.page.contains("meet.example.org"));
        assert!(
            p.embed
                .contains("script-src 'self' https://meet.example.org/external_api.js;")
        );
        assert!(p.embed.ends_with("; frame-src https://meet.example.org/"));
    }

    #[test]
    fn an_oidc_login_may_send_the_logout_form_to_the_provider() {
        let mut config = Config::default();
        config.auth.mode = AuthMode::Oidc;
        config.auth.oidc = Some(crate::config::OidcConfig {
            issuer_url: "https://sso.example.org/realms/staff".into(),
            ..Default::default()
        });
        let p = Policies::new(&config);
        assert!(
            p.page
                .contains("form-action 'self' https://sso.example.org;")
        );
    }
}
