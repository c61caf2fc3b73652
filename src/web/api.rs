//! The JSON API (DESIGN §3): everything the pages do, with errors that name the field.

use actix_web::http::header::{CONTENT_TYPE, LINK};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use utoipa::{IntoParams, IntoResponses, ToSchema};

use super::AppState;
use super::error::{Error, ErrorBody};
use super::extract::{Editor, Organiser, parse_id};
use crate::auth::Identity;
use crate::domain::listing::{Cursor, Order, RawWindow, Window, split_page};
use crate::domain::meeting::{MeetingInput, parse_rfc3339};
use crate::domain::recurrence::{RecurrenceInput, RecurrenceProblem};
use crate::domain::validation::json_field;
use crate::domain::{FieldError, Invitee, InviteeDraft, MeetingDraft, Problem, Role};
use crate::service::meetings::{self, MeetingView, Relation};

/// Browsers cannot send `application/json` cross-site without a CORS preflight, which jmb
/// never answers: requiring it keeps other sites from posting with the user's cookies.
fn require_json(req: &HttpRequest) -> Result<(), Error> {
    let ok = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"));
    if ok {
        Ok(())
    } else {
        Err(Error::UnsupportedMediaType)
    }
}

/// Parses a JSON body, naming the offending field on error.
pub(super) fn parse_body<T: DeserializeOwned>(req: &HttpRequest, body: &[u8]) -> Result<T, Error> {
    require_json(req)?;
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let detail = e.into_inner().to_string();
        Error::BadRequest {
            field: json_field(&path, &detail),
            message: super::lang::texts_for(req).arg("error-400-detail", "detail", &detail),
        }
    })
}

// The error answers the routes share, each described once for the OpenAPI document: a
// route's `#[utoipa::path]` lists its own answers, then those of these it may give. utoipa
// reads them; nothing builds them.

/// Malformed input; `field` names it
#[derive(IntoResponses)]
#[response(status = 400)]
pub struct Malformed(pub ErrorBody);

/// No organiser identity
#[derive(IntoResponses)]
#[response(status = 401)]
pub struct Unauthorised(pub ErrorBody);

/// An invitee may read but not change the meeting; `not_editor`: this login may not book
#[derive(IntoResponses)]
#[response(status = 403)]
pub struct NotYours(pub ErrorBody);

/// No such meeting, or not one the organiser owns or is invited to
#[derive(IntoResponses)]
#[response(status = 404)]
pub struct NotFound(pub ErrorBody);

/// The meeting is cancelled
#[derive(IntoResponses)]
#[response(status = 409)]
pub struct Cancelled(pub ErrorBody);

/// What a route with a JSON body may refuse it for.
#[derive(IntoResponses)]
pub enum BodyRejected {
    /// The body is too large
    #[response(status = 413)]
    TooLarge(ErrorBody),
    /// The body is not `application/json`
    #[response(status = 415)]
    NotJson(ErrorBody),
    /// Invalid values; `field` and `details` name them
    #[response(status = 422)]
    Invalid(ErrorBody),
}

/// A meeting as it is booked or changed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingBody {
    pub subject: String,
    #[serde(default)]
    pub description: String,
    /// RFC 3339, with its offset.
    #[schema(format = DateTime)]
    pub start: String,
    /// Minutes; default `booking.default_duration_min`.
    #[serde(default)]
    pub duration_min: Option<i64>,
    /// A URL-safe room name; generated from the subject when absent.
    #[serde(default)]
    pub room: Option<String>,
    /// The whole list: on a change, people left out are taken off it.
    #[serde(default)]
    pub invitees: Vec<InviteeBody>,
    /// A repeat rule: the meeting becomes a series in the server's zone (an existing
    /// series keeps its zone). Absent: a one-off meeting.
    #[serde(default)]
    #[schema(value_type = Option<RecurrenceInput>)]
    pub recurrence: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteeBody {
    pub email: String,
    #[serde(default)]
    pub name: String,
    /// Default `participant`.
    #[serde(default)]
    #[schema(value_type = Option<Role>)]
    pub role: Option<String>,
}

impl InviteeBody {
    fn to_draft(&self) -> Result<InviteeDraft, Problem> {
        let role = match self.role.as_deref() {
            None => Role::Participant,
            Some(r) => r.parse::<Role>().map_err(|_| Problem::InvalidRole)?,
        };
        InviteeDraft::new(&self.email, &self.name, role)
    }

    /// The JSON path of the part at fault.
    fn field(prefix: &str, problem: &Problem) -> String {
        match problem {
            Problem::InvalidRole => format!("{prefix}.role"),
            Problem::TooLong { .. } => format!("{prefix}.name"),
            _ => format!("{prefix}.email"),
        }
    }
}

impl MeetingBody {
    pub(super) fn to_input(&self, default_duration: u32) -> MeetingInput {
        MeetingInput {
            subject: self.subject.clone(),
            description: self.description.clone(),
            start: parse_rfc3339("start", &self.start),
            duration_min: Ok(self.duration_min.unwrap_or(i64::from(default_duration))),
            room: self.room.clone().unwrap_or_default(),
            invitees: self
                .invitees
                .iter()
                .enumerate()
                .map(|(n, i)| {
                    let draft = i.to_draft();
                    let field = match &draft {
                        Err(p) => InviteeBody::field(&format!("invitees[{n}]"), p),
                        Ok(_) => format!("invitees[{n}].email"),
                    };
                    (field, draft)
                })
                .collect(),
            recurrence: self.recurrence.as_ref().map(recurrence_input),
        }
    }
}

/// Reads the `recurrence` object. Its mistakes are field errors like any rule problem (422,
/// naming `recurrence.<part>`), not malformed JSON: a part jmb does not offer (`bysetpos`)
/// is an unsupported rule part, a value of the wrong type an unreadable rule.
fn recurrence_input(value: &serde_json::Value) -> Result<RecurrenceInput, FieldError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let detail = e.into_inner().to_string();
        let unknown = detail
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split('`').next());
        let (part, problem) = match unknown {
            Some(part) => (
                part.to_string(),
                RecurrenceProblem::UnsupportedPart {
                    part: part.to_uppercase(),
                },
            ),
            None => (
                json_field(&path, &detail).unwrap_or_default(),
                RecurrenceProblem::Unparsable,
            ),
        };
        let field = if part.is_empty() {
            "recurrence".to_string()
        } else {
            format!("recurrence.{part}")
        };
        FieldError::new(field, Problem::Recurrence(problem))
    })
}

pub use crate::domain::json::{
    BouncingJson, InviteeJson, MeetingJson, OccurrenceAnswerJson, OccurrenceJson, rfc3339,
};

/// An invitee with their personal links when the reader may have them.
fn invitee_json(state: &AppState, i: &Invitee, with_links: bool) -> InviteeJson {
    let mut json = InviteeJson::of(i);
    if with_links {
        add_links(state, &mut json, i);
    }
    json
}

fn add_links(state: &AppState, json: &mut InviteeJson, i: &Invitee) {
    json.join_url = Some(state.urls.join(&i.hash));
    json.invitation_url = Some(state.urls.invitation(&i.hash));
    json.ics_url = Some(state.urls.meeting_ics(&i.hash));
}

/// [`InviteeJson::occurrence_answers`] of invitee `i` in a series. An answer kept for a time
/// that is no longer an occurrence (the rule was edited) is left out, as feeds leave it out.
fn occurrence_answers_json(view: &MeetingView, i: &Invitee) -> Option<Vec<OccurrenceAnswerJson>> {
    let series = view.series.as_ref()?;
    let answers =
        crate::domain::recurrence::Answers::of(i.id, i.partstat, &view.occurrence_answers);
    Some(
        answers
            .differing()
            .filter(|(id, _)| series.is_occurrence(*id))
            .map(|(id, answer)| OccurrenceAnswerJson {
                recurrence_id: rfc3339(id),
                answer,
            })
            .collect(),
    )
}

/// The owner sees every personal link; an invitee only their own, and a participant no one
/// else at all.
pub(super) fn meeting_json(state: &AppState, view: &MeetingView, who: &Identity) -> MeetingJson {
    let m = &view.meeting;
    let is_owner = m.owner == who.login;
    let seen = || view.invitees_seen_by(who);
    let mut json = MeetingJson::of(m, view.series.as_ref(), seen(), state.now());
    json.owner_url = is_owner.then(|| state.urls.token(m.id));
    for (entry, i) in json.invitees.iter_mut().zip(seen()) {
        if is_owner || i.email == who.email {
            add_links(state, entry, i);
        }
        entry.occurrence_answers = occurrence_answers_json(view, i);
    }
    json
}

/// A new meeting's values against the rules (a change is validated by `meetings::update`,
/// against the start the meeting has then).
fn validate(state: &AppState, body: &MeetingBody) -> Result<MeetingDraft, Error> {
    MeetingDraft::validate(
        body.to_input(state.config.booking.default_duration_min),
        &state.rules(),
        state.now(),
        None,
    )
    .map_err(Error::Invalid)
}

/// The list's query parameters, all optional.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Meetings that end at or after this time (RFC 3339); default `booking.past_days` ago.
    #[param(value_type = Option<String>, format = DateTime)]
    pub from: Option<String>,
    /// Meetings that start before this time (RFC 3339); default: no end.
    #[param(value_type = Option<String>, format = DateTime)]
    pub to: Option<String>,
    /// Meetings per page; default 100.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
    /// The next page, as the previous answer's `Link` header gave it.
    pub cursor: Option<String>,
}

/// The address of the page after `next`, with the same range and size.
fn next_link(state: &AppState, w: &Window, next: Cursor) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("from", &rfc3339(w.from));
    if let Some(to) = w.to {
        query.append_pair("to", &rfc3339(to));
    }
    query.append_pair("limit", &w.limit.to_string());
    query.append_pair("cursor", &next.encode());
    format!(
        "<{}?{}>; rel=\"next\"",
        state.urls.api_meetings(),
        query.finish()
    )
}

#[utoipa::path(
    get,
    path = "/api/v1/meetings",
    tag = "meetings",
    params(ListParams),
    responses(
        (status = 200, description = "Meetings in (start, id) order", body = [MeetingJson],
         headers(("Link" = String, description = "`<…?cursor=…>; rel=\"next\"` while more meetings remain"))),
        Malformed, Unauthorised
    ),
    security(("organiser" = []))
)]
pub async fn list_meetings(
    state: web::Data<AppState>,
    Organiser(who): Organiser,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, Error> {
    let since = state.now() - chrono::Duration::days(i64::from(state.config.booking.past_days));
    let raw = RawWindow {
        from: params.from.as_deref(),
        to: params.to.as_deref(),
        limit: params.limit.as_deref(),
        cursor: params.cursor.as_deref(),
    };
    let window = Window::parse(raw, since)?;
    let q = who.clone();
    // One row more than asked tells whether another page follows.
    let fetch = Window {
        limit: window.limit + 1,
        ..window
    };
    let views = state
        .db
        .run(move |c| meetings::list_page(c, &q, &fetch, Order::Ascending))
        .await?;
    let (views, next) = split_page(views, window.limit, |v| v.meeting.position());
    let list: Vec<MeetingJson> = views
        .iter()
        .map(|v| meeting_json(&state, v, &who))
        .collect();
    let mut response = HttpResponse::Ok();
    if let Some(next) = next {
        response.insert_header((LINK, next_link(&state, &window, next)));
    }
    Ok(response.json(list))
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings",
    tag = "meetings",
    request_body = MeetingBody,
    responses(
        (status = 201, description = "Booked; the invitees' mails are queued", body = MeetingJson,
         headers(("Location" = String, description = "The new meeting's address"))),
        (status = 403, description = "This login may not book", body = ErrorBody),
        Malformed, Unauthorised, BodyRejected
    ),
    security(("organiser" = []))
)]
pub async fn create_meeting(
    state: web::Data<AppState>,
    req: HttpRequest,
    Editor(who): Editor,
    body: web::Bytes,
) -> Result<HttpResponse, Error> {
    let body: MeetingBody = parse_body(&req, &body)?;
    let draft = validate(&state, &body)?;
    let owner = who.clone();
    let now = state.now();
    let uid_domain = state.urls.host();
    let view = state
        .change(move |c, mail| meetings::create(c, &owner, &draft, &uid_domain, Some(mail), now))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/meetings/{}", view.meeting.id)))
        .json(meeting_json(&state, &view, &who)))
}

#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}",
    tag = "meetings",
    params(("id" = i64, Path, description = "The meeting's id")),
    responses(
        (status = 200, description = "The meeting, as the organiser may see it", body = MeetingJson),
        Unauthorised, NotFound
    ),
    security(("organiser" = []))
)]
pub async fn show_meeting(
    state: web::Data<AppState>,
    Organiser(who): Organiser,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path)?;
    let q = who.clone();
    let (view, bounces) = state
        .db
        .run(move |c| -> Result<_, crate::service::Error> {
            let (view, relation): (MeetingView, Relation) = meetings::fetch_for_viewer(c, id, &q)?;
            let bounces = crate::service::replies::bounces_for_owner(
                c,
                &view.meeting,
                relation == Relation::Owner,
            )?;
            Ok((view, bounces))
        })
        .await?;
    let mut json = meeting_json(&state, &view, &who);
    for invitee in &mut json.invitees {
        invitee.bouncing =
            bounces
                .iter()
                .find(|b| b.email == invitee.email)
                .map(|b| BouncingJson {
                    since: rfc3339(b.at),
                    status: b.status.clone(),
                });
    }
    Ok(HttpResponse::Ok().json(json))
}

#[utoipa::path(
    put,
    path = "/api/v1/meetings/{id}",
    tag = "meetings",
    params(("id" = i64, Path, description = "The meeting's id")),
    request_body = MeetingBody,
    responses(
        (status = 200, description = "Changed; everyone concerned is told", body = MeetingJson),
        Malformed, Unauthorised, NotYours, NotFound, Cancelled, BodyRejected
    ),
    security(("organiser" = []))
)]
pub async fn update_meeting(
    state: web::Data<AppState>,
    req: HttpRequest,
    Editor(who): Editor,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path)?;
    let body: MeetingBody = parse_body(&req, &body)?;
    let input = body.to_input(state.config.booking.default_duration_min);
    let (rules, owner, now) = (state.rules(), who.clone(), state.now());
    let (_, after, _) = state
        .change(move |c, mail| meetings::update(c, id, &owner, input, &rules, Some(mail), now))
        .await?;
    Ok(HttpResponse::Ok().json(meeting_json(&state, &after, &who)))
}

#[utoipa::path(
    delete,
    path = "/api/v1/meetings/{id}",
    tag = "meetings",
    params(("id" = i64, Path, description = "The meeting's id")),
    responses(
        (status = 204, description = "Cancelled; the meeting stays, marked cancelled"),
        Unauthorised, NotYours, NotFound, Cancelled
    ),
    security(("organiser" = []))
)]
pub async fn cancel_meeting(
    state: web::Data<AppState>,
    Organiser(who): Organiser,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path)?;
    let now = state.now();
    state
        .change(move |c, mail| meetings::cancel(c, id, &who, Some(mail), now))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/invitees",
    tag = "meetings",
    params(("id" = i64, Path, description = "The meeting's id")),
    request_body = InviteeBody,
    responses(
        (status = 201, description = "Invited; their mail is queued", body = InviteeJson),
        Malformed, Unauthorised, NotYours, NotFound, Cancelled, BodyRejected
    ),
    security(("organiser" = []))
)]
pub async fn add_invitee(
    state: web::Data<AppState>,
    req: HttpRequest,
    Organiser(who): Organiser,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path)?;
    let body: InviteeBody = parse_body(&req, &body)?;
    let draft = body.to_draft().map_err(|p| {
        let field = InviteeBody::field("", &p)
            .trim_start_matches('.')
            .to_string();
        Error::Invalid(vec![FieldError::new(field, p)])
    })?;
    let owner = who.clone();
    let now = state.now();
    let (_view, invitee) = state
        .change(move |c, mail| meetings::add_invitee(c, id, &owner, &draft, Some(mail), now))
        .await?;
    Ok(HttpResponse::Created().json(invitee_json(&state, &invitee, true)))
}

#[utoipa::path(
    delete,
    path = "/api/v1/meetings/{id}/invitees/{invitee_id}",
    tag = "meetings",
    params(("id" = i64, Path, description = "The meeting's id"), ("invitee_id" = i64, Path, description = "The invitee's id")),
    responses(
        (status = 204, description = "Taken off the list; they are told"),
        Unauthorised, NotYours, NotFound
    ),
    security(("organiser" = []))
)]
pub async fn remove_invitee(
    state: web::Data<AppState>,
    Organiser(who): Organiser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, Error> {
    let (id, invitee_id) = path.into_inner();
    let (id, invitee_id) = (parse_id(&id)?, parse_id(&invitee_id)?);
    let now = state.now();
    state
        .change(move |c, mail| meetings::remove_invitee(c, id, invitee_id, &who, Some(mail), now))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
