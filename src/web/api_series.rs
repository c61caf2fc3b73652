//! The occurrence routes of a series, `/api/v1/meetings/{id}/occurrences/{recurrence_id}`:
//! an occurrence is named by its RECURRENCE-ID, its original start in RFC 3339.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::AppState;
use super::api::{
    BodyRejected, Cancelled, Malformed, MeetingBody, MeetingJson, NotFound, NotYours, Unauthorised,
};
use super::api::{meeting_json, parse_body, rfc3339};
use super::error::Error;
use super::extract::{Organiser, parse_id};
use crate::domain::PartStat;
use crate::domain::listing::occurrence_window;
use crate::domain::meeting::parse_rfc3339;
use crate::domain::recurrence::MAX_OCCURRENCES;
use crate::service::meetings;
use crate::service::series::{self, Change};

/// Where and how long one occurrence takes place instead.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OccurrenceBody {
    /// RFC 3339, with its offset.
    #[schema(format = DateTime)]
    pub start: String,
    /// Minutes; the series' duration when absent.
    #[serde(default)]
    pub duration_min: Option<i64>,
}

async fn change(
    state: web::Data<AppState>,
    who: crate::auth::Identity,
    path: &(String, String),
    what: Change,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path.0)?;
    let recurrence_id =
        parse_rfc3339("recurrence_id", &path.1).map_err(|e| Error::Invalid(vec![e]))?;
    let (rules, owner, now) = (state.rules(), who.clone(), state.now());
    let after = state
        .change(move |c, mail| {
            series::change_occurrence(c, Some(mail), id, &owner, recurrence_id, what, &rules, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(meeting_json(&state, &after, &who)))
}

/// Cancel one occurrence
///
/// The series goes on; calendars get the occurrence as an EXDATE.
#[utoipa::path(
    delete,
    path = "/api/v1/meetings/{id}/occurrences/{recurrence_id}",
    tag = "meetings",
    params(
        ("id" = i64, Path, description = "The series' id"),
        ("recurrence_id" = String, Path, description = "The occurrence's original start, RFC 3339"),
    ),
    responses(
        (status = 200, description = "Cancelled; the series as it is now", body = MeetingJson),
        Malformed, Unauthorised, NotYours, NotFound, Cancelled
    ),
    security(("organiser" = []))
)]
pub async fn cancel_occurrence(
    state: web::Data<AppState>,
    Organiser(who): Organiser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    change(state, who, &path, Change::Cancel).await
}

/// Moving one occurrence, or with `following=true` splitting the series there.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ChangeParams {
    /// `true`: this occurrence and all following become a new meeting with the body's
    /// details (a `MeetingBody`; without `recurrence`, the rest of the series' rule), and
    /// the series ends before it.
    pub following: Option<bool>,
}

/// The body of `PUT …/occurrences/{recurrence_id}`: one occurrence's new times, or with
/// `following=true` the whole meeting from that occurrence on.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)] // only describes the two bodies to the OpenAPI document
pub enum OccurrenceChange {
    Move(OccurrenceBody),
    Following(MeetingBody),
}

/// Move or lengthen one occurrence, or split the series there
///
/// `PATCH` (without `following`) does the same as `PUT`. With `following=true` the series
/// ends before the occurrence and a new meeting continues it from there (201, its
/// `Location`); each person invited to both keeps their personal link for the new meeting.
#[utoipa::path(
    put,
    path = "/api/v1/meetings/{id}/occurrences/{recurrence_id}",
    tag = "meetings",
    params(
        ("id" = i64, Path, description = "The series' id"),
        ("recurrence_id" = String, Path, description = "The occurrence's original start, RFC 3339"),
        ChangeParams,
    ),
    request_body = OccurrenceChange,
    responses(
        (status = 200, description = "Moved; the series as it is now", body = MeetingJson),
        (status = 201, description = "Split: the new meeting continuing the series", body = MeetingJson,
         headers(("Location" = String, description = "The new meeting's address"))),
        Malformed, Unauthorised, NotYours, NotFound, Cancelled, BodyRejected
    ),
    security(("organiser" = []))
)]
pub async fn move_occurrence(
    state: web::Data<AppState>,
    req: HttpRequest,
    Organiser(who): Organiser,
    path: web::Path<(String, String)>,
    params: web::Query<ChangeParams>,
    body: web::Bytes,
) -> Result<HttpResponse, Error> {
    if params.following == Some(true) {
        return split(state, req, who, &path, &body).await;
    }
    let body: OccurrenceBody = parse_body(&req, &body)?;
    let starts_at = parse_rfc3339("start", &body.start).map_err(|e| Error::Invalid(vec![e]))?;
    let what = Change::Move {
        starts_at,
        duration_min: body.duration_min,
    };
    change(state, who, &path, what).await
}

async fn split(
    state: web::Data<AppState>,
    req: HttpRequest,
    who: crate::auth::Identity,
    path: &(String, String),
    body: &[u8],
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path.0)?;
    let recurrence_id =
        parse_rfc3339("recurrence_id", &path.1).map_err(|e| Error::Invalid(vec![e]))?;
    let body: MeetingBody = parse_body(&req, body)?;
    let input = body.to_input(state.config.booking.default_duration_min);
    let (rules, owner, now, uid_domain) =
        (state.rules(), who.clone(), state.now(), state.urls.host());
    let view = state
        .change(move |c, mail| {
            series::split(
                c,
                Some(mail),
                id,
                &owner,
                recurrence_id,
                input,
                &rules,
                &uid_domain,
                now,
            )
        })
        .await?;
    let status = if view.meeting.id == id {
        actix_web::http::StatusCode::OK
    } else {
        actix_web::http::StatusCode::CREATED
    };
    Ok(HttpResponse::build(status)
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/meetings/{}", view.meeting.id),
        ))
        .json(meeting_json(&state, &view, &who)))
}

/// The window of occurrences to list, both optional.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct OccurrenceParams {
    /// Occurrences that end after this time (RFC 3339); default: now.
    #[param(value_type = Option<String>, format = DateTime)]
    pub from: Option<String>,
    /// Occurrences that start before this time (RFC 3339); default: eight weeks after
    /// `from`; at most two years after it.
    #[param(value_type = Option<String>, format = DateTime)]
    pub to: Option<String>,
}

/// What became of one occurrence.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum OccurrenceStatus {
    Scheduled,
    Moved,
    Cancelled,
}

/// One invitee's answer to one occurrence: their answer to the series unless they answered
/// this occurrence otherwise.
#[derive(Debug, Serialize, ToSchema)]
pub struct InviteeAnswerJson {
    pub email: String,
    pub answer: PartStat,
}

/// One occurrence of a series, with its own status and each invitee's answer to it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OccurrenceStatusJson {
    /// The RECURRENCE-ID: the occurrence's original start, which the occurrence routes take.
    #[schema(format = DateTime)]
    pub recurrence_id: String,
    #[schema(format = DateTime)]
    pub start: String,
    #[schema(format = DateTime)]
    pub end: String,
    pub status: OccurrenceStatus,
    pub invitees: Vec<InviteeAnswerJson>,
}

/// List the occurrences of a series
///
/// Cancelled and moved occurrences included, in order of their start; for the owner.
#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}/occurrences",
    tag = "meetings",
    params(
        ("id" = i64, Path, description = "The series' id"),
        OccurrenceParams,
    ),
    responses(
        (status = 200, description = "The occurrences in the window", body = [OccurrenceStatusJson]),
        Malformed, Unauthorised, NotYours, NotFound
    ),
    security(("organiser" = []))
)]
pub async fn list_occurrences(
    state: web::Data<AppState>,
    Organiser(who): Organiser,
    path: web::Path<String>,
    params: web::Query<OccurrenceParams>,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path)?;
    let (from, to) = occurrence_window(params.from.as_deref(), params.to.as_deref(), state.now())?;
    let (view, list) = state
        .db
        .run(move |c| -> Result<_, crate::service::Error> {
            let view = meetings::fetch_for_owner(c, id, &who)?;
            let list = series::occurrences(c, &view, from, to, MAX_OCCURRENCES)?;
            Ok((view, list))
        })
        .await?;
    let email = |invitee: i64| {
        view.invitees
            .iter()
            .find(|i| i.id == invitee)
            .map(|i| i.email.clone())
            .unwrap_or_default()
    };
    let json: Vec<OccurrenceStatusJson> = list
        .iter()
        .map(|o| {
            let occ = &o.occurrence;
            OccurrenceStatusJson {
                recurrence_id: rfc3339(occ.id),
                start: rfc3339(occ.starts_at),
                end: rfc3339(occ.ends_at),
                status: if occ.cancelled {
                    OccurrenceStatus::Cancelled
                } else if occ.moved.is_some() {
                    OccurrenceStatus::Moved
                } else {
                    OccurrenceStatus::Scheduled
                },
                invitees: o
                    .answers
                    .iter()
                    .map(|(i, answer)| InviteeAnswerJson {
                        email: email(*i),
                        answer: *answer,
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(json))
}
