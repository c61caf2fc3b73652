//! Calendar files: `/meeting/{hash}.ics`, one meeting for an invitee, as a plain calendar
//! (no METHOD, so it may list every attendee with their answer).

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use super::AppState;
use super::error::{Error, Missing};
use crate::domain::hash;
use crate::ical::{EventInput, plain_calendar, vevent};
use crate::service::{self, invitations};

pub const CALENDAR_TYPE: &str = "text/calendar; charset=utf-8";

pub async fn download_meeting(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let link = path
        .strip_suffix(".ics")
        .filter(|h| hash::is_well_formed(h))
        .ok_or(Error::NotFound(Missing::Link))?
        .to_string();
    let l = link.clone();
    let (me, meeting, invitees) = state
        .db
        .run(move |c| invitations::fetch(c, &l))
        .await
        .map_err(|e| match e {
            service::Error::NotFound => Error::NotFound(Missing::Link),
            other => other.into(),
        })?;
    let url = state.urls.join(&link);
    // Participants see themselves, not everyone's address (as in their invitation).
    let invitees = if me.role.is_moderator() {
        invitees
    } else {
        vec![me]
    };
    let event = vevent(&EventInput {
        meeting: &meeting,
        invitees: &invitees,
        url: &url,
        organizer_fallback: state.composer.envelope_from().as_ref(),
        dtstamp: meeting.updated_at,
        cancelled: false,
    });
    let mut cal = plain_calendar();
    cal.push(event);
    Ok(HttpResponse::Ok()
        .content_type(CALENDAR_TYPE)
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"meeting.ics\"",
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(cal.to_string()))
}
