//! The session cookie (encrypted and authenticated by actix-session): the dev/OIDC login,
//! the OIDC login in progress, and the CSRF token live in it.

use actix_session::Session;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha512};

use super::Identity;
use super::oidc::Pending;

const IDENTITY: &str = "identity";
/// Unix seconds after which the login is over, whatever the browser does with the cookie.
const EXPIRES: &str = "expires";
const ID_TOKEN: &str = "id_token";
const PENDING: &str = "oidc_pending";

/// The logged-in person, unless the login has expired.
pub fn identity(session: &Session, now: DateTime<Utc>) -> Option<Identity> {
    let expires = session.get::<i64>(EXPIRES).ok().flatten()?;
    if now.timestamp() >= expires {
        return None;
    }
    session.get::<Identity>(IDENTITY).ok().flatten()
}

pub fn log_in(session: &Session, identity: &Identity, expires: DateTime<Utc>) {
    // A new login gets a new cookie (and CSRF token): no session fixation.
    session.renew();
    session.remove("csrf");
    session.remove(PENDING);
    let _ = session.insert(IDENTITY, identity);
    let _ = session.insert(EXPIRES, expires.timestamp());
}

/// As [`log_in`], remembering the provider's ID token for its logout.
pub fn log_in_with_token(
    session: &Session,
    identity: &Identity,
    expires: DateTime<Utc>,
    id_token: &str,
) {
    log_in(session, identity, expires);
    let _ = session.insert(ID_TOKEN, id_token);
}

pub fn id_token(session: &Session) -> Option<String> {
    session.get::<String>(ID_TOKEN).ok().flatten()
}

pub fn log_out(session: &Session) {
    session.purge();
}

pub fn begin_login(session: &Session, pending: &Pending) {
    let _ = session.insert(PENDING, pending);
}

/// The login in progress, removed so that its answer can be used once only.
pub fn take_pending_login(session: &Session) -> Option<Pending> {
    session.remove_as::<Pending>(PENDING).and_then(Result::ok)
}

/// Cookie keys must be 64 bytes; an operator's secret of any length is stretched to that.
pub fn cookie_key(secret: &[u8]) -> actix_web::cookie::Key {
    let digest = Sha512::digest(secret);
    actix_web::cookie::Key::from(&digest[..])
}
