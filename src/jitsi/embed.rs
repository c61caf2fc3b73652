//! Where Jitsi's IFrame API lives for a configured `jitsi.url`: the script a page loads, the
//! `domain` its constructor takes, and the sources a Content-Security-Policy must allow.

use url::Url;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalApi {
    /// `{jitsi.url}/external_api.js`: Jitsi Meet serves it beside its rooms.
    pub script_url: String,
    /// `host[:port][/path]`, as `new JitsiMeetExternalAPI(domain, …)` wants it.
    pub domain: String,
    /// The Jitsi site as a CSP source (a path ending in `/` allows what is under it).
    pub site_source: String,
}

/// CSP separates sources with spaces and directives with `;`, so neither may appear raw.
fn csp_safe(path: &str) -> String {
    path.replace(';', "%3B")
        .replace(',', "%2C")
        .replace(' ', "%20")
}

impl ExternalApi {
    /// `None` when `jitsi_url` is not an http(s) URL with a host (the configuration check
    /// refuses those at start).
    pub fn of(jitsi_url: &str) -> Option<Self> {
        let url = Url::parse(jitsi_url).ok()?;
        if !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        let host = url.host_str()?;
        let authority = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        };
        let path = csp_safe(url.path().trim_end_matches('/'));
        let origin = url.origin().ascii_serialization();
        Some(Self {
            script_url: format!("{origin}{path}/external_api.js"),
            domain: format!("{authority}{path}"),
            site_source: format!("{origin}{path}/"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_comes_from_the_configured_site() {
        let api = ExternalApi::of("https://meet.example.org/").unwrap();
        assert_eq!(api.script_url, "https://meet.example.org/external_api.js");
        assert_eq!(api.domain, "meet.example.org");
        assert_eq!(api.site_source, "https://meet.example.org/");
    }

    #[test]
    fn ports_and_paths_are_kept() {
        let api = ExternalApi::of("http://127.0.0.1:8443/jitsi").unwrap();
        assert_eq!(
            api.script_url,
            "http://127.0.0.1:8443/jitsi/external_api.js"
        );
        assert_eq!(api.domain, "127.0.0.1:8443/jitsi");
        assert_eq!(api.site_source, "http://127.0.0.1:8443/jitsi/");
    }

    #[test]
    fn nothing_can_break_out_of_a_csp_source() {
        let api = ExternalApi::of("https://meet.example.org/a;b,c d").unwrap();
        assert!(!api.site_source.contains([';', ',', ' ']));
        assert!(ExternalApi::of("ftp://meet.example.org").is_none());
        assert!(ExternalApi::of("not a url").is_none());
    }
}
