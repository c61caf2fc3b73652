//! The list of the organiser's meetings, by day: upcoming, then the recent past.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use super::views::{access_now, answer_counts, relation_label, seen_by};
use crate::auth::Identity;
use crate::domain::MeetingStatus;
use crate::domain::listing::{Cursor, Order, Window, coming_weeks, split_page};
use crate::domain::window::Access;
use crate::i18n::AnswerCount;
use crate::i18n::Tr;
use crate::service;
use crate::service::meetings::{self, MeetingView};
use crate::web::AppState;
use crate::web::api::rfc3339;
use crate::web::error::Error;
use crate::web::extract::Organiser;
use crate::web::lang::Lang;
use crate::web::render::{Layout, ok};

/// A meeting of the list.
pub struct MeetingRow {
    pub id: i64,
    pub subject: String,
    pub starts_iso: String,
    /// "10:00 – 11:00".
    pub hours: String,
    pub duration_min: u32,
    /// None while merely scheduled.
    pub status: Option<String>,
    pub cancelled: bool,
    pub relation: String,
    /// "repeats weekly", for a series.
    pub repeats: Option<String>,
    /// Accepted / declined / not answered; empty when nobody is invited.
    pub answers: Vec<AnswerCount>,
    /// The owner's "Start", while the room is open.
    pub start_url: Option<String>,
    /// An invitee's "Join" (their personal link), while the room is open.
    pub join_url: Option<String>,
    /// The viewer's own way in, to copy: the owner's start link or the personal link.
    pub copy_url: String,
    pub copy_label: String,
}

/// The meetings of one day, in the server's time zone.
pub struct DayGroup {
    pub date: String,
    pub meetings: Vec<MeetingRow>,
}

#[derive(Template)]
#[template(path = "pages/booking_list.html")]
struct BookingListPage {
    layout: Layout,
    /// A later part shows upcoming meetings only, an older part past ones only.
    show_upcoming: bool,
    show_past: bool,
    upcoming: Vec<DayGroup>,
    past: Vec<DayGroup>,
    /// "Show more": the next part of the upcoming list.
    more_url: Option<String>,
    /// "Show older": the next part of the past.
    older_url: Option<String>,
    /// This is not the start of the list: a way back to it.
    later_part: bool,
    can_book: bool,
    meet_now_hint: String,
    tz_name: String,
}

fn meeting_row(
    state: &AppState,
    t: Tr,
    view: &MeetingView,
    who: &Identity,
    now: DateTime<Utc>,
) -> MeetingRow {
    let m = &view.meeting;
    let is_owner = m.owner == who.login;
    let mine = view.invitee_for(&who.email).filter(|_| !is_owner);
    let open = matches!(access_now(state, view, now), Access::Open(_));
    let upcoming = m.ends_at >= now && !m.is_cancelled();
    let (starts_at, ends_at) = shown_times(view, now);
    MeetingRow {
        id: m.id,
        subject: m.subject.clone(),
        starts_iso: rfc3339(starts_at),
        hours: format!(
            "{} – {}",
            t.clock(starts_at, state.tz),
            t.clock(ends_at, state.tz)
        ),
        duration_min: m.duration_min,
        // "Scheduled" on every row would only be noise.
        status: (m.status != MeetingStatus::Scheduled).then(|| t.status(m.status)),
        cancelled: m.is_cancelled(),
        relation: relation_label(t, view, who),
        repeats: view
            .series
            .as_ref()
            .map(|s| t.get(&format!("booking-repeats-{}", s.rule.to_input().freq))),
        // A row shows the figures that are not zero; the meeting's page shows all three.
        answers: answer_counts(t, &seen_by(view, who))
            .into_iter()
            .filter(|a| a.count > 0)
            .collect(),
        start_url: (is_owner && open).then(|| format!("/token/{}", m.id)),
        join_url: mine.filter(|_| open).map(|i| format!("/join/{}", i.hash)),
        copy_url: match (upcoming, is_owner, mine) {
            (false, _, _) => String::new(),
            (true, true, _) => state.urls.token(m.id),
            (true, false, Some(i)) => state.urls.join(&i.hash),
            (true, false, None) => String::new(),
        },
        copy_label: if is_owner {
            t.get("booking-start-link")
        } else {
            t.get("booking-my-link")
        },
    }
}

/// When a row says the meeting takes place: a series once, at its occurrence under way or
/// next (its last one once it is over), a one-off meeting at its own times.
fn shown_times(view: &MeetingView, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let m = &view.meeting;
    let Some(series) = &view.series else {
        return (m.starts_at, m.ends_at);
    };
    series
        .current_or_next(now)
        .or_else(|| series.schedule().into_iter().rfind(|o| !o.cancelled))
        .map_or((m.starts_at, m.ends_at), |o| (o.starts_at, o.ends_at))
}

/// Consecutive rows of the same day under one heading.
fn by_day(state: &AppState, t: Tr, rows: Vec<(DateTime<Utc>, MeetingRow)>) -> Vec<DayGroup> {
    let mut days: Vec<DayGroup> = Vec::new();
    for (starts_at, row) in rows {
        let date = t.date(starts_at, state.tz);
        match days.last_mut() {
            Some(day) if day.date == date => day.meetings.push(row),
            _ => days.push(DayGroup {
                date,
                meetings: vec![row],
            }),
        }
    }
    days
}

/// The most meetings one part of the list shows.
const LIST_ROWS: u32 = 100;

/// `?cursor=`: where a later part of the upcoming list starts ("Show more"); `?older=`:
/// where an older part of the past starts ("Show older").
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub cursor: Option<String>,
    pub older: Option<String>,
}

/// Which part of the list a request asks for.
#[derive(Debug, Clone, Copy)]
enum Part {
    /// The start: the coming weeks, then the recent past.
    Start,
    /// Upcoming meetings after a cursor ("Show more").
    Later(Cursor),
    /// Past meetings before a cursor, latest first ("Show older").
    Older(Cursor),
}

pub async fn list_meetings(
    state: web::Data<AppState>,
    req: HttpRequest,
    Lang(t): Lang,
    Organiser(who): Organiser,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, Error> {
    let now = state.now();
    let since = now - Duration::days(i64::from(state.config.booking.past_days));
    let part = match (&query.cursor, &query.older) {
        (Some(c), _) => Part::Later(Cursor::decode(c)?),
        (None, Some(c)) => Part::Older(Cursor::decode(c)?),
        (None, None) => Part::Start,
    };
    let q = who.clone();
    // Each list asks for one row more than it shows, which tells whether there is more.
    let upcoming = |after| Window {
        from: now,
        to: None,
        ends_before: None,
        after,
        limit: LIST_ROWS + 1,
    };
    let past = |after| Window {
        from: since,
        to: None,
        ends_before: Some(now),
        after,
        limit: LIST_ROWS + 1,
    };
    let (upcoming, past) = match part {
        Part::Start => (Some(upcoming(None)), Some(past(None))),
        Part::Later(c) => (Some(upcoming(Some(c))), None),
        Part::Older(c) => (None, Some(past(Some(c)))),
    };
    let (upcoming_views, past_views) = state
        .db
        .run(move |c| -> Result<_, service::Error> {
            let list = |w: Option<Window>, order| match w {
                Some(w) => meetings::list_page(c, &q, &w, order),
                None => Ok(Vec::new()),
            };
            Ok((
                list(upcoming, Order::Ascending)?,
                list(past, Order::Descending)?,
            ))
        })
        .await?;
    let (upcoming_views, next) =
        coming_weeks(upcoming_views, LIST_ROWS, now, |v| v.meeting.position());
    let (past_views, older) = split_page(past_views, LIST_ROWS, |v| v.meeting.position());
    let row = |v: &MeetingView| (shown_times(v, now).0, meeting_row(&state, t, v, &who, now));
    let mut upcoming_rows: Vec<_> = upcoming_views.iter().map(row).collect();
    // A series is listed under the day of its next occurrence, not of its first.
    upcoming_rows.sort_by_key(|(starts_at, _)| *starts_at);
    let past_rows = past_views.iter().map(row).collect();
    ok(
        &state,
        &BookingListPage {
            layout: Layout::new(
                &state,
                &req,
                t,
                Some(who.clone()),
                &t.get("nav-my-meetings"),
            ),
            show_upcoming: upcoming.is_some(),
            show_past: past.is_some(),
            upcoming: by_day(&state, t, upcoming_rows),
            past: by_day(&state, t, past_rows),
            more_url: next.map(|c| format!("/booking?cursor={}", c.encode())),
            older_url: older.map(|c| format!("/booking?older={}", c.encode())),
            later_part: !matches!(part, Part::Start),
            can_book: who.editor,
            meet_now_hint: t.with(
                "booking-meet-now-hint",
                &[("minutes", state.config.booking.default_duration_min.into())],
            ),
            tz_name: state.config.server.time_zone.clone(),
        },
    )
}
