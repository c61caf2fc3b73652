//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 description of the JSON API, generated from
//! the handlers' `#[utoipa::path]` attributes and the types they read and write, so that it
//! cannot drift from what the API does.

use actix_web::{HttpResponse, web};
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::server::Server;

use super::AppState;
use super::error::Error;
use crate::config::AuthMode;

/// Under the `/api/v1` scope.
pub const DOCUMENT_PATH: &str = "/openapi.json";

/// The name the paths give the organiser's identity; [`show_document`] says what it is on
/// this site (a proxy's header or jmb's session cookie).
pub const IDENTITY: &str = "organiser";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "jmb",
        description = "Booking of Jitsi Meet meetings: meetings, their invitees and who attended. \
                       Every request acts as the organiser the site's login names.",
    ),
    paths(
        super::api::list_meetings,
        super::api::create_meeting,
        super::api::show_meeting,
        super::api::update_meeting,
        super::api::cancel_meeting,
        super::api::add_invitee,
        super::api::remove_invitee,
        super::api_series::cancel_occurrence,
        super::api_series::move_occurrence,
        super::attendance::show_attendance,
        super::webhooks::create_webhook,
        super::webhooks::list_webhooks,
        super::webhooks::delete_webhook,
    ),
    tags(
        (name = "meetings", description = "Meetings the organiser owns or is invited to"),
        (name = "webhooks", description = "The organiser's outgoing webhook subscriptions (Standard Webhooks)")
    )
)]
struct ApiDoc;

/// The document, with this site's address and way of telling who is asking.
pub fn document(state: &AppState) -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.servers = Some(vec![Server::new(state.urls.base())]);
    let auth = &state.config.auth;
    let scheme = match auth.mode {
        AuthMode::Header => ApiKey::Header(ApiKeyValue::with_description(
            auth.header.clone(),
            "The login, set by the site's authenticating reverse proxy (never by clients).".into(),
        )),
        AuthMode::Oidc | AuthMode::Dev => ApiKey::Cookie(ApiKeyValue::with_description(
            super::SESSION_COOKIE.to_string(),
            "The session cookie jmb sets after its login page.".into(),
        )),
    };
    doc.components
        .get_or_insert_with(Default::default)
        .add_security_scheme(IDENTITY, SecurityScheme::ApiKey(scheme));
    doc
}

/// Public: describing the API reveals nothing about anyone's meetings.
pub async fn show_document(state: web::Data<AppState>) -> Result<HttpResponse, Error> {
    let json = document(&state).to_json().map_err(Error::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(json))
}
