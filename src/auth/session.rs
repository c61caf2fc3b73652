//! Logins (dev and OpenID Connect). The cookie (encrypted and authenticated by
//! actix-session) carries the person, a random session id, the OIDC login in progress and
//! the CSRF token; the id counts only while its row in the database does, so logging out
//! ends every copy of the cookie, on every node sharing the database.

use actix_session::Session;
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha512};

use super::oidc::Pending;
use super::{Error, Identity};
use crate::domain::hash;
use crate::domain::session::LoginSession;
use crate::store::{Db, sessions};

const IDENTITY: &str = "identity";
/// The session id; the database keeps only its digest.
const SESSION_ID: &str = "sid";
const ID_TOKEN: &str = "id_token";
const PENDING: &str = "oidc_pending";

fn session_id(session: &Session) -> Option<String> {
    session.get::<String>(SESSION_ID).ok().flatten()
}

/// The logged-in person, if the cookie names one whose login is still open at `now`.
pub async fn identity(
    db: &Db,
    session: &Session,
    now: DateTime<Utc>,
) -> Result<Option<Identity>, Error> {
    let (Some(id), Some(identity)) = (
        session_id(session),
        session.get::<Identity>(IDENTITY).ok().flatten(),
    ) else {
        return Ok(None);
    };
    // One indexed read on the calling thread, as personal links do: the common case.
    let Some(stored) = db
        .read({
            let id = id.clone();
            move |c| sessions::fetch_session(c, &id)
        })
        .await?
    else {
        return Ok(None);
    };
    if !stored.admits(&identity.login, now) {
        return Ok(None);
    }
    if stored.is_seen_stale(now)
        && let Err(e) = db
            .run(move |c| sessions::update_session_seen(c, &id, now))
            .await
    {
        // Only bookkeeping: the login itself is fine.
        tracing::warn!(error = %e, "could not record when a login was last seen");
    }
    Ok(Some(identity))
}

/// Opens a login for `identity` until `now + lifetime`, with the provider's ID token (for
/// its logout) when there is one. Expired logins are pruned on the way.
pub async fn log_in(
    db: &Db,
    session: &Session,
    identity: &Identity,
    now: DateTime<Utc>,
    lifetime: Duration,
    id_token: Option<&str>,
) -> Result<(), Error> {
    let id = hash::generate()?;
    let previous = session_id(session);
    let row = LoginSession::new(&identity.login, now, lifetime);
    let new_id = id.clone();
    db.run(move |c| {
        let tx = c.transaction()?;
        sessions::delete_expired_sessions(&tx, now)?;
        if let Some(previous) = previous {
            sessions::delete_session(&tx, &previous)?;
        }
        sessions::insert_session(&tx, &new_id, &row)?;
        tx.commit()?;
        Ok::<_, crate::store::Error>(())
    })
    .await?;
    // A new login gets a new cookie (and CSRF token): no session fixation.
    session.renew();
    session.remove("csrf");
    session.remove(PENDING);
    let _ = session.insert(IDENTITY, identity);
    let _ = session.insert(SESSION_ID, id);
    if let Some(token) = id_token {
        let _ = session.insert(ID_TOKEN, token);
    }
    Ok(())
}

pub fn id_token(session: &Session) -> Option<String> {
    session.get::<String>(ID_TOKEN).ok().flatten()
}

/// Ends this login: its row first, so that copies of the cookie die too.
pub async fn log_out(db: &Db, session: &Session) -> Result<(), Error> {
    if let Some(id) = session_id(session) {
        db.run(move |c| sessions::delete_session(c, &id)).await?;
    }
    session.purge();
    Ok(())
}

/// Ends every login of `login`, in every browser.
pub async fn log_out_everywhere(db: &Db, session: &Session, login: &str) -> Result<(), Error> {
    let login = login.to_string();
    let ended = db
        .run(move |c| sessions::delete_sessions_of(c, &login))
        .await?;
    tracing::info!(sessions = ended, "logged out everywhere");
    session.purge();
    Ok(())
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
