//! `/token/{id}`: the owner enters their meeting as moderator; `/meet/{id}`: the same,
//! inside a jmb page.

use actix_web::{HttpRequest, HttpResponse, web};

use super::AppState;
use super::error::Error;
use super::extract::{Organiser, parse_id};
use super::join::enter;
use super::meet::{Entrant, Entry};
use crate::auth::Identity;
use crate::service::meetings;

async fn enter_owned(
    state: &AppState,
    req: &HttpRequest,
    who: Identity,
    id: &str,
    entry: Entry,
) -> Result<HttpResponse, Error> {
    let id = parse_id(id)?;
    let q = who.clone();
    let view = state
        .db
        .run(move |c| meetings::fetch_for_owner(c, id, &q))
        .await?;
    let entrant = Entrant::organiser(who);
    enter(
        state,
        req,
        &view.meeting.slot(),
        view.series.as_ref(),
        &entrant,
        entry,
        format!("/booking/{id}"),
    )
}

pub async fn start_meeting(
    state: web::Data<AppState>,
    req: HttpRequest,
    Organiser(who): Organiser,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    enter_owned(&state, &req, who, &path, Entry::Redirect).await
}

/// `/meet/{id}`: the meeting inside a jmb page.
pub async fn start_meeting_here(
    state: web::Data<AppState>,
    req: HttpRequest,
    Organiser(who): Organiser,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    enter_owned(&state, &req, who, &path, Entry::Embed).await
}
