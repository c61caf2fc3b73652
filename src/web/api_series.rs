//! The occurrence routes of a series, `/api/v1/meetings/{id}/occurrences/{recurrence_id}`:
//! an occurrence is named by its RECURRENCE-ID, its original start in RFC 3339.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::AppState;
use super::api::{Cancelled, Malformed, MeetingJson, NotFound, NotYours, Unauthorised};
use super::api::{meeting_json, parse_body};
use super::error::Error;
use super::extract::{Organiser, parse_id};
use crate::domain::meeting::parse_rfc3339;
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

/// Move or lengthen one occurrence
#[utoipa::path(
    patch,
    path = "/api/v1/meetings/{id}/occurrences/{recurrence_id}",
    tag = "meetings",
    params(
        ("id" = i64, Path, description = "The series' id"),
        ("recurrence_id" = String, Path, description = "The occurrence's original start, RFC 3339"),
    ),
    request_body = OccurrenceBody,
    responses(
        (status = 200, description = "Moved; the series as it is now", body = MeetingJson),
        Malformed, Unauthorised, NotYours, NotFound, Cancelled
    ),
    security(("organiser" = []))
)]
pub async fn move_occurrence(
    state: web::Data<AppState>,
    req: HttpRequest,
    Organiser(who): Organiser,
    path: web::Path<(String, String)>,
    body: web::Bytes,
) -> Result<HttpResponse, Error> {
    let body: OccurrenceBody = parse_body(&req, &body)?;
    let starts_at = parse_rfc3339("start", &body.start).map_err(|e| Error::Invalid(vec![e]))?;
    let what = Change::Move {
        starts_at,
        duration_min: body.duration_min,
    };
    change(state, who, &path, what).await
}
