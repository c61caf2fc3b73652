//! One occurrence of a series on the organiser's pages: cancelled from the meeting page, or
//! moved through its own form. Both go through `service::series::change_occurrence`, as the
//! API's occurrence routes do.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::form::FieldMessages;
use super::views::owned;
use crate::auth::Identity;
use crate::domain::FieldError;
use crate::domain::meeting::{parse_duration, parse_local_start, parse_rfc3339};
use crate::domain::recurrence::Occurrence;
use crate::i18n::Tr;
use crate::service;
use crate::service::series::{self, Change};
use crate::web::AppState;
use crate::web::error::Error;
use crate::web::extract::{Organiser, parse_id};
use crate::web::lang::Lang;
use crate::web::render::{CsrfForm, Layout, page, require_csrf, see_other};

/// The meeting's id and the occurrence's RECURRENCE-ID from the path.
fn ids(path: &(String, String)) -> Result<(i64, DateTime<Utc>), Error> {
    let id = parse_id(&path.0)?;
    let rid = parse_rfc3339("recurrence_id", &path.1)
        .map_err(|_| Error::from(service::Error::NotFound))?;
    Ok((id, rid))
}

pub async fn cancel_occurrence(
    state: web::Data<AppState>,
    session: Session,
    Organiser(who): Organiser,
    path: web::Path<(String, String)>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, Error> {
    let (id, rid) = ids(&path)?;
    require_csrf(&session, &form.csrf)?;
    let (rules, now) = (state.rules(), state.now());
    state
        .change(move |c, mail| {
            series::change_occurrence(c, Some(mail), id, &who, rid, Change::Cancel, &rules, now)
        })
        .await?;
    Ok(see_other(&format!("/booking/{id}#occurrences")))
}

/// What the move form posts; every field optional so that a truncated post re-renders.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct MoveForm {
    pub csrf: String,
    pub date: String,
    pub time: String,
    pub duration_min: String,
    /// `true`: the new times hold for this occurrence and all following (a split).
    pub following: String,
}

#[derive(Template)]
#[template(path = "pages/occurrence_form.html")]
struct OccurrencePage {
    layout: Layout,
    id: i64,
    rid: String,
    subject: String,
    intro: String,
    v: MoveForm,
    errors: FieldMessages,
    tz_name: String,
}

/// The occurrence `rid` of the series `id` owned by `who`, as it is now.
async fn occurrence_of(
    state: &AppState,
    id: i64,
    rid: DateTime<Utc>,
    who: &Identity,
) -> Result<(String, Occurrence), Error> {
    let view = owned(state, id, who).await?;
    if view.meeting.is_cancelled() {
        return Err(Error::Conflict("the meeting is cancelled"));
    }
    let occurrence = view
        .series
        .as_ref()
        .and_then(|s| s.schedule().into_iter().find(|o| o.id == rid))
        .filter(|o| !o.cancelled)
        .ok_or(service::Error::NotFound)?;
    Ok((view.meeting.subject, occurrence))
}

#[allow(clippy::too_many_arguments)]
fn form_page(
    state: &AppState,
    req: &HttpRequest,
    t: Tr,
    who: Identity,
    (id, rid): (i64, DateTime<Utc>),
    subject: String,
    values: MoveForm,
    errors: &[FieldError],
) -> Result<HttpResponse, Error> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page(
        state,
        status,
        &OccurrencePage {
            layout: Layout::new(state, req, t, Some(who), &t.get("occurrence-edit-title")),
            id,
            rid: crate::web::api::rfc3339(rid),
            subject,
            intro: t.arg("occurrence-edit-intro", "when", t.datetime(rid, state.tz)),
            v: values,
            errors: FieldMessages::new(t, errors),
            tz_name: state.config.server.time_zone.clone(),
        },
    )
}

pub async fn edit_occurrence(
    state: web::Data<AppState>,
    req: HttpRequest,
    Lang(t): Lang,
    Organiser(who): Organiser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    let (id, rid) = ids(&path)?;
    let (subject, o) = occurrence_of(&state, id, rid, &who).await?;
    let local = o.starts_at.with_timezone(&state.tz);
    let values = MoveForm {
        csrf: String::new(),
        date: local.format("%Y-%m-%d").to_string(),
        time: local.format("%H:%M").to_string(),
        duration_min: (o.ends_at - o.starts_at).num_minutes().to_string(),
        following: String::new(),
    };
    form_page(&state, &req, t, who, (id, rid), subject, values, &[])
}

pub async fn move_occurrence(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
    Lang(t): Lang,
    Organiser(who): Organiser,
    path: web::Path<(String, String)>,
    form: web::Form<MoveForm>,
) -> Result<HttpResponse, Error> {
    let (id, rid) = ids(&path)?;
    let form = form.into_inner();
    require_csrf(&session, &form.csrf)?;
    let (subject, _) = occurrence_of(&state, id, rid, &who).await?;
    let following = form.following == "true";
    let start = parse_local_start(&form.date, &form.time, state.tz);
    let duration = parse_duration(&form.duration_min);
    let (starts_at, duration_min) = match (start, duration) {
        (Ok(s), Ok(d)) => (s, d),
        (s, d) => {
            let errors: Vec<FieldError> = [s.err(), d.err()].into_iter().flatten().collect();
            return form_page(&state, &req, t, who, (id, rid), subject, form, &errors);
        }
    };
    let change = Change::Move {
        starts_at,
        duration_min: Some(duration_min),
    };
    let (rules, owner, now) = (state.rules(), who.clone(), state.now());
    let uid_domain = state.urls.host();
    let result = state
        .change(move |c, mail| {
            if following {
                let view = service::meetings::fetch_for_owner(c, id, &owner)?;
                let input = series::at_other_times(&view, starts_at, duration_min);
                series::split(
                    c,
                    Some(mail),
                    id,
                    &owner,
                    rid,
                    input,
                    &rules,
                    &uid_domain,
                    now,
                )
            } else {
                series::change_occurrence(c, Some(mail), id, &owner, rid, change, &rules, now)
            }
        })
        .await;
    match result {
        Ok(view) => Ok(see_other(&format!(
            "/booking/{}#occurrences",
            view.meeting.id
        ))),
        Err(service::Error::Invalid(errors)) => {
            form_page(&state, &req, t, who, (id, rid), subject, form, &errors)
        }
        Err(e) => Err(e.into()),
    }
}
