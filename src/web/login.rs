//! jmb's own OpenID Connect login: `/login` sends the browser to the provider, the provider
//! sends it back to the callback, which opens the session.

use actix_session::Session;
use actix_web::{HttpResponse, web};
use chrono::Duration;

use super::AppState;
use super::error::{Error, Missing};
use super::render::{found, see_other};
use crate::auth::oidc::Callback;
use crate::auth::session;

pub async fn start_oidc_login(
    state: &AppState,
    session: &Session,
    next: &str,
) -> Result<HttpResponse, Error> {
    let oidc = state.oidc.as_ref().ok_or(Error::NotFound(Missing::Page))?;
    let (url, pending) = oidc.start(&safe_next(state, next)).await?;
    session::begin_login(session, &pending);
    Ok(found(&url))
}

pub async fn finish_oidc_login(
    state: web::Data<AppState>,
    session: Session,
    answer: web::Query<Callback>,
) -> Result<HttpResponse, Error> {
    let oidc = state.oidc.as_ref().ok_or(Error::NotFound(Missing::Page))?;
    // Taken whatever happens next: one answer per login started, so a code cannot be replayed.
    let pending = session::take_pending_login(&session);
    let next = pending
        .as_ref()
        .map(|p| safe_next(&state, &p.next))
        .unwrap_or_else(|| safe_next(&state, ""));
    let done = oidc
        .finish(pending, answer.into_inner())
        .await
        .inspect_err(|e| {
            tracing::warn!(error = %e, "OpenID Connect login refused");
        })?;
    let lifetime = Duration::minutes(i64::from(state.config.auth.session_lifetime_min));
    session::log_in(
        &state.db,
        &session,
        &done.identity,
        state.now(),
        lifetime,
        Some(&done.id_token),
    )
    .await?;
    tracing::info!(login = %done.identity.login, "logged in through OpenID Connect");
    Ok(see_other(&next))
}

/// Only paths on our own origin: a login must never bounce to another site.
pub(super) fn safe_next(state: &AppState, next: &str) -> String {
    state
        .urls
        .local_target(next)
        .unwrap_or_else(|| "/booking".to_string())
}
