//! Who came and for how long: the JSON list, the owner's CSV, and the rows of the meeting page.

use actix_web::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION};
use actix_web::{HttpResponse, web};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::AppState;
use super::api::{Malformed, NotFound, Unauthorised, rfc3339};
use super::csv;
use super::error::{Error, ErrorBody};
use super::extract::{Organiser, parse_id};
use super::lang::Lang;
use crate::domain::attendance::{Attendee, format_duration};
use crate::domain::meeting::parse_rfc3339;
use crate::i18n::Tr;
use crate::service::attendance::{self, RoomRecord};
use crate::service::meetings;

#[derive(Debug, Serialize, ToSchema)]
pub struct StayJson {
    #[schema(format = DateTime)]
    pub joined_at: String,
    #[schema(format = DateTime)]
    pub left_at: Option<String>,
    /// The breakout room's id; absent for the main room.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breakout: Option<String>,
    /// For a series: the occurrence the stay belongs to (its original start, the
    /// `recurrence_id` of the occurrence routes); absent for a one-off meeting and for a stay
    /// outside every occurrence's join window.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = DateTime)]
    pub recurrence_id: Option<String>,
}

/// The attendance's query parameters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct AttendanceParams {
    /// Of a series: only the stays of this occurrence (its original start, RFC 3339).
    #[param(value_type = Option<String>, format = DateTime)]
    pub occurrence: Option<String>,
}

impl AttendanceParams {
    fn occurrence(&self) -> Result<Option<DateTime<Utc>>, Error> {
        self.occurrence
            .as_deref()
            .map(|o| parse_rfc3339("occurrence", o).map_err(|e| Error::Invalid(vec![e])))
            .transpose()
    }
}

/// Someone who was in the meeting's rooms.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttendeeJson {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub moderator: bool,
    /// No token: known only by the anonymous session.
    pub guest: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invitee_id: Option<i64>,
    /// First arrival.
    #[schema(format = DateTime)]
    pub joined_at: String,
    /// Last departure; `null` while still in a room.
    #[schema(format = DateTime)]
    pub left_at: Option<String>,
    pub present: bool,
    pub seconds_present: i64,
    pub stays: Vec<StayJson>,
}

/// A guest's name; the API always speaks English.
fn name(t: Tr, a: &Attendee) -> String {
    if a.guest_number > 0 {
        t.with("attendance-guest", &[("number", a.guest_number.into())])
    } else {
        a.name.clone()
    }
}

fn yes_no(t: Tr, yes: bool) -> String {
    t.get(if yes {
        "attendance-yes"
    } else {
        "attendance-no"
    })
}

fn attendee_json(a: &Attendee) -> AttendeeJson {
    AttendeeJson {
        name: name(Tr::default(), a),
        email: a.email.clone(),
        moderator: a.moderator,
        guest: a.guest_number > 0,
        invitee_id: a.invitee_id,
        joined_at: rfc3339(a.first_joined_at),
        left_at: a.last_left_at.map(rfc3339),
        present: a.is_present(),
        seconds_present: a.seconds_present,
        stays: a
            .stays
            .iter()
            .map(|s| StayJson {
                joined_at: rfc3339(s.joined_at),
                left_at: s.left_at.map(rfc3339),
                breakout: (!s.breakout.is_empty()).then(|| s.breakout.clone()),
                recurrence_id: s.occurrence.map(rfc3339),
            })
            .collect(),
    }
}

/// `GET /api/v1/meetings/{id}/attendance`: the owner and moderators.
#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}/attendance",
    tag = "meetings",
    params(("id" = i64, Path, description = "The meeting's id"), AttendanceParams),
    responses(
        (status = 200, description = "Who came, first arrival first", body = [AttendeeJson]),
        (status = 403, description = "A participant may not read who came", body = ErrorBody),
        Malformed, Unauthorised, NotFound
    ),
    security(("organiser" = []))
)]
pub async fn show_attendance(
    state: web::Data<AppState>,
    Organiser(who): Organiser,
    path: web::Path<String>,
    params: web::Query<AttendanceParams>,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path)?;
    let occurrence = params.occurrence()?;
    let now = state.now();
    let (_, _, record) = state
        .db
        .run(move |c| attendance::for_viewer(c, id, &who, occurrence, now))
        .await?;
    let list: Vec<AttendeeJson> = record.attendees.iter().map(attendee_json).collect();
    Ok(HttpResponse::Ok().json(list))
}

fn local(state: &AppState, t: DateTime<Utc>) -> String {
    t.with_timezone(&state.tz)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// `GET /booking/{id}/attendance.csv`: the owner's download (of one occurrence of a series
/// with `?occurrence=`).
pub async fn download_attendance(
    state: web::Data<AppState>,
    Lang(t): Lang,
    Organiser(who): Organiser,
    path: web::Path<String>,
    params: web::Query<AttendanceParams>,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path)?;
    let occurrence = params.occurrence()?;
    let now = state.now();
    let record = state
        .db
        .run(move |c| {
            meetings::fetch_for_owner(c, id, &who)?;
            attendance::record(c, id, occurrence, now)
        })
        .await?;
    let mut out = csv::row(&[
        t.get("column-name"),
        t.get("column-email"),
        t.get("attendance-moderator"),
        t.get("attendance-first-joined"),
        t.get("attendance-last-left"),
        t.get("attendance-seconds"),
        t.get("attendance-time-present"),
    ]);
    for a in &record.attendees {
        out.push_str(&csv::row(&[
            name(t, a),
            a.email.clone().unwrap_or_default(),
            yes_no(t, a.moderator),
            local(&state, a.first_joined_at),
            a.last_left_at.map(|l| local(&state, l)).unwrap_or_default(),
            a.seconds_present.to_string(),
            format_duration(a.seconds_present),
        ]));
    }
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"attendance-{id}.csv\""),
        ))
        .insert_header((CACHE_CONTROL, "no-store"))
        .body(out))
}

/// A line of the attendance table on the meeting page.
pub struct AttendanceRow {
    pub name: String,
    pub email: String,
    pub moderator: String,
    pub first_joined: String,
    pub last_left: String,
    pub time_present: String,
}

pub struct RecordingRow {
    pub status: String,
    pub when: String,
    pub location: String,
    pub is_link: bool,
}

/// What the meeting page shows of the room's record.
pub fn page_rows(
    state: &AppState,
    t: Tr,
    record: &RoomRecord,
) -> (Vec<AttendanceRow>, Vec<RecordingRow>) {
    let attendees = record
        .attendees
        .iter()
        .map(|a| AttendanceRow {
            name: name(t, a),
            email: a.email.clone().unwrap_or_default(),
            moderator: yes_no(t, a.moderator),
            first_joined: t.datetime(a.first_joined_at, state.tz),
            last_left: match a.last_left_at {
                Some(l) => t.datetime(l, state.tz),
                None => t.get("attendance-still-here"),
            },
            time_present: format_duration(a.seconds_present),
        })
        .collect();
    let recordings = record
        .recordings
        .iter()
        .map(|r| RecordingRow {
            status: t.recording(r.status),
            when: r
                .started_at
                .or(r.ended_at)
                .map(|w| t.datetime(w, state.tz))
                .unwrap_or_default(),
            location: r.location.clone(),
            is_link: r.is_link(),
        })
        .collect();
    (attendees, recordings)
}
