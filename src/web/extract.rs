//! Request extractors: who is asking (`Organiser`), whether they may book (`Editor`), both
//! completed with the directory (LDAP), hence asynchronous; and the personal link a path
//! carries (`PersonalLink`).

use actix_session::SessionExt;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use futures_util::future::LocalBoxFuture;

use super::AppState;
use super::error::{Denied, Error, Missing};
use crate::auth::directory::{Editorship, Resolved};
use crate::auth::{self, Identity};
use crate::config::AuthMode;
use crate::domain::hash;
use crate::locales::Language;

/// An authenticated person.
#[derive(Debug, Clone)]
pub struct Organiser(pub Identity);

/// An authenticated person who may book meetings.
#[derive(Debug, Clone)]
pub struct Editor(pub Identity);

/// The hash of a personal link in the path: `{hash}`, or `{file}` as `{hash}.ics`. Anything
/// that cannot be a link gets the plain "no such link" page before the handler runs.
#[derive(Debug, Clone)]
pub struct PersonalLink(pub String);

/// `text` if it can be a personal link's hash (see [`hash::is_well_formed`]), else the plain
/// "no such link" answer; for links that do not come as a path segment.
pub fn personal_link(text: &str) -> Result<&str, Error> {
    if hash::is_well_formed(text) {
        Ok(text)
    } else {
        Err(Error::NotFound(Missing::Link))
    }
}

impl FromRequest for PersonalLink {
    type Error = Error;
    type Future = std::future::Ready<Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let path = req.match_info();
        let text = match (path.get("hash"), path.get("file")) {
            (Some(hash), _) => hash,
            (None, Some(file)) => file.strip_suffix(".ics").unwrap_or_default(),
            (None, None) => "",
        };
        std::future::ready(personal_link(text).map(|h| PersonalLink(h.to_string())))
    }
}

/// A meeting id from the path; anything else is no page of ours.
pub fn parse_id(raw: &str) -> Result<i64, Error> {
    raw.parse::<i64>()
        .map_err(|_| Error::NotFound(Missing::Page))
}

fn state(req: &HttpRequest) -> Result<&web::Data<AppState>, Error> {
    req.app_data::<web::Data<AppState>>()
        .ok_or_else(|| Error::internal("application state missing"))
}

/// Who the proxy header or the session says is asking, before the directory is consulted.
pub async fn identify(req: &HttpRequest) -> Result<Identity, Error> {
    let state = state(req)?;
    match state.config.auth.mode {
        AuthMode::Header => Ok(auth::header::identity_from_headers(
            &state.config.auth,
            req.peer_addr().map(|a| a.ip()),
            req.headers(),
        )?),
        AuthMode::Dev | AuthMode::Oidc => {
            auth::session::identity(&state.db, &req.get_session(), state.now())
                .await?
                .ok_or(auth::Error::NoSession.into())
        }
    }
}

/// As [`identify`] for pages that anyone may see: not being logged in is no error there,
/// but a malformed request (an identity header sent twice) or a failing database still is.
pub async fn identify_if_any(req: &HttpRequest) -> Result<Option<Identity>, Error> {
    match identify(req).await {
        Ok(who) => Ok(Some(who)),
        Err(Error::Unauthenticated(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

async fn resolve(req: HttpRequest) -> Result<Resolved, Error> {
    let who = identify(&req).await?;
    let state = state(&req)?.clone();
    let resolved = state.directory.resolve(who).await;
    take_over_waiting_owners(&state, &resolved.identity).await;
    if let Some(lang) = &resolved.language {
        learn_directory_language(&state, &resolved.identity, lang).await;
    }
    if req.method() == actix_web::http::Method::POST && !req.path().starts_with("/api/") {
        learn_language(
            &state,
            &resolved.identity,
            super::lang::texts_for(&req).lang(),
        )
        .await;
    }
    Ok(resolved)
}

/// The directory's language for a person (`ldap.language_attribute`), until they choose one.
async fn learn_directory_language(state: &web::Data<AppState>, who: &Identity, value: &str) {
    let (email, value, now) = (who.email.clone(), value.to_string(), state.now());
    if let Err(e) = state
        .db
        .run(move |c| crate::service::languages::from_directory(c, &email, &value, now))
        .await
    {
        tracing::warn!(error = %e, "recording the directory's language failed");
    }
}

/// An organiser who posts from a page reads jmb in that page's language: their mails will
/// come in it too. A failure is logged, never in the way of the request.
async fn learn_language(state: &web::Data<AppState>, who: &Identity, lang: Language) {
    let email = who.email.clone();
    let now = state.now();
    if let Err(e) = state
        .db
        .run(move |c| crate::service::languages::chosen(c, &email, lang, now))
        .await
    {
        tracing::warn!(error = %e, "recording an organiser's language failed");
    }
}

/// Meetings imported under this person's verified mail, or kept under their former login,
/// become theirs on their first request (the proxy has no login moment to hook into). A
/// failure is logged and retried on the next request, never in the way of this one.
async fn take_over_waiting_owners(state: &web::Data<AppState>, who: &Identity) {
    // Anyone is anyone in dev mode: not even LDAP's mail proves who typed the login.
    if !who.mail_verified || state.config.auth.mode == AuthMode::Dev {
        return;
    }
    let now = state.now();
    let who = who.clone();
    let login = who.login.clone();
    match state
        .db
        .run(move |conn| crate::service::owners::claim_owners(conn, &who, now))
        .await
    {
        Ok(claimed) if !claimed.is_empty() => {
            tracing::info!(login = %login, taken_over = ?claimed, "owner records taken over");
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, login = %login, "taking over owner records failed"),
    }
}

impl FromRequest for Organiser {
    type Error = Error;
    type Future = LocalBoxFuture<'static, Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ok(Organiser(resolve(req).await?.identity)) })
    }
}

impl FromRequest for Editor {
    type Error = Error;
    type Future = LocalBoxFuture<'static, Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let resolved = resolve(req).await?;
            match resolved.editorship {
                Editorship::Yes => Ok(Editor(resolved.identity)),
                Editorship::No => Err(Error::Forbidden(Denied::NotEditor)),
                Editorship::Unknown => Err(Error::DirectoryUnavailable),
            }
        })
    }
}
