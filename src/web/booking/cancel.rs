//! Cancelling a meeting: the confirmation page and the cancellation.

use actix_session::Session;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::views::owned;
use crate::service::meetings;
use crate::web::AppState;
use crate::web::error::Error;
use crate::web::extract::{Organiser, parse_id};
use crate::web::lang::Lang;
use crate::web::render::{CsrfForm, Layout, ok, require_csrf, see_other};

#[derive(Template)]
#[template(path = "pages/booking_cancel.html")]
struct CancelPage {
    layout: Layout,
    id: i64,
    subject: String,
    when: String,
}

pub async fn confirm_cancel(
    state: web::Data<AppState>,
    req: HttpRequest,
    Lang(t): Lang,
    Organiser(who): Organiser,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path)?;
    let view = owned(&state, id, &who).await?;
    if view.meeting.is_cancelled() {
        return Err(Error::Conflict("the meeting is cancelled"));
    }
    ok(
        &state,
        &CancelPage {
            layout: Layout::new(&state, &req, t, Some(who), &t.get("meeting-cancel")),
            id,
            subject: view.meeting.subject.clone(),
            when: t.datetime(view.meeting.starts_at, state.tz),
        },
    )
}

pub async fn cancel_meeting(
    state: web::Data<AppState>,
    session: Session,
    Organiser(who): Organiser,
    path: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path)?;
    require_csrf(&session, &form.csrf)?;
    let now = state.now();
    state
        .change(move |c, mail| meetings::cancel(c, id, &who, Some(mail), now))
        .await?;
    Ok(see_other(&format!("/booking/{id}")))
}
