//! The meeting's page: its details, invitees, answers, and for the owner and moderators
//! its attendance and recordings.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::views::{access_now, answer_counts, seen_by};
use crate::domain::MeetingStatus;
use crate::domain::window::Access;
use crate::i18n::AnswerCount;
use crate::service::meetings::{self, Relation};
use crate::service::series::{self, OccurrenceAnswers};
use crate::service::{self, attendance};
use crate::web::AppState;
use crate::web::api::rfc3339;
use crate::web::attendance::{AttendanceRow, RecordingRow, page_rows};
use crate::web::error::Error;
use crate::web::extract::{Organiser, parse_id};
use crate::web::lang::Lang;
use crate::web::render::{Layout, ok};

/// The detail view's meeting.
pub struct MeetingDetail {
    pub id: i64,
    pub subject: String,
    pub description: String,
    pub room: String,
    pub when: String,
    pub starts_iso: String,
    /// "60 min (end 10:00)".
    pub length: String,
    pub owner_name: String,
    pub owner_email: String,
    pub status: String,
    pub cancelled: bool,
}

pub struct InviteeRow {
    pub name: String,
    pub email: String,
    pub role: String,
    pub partstat: String,
    pub partstat_code: &'static str,
    pub join_url: String,
    /// "Mail came back", for the owner; empty otherwise.
    pub bouncing: String,
}

/// One occurrence of a series on its page, with the answers to it.
pub struct OccurrenceRow {
    /// Its RECURRENCE-ID as the occurrence routes take it.
    pub rid: String,
    pub when: String,
    pub starts_iso: String,
    /// "Cancelled" or "Moved"; empty while as planned.
    pub status: String,
    pub status_code: &'static str,
    pub cancelled: bool,
    /// (name, answer, answer's code) of each invitee the viewer sees.
    pub answers: Vec<(String, String, &'static str)>,
}

/// How many coming occurrences a series' page lists.
const PAGE_OCCURRENCES: usize = 12;

#[derive(Template)]
#[template(path = "pages/booking_show.html")]
struct MeetingPage {
    layout: Layout,
    m: MeetingDetail,
    invitees: Vec<InviteeRow>,
    is_owner: bool,
    /// The room is open now (join window, not cancelled).
    open: bool,
    /// "You can join from …", before the window.
    opens_at: Option<String>,
    answers: Vec<AnswerCount>,
    my_join_url: Option<String>,
    tz_name: String,
    /// Attendance and recordings, for the owner and moderators.
    show_record: bool,
    attendance: Vec<AttendanceRow>,
    recordings: Vec<RecordingRow>,
    /// A series' coming occurrences; `None` for a one-off meeting.
    occurrences: Option<Vec<OccurrenceRow>>,
    /// "Repeats weekly", for a series.
    repeats: String,
}

pub async fn show_meeting(
    state: web::Data<AppState>,
    req: HttpRequest,
    Lang(t): Lang,
    Organiser(who): Organiser,
    path: web::Path<String>,
) -> Result<HttpResponse, Error> {
    let id = parse_id(&path)?;
    let q = who.clone();
    let now = state.now();
    let (view, relation, record, bounces, coming) = state
        .db
        .run(move |c| -> Result<_, service::Error> {
            let (view, relation) = meetings::fetch_for_viewer(c, id, &q)?;
            // Every occurrence still to end: a series lasts at most two years.
            let far = now + chrono::Duration::days(crate::domain::listing::OCCURRENCES_MAX_DAYS);
            let coming = view
                .series
                .is_some()
                .then(|| series::occurrences(c, &view, now, far, PAGE_OCCURRENCES))
                .transpose()?;
            let record = attendance::may_read(relation)
                .then(|| attendance::record(c, id, None, now))
                .transpose()?;
            let bounces = crate::service::replies::bounces_for_owner(
                c,
                &view.meeting,
                relation == Relation::Owner,
            )?;
            Ok((view, relation, record, bounces, coming))
        })
        .await?;
    let (attendance_rows, recordings) = record
        .as_ref()
        .map(|r| page_rows(&state, t, r))
        .unwrap_or_default();
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
        starts_iso: rfc3339(m.starts_at),
        length: t.with(
            "meeting-length",
            &[
                ("minutes", m.duration_min.into()),
                ("end", t.clock(m.ends_at, state.tz).into()),
            ],
        ),
        owner_name: m.owner_name.clone(),
        owner_email: m.owner_email.clone(),
        // Without Prosody's events a meeting stays "scheduled" in the data; its page should
        // not say so once its time is over.
        status: t.status(match m.status {
            MeetingStatus::Scheduled if m.ends_at < now => MeetingStatus::Completed,
            other => other,
        }),
        cancelled: m.is_cancelled(),
    };
    let room_access = access_now(&state, &view, now);
    let seen = seen_by(&view, &who);
    let occurrences = coming.map(|list| occurrence_rows(&state, t, &list, &seen));
    let repeats = view
        .series
        .as_ref()
        .map(|s| t.get(&format!("booking-repeats-{}", s.rule.to_input().freq)))
        .unwrap_or_default();
    let invitees = seen
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
            bouncing: bounces
                .iter()
                .find(|b| b.email == i.email)
                .map(|b| t.arg("meeting-bouncing", "status", b.status.clone()))
                .unwrap_or_default(),
        })
        .collect();
    ok(
        &state,
        &MeetingPage {
            layout: Layout::new(&state, &req, t, Some(who), &m.subject),
            m: detail,
            invitees,
            is_owner,
            open: matches!(room_access, Access::Open(_)),
            opens_at: match room_access {
                Access::NotYet { opens } => {
                    Some(t.arg("meeting-opens-at", "when", t.datetime(opens, state.tz)))
                }
                _ => None,
            },
            answers: answer_counts(t, &seen),
            my_join_url,
            tz_name: state.config.server.time_zone.clone(),
            show_record: record.is_some(),
            attendance: attendance_rows,
            recordings,
            occurrences,
            repeats,
        },
    )
}

fn occurrence_rows(
    state: &AppState,
    t: crate::i18n::Tr,
    list: &[OccurrenceAnswers],
    seen: &[crate::domain::Invitee],
) -> Vec<OccurrenceRow> {
    list.iter()
        .map(|o| {
            let occ = &o.occurrence;
            let (status, status_code) = if occ.cancelled {
                (t.get("occurrence-cancelled"), "cancelled")
            } else if occ.moved.is_some() {
                (t.get("occurrence-moved"), "moved")
            } else {
                (String::new(), "scheduled")
            };
            OccurrenceRow {
                rid: rfc3339(occ.id),
                when: t.datetime(occ.starts_at, state.tz),
                starts_iso: rfc3339(occ.starts_at),
                status,
                status_code,
                cancelled: occ.cancelled,
                answers: seen
                    .iter()
                    .filter_map(|i| {
                        let (_, answer) = o.answers.iter().find(|(id, _)| *id == i.id)?;
                        Some((i.display_name(), t.partstat(*answer), answer.as_str()))
                    })
                    .collect(),
            }
        })
        .collect()
}
