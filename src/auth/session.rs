//! The signed session cookie: the dev/OIDC login and the CSRF token live in it.

use actix_session::Session;
use sha2::{Digest, Sha512};

use super::Identity;

const IDENTITY: &str = "identity";

pub fn identity(session: &Session) -> Option<Identity> {
    session.get::<Identity>(IDENTITY).ok().flatten()
}

pub fn log_in(session: &Session, identity: &Identity) {
    // A new login gets a new cookie (and CSRF token): no session fixation.
    session.renew();
    session.remove("csrf");
    let _ = session.insert(IDENTITY, identity);
}

pub fn log_out(session: &Session) {
    session.purge();
}

/// Cookie keys must be 64 bytes; an operator's secret of any length is stretched to that.
pub fn cookie_key(secret: &[u8]) -> actix_web::cookie::Key {
    let digest = Sha512::digest(secret);
    actix_web::cookie::Key::from(&digest[..])
}
