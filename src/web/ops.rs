//! Operator and housekeeping routes: home, health, login/logout, 404.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Duration;
use serde::Deserialize;

use super::AppState;
use super::error::{Error, Missing};
use super::extract::{identify, identify_if_any};
use super::lang::Lang;
use super::login::safe_next;
use super::render::{CsrfForm, Layout, found, ok, page, require_csrf, see_other};
use crate::auth::identity::LoginError;
use crate::auth::{Identity, session};
use crate::config::AuthMode;
use crate::domain::Problem;

#[derive(Template)]
#[template(path = "pages/landing.html")]
struct LandingPage {
    layout: Layout,
    show_login: bool,
}

pub async fn home(
    state: web::Data<AppState>,
    Lang(t): Lang,
    req: HttpRequest,
) -> Result<HttpResponse, Error> {
    if identify_if_any(&req).await?.is_some() {
        return Ok(found("/booking"));
    }
    let layout = Layout::new(&state, &req, t, None, "");
    ok(
        &state,
        &LandingPage {
            layout: Layout {
                title: layout.brand.clone(),
                ..layout
            },
            show_login: state.config.auth.mode != AuthMode::Header,
        },
    )
}

pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let ok = state
        .db
        .run(|c| c.query_row("SELECT 1", crate::params![], |r| r.get::<i64>(0)))
        .await
        .is_ok();
    if ok {
        HttpResponse::Ok().content_type("text/plain").body("ok\n")
    } else {
        HttpResponse::ServiceUnavailable()
            .content_type("text/plain")
            .body("database unavailable\n")
    }
}

pub async fn not_found() -> Result<HttpResponse, Error> {
    Err(Error::NotFound(Missing::Page))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NextQuery {
    pub next: String,
}

#[derive(Template)]
#[template(path = "pages/login.html")]
struct LoginPage {
    layout: Layout,
    next: String,
    login: String,
    error: Option<String>,
}

pub async fn show_login(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
    Lang(t): Lang,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, Error> {
    match state.config.auth.mode {
        AuthMode::Dev => {}
        AuthMode::Oidc => {
            return super::login::start_oidc_login(&state, &session, &query.next).await;
        }
        AuthMode::Header => return Err(Error::NotFound(Missing::Page)),
    }
    ok(
        &state,
        &LoginPage {
            layout: Layout::new(&state, &req, t, None, &t.get("login-dev-title")),
            next: safe_next(&state, &query.next),
            login: String::new(),
            error: None,
        },
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    pub csrf: String,
    pub login: String,
    pub next: String,
}

pub async fn log_in(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
    Lang(t): Lang,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, Error> {
    if state.config.auth.mode != AuthMode::Dev {
        return Err(Error::NotFound(Missing::Page));
    }
    require_csrf(&session, &form.csrf)?;
    match Identity::from_parts(&form.login, None, None, &state.config.auth.mail_domain) {
        Ok(identity) => {
            let lifetime = Duration::minutes(i64::from(state.config.auth.session_lifetime_min));
            session::log_in(&state.db, &session, &identity, state.now(), lifetime, None).await?;
            Ok(see_other(&safe_next(&state, &form.next)))
        }
        Err(e) => page(
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            &LoginPage {
                layout: Layout::new(&state, &req, t, None, &t.get("login-dev-title")),
                next: safe_next(&state, &form.next),
                login: form.login.clone(),
                error: Some(t.problem(&login_problem(&e))),
            },
        ),
    }
}

fn login_problem(e: &LoginError) -> Problem {
    match e {
        LoginError::Empty => Problem::Required,
        LoginError::TooLong { max } => Problem::TooLong { max: *max },
        LoginError::Invisible(_) => Problem::InvisibleCharacter,
    }
}

#[derive(Template)]
#[template(path = "pages/logout.html")]
struct LogoutPage {
    layout: Layout,
    /// Only jmb's own logins can be ended everywhere; a proxy's are not jmb's.
    everywhere: bool,
}

/// `GET /logout` only asks: another site could otherwise log people out with an image.
pub async fn confirm_log_out(
    state: web::Data<AppState>,
    req: HttpRequest,
    Lang(t): Lang,
) -> Result<HttpResponse, Error> {
    ok(
        &state,
        &LogoutPage {
            layout: Layout::new(&state, &req, t, None, &t.get("nav-log-out")),
            everywhere: state.config.auth.mode != AuthMode::Header,
        },
    )
}

pub async fn log_out(
    state: web::Data<AppState>,
    session: Session,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, Error> {
    require_csrf(&session, &form.csrf)?;
    let id_token = session::id_token(&session);
    session::log_out(&state.db, &session).await?;
    Ok(after_log_out(&state, id_token).await)
}

/// Ends every login of the person asking, in every browser (a lost laptop, a shared one).
pub async fn log_out_everywhere(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, Error> {
    if state.config.auth.mode == AuthMode::Header {
        // The proxy's login is not jmb's to end.
        return Err(Error::NotFound(Missing::Page));
    }
    require_csrf(&session, &form.csrf)?;
    let who = identify(&req).await?;
    let id_token = session::id_token(&session);
    session::log_out_everywhere(&state.db, &session, &who.login).await?;
    Ok(after_log_out(&state, id_token).await)
}

/// Where a browser goes once logged out: the provider's logout, so that its login ends
/// too, or the home page.
async fn after_log_out(state: &AppState, id_token: Option<String>) -> HttpResponse {
    if let Some(oidc) = &state.oidc
        && let Some(url) = oidc.logout_url(id_token.as_deref()).await
    {
        return see_other(&url);
    }
    see_other("/")
}

/// The benchmark's local ceiling, served beside the real routes only in a build with the
/// `bench` feature (see `configure` and `jmb bench join`).
#[cfg(feature = "bench")]
pub const TRIVIAL_PATH: &str = "/bench/trivial";

/// What the server costs without any work.
#[cfg(feature = "bench")]
pub async fn trivial() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}
