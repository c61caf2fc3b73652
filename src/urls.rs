//! Absolute links for mails, feeds and the API, built from `server.public_url`.

#[derive(Debug, Clone)]
pub struct Urls {
    base: String,
}

impl Urls {
    pub fn new(public_url: &str) -> Self {
        Self {
            base: public_url.trim_end_matches('/').to_string(),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// Host part of the public URL, used in calendar UIDs and Message-IDs.
    pub fn host(&self) -> String {
        url::Url::parse(&self.base)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_else(|| "localhost".into())
    }

    pub fn meeting(&self, id: i64) -> String {
        format!("{}/booking/{id}", self.base)
    }

    /// The API's list of meetings (its pages link to each other).
    pub fn api_meetings(&self) -> String {
        format!("{}/api/v1/meetings", self.base)
    }

    pub fn token(&self, id: i64) -> String {
        format!("{}/token/{id}", self.base)
    }

    pub fn join(&self, hash: &str) -> String {
        format!("{}/join/{hash}", self.base)
    }

    pub fn invitation(&self, hash: &str) -> String {
        format!("{}/invitation/{hash}", self.base)
    }

    pub fn meeting_ics(&self, hash: &str) -> String {
        format!("{}/meeting/{hash}.ics", self.base)
    }

    /// A personal room's guest link.
    pub fn guest(&self, hash: &str) -> String {
        format!("{}/guest/{hash}", self.base)
    }

    pub fn feed(&self, hash: &str) -> String {
        format!("{}/ical/{hash}.ics", self.base)
    }

    /// Where a login may send the browser back to: `next` as a path (and query) on our own
    /// origin, or `None`. Browsers drop tabs and line breaks from URLs and read `\` as `/`,
    /// so a `next` that holds any control or space character, before or after
    /// percent-decoding, is refused rather than cleaned: `/\t/evil.example` would otherwise
    /// leave as `//evil.example`.
    pub fn local_target(&self, next: &str) -> Option<String> {
        let unsafe_char = |c: char| c.is_control() || c.is_whitespace() || c == '\\';
        if !next.starts_with('/') || next.chars().any(unsafe_char) {
            return None;
        }
        let decoded = percent_encoding::percent_decode_str(next).decode_utf8_lossy();
        if decoded.starts_with("//") || decoded.chars().any(unsafe_char) {
            return None;
        }
        let base = url::Url::parse(&self.base).ok()?;
        let target = base.join(next).ok()?;
        if target.origin() != base.origin() {
            return None;
        }
        let mut local = target.path().to_string();
        if let Some(query) = target.query() {
            local.push('?');
            local.push_str(query);
        }
        // Dot segments can fold `/.//host` into `//host`, which a browser reads as a host.
        (!local.starts_with("//")).then_some(local)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PUBLIC: &str = "https://booking.example.org";

    /// What a browser makes of a Location header: tabs and line breaks dropped, `\` as `/`.
    fn as_browser_reads(location: &str) -> url::Url {
        let cleaned: String = location
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .map(|c| if c == '\\' { '/' } else { c })
            .collect();
        url::Url::parse(PUBLIC).unwrap().join(&cleaned).unwrap()
    }

    #[test]
    fn local_paths_and_queries_are_kept() {
        let urls = Urls::new(PUBLIC);
        assert_eq!(urls.local_target("/booking").as_deref(), Some("/booking"));
        assert_eq!(
            urls.local_target("/booking/4?x=1&y=%2F").as_deref(),
            Some("/booking/4?x=1&y=%2F")
        );
        assert_eq!(urls.local_target("/a/../room").as_deref(), Some("/room"));
        assert_eq!(urls.local_target("/ical#frag").as_deref(), Some("/ical"));
    }

    #[test]
    fn known_ways_out_of_the_origin_are_refused() {
        let urls = Urls::new(PUBLIC);
        for next in [
            "",
            "booking",
            "/%09/evil.example",
            "/\t/evil.example",
            "/%0a/evil.example",
            "//evil",
            "///evil",
            "/\\evil",
            "\\\\evil",
            "/%5Cevil",
            "/%5C%5Cevil",
            "\r\n",
            "/\r\nSet-Cookie: x=1",
            "/%0d%0aSet-Cookie:%20x=1",
            "https://evil",
            "https:evil",
            "http://booking.example.org/x",
            "/%2F%2Fevil",
            "/%2f/evil",
            "/.//evil",
            "/./\\evil",
            "/ evil",
            "/\u{a0}evil",
            "/\u{2028}evil",
            "javascript:alert(1)",
        ] {
            assert_eq!(urls.local_target(next), None, "{next:?}");
        }
    }

    proptest! {
        #[test]
        fn whatever_next_says_the_browser_stays_on_our_origin(
            next in prop_oneof![
                "[/\\\\.%:@?#a-z0-9\t\r\n \u{a0}]{0,16}",
                "/[/\\\\.%:@?#a-zA-F0-9\t\r\n ]{0,16}",
                "\\PC{0,16}",
            ]
        ) {
            let urls = Urls::new(PUBLIC);
            if let Some(local) = urls.local_target(&next) {
                prop_assert!(local.starts_with('/') && !local.starts_with("//"), "{local:?}");
                prop_assert!(
                    actix_web::http::header::HeaderValue::from_str(&local).is_ok(),
                    "{local:?}"
                );
                let landed = as_browser_reads(&local);
                prop_assert_eq!(landed.origin(), url::Url::parse(PUBLIC).unwrap().origin());
                prop_assert!(
                    !local.chars().any(|c| c.is_control() || c.is_whitespace()),
                    "{local:?}"
                );
            }
        }
    }
}
