//! Booking and editing a meeting: the form, its values and its messages.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{Duration, Timelike};
use serde::Deserialize;

use super::views::owned;
use crate::auth::Identity;
use crate::domain::meeting::{MeetingInput, parse_duration, parse_local_start};
use crate::domain::{FieldError, InviteeDraft, MeetingDraft, Role};
use crate::i18n::Tr;
use crate::service;
use crate::service::meetings::{self, MeetingView};
use crate::web::AppState;
use crate::web::error::Error;
use crate::web::extract::{Editor, parse_id};
use crate::web::lang::Lang;
use crate::web::render::{Layout, page, require_csrf, see_other};

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
            recurrence: None,
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
    pub fn new(t: Tr, errors: &[FieldError]) -> Self {
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
    req: &HttpRequest,
    t: Tr,
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
                req,
                t,
                Some(who),
                &t.get(if editing.is_some() {
                    "booking-edit"
                } else {
                    "booking-new"
                }),
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
                api: crate::web::DIRECTORY_API_PATH,
            }),
        },
    )
}

pub async fn new_meeting(
    state: web::Data<AppState>,
    req: HttpRequest,
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
    form_page(&state, &req, t, who, None, values, &[])
}

pub async fn create_meeting(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
    Lang(t): Lang,
    Editor(who): Editor,
    form: web::Form<BookingForm>,
) -> Result<HttpResponse, Error> {
    let form = form.into_inner();
    require_csrf(&session, &form.csrf)?;
    let now = state.now();
    let draft = match MeetingDraft::validate(form.to_input(&state), &state.rules(), now, None) {
        Ok(d) => d,
        Err(errors) => return form_page(&state, &req, t, who, None, form, &errors),
    };
    let owner = who.clone();
    let uid_domain = state.urls.host();
    let result = state
        .change(move |c, mail| meetings::create(c, &owner, &draft, &uid_domain, Some(mail), now))
        .await;
    match result {
        Ok(view) => Ok(see_other(&format!("/booking/{}", view.meeting.id))),
        Err(service::Error::Invalid(errors)) => {
            form_page(&state, &req, t, who, None, form, &errors)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn edit_meeting(
    state: web::Data<AppState>,
    req: HttpRequest,
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
    form_page(&state, &req, t, who, Some(id), values, &[])
}

pub async fn update_meeting(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
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
        .change(move |c, mail| {
            let mut input = input;
            crate::service::series::keep_rule(c, id, &mut input)?;
            meetings::update(c, id, &owner, input, &rules, Some(mail), now)
        })
        .await;
    match result {
        Ok(_) => Ok(see_other(&format!("/booking/{id}"))),
        Err(service::Error::Invalid(errors)) => {
            form_page(&state, &req, t, who, Some(id), form, &errors)
        }
        Err(e) => Err(e.into()),
    }
}
