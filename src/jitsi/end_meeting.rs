//! Ending a room: jitsi-meet's `mod_muc_end_meeting` (`POST /end-meeting?conference=<room
//! jid>`), authorised by a system token signed RS256 with a key pair of its own: Prosody
//! fetches the public key from `prosody_password_public_key_repo_url` by the token's `kid`.

use std::time::Duration;

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde::Serialize;

use crate::config::JitsiConfig;

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("jitsi.system_key is not a PEM RSA private key: {0}")]
    Key(jsonwebtoken::errors::Error),
    #[error("jitsi.end_meeting_url `{0}` is not a URL")]
    Url(String),
    #[error("cannot build the HTTP client: {0}")]
    Client(#[from] reqwest::Error),
}

/// What became of a request to end a room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ended,
    /// 404: no such room any more (everyone had left).
    Gone,
    Failed(String),
}

#[derive(Debug, Serialize)]
struct SystemClaims<'a> {
    iss: &'a str,
    aud: &'a str,
    sub: &'a str,
    /// jitsi-meet's token check wants a room claim unless `asap_require_room_claim = false`;
    /// a system token is not bound to one room.
    room: &'a str,
    iat: i64,
    nbf: i64,
    exp: i64,
}

/// Prosody allows no clock leeway, so the token is valid from a little before now.
const SKEW_S: i64 = 60;
const LIFETIME_S: i64 = 300;

/// Checks the configured key (config validation uses it too).
pub fn parse_key(pem: &str) -> Result<EncodingKey, SetupError> {
    EncodingKey::from_rsa_pem(pem.as_bytes()).map_err(SetupError::Key)
}

#[derive(Clone)]
pub struct Ender {
    client: reqwest::Client,
    url: url::Url,
    key: EncodingKey,
    kid: String,
    issuer: String,
    audience: String,
    subject: String,
}

impl Ender {
    /// `None` when `jitsi.end_meeting_url` is empty: rooms are then not ended by jmb.
    pub fn from_config(jitsi: &JitsiConfig) -> Result<Option<Ender>, SetupError> {
        if jitsi.end_meeting_url.is_empty() {
            return Ok(None);
        }
        let url = url::Url::parse(&jitsi.end_meeting_url)
            .map_err(|_| SetupError::Url(jitsi.end_meeting_url.clone()))?;
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(Some(Ender {
            client,
            url,
            key: parse_key(jitsi.system_key.expose())?,
            kid: jitsi.system_key_id.clone(),
            issuer: jitsi.app_id.clone(),
            audience: jitsi.audience.clone(),
            subject: if jitsi.domain.is_empty() {
                "*".into()
            } else {
                jitsi.domain.clone()
            },
        }))
    }

    pub fn system_token(&self, now: DateTime<Utc>) -> Result<String, jsonwebtoken::errors::Error> {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        let t = now.timestamp();
        encode(
            &header,
            &SystemClaims {
                iss: &self.issuer,
                aud: &self.audience,
                sub: &self.subject,
                room: "*",
                iat: t,
                nbf: t - SKEW_S,
                exp: t + LIFETIME_S,
            },
            &self.key,
        )
    }

    /// Asks jitsi-meet to end the conference in `room_jid`.
    pub async fn end(&self, room_jid: &str, now: DateTime<Utc>) -> Outcome {
        let token = match self.system_token(now) {
            Ok(t) => t,
            Err(e) => return Outcome::Failed(format!("cannot sign the system token: {e}")),
        };
        let mut url = self.url.clone();
        url.query_pairs_mut().append_pair("conference", room_jid);
        let sent = self
            .client
            .post(url)
            .bearer_auth(token)
            .header(reqwest::header::CONTENT_LENGTH, "0")
            .send()
            .await;
        match sent {
            Ok(r) if r.status().is_success() => Outcome::Ended,
            Ok(r) if r.status() == reqwest::StatusCode::NOT_FOUND => Outcome::Gone,
            Ok(r) if r.status() == reqwest::StatusCode::UNAUTHORIZED => Outcome::Failed(
                "401: Prosody refused the system token (check prosody_password_public_key_repo_url, \
                 jitsi.system_key_id and jitsi.app_id)"
                    .into(),
            ),
            Ok(r) => Outcome::Failed(format!("HTTP {}", r.status())),
            Err(e) => Outcome::Failed(e.without_url().to_string()),
        }
    }
}
