//! The one mapping from errors to HTTP: a status per variant here, and one renderer that
//! writes the JSON error for `/api/` and an error page everywhere else.

use actix_web::body::BoxBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, ResponseError, web};
use askama::Template;
use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;
use crate::config::AuthMode;
use crate::domain::FieldError;
use crate::i18n::Tr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    Csrf,
    NotOwner,
    NotEditor,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Page,
    /// A personal link (join, invitation, feed) that matches nothing.
    Link,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    #[error("bad request: {message}")]
    BadRequest {
        field: Option<String>,
        message: String,
    },
    #[error("authentication required: {0}")]
    Unauthenticated(String),
    #[error("forbidden: {0:?}")]
    Forbidden(Denied),
    #[error("not found")]
    NotFound(Missing),
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// LDAP, which decides who may book or finds invitees, cannot be asked right now.
    #[error("the directory is unavailable")]
    DirectoryUnavailable,
    /// The database (PostgreSQL) cannot be reached right now; nothing was written.
    #[error("the database is unavailable: {0}")]
    DatabaseUnavailable(String),
    #[error("login failed: {0}")]
    Login(#[from] crate::auth::oidc::Error),
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    pub fn internal(e: impl std::fmt::Display) -> Self {
        Error::Internal(e.to_string())
    }

    fn code(&self) -> &'static str {
        match self {
            Error::Invalid(errors) => errors
                .first()
                .map(|e| e.problem.code())
                .unwrap_or("invalid_field"),
            Error::BadRequest { .. } => "bad_request",
            Error::Unauthenticated(_) => "unauthenticated",
            Error::Forbidden(Denied::Csrf) => "csrf",
            Error::Forbidden(Denied::NotOwner) => "not_owner",
            Error::Forbidden(Denied::NotEditor) => "not_editor",
            Error::Forbidden(Denied::Other) => "forbidden",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::PayloadTooLarge => "payload_too_large",
            Error::UnsupportedMediaType => "unsupported_media_type",
            Error::DirectoryUnavailable => "directory_unavailable",
            Error::DatabaseUnavailable(_) => "database_unavailable",
            Error::Login(_) => "login_failed",
            Error::Internal(_) => "internal",
        }
    }

    fn message(&self, t: Tr) -> String {
        match self {
            Error::Invalid(errors) => errors
                .first()
                .map(|e| t.problem(&e.problem))
                .unwrap_or_else(|| t.get("error-400")),
            // Empty: actix refused the request before any handler could say why.
            Error::BadRequest { message, .. } if message.is_empty() => t.get("error-400"),
            Error::BadRequest { message, .. } => message.clone(),
            Error::Unauthenticated(_) => t.get("error-401"),
            Error::Forbidden(Denied::Csrf) => t.get("error-403-csrf"),
            Error::Forbidden(Denied::NotOwner) => t.get("error-403-not-owner"),
            Error::Forbidden(Denied::NotEditor) => t.get("error-403-not-editor"),
            Error::Forbidden(Denied::Other) => t.get("error-403"),
            Error::NotFound(Missing::Page) => t.get("error-404"),
            Error::NotFound(Missing::Link) => t.get("error-404-link"),
            Error::Conflict(_) => t.get("error-409"),
            Error::PayloadTooLarge => t.get("error-413"),
            Error::UnsupportedMediaType => t.get("error-415"),
            Error::DirectoryUnavailable => t.get("error-503-directory"),
            Error::DatabaseUnavailable(_) => t.get("error-503-database"),
            Error::Login(e) => {
                let lead = if e.is_upstream() {
                    "login-failed-provider"
                } else if e.is_refusal() {
                    "login-failed-refused"
                } else {
                    "login-failed-answer"
                };
                format!("{} {}", t.get(lead), t.arg("login-try-again", "reason", e))
            }
            Error::Internal(_) => t.get("error-500"),
        }
    }
}

impl ResponseError for Error {
    fn status_code(&self) -> StatusCode {
        match self {
            Error::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Error::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            Error::Forbidden(_) => StatusCode::FORBIDDEN,
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::Conflict(_) => StatusCode::CONFLICT,
            Error::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Error::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::DirectoryUnavailable | Error::DatabaseUnavailable(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            Error::Login(e) if e.is_upstream() => StatusCode::BAD_GATEWAY,
            Error::Login(e) if e.is_refusal() => StatusCode::FORBIDDEN,
            Error::Login(_) => StatusCode::BAD_REQUEST,
            Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A bare status; [`render`] gives it its body once the request is known.
    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status_code()).finish()
    }
}

impl From<crate::service::Error> for Error {
    fn from(e: crate::service::Error) -> Self {
        use crate::service::Error as S;
        match e {
            S::Invalid(errors) => Error::Invalid(errors),
            S::NotFound => Error::NotFound(Missing::Page),
            S::NotOwner => Error::Forbidden(Denied::NotOwner),
            S::NotEditor => Error::Forbidden(Denied::NotEditor),
            S::Cancelled => Error::Conflict("the meeting is cancelled"),
            S::Store(e) => e.into(),
            other => Error::internal(other),
        }
    }
}

impl From<crate::domain::listing::BadParam> for Error {
    fn from(e: crate::domain::listing::BadParam) -> Self {
        Error::BadRequest {
            field: Some(e.field.into()),
            message: e.message.into(),
        }
    }
}

impl From<crate::store::Error> for Error {
    fn from(e: crate::store::Error) -> Self {
        match e {
            crate::store::Error::NotFound => Error::NotFound(Missing::Page),
            other if other.is_unavailable() => Error::DatabaseUnavailable(other.to_string()),
            other => Error::internal(other),
        }
    }
}

impl From<crate::auth::Error> for Error {
    fn from(e: crate::auth::Error) -> Self {
        match e {
            // The person is authenticated, but under a name jmb will not key anything by.
            crate::auth::Error::InvalidUser(_) => Error::BadRequest {
                field: Some("login".into()),
                message: e.to_string(),
            },
            // Not a login to retry: the request itself is malformed.
            crate::auth::Error::RepeatedHeader(ref header) => Error::BadRequest {
                field: Some(header.clone()),
                message: e.to_string(),
            },
            crate::auth::Error::SessionStore(_) => Error::internal(e),
            other => Error::Unauthenticated(other.to_string()),
        }
    }
}

impl From<crate::jitsi::jwt::SignError> for Error {
    fn from(e: crate::jitsi::jwt::SignError) -> Self {
        Error::internal(e)
    }
}

impl From<askama::Error> for Error {
    fn from(e: askama::Error) -> Self {
        Error::internal(format!("template: {e}"))
    }
}

/// Every API error answer: `{"error": {"code", "message", "field"?, "details"?}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ApiError,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiError {
    /// Stable and machine-readable, e.g. `invalid_field`, `not_found`, `not_owner`.
    pub code: String,
    /// For people, in the request's language.
    pub message: String,
    /// The input at fault, as a JSON path (`invitees[1].email`) or a query parameter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every problem found, when the input had several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<Vec<FieldDetail>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldDetail {
    pub field: String,
    pub code: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "pages/error.html")]
struct ErrorPage {
    layout: super::render::Layout,
    status: u16,
    message: String,
}

/// Gives error responses their body: JSON under `/api/`, a page elsewhere; logs 5xx once.
pub fn render(res: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    match error_body(&res) {
        Some(response) => {
            let (req, _) = res.into_parts();
            ServiceResponse::new(req, response)
        }
        None => res,
    }
}

fn error_body(res: &ServiceResponse<BoxBody>) -> Option<HttpResponse> {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return None;
    }
    let err = res.response().error()?;
    let fallback;
    let ours = match err.as_error::<Error>() {
        Some(e) => Some(e),
        None => {
            fallback = from_status(status);
            fallback.as_ref()
        }
    };
    if status.is_server_error() {
        tracing::error!(error = %err, path = %res.request().path(), "request failed");
    }
    let state = res.request().app_data::<web::Data<AppState>>().cloned();
    let t = super::lang::texts_for(res.request());
    // Webhook callers are programs too: they get JSON, never a page or a login redirect.
    let is_api = ["/api/", "/hooks/"]
        .iter()
        .any(|p| res.request().path().starts_with(p));
    let message = match ours {
        Some(e) => e.message(t),
        None => status.canonical_reason().unwrap_or("Error").to_string(),
    };
    let req = res.request();
    Some(if is_api {
        let mut error = ApiError {
            code: ours.map(Error::code).unwrap_or("error").into(),
            message,
            field: None,
            details: None,
        };
        if let Some(Error::Invalid(errors)) = ours {
            error.field = errors.first().map(|e| e.field.clone());
            error.details = Some(
                errors
                    .iter()
                    .map(|e| FieldDetail {
                        field: e.field.clone(),
                        code: e.problem.code().into(),
                        message: t.problem(&e.problem),
                    })
                    .collect(),
            );
        }
        if let Some(Error::BadRequest {
            field: Some(field), ..
        }) = ours
        {
            error.field = Some(field.clone());
        }
        HttpResponse::build(status).json(ErrorBody { error })
    } else {
        let mode = state.as_ref().map(|s| s.config.auth.mode);
        if let (Some(Error::Unauthenticated(_)), Some(AuthMode::Dev | AuthMode::Oidc)) =
            (ours, mode)
        {
            // Browsers go to the login page and come back.
            let next = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            let target = format!(
                "{}?next={}",
                super::LOGIN_PATH,
                percent_encoding::utf8_percent_encode(next, percent_encoding::NON_ALPHANUMERIC)
            );
            return Some(
                HttpResponse::Found()
                    .insert_header((header::LOCATION, target))
                    .finish(),
            );
        }
        let mut layout = super::render::Layout::bare(
            state.as_ref().map(|s| s.get_ref()),
            t,
            &t.get("error-title"),
        );
        // The language switch too, when the session already has a form token. It returns
        // home: the page is the same for every missing meeting, whatever its address.
        if let Some(token) =
            crate::auth::csrf::existing(&actix_session::SessionExt::get_session(req))
        {
            layout.csrf = token;
        }
        let page = ErrorPage {
            layout,
            status: status.as_u16(),
            message,
        };
        let policy = state.as_ref().map_or("default-src 'none'", |s| &s.csp.page);
        match page.render() {
            Ok(html) => {
                super::render::page_headers(&mut HttpResponse::build(status), policy).body(html)
            }
            Err(_) => HttpResponse::build(status)
                .content_type(ContentType::plaintext())
                .body(status.to_string()),
        }
    })
}

/// Errors raised by actix itself (payload limits, bad queries) get our words too.
fn from_status(status: StatusCode) -> Option<Error> {
    Some(match status {
        StatusCode::BAD_REQUEST => Error::BadRequest {
            field: None,
            message: String::new(),
        },
        StatusCode::NOT_FOUND => Error::NotFound(Missing::Page),
        StatusCode::PAYLOAD_TOO_LARGE => Error::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => Error::UnsupportedMediaType,
        _ => return None,
    })
}
