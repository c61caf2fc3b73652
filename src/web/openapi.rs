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
        super::api_series::list_occurrences,
        super::attendance::show_attendance,
        super::webhooks::create_webhook,
        super::webhooks::list_webhooks,
        super::webhooks::delete_webhook,
    ),
    components(schemas(crate::domain::webhook::Envelope)),
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

/// OpenAPI 3.1's `webhooks`: one entry per event type, each posting the `Envelope` with
/// Standard Webhooks' headers. utoipa 5 has no field for the section (6 has), so it is added
/// to the serialised document; its operations are still utoipa's types.
fn webhooks_section() -> Result<serde_json::Value, Error> {
    use utoipa::openapi::path::{HttpMethod, OperationBuilder, PathItem};
    use utoipa::openapi::request_body::RequestBodyBuilder;
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let mut section = serde_json::Map::new();
    for event in crate::domain::webhook::EVENT_TYPES {
        let operation = OperationBuilder::new()
            .operation_id(Some(format!("webhook-{event}")))
            .tag("webhooks")
            .summary(Some(format!("`{event}`")))
            .description(Some(
                "Posted to each subscribed endpoint with the headers `webhook-id` (the same on \
                 every attempt), `webhook-timestamp` and `webhook-signature` (`v1,` base64 \
                 HMAC-SHA256 of `id.timestamp.body` with the subscription's `whsec_` secret). \
                 `data.invitee` is present for `invitee.*`, `data.attendance` for \
                 `meeting.ended`, `data.recording` for `recording.ready`. `data.meeting` is \
                 the meeting as `GET /api/v1/meetings/{id}` shows it to its owner, without \
                 `owner_url` and the invitees' `join_url`, `invitation_url`, `ics_url` and \
                 `bouncing`.",
            ))
            .request_body(Some(
                RequestBodyBuilder::new()
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("Envelope")))
                            .build(),
                    )
                    .required(Some(utoipa::openapi::Required::True))
                    .build(),
            ))
            .response(
                "2XX",
                ResponseBuilder::new()
                    .description("Received; any other answer is tried again later")
                    .build(),
            )
            .build();
        let item = PathItem::new(HttpMethod::Post, operation);
        section.insert(
            (*event).to_string(),
            serde_json::to_value(item).map_err(Error::internal)?,
        );
    }
    Ok(serde_json::Value::Object(section))
}

/// Public: describing the API reveals nothing about anyone's meetings.
pub async fn show_document(state: web::Data<AppState>) -> Result<HttpResponse, Error> {
    let mut doc = serde_json::to_value(document(&state)).map_err(Error::internal)?;
    if let Some(root) = doc.as_object_mut() {
        root.insert("webhooks".into(), webhooks_section()?);
    }
    let json = serde_json::to_string(&doc).map_err(Error::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(json))
}
