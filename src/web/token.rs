//! `/token/{id}`: the owner enters their meeting as moderator.

use actix_session::Session;
use actix_web::{HttpResponse, web};

use super::AppState;
use super::error::{Error, Missing};
use super::extract::Organiser;
use super::join::enter;
use crate::jitsi::jwt::TokenUser;
use crate::service::meetings;

pub async fn start_meeting(
    state: web::Data<AppState>,
    session: Session,
    Organiser(who): Organiser,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let id = path
        .parse::<i64>()
        .map_err(|_| Error::NotFound(Missing::Page))?;
    let q = who.clone();
    let view = state
        .db
        .run(move |c| meetings::fetch_for_owner(c, id, &q))
        .await?;
    let user = TokenUser {
        id: who.login.clone(),
        name: who.name.clone(),
        email: who.email.clone(),
        moderator: true,
    };
    enter(&state, &session, &view.meeting.slot(), Some(user))
}
