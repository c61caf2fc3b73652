//! Links of the original bash JMB (`*.cgi`), already sitting in mailboxes and calendars:
//! each one redirects to the route that now does the job. Nothing here acts on a GET; in
//! particular `invitation.cgi?accept` only opens the answer page with "accept" preselected.

use actix_web::{HttpRequest, HttpResponse, web};

use super::AppState;
use super::error::{Error, Missing};
use super::extract::{Organiser, identify_if_any, personal_link};
use super::render::found;
use crate::domain::room;
use crate::store::legacy::{self, LegacyLink};
use crate::store::{meetings, personal_rooms};

/// A JMB query string: an action word without `=` (`list`, `accept`…) and `name=value`
/// pairs; `ical.cgi` takes the whole string as its hash.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct OldQuery<'a> {
    pub action: Option<&'a str>,
    pub id: Option<&'a str>,
    pub room: Option<&'a str>,
}

pub fn parse_query(query: &str) -> OldQuery<'_> {
    let mut q = OldQuery::default();
    for part in query.split('&').filter(|p| !p.is_empty()) {
        match part.split_once('=') {
            Some(("id", v)) => q.id = Some(v),
            Some(("room", v)) => q.room = Some(v),
            Some(_) => {}
            None if q.action.is_none() => q.action = Some(part),
            None => {}
        }
    }
    q
}

fn link_not_found() -> Error {
    Error::NotFound(Missing::Link)
}

/// The JMB hash in `id=`, if it can be one.
fn hash_param<'a>(q: &OldQuery<'a>) -> Result<&'a str, Error> {
    personal_link(q.id.unwrap_or_default())
}

async fn lookup(state: &AppState, h: &str) -> Result<Option<LegacyLink>, Error> {
    let h = h.to_owned();
    Ok(state
        .db
        .read(move |c| legacy::fetch_legacy_link(c, &h))
        .await?)
}

/// `join.cgi?id=HASH`: the invitee's link, or the owner's (who starts the meeting).
pub async fn join_cgi(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let q = parse_query(req.query_string());
    let h = hash_param(&q)?;
    Ok(match lookup(&state, h).await? {
        Some(LegacyLink::Owner { meeting_id }) => found(&format!("/token/{meeting_id}")),
        Some(LegacyLink::Alias { hash }) => found(&format!("/join/{hash}")),
        _ => found(&format!("/join/{h}")),
    })
}

/// `invitation.cgi?accept&id=HASH` / `?decline&id=HASH`: the answer page, preselected.
pub async fn invitation_cgi(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, Error> {
    let q = parse_query(req.query_string());
    let h = hash_param(&q)?;
    let answer = match q.action {
        Some("accept") => "?answer=accept",
        Some("decline") => "?answer=decline",
        _ => "",
    };
    Ok(match lookup(&state, h).await? {
        // JMB let owners "answer" their own meeting; in jmb they see it.
        Some(LegacyLink::Owner { meeting_id }) => found(&format!("/booking/{meeting_id}")),
        Some(LegacyLink::Alias { hash }) => found(&format!("/invitation/{hash}{answer}")),
        _ => found(&format!("/invitation/{h}{answer}")),
    })
}

/// `ical.cgi?HASH`: the personal feed.
pub async fn ical_cgi(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let h = personal_link(req.query_string().split('&').next().unwrap_or_default())?;
    Ok(match lookup(&state, h).await? {
        Some(LegacyLink::Feed {
            hash: Some(current),
        }) => found(&format!("/ical/{current}.ics")),
        Some(_) => return Err(link_not_found()),
        None => found(&format!("/ical/{h}.ics")),
    })
}

/// `token.cgi?room=ROOM` (also Jitsi's `tokenAuthUrl`): the owner starts the booked room,
/// or their personal room: by its name (the host button of a personal room nobody has
/// opened yet) or by their login (JMB's private room was named after it).
pub async fn token_cgi(
    state: web::Data<AppState>,
    Organiser(who): Organiser,
    req: HttpRequest,
) -> Result<HttpResponse, Error> {
    let q = parse_query(req.query_string());
    let asked = q.room.map(str::to_ascii_lowercase).unwrap_or_default();
    // Logins may hold characters jmb's room names do not (`jean.dupont`).
    if !asked.is_empty() && asked == who.login.to_ascii_lowercase() {
        return Ok(found("/room/open"));
    }
    let name = Some(asked)
        .filter(|r| room::is_valid(r))
        .ok_or(Error::NotFound(Missing::Page))?;
    let login = who.login;
    let target = state
        .db
        .run(move |c| {
            if let Some(m) = meetings::fetch_meeting_by_room(c, &name)? {
                return Ok(Some(format!("/token/{}", m.id)));
            }
            let own = personal_rooms::fetch_personal_room(c, &login)?;
            let is_own = name == login.to_ascii_lowercase() || own.is_some_and(|p| p.room == name);
            Ok::<_, crate::store::Error>(is_own.then(|| "/room/open".to_string()))
        })
        .await?
        .ok_or(Error::NotFound(Missing::Page))?;
    Ok(found(&target))
}

/// `booking.cgi?list|new|edit&id=…|attendees&id=…`: the booking pages; `id` is JMB's.
pub async fn booking_cgi(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, Error> {
    let q = parse_query(req.query_string());
    let suffix = match q.action {
        Some("new") => return Ok(found("/booking/new")),
        Some("edit") => "/edit",
        Some("attendees") => "",
        _ => return Ok(found("/booking")),
    };
    let jmb_id =
        q.id.and_then(|id| id.parse::<i64>().ok())
            .ok_or(Error::NotFound(Missing::Page))?;
    let meeting_id = state
        .db
        .run(move |c| legacy::fetch_imported_meeting(c, jmb_id))
        .await?
        .ok_or(Error::NotFound(Missing::Page))?;
    Ok(found(&format!("/booking/{meeting_id}{suffix}")))
}

/// `close.cgi`, where Jitsi sends people after hanging up: people who can log in go back
/// to their list, others to `server.close_redirect_url` (or the landing page).
pub async fn close_cgi(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, Error> {
    if identify_if_any(&req).await?.is_some() {
        return Ok(found("/booking"));
    }
    Ok(match state.config.server.close_redirect_url.as_str() {
        "" => found("/"),
        url => found(url),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jmb_query_strings_give_their_action_and_parameters() {
        assert_eq!(
            parse_query("accept&id=aB3dE5gH7jK9mN1p"),
            OldQuery {
                action: Some("accept"),
                id: Some("aB3dE5gH7jK9mN1p"),
                room: None
            }
        );
        assert_eq!(parse_query("room=abcdefgh").room, Some("abcdefgh"));
        assert_eq!(parse_query("").action, None);
        assert_eq!(parse_query("edit&id=17&junk").action, Some("edit"));
        assert_eq!(parse_query("&&list").action, Some("list"));
    }
}
