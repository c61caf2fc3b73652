//! `/api/v1/webhooks`: an organiser's own outgoing webhook subscriptions. The secret is in
//! the answer to the creation only.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::AppState;
use super::api::{Malformed, NotFound, Unauthorised, parse_body, rfc3339};
use super::error::Error;
use super::extract::{Organiser, parse_id};
use crate::domain::webhook::EventFilter;
use crate::domain::{FieldError, Problem};
use crate::service::webhooks as service;
use crate::store::webhooks::Subscription;
use crate::webhooks::Reach;

/// A new subscription.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionBody {
    /// An https:// URL on the internet (the operator may allow others).
    pub url: String,
    /// Event types, or `["*"]` for all: `meeting.created`, `meeting.updated`,
    /// `meeting.cancelled`, `invitee.added`, `invitee.removed`, `invitee.answered`,
    /// `meeting.started`, `meeting.ended`, `recording.ready`.
    pub events: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionJson {
    pub id: i64,
    pub url: String,
    pub events: Vec<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    /// The `whsec_` signing secret: only in the answer to the creation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

fn subscription_json(s: &Subscription, with_secret: bool) -> SubscriptionJson {
    SubscriptionJson {
        id: s.id,
        url: s.url.clone(),
        events: s.events.types().to_vec(),
        created_at: rfc3339(s.created_at),
        secret: with_secret.then(|| s.secret.clone()),
    }
}

/// The use case behind the API and the page: checks the event types and the address
/// (resolving it, so a name pointing inside the site's network is refused too), then
/// subscribes `owner` with a fresh secret.
pub async fn subscribe(
    state: &AppState,
    owner: String,
    url: &str,
    events: &[String],
) -> Result<Subscription, Error> {
    let events = EventFilter::parse(events).map_err(|value| {
        let problem = if value.is_empty() {
            Problem::Required
        } else {
            Problem::UnknownEventType { value }
        };
        Error::Invalid(vec![FieldError::new("events", problem)])
    })?;
    let url = url.trim().to_string();
    Reach::new(&state.config.webhook_delivery)
        .resolve(&url, false)
        .await
        .map_err(|_| Error::Invalid(vec![FieldError::new("url", Problem::EndpointRefused)]))?;
    let now = state.now();
    Ok(state
        .db
        .run(move |c| service::subscribe(c, &owner, &url, &events, now))
        .await?)
}

#[utoipa::path(
    post,
    path = "/api/v1/webhooks",
    tag = "webhooks",
    request_body = SubscriptionBody,
    responses(
        (status = 201, description = "Subscribed; the secret is shown this once", body = SubscriptionJson),
        (status = 422, description = "`url` refused (not https, or inside the site's network) or an unknown event type in `events`"),
        Malformed, Unauthorised
    ),
    security(("organiser" = []))
)]
pub async fn create_webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
    Organiser(who): Organiser,
    body: web::Bytes,
) -> Result<HttpResponse, Error> {
    let body: SubscriptionBody = parse_body(&req, &body)?;
    let created = subscribe(&state, who.login, &body.url, &body.events).await?;
    Ok(HttpResponse::Created().json(subscription_json(&created, true)))
}

#[utoipa::path(
    get,
    path = "/api/v1/webhooks",
    tag = "webhooks",
    responses(
        (status = 200, description = "The organiser's subscriptions, without their secrets", body = [SubscriptionJson]),
        Unauthorised
    ),
    security(("organiser" = []))
)]
pub async fn list_webhooks(
    state: web::Data<AppState>,
    Organiser(who): Organiser,
) -> Result<HttpResponse, Error> {
    let subs = state.db.run(move |c| service::list(c, &who.login)).await?;
    let list: Vec<SubscriptionJson> = subs.iter().map(|s| subscription_json(s, false)).collect();
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(
    delete,
    path = "/api/v1/webhooks/{id}",
    tag = "webhooks",
    params(("id" = i64, Path, description = "The subscription's id")),
    responses(
        (status = 204, description = "Deleted, with what it had still to deliver"),
        Unauthorised, NotFound
    ),
    security(("organiser" = []))
)]
pub async fn delete_webhook(
    state: web::Data<AppState>,
    Organiser(who): Organiser,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path)?;
    state
        .db
        .run(move |c| service::unsubscribe(c, &who.login, id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
