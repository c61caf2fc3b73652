//! Turning templates into responses, and the layout every page shares.

use actix_session::{Session, SessionExt};
use actix_web::HttpResponseBuilder;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use super::AppState;
use super::error::{Denied, Error};
use super::lang::{Choice, choices};
use crate::auth::{Identity, csrf};
use crate::config::AuthMode;
use crate::i18n::Tr;

/// What `base.html` needs: words, the person logged in, the form token, and where the
/// stylesheet, the script and the operator's logo are.
pub struct Layout {
    pub t: Tr,
    /// The languages of the switch, and the path it returns to.
    pub languages: Vec<Choice>,
    pub here: String,
    pub user: Option<Identity>,
    pub csrf: String,
    pub title: String,
    pub can_log_out: bool,
    /// `server.service_name`, else the translated default.
    pub brand: String,
    pub logo: Option<String>,
    pub css: String,
    pub js: String,
    /// Browsers ask for an icon on every first visit; without one that is a 404 each time.
    pub icon: String,
    /// The zone times are written in; the page's script says so when the browser's differs.
    pub tz: String,
}

impl Layout {
    pub fn new(
        state: &AppState,
        req: &HttpRequest,
        t: Tr,
        user: Option<Identity>,
        title: &str,
    ) -> Self {
        Self {
            can_log_out: user.is_some() && state.config.auth.mode != AuthMode::Header,
            user,
            csrf: csrf::token(&req.get_session()),
            here: here(req),
            ..Self::bare(Some(state), t, title)
        }
    }

    /// A page without a session or a user (error pages; `state` is missing only when the
    /// application itself is).
    pub fn bare(state: Option<&AppState>, t: Tr, title: &str) -> Self {
        let brand = state
            .map(|s| s.config.server.service_name.trim().to_string())
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| t.get("app-name"));
        let asset = |name: &str| match state {
            Some(s) => s.assets.url(name),
            None => format!("/static/{name}"),
        };
        Self {
            t,
            languages: choices(t),
            here: String::new(),
            user: None,
            csrf: String::new(),
            title: title.to_string(),
            can_log_out: false,
            brand,
            logo: state.and_then(|s| s.assets.logo_url()),
            css: asset("jmb.css"),
            js: asset("jmb.js"),
            icon: asset("icon.svg"),
            tz: state
                .map(|s| s.config.server.time_zone.clone())
                .unwrap_or_default(),
        }
    }

    pub fn can_book(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.editor)
    }
}

/// The path of the page, for the language switch to return to (without its query: a
/// part of a list or a preselected answer is not worth carrying over).
pub fn here(req: &HttpRequest) -> String {
    req.path().to_string()
}

/// Headers of every page: never cached (they hold tokens and personal links), a language
/// chosen per request, and `policy` as the Content-Security-Policy.
pub fn page_headers<'a>(
    builder: &'a mut HttpResponseBuilder,
    policy: &str,
) -> &'a mut HttpResponseBuilder {
    builder
        .content_type(ContentType::html())
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::VARY, "Accept-Language"))
        .insert_header((header::CONTENT_SECURITY_POLICY, policy.to_string()))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
}

pub fn page(
    state: &AppState,
    status: StatusCode,
    template: &impl Template,
) -> Result<HttpResponse, Error> {
    let html = template.render()?;
    Ok(page_headers(&mut HttpResponse::build(status), &state.csp.page).body(html))
}

pub fn ok(state: &AppState, template: &impl Template) -> Result<HttpResponse, Error> {
    page(state, StatusCode::OK, template)
}

/// A page that shows a meeting inside it: Jitsi's script and frame are allowed too.
pub fn embed_page(state: &AppState, template: &impl Template) -> Result<HttpResponse, Error> {
    let html = template.render()?;
    Ok(page_headers(&mut HttpResponse::Ok(), &state.csp.embed).body(html))
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

/// A form whose only field is the session's token (cancel, log out, rotate a link).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct CsrfForm {
    pub csrf: String,
}

/// Every state-changing form posts the session's token back.
pub fn require_csrf(session: &Session, given: &str) -> Result<(), Error> {
    if csrf::verify(session, given) {
        Ok(())
    } else {
        Err(Error::Forbidden(Denied::Csrf))
    }
}
