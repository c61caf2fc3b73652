//! The organiser's pages: list, book, show, edit, cancel.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Duration, Timelike, Utc};
use serde::Deserialize;

use super::AppState;
use super::api::rfc3339;
use super::attendance::{AttendanceRow, RecordingRow, page_rows};
use super::error::Error;
use super::extract::{Editor, Organiser, parse_id};
use super::lang::Lang;
use super::render::{CsrfForm, Layout, ok, page, require_csrf, see_other};
use crate::auth::Identity;
use crate::domain::listing::{Cursor, Order, Window, coming_weeks, split_page};
use crate::domain::meeting::{MeetingInput, parse_duration, parse_local_start};
use crate::domain::window::Access;
use crate::domain::{
    FieldError, Invitee, InviteeDraft, MeetingDraft, MeetingStatus, PartStat, Role,
};
use crate::i18n::Texts;
use crate::i18n::ui::AnswerCount;
use crate::service::meetings::{MeetingView, Relation};
use crate::service::{self, attendance, meetings};

/// A meeting of the list.
pub struct MeetingRow {
    pub id: i64,
    pub subject: String,
    pub starts_iso: String,
    /// "10:00 – 11:00".
    pub hours: String,
    pub duration_min: u32,
    /// None while merely scheduled.
    pub status: Option<&'static str>,
    pub cancelled: bool,
    pub relation: &'static str,
    /// Accepted / declined / not answered; empty when nobody is invited.
    pub answers: Vec<AnswerCount>,
    /// The owner's "Start", while the room is open.
    pub start_url: Option<String>,
    /// An invitee's "Join" (their personal link), while the room is open.
    pub join_url: Option<String>,
    /// The viewer's own way in, to copy: the owner's start link or the personal link.
    pub copy_url: String,
    pub copy_label: &'static str,
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

fn relation_label(t: &Texts, view: &MeetingView, who: &Identity) -> &'static str {
    if view.meeting.owner == who.login {
        t.owner_role()
    } else {
        view.invitee_for(&who.email)
            .map(|i| t.role(i.role))
            .unwrap_or("")
    }
}

/// The figures of a meeting's answers, or none when nobody is invited.
pub fn answer_counts(t: &Texts, invitees: &[Invitee]) -> Vec<AnswerCount> {
    if invitees.is_empty() {
        return Vec::new();
    }
    let count = |p: PartStat| invitees.iter().filter(|i| i.partstat == p).count();
    t.ui.answer_counts(
        count(PartStat::Accepted),
        count(PartStat::Declined),
        count(PartStat::NeedsAction),
    )
}

/// The invitees `who` is shown, as their mails show them.
fn seen_by(view: &MeetingView, who: &Identity) -> Vec<Invitee> {
    view.invitees_seen_by(who).cloned().collect()
}

/// Whether the room can be entered now (the window of the join links, not cancelled).
fn access_now(state: &AppState, view: &MeetingView, now: DateTime<Utc>) -> Access {
    state.room_access(&view.meeting.slot(), now)
}

fn meeting_row(
    state: &AppState,
    t: &Texts,
    view: &MeetingView,
    who: &Identity,
    now: DateTime<Utc>,
) -> MeetingRow {
    let m = &view.meeting;
    let is_owner = m.owner == who.login;
    let mine = view.invitee_for(&who.email).filter(|_| !is_owner);
    let open = matches!(access_now(state, view, now), Access::Open(_));
    let upcoming = m.ends_at >= now && !m.is_cancelled();
    MeetingRow {
        id: m.id,
        subject: m.subject.clone(),
        starts_iso: rfc3339(m.starts_at),
        hours: format!(
            "{} – {}",
            t.clock(m.starts_at, state.tz),
            t.clock(m.ends_at, state.tz)
        ),
        duration_min: m.duration_min,
        // "Scheduled" on every row would only be noise.
        status: (m.status != MeetingStatus::Scheduled).then(|| t.status(m.status)),
        cancelled: m.is_cancelled(),
        relation: relation_label(t, view, who),
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
            t.ui.start_link
        } else {
            t.ui.my_link
        },
    }
}

/// Consecutive rows of the same day under one heading.
fn by_day(state: &AppState, t: &Texts, rows: Vec<(DateTime<Utc>, MeetingRow)>) -> Vec<DayGroup> {
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
    session: Session,
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
    let row = |v: &MeetingView| (v.meeting.starts_at, meeting_row(&state, t, v, &who, now));
    let upcoming_rows = upcoming_views.iter().map(row).collect();
    let past_rows = past_views.iter().map(row).collect();
    ok(
        &state,
        &BookingListPage {
            layout: Layout::new(&state, &session, t, Some(who.clone()), t.my_meetings),
            show_upcoming: upcoming.is_some(),
            show_past: past.is_some(),
            upcoming: by_day(&state, t, upcoming_rows),
            past: by_day(&state, t, past_rows),
            more_url: next.map(|c| format!("/booking?cursor={}", c.encode())),
            older_url: older.map(|c| format!("/booking?older={}", c.encode())),
            later_part: !matches!(part, Part::Start),
            can_book: who.editor,
            meet_now_hint: t
                .ui
                .meet_now_hint(state.config.booking.default_duration_min),
            tz_name: state.config.server.time_zone.clone(),
        },
    )
}

/// What the form posts; every field optional so that a truncated post re-renders, not 400s.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct BookingForm {
    pub csrf: String,
    pub subject: String,
    pub description: String,
    pub date: String,
    pub time: String,
    pub duration_min: String,
    pub room: String,
    pub participants: String,
    pub moderators: String,
}

impl BookingForm {
    fn to_input(&self, state: &AppState) -> MeetingInput {
        let mut invitees = Vec::new();
        for (field, text, role) in [
            ("participants", &self.participants, Role::Participant),
            ("moderators", &self.moderators, Role::Moderator),
        ] {
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                invitees.push((field.to_string(), InviteeDraft::parse_line(line, role)));
            }
        }
        MeetingInput {
            subject: self.subject.clone(),
            description: self.description.clone(),
            start: parse_local_start(&self.date, &self.time, state.tz),
            duration_min: parse_duration(&self.duration_min),
            room: self.room.clone(),
            invitees,
        }
    }

    fn from_view(view: &MeetingView, state: &AppState) -> Self {
        let m = &view.meeting;
        let local = m.starts_at.with_timezone(&state.tz);
        let lines = |role: Role| {
            view.invitees
                .iter()
                .filter(|i| i.role == role)
                .map(|i| InviteeDraft::to_line(&i.email, &i.name))
                .collect::<Vec<_>>()
                .join("\n")
        };
        BookingForm {
            csrf: String::new(),
            subject: m.subject.clone(),
            description: m.description.clone(),
            date: local.format("%Y-%m-%d").to_string(),
            time: local.format("%H:%M").to_string(),
            duration_min: m.duration_min.to_string(),
            room: m.room.clone(),
            participants: lines(Role::Participant),
            moderators: lines(Role::Moderator),
        }
    }
}

/// Field messages, several per field joined (e.g. two bad lines in one textarea).
pub struct FieldMessages(Vec<(String, String)>);

/// The form control a field's message points at.
fn control_of(field: &str) -> &str {
    match field {
        "start" => "date",
        "invitees" => "participants",
        other => other,
    }
}

impl FieldMessages {
    fn new(t: &Texts, errors: &[FieldError]) -> Self {
        Self(
            errors
                .iter()
                .map(|e| (e.field.clone(), t.problem(&e.problem)))
                .collect(),
        )
    }

    /// Every message with the id of the control it is about, for the summary's links.
    pub fn summary(&self) -> Vec<(&str, &str)> {
        self.0
            .iter()
            .map(|(f, m)| (control_of(f), m.as_str()))
            .collect()
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|(f, _)| f == field)
    }

    pub fn get(&self, field: &str) -> Option<String> {
        let messages: Vec<&str> = self
            .0
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
            .collect();
        (!messages.is_empty()).then(|| messages.join(" "))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Template)]
#[template(path = "pages/booking_form.html")]
struct BookingFormPage {
    layout: Layout,
    action: String,
    back_url: String,
    editing: bool,
    v: BookingForm,
    errors: FieldMessages,
    tz_name: String,
    min_duration: u32,
    max_duration: u32,
    presets: Vec<u32>,
    lookup: Option<Lookup>,
}

/// The invitee autocompletion, offered when there is a directory to ask.
pub struct Lookup {
    pub script: String,
    pub api: &'static str,
}

/// Durations offered as one-click choices, within the configured bounds.
const DURATION_PRESETS: [u32; 6] = [15, 30, 45, 60, 90, 120];

fn form_page(
    state: &AppState,
    session: &Session,
    t: &'static Texts,
    who: Identity,
    editing: Option<i64>,
    values: BookingForm,
    errors: &[FieldError],
) -> Result<HttpResponse, Error> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let (min, max) = (
        state.config.booking.min_duration_min,
        state.config.booking.max_duration_min,
    );
    page(
        state,
        status,
        &BookingFormPage {
            layout: Layout::new(
                state,
                session,
                t,
                Some(who),
                if editing.is_some() {
                    t.edit
                } else {
                    t.new_meeting
                },
            ),
            action: editing
                .map(|id| format!("/booking/{id}"))
                .unwrap_or_else(|| "/booking".into()),
            back_url: editing
                .map(|id| format!("/booking/{id}"))
                .unwrap_or_else(|| "/booking".into()),
            editing: editing.is_some(),
            v: values,
            errors: FieldMessages::new(t, errors),
            tz_name: state.config.server.time_zone.clone(),
            min_duration: min,
            max_duration: max,
            presets: DURATION_PRESETS
                .into_iter()
                .filter(|d| (min..=max).contains(d))
                .collect(),
            lookup: state.directory.is_enabled().then(|| Lookup {
                script: state.assets.url("invitee-lookup.js"),
                api: super::DIRECTORY_API_PATH,
            }),
        },
    )
}

pub async fn new_meeting(
    state: web::Data<AppState>,
    session: Session,
    Lang(t): Lang,
    Editor(who): Editor,
) -> Result<HttpResponse, Error> {
    // Next full hour in the organiser's zone: a sensible default that is never in the past.
    let next_hour = (state.now() + Duration::hours(1)).with_timezone(&state.tz);
    let next_hour = next_hour
        .with_minute(0)
        .and_then(|t| t.with_second(0))
        .unwrap_or(next_hour);
    let values = BookingForm {
        date: next_hour.format("%Y-%m-%d").to_string(),
        time: next_hour.format("%H:%M").to_string(),
        duration_min: state.config.booking.default_duration_min.to_string(),
        ..BookingForm::default()
    };
    form_page(&state, &session, t, who, None, values, &[])
}

pub async fn create_meeting(
    state: web::Data<AppState>,
    session: Session,
    Lang(t): Lang,
    Editor(who): Editor,
    form: web::Form<BookingForm>,
) -> Result<HttpResponse, Error> {
    let form = form.into_inner();
    require_csrf(&session, &form.csrf)?;
    let now = state.now();
    let draft = match MeetingDraft::validate(form.to_input(&state), &state.rules(), now, None) {
        Ok(d) => d,
        Err(errors) => return form_page(&state, &session, t, who, None, form, &errors),
    };
    let owner = who.clone();
    let uid_domain = state.urls.host();
    let result = state
        .change(move |c, mail| meetings::create(c, &owner, &draft, &uid_domain, Some(mail), now))
        .await;
    match result {
        Ok(view) => Ok(see_other(&format!("/booking/{}", view.meeting.id))),
        Err(service::Error::Invalid(errors)) => {
            form_page(&state, &session, t, who, None, form, &errors)
        }
        Err(e) => Err(e.into()),
    }
}

/// The detail view's meeting.
pub struct MeetingDetail {
    pub id: i64,
    pub subject: String,
    pub description: String,
    pub room: String,
    pub when: String,
    pub starts_iso: String,
    pub end_clock: String,
    pub duration_min: u32,
    pub owner_name: String,
    pub owner_email: String,
    pub status: &'static str,
    pub cancelled: bool,
}

pub struct InviteeRow {
    pub name: String,
    pub email: String,
    pub role: &'static str,
    pub partstat: &'static str,
    pub partstat_code: &'static str,
    pub join_url: String,
}

#[derive(Template)]
#[template(path = "pages/booking_show.html")]
struct MeetingPage {
    layout: Layout,
    m: MeetingDetail,
    invitees: Vec<InviteeRow>,
    is_owner: bool,
    /// The room is open now (join window, not cancelled).
    open: bool,
    /// "You can join from …", before the window.
    opens_at: Option<String>,
    answers: Vec<AnswerCount>,
    my_join_url: Option<String>,
    tz_name: String,
    /// Attendance and recordings, for the owner and moderators.
    show_record: bool,
    attendance: Vec<AttendanceRow>,
    recordings: Vec<RecordingRow>,
}

pub async fn show_meeting(
    state: web::Data<AppState>,
    session: Session,
    Lang(t): Lang,
    Organiser(who): Organiser,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path)?;
    let q = who.clone();
    let now = state.now();
    let (view, relation, record) = state
        .db
        .run(move |c| -> Result<_, service::Error> {
            let (view, relation) = meetings::fetch_for_viewer(c, id, &q)?;
            let record = attendance::may_read(relation)
                .then(|| attendance::record(c, id, now))
                .transpose()?;
            Ok((view, relation, record))
        })
        .await?;
    let (attendance_rows, recordings) = record
        .as_ref()
        .map(|r| page_rows(&state, t, r))
        .unwrap_or_default();
    let m = &view.meeting;
    let is_owner = relation == Relation::Owner;
    let my_join_url = match relation {
        Relation::Owner => None,
        Relation::Invitee(_) => view
            .invitee_for(&who.email)
            .map(|i| state.urls.join(&i.hash)),
    };
    let detail = MeetingDetail {
        id: m.id,
        subject: m.subject.clone(),
        description: m.description.clone(),
        room: m.room.clone(),
        when: t.datetime(m.starts_at, state.tz),
        starts_iso: rfc3339(m.starts_at),
        end_clock: t.clock(m.ends_at, state.tz),
        duration_min: m.duration_min,
        owner_name: m.owner_name.clone(),
        owner_email: m.owner_email.clone(),
        // Without Prosody's events a meeting stays "scheduled" in the data; its page should
        // not say so once its time is over.
        status: t.status(match m.status {
            MeetingStatus::Scheduled if m.ends_at < now => MeetingStatus::Completed,
            other => other,
        }),
        cancelled: m.is_cancelled(),
    };
    let room_access = access_now(&state, &view, now);
    let seen = seen_by(&view, &who);
    let invitees = seen
        .iter()
        .map(|i| InviteeRow {
            name: i.display_name(),
            email: i.email.clone(),
            role: t.role(i.role),
            partstat: t.partstat(i.partstat),
            partstat_code: i.partstat.as_str(),
            join_url: if is_owner {
                state.urls.join(&i.hash)
            } else {
                String::new()
            },
        })
        .collect();
    ok(
        &state,
        &MeetingPage {
            layout: Layout::new(&state, &session, t, Some(who), &m.subject),
            m: detail,
            invitees,
            is_owner,
            open: matches!(room_access, Access::Open(_)),
            opens_at: match room_access {
                Access::NotYet { opens } => Some(format!(
                    "{} {}.",
                    t.meeting_opens_at,
                    t.datetime(opens, state.tz)
                )),
                _ => None,
            },
            answers: answer_counts(t, &seen),
            my_join_url,
            tz_name: state.config.server.time_zone.clone(),
            show_record: record.is_some(),
            attendance: attendance_rows,
            recordings,
        },
    )
}

async fn owned(state: &AppState, id: i64, who: &Identity) -> Result<MeetingView, Error> {
    let q = who.clone();
    Ok(state
        .db
        .run(move |c| meetings::fetch_for_owner(c, id, &q))
        .await?)
}

pub async fn edit_meeting(
    state: web::Data<AppState>,
    session: Session,
    Lang(t): Lang,
    Editor(who): Editor,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path)?;
    let view = owned(&state, id, &who).await?;
    if view.meeting.is_cancelled() {
        return Err(Error::Conflict("the meeting is cancelled"));
    }
    let values = BookingForm::from_view(&view, &state);
    form_page(&state, &session, t, who, Some(id), values, &[])
}

pub async fn update_meeting(
    state: web::Data<AppState>,
    session: Session,
    Lang(t): Lang,
    Editor(who): Editor,
    path: web::Path<String>,
    form: web::Form<BookingForm>,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path)?;
    let form = form.into_inner();
    require_csrf(&session, &form.csrf)?;
    let input = form.to_input(&state);
    let (rules, owner, now) = (state.rules(), who.clone(), state.now());
    let result = state
        .change(move |c, mail| meetings::update(c, id, &owner, input, &rules, Some(mail), now))
        .await;
    match result {
        Ok(_) => Ok(see_other(&format!("/booking/{id}"))),
        Err(service::Error::Invalid(errors)) => {
            form_page(&state, &session, t, who, Some(id), form, &errors)
        }
        Err(e) => Err(e.into()),
    }
}

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
    session: Session,
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
            layout: Layout::new(&state, &session, t, Some(who), t.cancel_meeting),
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
