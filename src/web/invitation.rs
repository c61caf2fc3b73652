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
use super::render::{Layout, ok, require_csrf, see_other};
use crate::domain::PartStat;
use crate::service::{self, invitations};

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
}

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
    let l = link.clone();
    let (invitee, meeting, _) = state
        .db
        .run(move |c| invitations::fetch(c, &l))
        .await
        .map_err(link_error)?;
    let owner = if meeting.owner_email.is_empty() {
        meeting.owner_name.clone()
    } else {
        format!("{} <{}>", meeting.owner_name, meeting.owner_email)
    };
    let preselect = match parse_answer(&query.answer) {
        Some(PartStat::Accepted) => "accept",
        Some(PartStat::Declined) => "decline",
        Some(PartStat::Tentative) => "maybe",
        _ => "",
    };
    ok(
        &state,
        &InvitationPage {
            layout: Layout::new(&state, &req, t, None, &meeting.subject),
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
            recorded: !query.recorded.is_empty(),
            preselect,
            join_url: state.urls.join(&link),
            ics_url: state.urls.meeting_ics(&link),
        },
    )
}

pub async fn answer_invitation(
    state: web::Data<AppState>,
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
    let l = link.clone();
    // The invitee reads this page's language: their next mails come in it.
    let lang = t.lang();
    state
        .change(move |c, mail| {
            crate::service::languages::chosen_by_link(c, &l, lang, now)?;
            invitations::answer(c, &l, answer, notify, Some(mail), now)
        })
        .await
        .map_err(link_error)?;
    Ok(see_other(&format!("/invitation/{link}?recorded=1")))
}
