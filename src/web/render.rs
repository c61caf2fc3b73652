//! Turning templates into responses, and the layout every page shares.

use actix_session::Session;
use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use askama::Template;

use super::AppState;
use super::error::{Denied, Error};
use crate::auth::{Identity, csrf};
use crate::config::AuthMode;
use crate::i18n::Texts;

/// What `base.html` needs: words, the person logged in, and the form token.
pub struct Layout {
    pub t: &'static Texts,
    pub user: Option<Identity>,
    pub csrf: String,
    pub title: String,
    pub can_log_out: bool,
}

impl Layout {
    pub fn new(state: &AppState, session: &Session, user: Option<Identity>, title: &str) -> Self {
        Self {
            t: state.texts,
            can_log_out: user.is_some() && state.config.auth.mode != AuthMode::Header,
            user,
            csrf: csrf::token(session),
            title: title.to_string(),
        }
    }
}

pub fn page(status: StatusCode, template: &impl Template) -> Result<HttpResponse, Error> {
    let html = template.render()?;
    Ok(HttpResponse::build(status)
        .content_type(ContentType::html())
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(html))
}

pub fn ok(template: &impl Template) -> Result<HttpResponse, Error> {
    page(StatusCode::OK, template)
}

/// 303 after a successful POST, so a reload does not post again.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

pub fn found(location: &str) -> HttpResponse {
    HttpResponse::Found()
        .insert_header((header::LOCATION, location))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish()
}

/// Every state-changing form posts the session's token back.
pub fn require_csrf(session: &Session, given: &str) -> Result<(), Error> {
    if csrf::verify(session, given) {
        Ok(())
    } else {
        Err(Error::Forbidden(Denied::Csrf))
    }
}
