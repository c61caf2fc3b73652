//! Entering a meeting: personal links for invitees, and the window rules shared with
//! the owner's `/token/{id}` and `/meet/{id}`.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::AppState;
use super::error::{Error, Missing};
use super::extract::personal_link;
use super::lang::texts_for;
use super::meet::{Door, Entrant, Entry, open};
use super::render::{Layout, ok};
use crate::domain::RoomSlot;
use crate::domain::recurrence::Series;
use crate::domain::window::Access;
use crate::jitsi::jwt::TokenUser;
use crate::store::{self, invitees};

#[derive(Template)]
#[template(path = "pages/notice.html")]
pub struct NoticePage {
    pub layout: Layout,
    pub heading: String,
    pub lines: Vec<String>,
}

/// Inside the join window: into the room (a 302, or the meeting inside a page when
/// `entry` asks for it), with a token when the entrant gets one. Outside it: a page that
/// says when the meeting is, that it is over, or that it was cancelled. `done` is where
/// the embedded meeting leads when it ends. A series opens within the current occurrence's
/// window (the token bounded by it), and between occurrences names the next one.
pub fn enter(
    state: &AppState,
    req: &HttpRequest,
    meeting: &RoomSlot,
    series: Option<&Series>,
    entrant: &Entrant,
    entry: Entry,
    done: String,
) -> Result<HttpResponse, Error> {
    let occurrence;
    let (meeting, access) = match series {
        None => (meeting, state.room_access(meeting, state.now())),
        Some(series) => {
            let jitsi = &state.config.jitsi;
            let (current, access) = series.room_access(
                meeting,
                jitsi.join_before_min,
                jitsi.join_after_min,
                state.now(),
            );
            occurrence = current.map(|o| o.slot(meeting));
            (occurrence.as_ref().unwrap_or(meeting), access)
        }
    };
    if let Access::Open(window) = access {
        let door = Door {
            room: &meeting.room,
            subject: &meeting.subject,
            window,
            done,
        };
        return open(state, req, &door, entrant, entry);
    }
    let t = texts_for(req);
    let when = t.datetime(meeting.starts_at, state.tz);
    let (heading, lines) = match access {
        Access::NotYet { opens } => (
            t.get("meeting-not-open-yet"),
            vec![
                format!("{} — {when}", meeting.subject),
                t.arg("meeting-opens-at", "when", t.datetime(opens, state.tz)),
            ],
        ),
        Access::Cancelled => (
            t.get("meeting-was-cancelled"),
            vec![t.with(
                "meeting-was-scheduled",
                &[
                    ("when", when.as_str().into()),
                    ("subject", meeting.subject.as_str().into()),
                ],
            )],
        ),
        Access::Over | Access::Open(_) => (
            t.get("meeting-is-over"),
            vec![format!("{} — {when}", meeting.subject)],
        ),
    };
    ok(
        state,
        &NoticePage {
            layout: Layout::new(state, req, t, None, &heading),
            heading,
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
    req: HttpRequest,
) -> Result<HttpResponse, Error> {
    let link = personal_link(link_in_path(&req))?;
    let (invitee, meeting, series) =
        invitees::find_link(&state.db, link)
            .await
            .map_err(|e| match e {
                store::Error::NotFound => Error::NotFound(Missing::Link),
                other => other.into(),
            })?;
    let entrant = Entrant {
        user: TokenUser {
            id: invitee.id.to_string(),
            name: invitee.display_name(),
            email: invitee.email.clone(),
            moderator: invitee.role.is_moderator(),
        },
        with_token: invitee.role.is_moderator() || state.config.jitsi.guest_token,
    };
    let entry = Entry::asked(&req);
    let done = match entry {
        Entry::Embed => format!("/invitation/{link}"),
        Entry::Redirect => String::new(),
    };
    enter(
        &state,
        &req,
        &meeting,
        series.as_ref(),
        &entrant,
        entry,
        done,
    )
}
