//! Entering a meeting: personal links for invitees, and the window rules shared with
//! the owner's `/token/{id}`.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::AppState;
use super::error::{Error, Missing};
use super::render::{Layout, found, page};
use crate::domain::window::{Access, access};
use crate::domain::{JoinWindow, RoomSlot, hash};
use crate::jitsi::jwt::{TokenUser, meeting_url};
use crate::store::{self, invitees};

#[derive(Template)]
#[template(path = "pages/notice.html")]
pub struct NoticePage {
    pub layout: Layout,
    pub heading: String,
    pub lines: Vec<String>,
}

/// Inside the join window: a 302 into the room, with a token when `user` is given.
/// Outside it: a page that says when the meeting is, that it is over, or that it was cancelled.
pub fn enter(
    state: &AppState,
    session: &Session,
    meeting: &RoomSlot,
    user: Option<TokenUser>,
) -> Result<HttpResponse, Error> {
    let jitsi = &state.config.jitsi;
    let window = JoinWindow::of(meeting, jitsi.join_before_min, jitsi.join_after_min);
    let now = state.now();
    let t = state.texts;
    let (heading, lines) = match access(meeting, window, now) {
        Access::Open(window) => {
            let token = match user {
                Some(u) => Some(state.signer.sign(&meeting.room, &u, window, now)?),
                None => None,
            };
            return Ok(found(&meeting_url(
                &jitsi.url,
                &meeting.room,
                token.as_deref(),
            )));
        }
        Access::NotYet { opens } => (
            t.meeting_not_open_yet,
            vec![
                format!(
                    "{} — {}",
                    meeting.subject,
                    t.datetime(meeting.starts_at, state.tz)
                ),
                format!("{} {}.", t.meeting_opens_at, t.datetime(opens, state.tz)),
            ],
        ),
        Access::Over => (
            t.meeting_is_over,
            vec![format!(
                "{} — {}",
                meeting.subject,
                t.datetime(meeting.starts_at, state.tz)
            )],
        ),
        Access::Cancelled => (
            t.meeting_was_cancelled,
            vec![format!(
                "{} {}: {}",
                t.meeting_was_scheduled_for,
                t.datetime(meeting.starts_at, state.tz),
                meeting.subject
            )],
        ),
    };
    page(
        StatusCode::OK,
        &NoticePage {
            layout: Layout::new(state, session, None, heading),
            heading: heading.to_string(),
            lines,
        },
    )
}

/// The hash after `/join/` (see the route table for why it is not a path parameter).
fn link_in_path(req: &HttpRequest) -> &str {
    req.match_info().unprocessed().trim_start_matches('/')
}

pub async fn join_meeting(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
) -> Result<HttpResponse, Error> {
    let link = link_in_path(&req);
    if !hash::is_well_formed(link) {
        return Err(Error::NotFound(Missing::Link));
    }
    let (invitee, meeting) =
        state
            .db
            .read(|c| invitees::fetch_link(c, link))
            .map_err(|e| match e {
                store::Error::NotFound => Error::NotFound(Missing::Link),
                other => Error::internal(other),
            })?;
    let wants_token = invitee.role.is_moderator() || state.config.jitsi.guest_token;
    let user = wants_token.then(|| TokenUser {
        id: invitee.id.to_string(),
        name: invitee.display_name(),
        email: invitee.email.clone(),
        moderator: invitee.role.is_moderator(),
    });
    enter(&state, &session, &meeting, user)
}
