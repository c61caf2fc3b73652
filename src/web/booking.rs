//! The organiser's pages: list, book, show, edit, cancel.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{Duration, Timelike};
use serde::Deserialize;

use super::AppState;
use super::error::Error;
use super::extract::{Editor, Organiser};
use super::render::{Layout, ok, page, require_csrf, see_other};
use crate::auth::Identity;
use crate::domain::meeting::{MeetingInput, Rules, parse_duration, parse_local_start};
use crate::domain::{FieldError, InviteeDraft, MeetingDraft, Role};
use crate::service::meetings::{MeetingView, Relation};
use crate::service::{self, meetings};

/// A row of the list.
pub struct MeetingRow {
    pub id: i64,
    pub subject: String,
    pub when: String,
    pub duration_min: u32,
    pub status: &'static str,
    pub cancelled: bool,
    pub relation: &'static str,
}

#[derive(Template)]
#[template(path = "pages/booking_list.html")]
struct BookingListPage {
    layout: Layout,
    upcoming: Vec<MeetingRow>,
    past: Vec<MeetingRow>,
    can_book: bool,
    tz_name: String,
}

fn relation_label(state: &AppState, view: &MeetingView, who: &Identity) -> &'static str {
    let t = state.texts;
    if view.meeting.owner == who.login {
        t.owner_role()
    } else {
        view.invitee_for(&who.email)
            .map(|i| t.role(i.role))
            .unwrap_or("")
    }
}

pub async fn list_meetings(
    state: web::Data<AppState>,
    session: Session,
    Organiser(who): Organiser,
) -> Result<HttpResponse, Error> {
    let now = state.now();
    let since = now - Duration::days(i64::from(state.config.booking.past_days));
    let q = who.clone();
    let views = state
        .db
        .run(move |c| meetings::list_for(c, &q, since, now))
        .await?;
    let (mut upcoming, mut past) = (Vec::new(), Vec::new());
    for v in &views {
        let row = MeetingRow {
            id: v.meeting.id,
            subject: v.meeting.subject.clone(),
            when: state.texts.datetime(v.meeting.starts_at, state.tz),
            duration_min: v.meeting.duration_min,
            status: state.texts.status(v.meeting.status),
            cancelled: v.meeting.is_cancelled(),
            relation: relation_label(&state, v, &who),
        };
        if v.meeting.ends_at >= now {
            upcoming.push(row);
        } else {
            past.push(row);
        }
    }
    ok(&BookingListPage {
        layout: Layout::new(&state, &session, Some(who.clone()), state.texts.my_meetings),
        upcoming,
        past,
        can_book: who.editor,
        tz_name: state.config.server.time_zone.clone(),
    })
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

impl FieldMessages {
    fn new(state: &AppState, errors: &[FieldError]) -> Self {
        Self(
            errors
                .iter()
                .map(|e| (e.field.clone(), state.texts.problem(&e.problem)))
                .collect(),
        )
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
    lookup: Option<Lookup>,
}

/// The invitee autocompletion, offered when there is a directory to ask.
pub struct Lookup {
    pub script: &'static str,
    pub api: &'static str,
}

fn form_page(
    state: &AppState,
    session: &Session,
    who: Identity,
    editing: Option<i64>,
    values: BookingForm,
    errors: &[FieldError],
) -> Result<HttpResponse, Error> {
    let t = state.texts;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page(
        status,
        &BookingFormPage {
            layout: Layout::new(
                state,
                session,
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
            errors: FieldMessages::new(state, errors),
            tz_name: state.config.server.time_zone.clone(),
            min_duration: state.config.booking.min_duration_min,
            max_duration: state.config.booking.max_duration_min,
            lookup: state.directory.is_enabled().then_some(Lookup {
                script: super::LOOKUP_SCRIPT_PATH,
                api: super::DIRECTORY_API_PATH,
            }),
        },
    )
}

fn rules(state: &AppState) -> Rules {
    Rules {
        min_duration_min: state.config.booking.min_duration_min,
        max_duration_min: state.config.booking.max_duration_min,
        max_invitees: state.config.booking.max_invitees,
    }
}

pub async fn new_meeting(
    state: web::Data<AppState>,
    session: Session,
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
    form_page(&state, &session, who, None, values, &[])
}

pub async fn create_meeting(
    state: web::Data<AppState>,
    session: Session,
    Editor(who): Editor,
    form: web::Form<BookingForm>,
) -> Result<HttpResponse, Error> {
    let form = form.into_inner();
    require_csrf(&session, &form.csrf)?;
    let now = state.now();
    let draft = match MeetingDraft::validate(form.to_input(&state), &rules(&state), now, None) {
        Ok(d) => d,
        Err(errors) => return form_page(&state, &session, who, None, form, &errors),
    };
    let owner = who.clone();
    let uid_domain = state.urls.host();
    let result = state
        .change(move |c, mail| meetings::create(c, &owner, &draft, &uid_domain, Some(mail), now))
        .await;
    match result {
        Ok(view) => Ok(see_other(&format!("/booking/{}", view.meeting.id))),
        Err(service::Error::Invalid(errors)) => {
            form_page(&state, &session, who, None, form, &errors)
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
    my_join_url: Option<String>,
    tz_name: String,
}

fn parse_id(raw: &str) -> Result<i64, Error> {
    raw.parse::<i64>()
        .map_err(|_| Error::NotFound(super::error::Missing::Page))
}

pub async fn show_meeting(
    state: web::Data<AppState>,
    session: Session,
    Organiser(who): Organiser,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path)?;
    let q = who.clone();
    let (view, relation) = state
        .db
        .run(move |c| meetings::fetch_for_viewer(c, id, &q))
        .await?;
    let t = state.texts;
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
        end_clock: t.clock(m.ends_at, state.tz),
        duration_min: m.duration_min,
        owner_name: m.owner_name.clone(),
        owner_email: m.owner_email.clone(),
        status: t.status(m.status),
        cancelled: m.is_cancelled(),
    };
    let invitees = view
        .invitees
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
    ok(&MeetingPage {
        layout: Layout::new(&state, &session, Some(who), &m.subject),
        m: detail,
        invitees,
        is_owner,
        my_join_url,
        tz_name: state.config.server.time_zone.clone(),
    })
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
    Editor(who): Editor,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path)?;
    let view = owned(&state, id, &who).await?;
    if view.meeting.is_cancelled() {
        return Err(Error::Conflict("the meeting is cancelled"));
    }
    let values = BookingForm::from_view(&view, &state);
    form_page(&state, &session, who, Some(id), values, &[])
}

pub async fn update_meeting(
    state: web::Data<AppState>,
    session: Session,
    Editor(who): Editor,
    path: web::Path<String>,
    form: web::Form<BookingForm>,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path)?;
    let form = form.into_inner();
    require_csrf(&session, &form.csrf)?;
    let before = owned(&state, id, &who).await?;
    let now = state.now();
    let draft = match MeetingDraft::validate(
        form.to_input(&state),
        &rules(&state),
        now,
        Some(before.meeting.starts_at),
    ) {
        Ok(d) => d,
        Err(errors) => return form_page(&state, &session, who, Some(id), form, &errors),
    };
    let owner = who.clone();
    let result = state
        .change(move |c, mail| meetings::update(c, id, &owner, &draft, Some(mail), now))
        .await;
    match result {
        Ok(_) => Ok(see_other(&format!("/booking/{id}"))),
        Err(service::Error::Invalid(errors)) => {
            form_page(&state, &session, who, Some(id), form, &errors)
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
    Organiser(who): Organiser,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path)?;
    let view = owned(&state, id, &who).await?;
    if view.meeting.is_cancelled() {
        return Err(Error::Conflict("the meeting is cancelled"));
    }
    ok(&CancelPage {
        layout: Layout::new(&state, &session, Some(who), state.texts.cancel_meeting),
        id,
        subject: view.meeting.subject.clone(),
        when: state.texts.datetime(view.meeting.starts_at, state.tz),
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CsrfForm {
    pub csrf: String,
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
