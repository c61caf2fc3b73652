//! Webhooks from Jitsi: Prosody's event_sync (`Authorization: Bearer {hooks.secret}`) and
//! Jibri's finalize script (`X-Jitsi-Signature`, HMAC-SHA256 of `X-Jitsi-Timestamp` and the
//! body).

use actix_web::http::header::{AUTHORIZATION, CONTENT_LENGTH, HeaderMap};
use actix_web::web::{Bytes, BytesMut};
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::StreamExt;
use serde_json::json;

use super::AppState;
use super::error::Error;
use crate::domain::recording::check_sent_at;
use crate::domain::room_event::EventKind;
use crate::jitsi::hooks::{self, Malformed};
use crate::service::events::Applied;
use crate::service::recordings;

/// The signed send time of a recording report (Unix seconds).
const TIMESTAMP: &str = "X-Jitsi-Timestamp";

/// A body over the limit is still read, up to this much, and thrown away, so that the sender
/// gets its 413 or 401 instead of a reset connection.
const DRAIN_MAX: usize = 4 << 20;

/// The body, or `None` when it is larger than `limit` (or when `limit` is 0 and there is one).
async fn read_body(
    headers: &HeaderMap,
    mut payload: web::Payload,
    limit: usize,
) -> Result<Option<Bytes>, Error> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > DRAIN_MAX) {
        return Ok(None);
    }
    let mut body = BytesMut::with_capacity(declared.unwrap_or(0).min(limit));
    let mut seen = 0usize;
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| Error::BadRequest {
            field: None,
            message: format!("cannot read the body: {e}"),
        })?;
        seen += chunk.len();
        if seen > DRAIN_MAX {
            break;
        }
        if seen <= limit {
            body.extend_from_slice(&chunk);
        }
    }
    Ok((seen <= limit).then(|| body.freeze()))
}

fn refused(req: &HttpRequest, what: &str) -> Error {
    // The credential itself is never logged.
    tracing::warn!(
        path = %req.path(),
        peer = ?req.peer_addr(),
        "webhook refused: {what}"
    );
    Error::Unauthenticated(what.to_string())
}

fn bad(m: Malformed) -> Error {
    Error::BadRequest {
        field: m.field,
        message: m.message,
    }
}

fn answer(applied: Applied) -> HttpResponse {
    HttpResponse::Ok().json(json!({"result": applied.as_str()}))
}

async fn event(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
    kind: EventKind,
) -> Result<HttpResponse, Error> {
    let credential = req.headers().get(AUTHORIZATION).map(|v| v.as_bytes());
    let authorised = hooks::bearer_matches(credential, state.config.hooks.secret.expose());
    // A stranger's body is read only to be thrown away.
    let limit = if authorised {
        state.config.hooks_body_limit()
    } else {
        0
    };
    let body = read_body(req.headers(), payload, limit).await?;
    if !authorised {
        return Err(refused(&req, "missing or wrong bearer token"));
    }
    let body = body.ok_or(Error::PayloadTooLarge)?;
    let now = state.now();
    let event = hooks::parse_event(kind, &body, now).map_err(bad)?;
    let applied = state.events.apply(event, now).await?;
    // A room that started or ended is told to webhook subscribers.
    state.webhooks.wake();
    Ok(answer(applied))
}

pub async fn room_created(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, Error> {
    event(state, req, payload, EventKind::RoomCreated).await
}

pub async fn room_destroyed(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, Error> {
    event(state, req, payload, EventKind::RoomDestroyed).await
}

pub async fn occupant_joined(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, Error> {
    event(state, req, payload, EventKind::OccupantJoined).await
}

pub async fn occupant_left(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, Error> {
    event(state, req, payload, EventKind::OccupantLeft).await
}

pub async fn recording(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, Error> {
    let body = read_body(req.headers(), payload, state.config.hooks_body_limit())
        .await?
        .ok_or(Error::PayloadTooLarge)?;
    let signature = req.headers().get("X-Jitsi-Signature").map(|v| v.as_bytes());
    let timestamp = req.headers().get(TIMESTAMP).map(|v| v.as_bytes());
    let Some(sent_at) = hooks::parse_timestamp(timestamp) else {
        return Err(Error::BadRequest {
            field: Some(TIMESTAMP.into()),
            message: "missing or not Unix seconds: the signature covers \
                      `{X-Jitsi-Timestamp}.{body}` (see conf-samples/jibri-finalize.py)"
                .into(),
        });
    };
    let secret = state.config.hooks.secret.expose();
    if !hooks::signature_matches(signature, timestamp.unwrap_or_default(), &body, secret) {
        return Err(refused(&req, "missing or wrong X-Jitsi-Signature"));
    }
    // Only a report that proved it knows the secret learns that its time is off.
    let now = state.now();
    if let Err(stale) = check_sent_at(sent_at, now) {
        tracing::warn!(path = %req.path(), peer = ?req.peer_addr(), "webhook refused: {stale}");
        return Err(Error::BadRequest {
            field: Some(TIMESTAMP.into()),
            message: stale.to_string(),
        });
    }
    let report = hooks::parse_recording(&body).map_err(bad)?;
    let applied = state
        .db
        .run(move |c| recordings::record(c, &report, now))
        .await?;
    state.webhooks.wake();
    Ok(answer(applied))
}
