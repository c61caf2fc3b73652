//! `/invitation/{hash}`: an invitee sees the meeting and answers. A GET only shows (and
//! `?answer=` only preselects a button), so mail scanners that prefetch links change
//! nothing; the answer is a CSRF-protected POST.

use actix_session::Session;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::AppState;
use super::error::{Error, Missing};
use super::extract::PersonalLink;
use super::lang::Lang;
use super::render::{Layout, page, require_csrf, see_other};
use crate::domain::PartStat;
use crate::domain::meeting::parse_rfc3339;
use crate::service::{self, invitations};
use actix_web::http::StatusCode;

#[derive(Template)]
#[template(path = "pages/invitation.html")]
struct InvitationPage {
    layout: Layout,
    action: String,
    subject: String,
    description: String,
    when: String,
    starts_iso: String,
    duration_min: u32,
    tz_name: String,
    owner: String,
    role: String,
    status: String,
    cancelled: bool,
    partstat: String,
    partstat_code: &'static str,
    answered: bool,
    recorded: bool,
    preselect: &'static str,
    join_url: String,
    ics_url: String,
    /// A series: its coming occurrences, each with this invitee's answer and its own buttons.
    occurrences: Vec<OccurrenceRow>,
    /// Why an answer to one occurrence was not recorded.
    error: String,
}

/// One coming occurrence of a series on the invitation page.
struct OccurrenceRow {
    /// RECURRENCE-ID in RFC 3339: what its form posts.
    recurrence_id: String,
    when: String,
    starts_iso: String,
    answer: String,
    answer_code: &'static str,
}

/// How many coming occurrences the page lists with buttons of their own.
const COMING_OCCURRENCES: usize = 8;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InvitationQuery {
    pub answer: String,
    pub recorded: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AnswerForm {
    pub csrf: String,
    pub answer: String,
    /// Set by an occurrence's own buttons: the answer is for that occurrence alone.
    pub recurrence_id: String,
}

fn parse_answer(raw: &str) -> Option<PartStat> {
    match raw {
        "accept" | "accepted" => Some(PartStat::Accepted),
        "decline" | "declined" => Some(PartStat::Declined),
        "maybe" | "tentative" => Some(PartStat::Tentative),
        _ => None,
    }
}

fn link_error(e: service::Error) -> Error {
    match e {
        service::Error::NotFound => Error::NotFound(Missing::Link),
        other => other.into(),
    }
}

pub async fn show_invitation(
    state: web::Data<AppState>,
    req: HttpRequest,
    Lang(t): Lang,
    PersonalLink(link): PersonalLink,
    query: web::Query<InvitationQuery>,
) -> Result<HttpResponse, Error> {
    let preselect = match parse_answer(&query.answer) {
        Some(PartStat::Accepted) => "accept",
        Some(PartStat::Declined) => "decline",
        Some(PartStat::Tentative) => "maybe",
        _ => "",
    };
    let recorded = !query.recorded.is_empty();
    render_page(&state, &req, t, link, preselect, recorded, None).await
}

/// The page, after a GET or with `error`, the reason an answer to one occurrence was
/// refused (422).
async fn render_page(
    state: &AppState,
    req: &HttpRequest,
    t: crate::i18n::Tr,
    link: String,
    preselect: &'static str,
    recorded: bool,
    error: Option<String>,
) -> Result<HttpResponse, Error> {
    let l = link.clone();
    let (invitee, meeting, series) = state
        .db
        .run(move |c| {
            let (invitee, meeting, _) = invitations::fetch(c, &l)?;
            let series = invitations::series_answers(c, &invitee)?;
            Ok((invitee, meeting, series))
        })
        .await
        .map_err(link_error)?;
    let now = state.now();
    let occurrences = series
        .map(|(s, answers)| {
            s.schedule()
                .into_iter()
                .filter(|o| !o.cancelled && o.ends_at > now)
                .take(COMING_OCCURRENCES)
                .map(|o| {
                    let answer = answers.effective(o.id);
                    OccurrenceRow {
                        recurrence_id: super::api::rfc3339(o.id),
                        when: t.datetime(o.starts_at, s.tz),
                        starts_iso: super::api::rfc3339(o.starts_at),
                        answer: t.partstat(answer),
                        answer_code: answer.as_str(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let owner = if meeting.owner_email.is_empty() {
        meeting.owner_name.clone()
    } else {
        format!("{} <{}>", meeting.owner_name, meeting.owner_email)
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    page(
        state,
        status,
        &InvitationPage {
            layout: Layout::new(state, req, t, None, &meeting.subject),
            action: format!("/invitation/{link}"),
            subject: meeting.subject.clone(),
            description: meeting.description.clone(),
            when: t.datetime(meeting.starts_at, state.tz),
            starts_iso: super::api::rfc3339(meeting.starts_at),
            duration_min: meeting.duration_min,
            tz_name: state.config.server.time_zone.clone(),
            owner,
            role: t.role(invitee.role),
            status: t.status(meeting.status),
            cancelled: meeting.is_cancelled(),
            partstat: t.partstat(invitee.partstat),
            partstat_code: invitee.partstat.as_str(),
            answered: invitee.partstat != PartStat::NeedsAction,
            recorded,
            preselect,
            join_url: state.urls.join(&link),
            ics_url: state.urls.meeting_ics(&link),
            occurrences,
            error: error.unwrap_or_default(),
        },
    )
}

pub async fn answer_invitation(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: Session,
    Lang(t): Lang,
    PersonalLink(link): PersonalLink,
    form: web::Form<AnswerForm>,
) -> Result<HttpResponse, Error> {
    require_csrf(&session, &form.csrf)?;
    let answer = parse_answer(&form.answer).ok_or_else(|| Error::BadRequest {
        field: Some("answer".into()),
        message: t.get("invitation-bad-answer"),
    })?;
    let now = state.now();
    let notify = state.config.mail.notify_owner_on_answer;
    let occurrence = match form.recurrence_id.trim() {
        "" => None,
        raw => Some(parse_rfc3339("recurrence_id", raw).map_err(|e| Error::Invalid(vec![e]))?),
    };
    let l = link.clone();
    // The invitee reads this page's language: their next mails come in it.
    let lang = t.lang();
    let done = state
        .change(move |c, mail| {
            crate::service::languages::chosen_by_link(c, &l, lang, now)?;
            match occurrence {
                Some(id) => {
                    invitations::answer_occurrence(c, &l, id, answer, notify, Some(mail), now)
                }
                None => invitations::answer(c, &l, answer, notify, Some(mail), now),
            }
        })
        .await;
    match done {
        Ok(_) => Ok(see_other(&format!("/invitation/{link}?recorded=1"))),
        // An occurrence that is gone (cancelled meanwhile): the page again, saying why.
        Err(service::Error::Invalid(problems)) => {
            let why = problems
                .iter()
                .map(|p| t.problem(&p.problem))
                .collect::<Vec<_>>()
                .join(" ");
            render_page(&state, &req, t, link, "", false, Some(why)).await
        }
        Err(e) => Err(link_error(e)),
    }
}
