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
use crate::domain::recurrence::{
    MAX_INTERVAL, MAX_OCCURRENCES, RecurrenceInput, RecurrenceProblem, Series,
};
use crate::domain::{FieldError, InviteeDraft, MeetingDraft, Problem, Role};
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
    /// The repeat section: `none`, `daily`, `weekly` or `monthly`; absent (a form without
    /// the section) keeps what the meeting has.
    pub repeat: String,
    pub interval: String,
    /// Weekly: one checkbox per weekday, named by its RRULE code.
    pub day_mo: String,
    pub day_tu: String,
    pub day_we: String,
    pub day_th: String,
    pub day_fr: String,
    pub day_sa: String,
    pub day_su: String,
    /// Monthly: `day` (of the month, `month_day`; empty: the start's) or `weekday` (the
    /// `nth` `nth_day` of the month, e.g. 2 and TU).
    pub monthly_by: String,
    pub month_day: String,
    pub nth: String,
    pub nth_day: String,
    /// `until` (a last date) or `count` (a number of occurrences).
    pub ends: String,
    pub until: String,
    pub count: String,
}

/// The weekdays' RRULE codes, Monday first.
pub const WEEKDAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// A number typed into the repeat section, or the rule's own error naming its part.
fn rule_number(
    text: &str,
    part: &str,
    problem: RecurrenceProblem,
) -> Result<Option<i64>, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<i64>()
        .map(Some)
        .map_err(|_| FieldError::new(format!("recurrence.{part}"), Problem::Recurrence(problem)))
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
            recurrence: self.recurrence(),
        }
    }

    fn day(&self, code: &str) -> &str {
        match code {
            "MO" => &self.day_mo,
            "TU" => &self.day_tu,
            "WE" => &self.day_we,
            "TH" => &self.day_th,
            "FR" => &self.day_fr,
            "SA" => &self.day_sa,
            _ => &self.day_su,
        }
    }

    fn day_mut(&mut self, code: &str) -> Option<&mut String> {
        Some(match code {
            "MO" => &mut self.day_mo,
            "TU" => &mut self.day_tu,
            "WE" => &mut self.day_we,
            "TH" => &mut self.day_th,
            "FR" => &mut self.day_fr,
            "SA" => &mut self.day_sa,
            "SU" => &mut self.day_su,
            _ => return None,
        })
    }

    /// Whether weekday `code` is ticked (for the template).
    pub fn has_day(&self, code: &str) -> bool {
        !self.day(code).is_empty()
    }

    /// The repeat section as the API's rule, checked by the same domain code; `None` for a
    /// meeting that does not repeat.
    fn recurrence(&self) -> Option<Result<RecurrenceInput, FieldError>> {
        let freq = match self.repeat.trim() {
            "" | "none" => return None,
            f => f.to_string(),
        };
        Some((|| {
            let interval = rule_number(
                &self.interval,
                "interval",
                RecurrenceProblem::InvalidInterval { max: MAX_INTERVAL },
            )?;
            let (mut by_day, mut by_month_day) = (Vec::new(), Vec::new());
            match freq.as_str() {
                "weekly" => {
                    by_day = WEEKDAYS
                        .iter()
                        .filter(|d| self.has_day(d))
                        .map(|d| (*d).to_string())
                        .collect();
                }
                "monthly" if self.monthly_by == "weekday" => {
                    by_day = vec![format!("{}{}", self.nth.trim(), self.nth_day.trim())];
                }
                "monthly" => {
                    let day = rule_number(
                        &self.month_day,
                        "by_month_day",
                        RecurrenceProblem::InvalidMonthDay { value: 0 },
                    )?;
                    by_month_day = day.into_iter().collect();
                }
                _ => {}
            }
            let (until, count) = if self.ends == "until" {
                let until = self.until.trim();
                ((!until.is_empty()).then(|| until.to_string()), None)
            } else {
                let count = rule_number(
                    &self.count,
                    "count",
                    RecurrenceProblem::InvalidCount {
                        max: MAX_OCCURRENCES,
                    },
                )?;
                (None, count)
            };
            Ok(RecurrenceInput {
                freq,
                interval,
                by_day,
                by_month_day,
                until,
                count,
            })
        })())
    }

    /// Fills the repeat section with a series' rule (editing shows it as it is).
    fn set_rule(&mut self, series: Option<&Series>) {
        let Some(series) = series else {
            self.repeat = "none".into();
            return;
        };
        let rule = series.rule.to_input();
        self.repeat.clone_from(&rule.freq);
        self.interval = rule.interval.unwrap_or(1).to_string();
        if rule.freq == "weekly" {
            for code in &rule.by_day {
                if let Some(day) = self.day_mut(code) {
                    *day = "on".into();
                }
            }
        } else if let Some(nth_day) = rule.by_day.first() {
            self.monthly_by = "weekday".into();
            let split = nth_day.len().saturating_sub(2);
            self.nth = nth_day.get(..split).unwrap_or("1").to_string();
            self.nth_day = nth_day.get(split..).unwrap_or("MO").to_string();
        } else if let Some(d) = rule.by_month_day.first() {
            self.monthly_by = "day".into();
            self.month_day = d.to_string();
        }
        match (rule.until, rule.count) {
            (Some(until), _) => {
                self.ends = "until".into();
                self.until = until;
            }
            (None, count) => {
                self.ends = "count".into();
                self.count = count.map(|c| c.to_string()).unwrap_or_default();
            }
        }
    }

    /// What a new form's repeat section starts with: not repeating, and should the organiser
    /// choose to, weekly on the start's weekday, ten times.
    fn rule_defaults(mut self, start: chrono::DateTime<chrono_tz::Tz>) -> Self {
        use chrono::Datelike;
        let code = WEEKDAYS[start.weekday().num_days_from_monday() as usize];
        self.repeat = "none".into();
        self.interval = "1".into();
        if let Some(day) = self.day_mut(code) {
            *day = "on".into();
        }
        self.monthly_by = "day".into();
        self.nth = ((start.day() - 1) / 7 + 1).min(4).to_string();
        self.nth_day = code.into();
        self.ends = "count".into();
        self.count = "10".into();
        self
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
        let mut form = BookingForm {
            csrf: String::new(),
            subject: m.subject.clone(),
            description: m.description.clone(),
            date: local.format("%Y-%m-%d").to_string(),
            time: local.format("%H:%M").to_string(),
            duration_min: m.duration_min.to_string(),
            room: m.room.clone(),
            participants: lines(Role::Participant),
            moderators: lines(Role::Moderator),
            ..BookingForm::default()
        }
        .rule_defaults(local.with_timezone(&state.tz));
        form.set_rule(view.series.as_ref());
        form
    }
}

/// Field messages, several per field joined (e.g. two bad lines in one textarea).
pub struct FieldMessages(Vec<(String, String)>);

/// The form control a field's message points at.
fn control_of(field: &str) -> &str {
    match field {
        "start" => "date",
        "invitees" => "participants",
        f if is_under(f, "recurrence") => "recurrence",
        other => other,
    }
}

/// `field` is `section` or one of its parts (`recurrence.count`).
fn is_under(field: &str, section: &str) -> bool {
    field
        .strip_prefix(section)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
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

    /// The messages of a section and its parts (`recurrence`, `recurrence.count`…),
    /// shown together beside it.
    pub fn under(&self, section: &str) -> Option<String> {
        let messages: Vec<&str> = self
            .0
            .iter()
            .filter(|(f, _)| is_under(f, section))
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
    /// (RRULE code, name) of each weekday, Monday first.
    weekdays: Vec<(&'static str, String)>,
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
            weekdays: WEEKDAYS
                .iter()
                .map(|d| (*d, t.get(&format!("repeat-day-{}", d.to_ascii_lowercase()))))
                .collect(),
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
    }
    .rule_defaults(next_hour);
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
    let keep_rule = form.repeat.trim().is_empty();
    let (rules, owner, now) = (state.rules(), who.clone(), state.now());
    let result = state
        .change(move |c, mail| {
            let mut input = input;
            if keep_rule {
                crate::service::series::keep_rule(c, id, &mut input)?;
            }
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
