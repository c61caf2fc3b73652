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
}
