//! Jitsi tokens (DESIGN §6): HS256 with `typ: JWT`, the moderator flag in all three places
//! Prosody plugins look for it, and `nbf`/`exp` bound to the join window.

use chrono::{DateTime, Utc};
use jsonwebtoken::{EncodingKey, Header, encode};
use serde::{Deserialize, Serialize};

use crate::domain::JoinWindow;

#[derive(Debug, thiserror::Error)]
#[error("cannot sign a Jitsi token: {0}")]
pub struct SignError(#[from] jsonwebtoken::errors::Error);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub room: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub moderator: bool,
    pub context: Context,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    pub user: UserContext,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserContext {
    pub id: String,
    pub name: String,
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    pub moderator: bool,
    pub affiliation: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lobby_bypass: bool,
}

/// Who the token is for.
#[derive(Debug, Clone)]
pub struct TokenUser {
    pub id: String,
    pub name: String,
    pub email: String,
    pub moderator: bool,
}

#[derive(Clone)]
pub struct Signer {
    key: EncodingKey,
    issuer: String,
    audience: String,
    subject: String,
}

impl Signer {
    pub fn new(secret: &str, app_id: &str, audience: &str, domain: &str) -> Self {
        Self {
            key: EncodingKey::from_secret(secret.as_bytes()),
            issuer: app_id.to_string(),
            audience: audience.to_string(),
            subject: if domain.is_empty() {
                "*".to_string()
            } else {
                domain.to_string()
            },
        }
    }

    pub fn claims(
        &self,
        room: &str,
        user: &TokenUser,
        window: JoinWindow,
        now: DateTime<Utc>,
    ) -> Claims {
        Claims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: self.subject.clone(),
            room: room.to_lowercase(),
            iat: now.timestamp(),
            nbf: window.opens.timestamp(),
            exp: window.closes.timestamp(),
            moderator: user.moderator,
            context: Context {
                user: UserContext {
                    id: user.id.clone(),
                    name: user.name.clone(),
                    email: user.email.clone(),
                    avatar: None,
                    moderator: user.moderator,
                    affiliation: if user.moderator { "owner" } else { "member" }.to_string(),
                    lobby_bypass: user.moderator,
                },
            },
        }
    }

    pub fn sign(
        &self,
        room: &str,
        user: &TokenUser,
        window: JoinWindow,
        now: DateTime<Utc>,
    ) -> Result<String, SignError> {
        // Header::default() is HS256 with typ "JWT", the only typ Prosody accepts.
        Ok(encode(
            &Header::default(),
            &self.claims(room, user, window, now),
            &self.key,
        )?)
    }
}

/// `{jitsi.url}/{room}` with the token, if any.
pub fn meeting_url(jitsi_url: &str, room: &str, token: Option<&str>) -> String {
    let base = jitsi_url.trim_end_matches('/');
    match token {
        Some(t) => format!("{base}/{room}?jwt={t}"),
        None => format!("{base}/{room}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};
    use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};

    #[test]
    fn tokens_carry_every_claim_and_verify_with_the_secret() {
        let signer = Signer::new("s3cret", "jmb", "jitsi", "meet.example.org");
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 8, 50, 0).unwrap();
        let window = JoinWindow {
            opens: now - Duration::minutes(5),
            closes: now + Duration::minutes(70),
        };
        let user = TokenUser {
            id: "7".into(),
            name: "Ann".into(),
            email: "ann@example.org".into(),
            moderator: true,
        };
        let token = signer.sign("Weekly-Sync", &user, window, now).unwrap();
        let header = decode_header(&token).unwrap();
        assert_eq!(header.alg, Algorithm::HS256);
        assert_eq!(header.typ.as_deref(), Some("JWT"));
        let mut v = Validation::new(Algorithm::HS256);
        v.set_audience(&["jitsi"]);
        v.validate_exp = false;
        let data = decode::<Claims>(&token, &DecodingKey::from_secret(b"s3cret"), &v).unwrap();
        let c = data.claims;
        assert_eq!(c.room, "weekly-sync");
        assert_eq!(c.nbf, window.opens.timestamp());
        assert_eq!(c.exp, window.closes.timestamp());
        assert!(c.moderator && c.context.user.moderator && c.context.user.lobby_bypass);
        assert_eq!(c.context.user.affiliation, "owner");
        assert!(decode::<Claims>(&token, &DecodingKey::from_secret(b"wrong"), &v).is_err());
    }

    #[test]
    fn meeting_urls_have_no_double_slash() {
        assert_eq!(
            meeting_url("https://meet.example.org/", "abc", Some("t")),
            "https://meet.example.org/abc?jwt=t"
        );
        assert_eq!(
            meeting_url("https://m.org", "abc", None),
            "https://m.org/abc"
        );
    }
}
