//! CSRF tokens: one random token per session cookie, echoed in every state-changing form.

use actix_session::Session;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use subtle::ConstantTimeEq;

const KEY: &str = "csrf";

/// The session's token, created on first use.
pub fn token(session: &Session) -> String {
    if let Ok(Some(t)) = session.get::<String>(KEY) {
        return t;
    }
    let fresh = crate::domain::hash::generate().unwrap_or_else(|_| {
        // Without the OS RNG no form can be trusted; an empty token never verifies.
        String::new()
    });
    if !fresh.is_empty() {
        let _ = session.insert(KEY, &fresh);
    }
    fresh
}

/// The session's token if it has one already (never creates one: for error pages).
pub fn existing(session: &Session) -> Option<String> {
    session
        .get::<String>(KEY)
        .ok()
        .flatten()
        .filter(|t| !t.is_empty())
}

pub fn verify(session: &Session, given: &str) -> bool {
    match session.get::<String>(KEY) {
        Ok(Some(expected)) if !expected.is_empty() && URL_SAFE_NO_PAD.decode(&expected).is_ok() => {
            expected.as_bytes().ct_eq(given.as_bytes()).into()
        }
        _ => false,
    }
}
