use crate::store::Connection;
use chrono::{DateTime, Utc};

use super::Error;
use super::notify::queue;
use super::reminders;
use super::webhooks;
use crate::auth::Identity;
use crate::domain::hash;
use crate::domain::listing::{Order, Window};
use crate::domain::meeting::{MeetingInput, Rules};
use crate::domain::notice;
use crate::domain::notice::{Audience, Notice};
use crate::domain::recurrence::{Exceptions, Series};
use crate::domain::room;
use crate::domain::{
    FieldError, Invitee, InviteeChanges, InviteeDraft, Meeting, MeetingDraft, MeetingStatus,
    Problem, Role,
};
use crate::mail::Composer;
use crate::store::{self, invitees, meetings, outbox, series};

/// A meeting with its invitees, as pages and the API show it.
#[derive(Debug, Clone)]
pub struct MeetingView {
    pub meeting: Meeting,
    pub invitees: Vec<Invitee>,
    /// The series, if the meeting repeats (its exceptions included).
    pub series: Option<Series>,
    /// A series' answers to single occurrences: (invitee id, RECURRENCE-ID, answer).
    pub occurrence_answers: Vec<(i64, DateTime<Utc>, crate::domain::PartStat)>,
}

impl MeetingView {
    pub fn invitee_for(&self, email: &str) -> Option<&Invitee> {
        self.invitees.iter().find(|i| i.email == email)
    }

    /// How `who` relates to the meeting, if at all.
    pub fn relation_of(&self, who: &Identity) -> Option<Relation> {
        if self.meeting.owner == who.login {
            return Some(Relation::Owner);
        }
        if who.email.is_empty() {
            return None;
        }
        self.invitee_for(&who.email)
            .map(|i| Relation::Invitee(i.role))
    }

    /// The invitees `who` may see: what their mails and calendar files show them.
    pub fn invitees_seen_by<'a>(&'a self, who: &'a Identity) -> impl Iterator<Item = &'a Invitee> {
        let audience = self.relation_of(who).map(Relation::audience);
        self.invitees
            .iter()
            .filter(move |i| audience.is_some_and(|a| a.shows(&who.email, i)))
    }
}

/// How a viewer relates to a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    Owner,
    Invitee(Role),
}

impl Relation {
    /// The viewer's audience, which decides what they are shown as in their mails.
    pub fn audience(self) -> Audience {
        match self {
            Relation::Owner => Audience::Owner,
            Relation::Invitee(role) => Audience::of_role(role),
        }
    }
}

pub(super) fn load(conn: &Connection, id: i64) -> Result<MeetingView, Error> {
    let meeting = meetings::fetch_meeting(conn, id).map_err(not_found)?;
    view_of(conn, meeting)
}

fn view_of(conn: &Connection, meeting: Meeting) -> Result<MeetingView, Error> {
    let invitees = invitees::list_invitees(conn, meeting.id)?;
    let series = series::fetch_series(conn, meeting.id)?;
    let occurrence_answers = match series {
        Some(_) => series::occurrence_answers(conn, meeting.id)?,
        None => Vec::new(),
    };
    Ok(MeetingView {
        meeting,
        invitees,
        series,
        occurrence_answers,
    })
}

fn not_found(e: store::Error) -> Error {
    match e {
        store::Error::NotFound => Error::NotFound,
        other => Error::Store(other),
    }
}

/// The meeting if `who` owns it or is invited to it. To anyone else it does not exist: a
/// 403 would tell strangers which ids are meetings.
pub fn fetch_for_viewer(
    conn: &Connection,
    id: i64,
    who: &Identity,
) -> Result<(MeetingView, Relation), Error> {
    let view = load(conn, id)?;
    match view.relation_of(who) {
        Some(relation) => Ok((view, relation)),
        None => Err(Error::NotFound),
    }
}

/// The meeting if `who` owns it. An invitee, who may see it, is refused; to anyone else it
/// does not exist.
pub fn fetch_for_owner(conn: &Connection, id: i64, who: &Identity) -> Result<MeetingView, Error> {
    let view = load(conn, id)?;
    match view.relation_of(who) {
        Some(Relation::Owner) => Ok(view),
        Some(Relation::Invitee(_)) => Err(Error::NotOwner),
        None => Err(Error::NotFound),
    }
}

/// One page of the meetings `who` owns or is invited to (see [`Window`]), at most
/// `w.limit` of them; callers ask for one more than they show to learn whether more remain.
pub fn list_page(
    conn: &Connection,
    who: &Identity,
    w: &Window,
    order: Order,
) -> Result<Vec<MeetingView>, Error> {
    let list = meetings::list_meetings_page(conn, &who.login, &who.email, w, order)?;
    list.into_iter()
        .map(|meeting| view_of(conn, meeting))
        .collect()
}

fn room_taken_error() -> Error {
    Error::Invalid(vec![FieldError::new("room", Problem::RoomTaken)])
}

fn choose_room(
    conn: &Connection,
    draft: &MeetingDraft,
    except: Option<i64>,
) -> Result<String, Error> {
    if let Some(room) = &draft.room {
        if meetings::room_taken(conn, room, except)? {
            return Err(room_taken_error());
        }
        return Ok(room.clone());
    }
    loop {
        let candidate = room::generate(&draft.subject)?;
        if !meetings::room_taken(conn, &candidate, except)? {
            return Ok(candidate);
        }
    }
}

/// A UNIQUE violation on the room that slipped between check and insert.
fn map_room_conflict(e: store::Error) -> Error {
    if e.is_constraint() {
        room_taken_error()
    } else {
        Error::Store(e)
    }
}

/// Books a meeting for `owner` and queues its mails. `uid_domain` is the host part of
/// calendar UIDs.
pub fn create(
    conn: &mut Connection,
    owner: &Identity,
    draft: &MeetingDraft,
    uid_domain: &str,
    mail: Option<&Composer>,
    now: DateTime<Utc>,
) -> Result<MeetingView, Error> {
    if !owner.editor {
        return Err(Error::NotEditor);
    }
    let tx = conn.transaction()?;
    let id = insert_meeting_row(&tx, owner, draft, uid_domain, now)?;
    for inv in &draft.invitees {
        invitees::insert_invitee(&tx, id, inv, &hash::generate()?)?;
    }
    let view = load(&tx, id)?;
    reminders::plan(&tx, &view.meeting, now)?;
    queue(
        &tx,
        mail,
        &view.meeting,
        &view.invitees,
        &notice::on_create(&view.invitees),
        now,
    )?;
    webhooks::emit(
        &tx,
        "meeting.created",
        &view.meeting,
        &view.invitees,
        None,
        now,
    )?;
    tx.commit()?;
    Ok(view)
}

/// The meeting row of a new meeting (and its repeat rule), without invitees: its id.
pub(super) fn insert_meeting_row(
    conn: &Connection,
    owner: &Identity,
    draft: &MeetingDraft,
    uid_domain: &str,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    let room = choose_room(conn, draft, None)?;
    let uid = format!("{}@{}", hash::random_alnum(20)?, uid_domain);
    let id = meetings::insert_meeting(
        conn,
        &meetings::NewMeeting {
            uid: &uid,
            room: &room,
            subject: &draft.subject,
            description: &draft.description,
            owner: &owner.login,
            owner_email: &owner.email,
            owner_name: &owner.name,
            starts_at: draft.starts_at,
            duration_min: draft.duration_min,
            ends_at: draft.ends_at(),
            status: MeetingStatus::Scheduled,
            sequence: 0,
            created_at: now,
        },
    )
    .map_err(map_room_conflict)?;
    if let Some((tz, rule)) = &draft.recurrence {
        series::set_rule(conn, id, Some((*tz, &rule.to_rrule(*tz))))?;
    }
    Ok(id)
}

/// Changes a meeting (SEQUENCE + 1) and its invitee list; kept invitees keep their links.
/// Everyone concerned gets the matching mail.
/// Edits a meeting from the form's or the API's raw input, validated inside the write
/// transaction against the start the meeting has then (a start already past may stay).
pub fn update(
    conn: &mut Connection,
    id: i64,
    owner: &Identity,
    input: MeetingInput,
    rules: &Rules,
    mail: Option<&Composer>,
    now: DateTime<Utc>,
) -> Result<(MeetingView, MeetingView, InviteeChanges), Error> {
    let tx = conn.transaction()?;
    let before = fetch_for_owner(&tx, id, owner)?;
    // A series keeps the zone it was booked in, whatever the configuration says now.
    let rules = &Rules {
        tz: before.series.as_ref().map_or(rules.tz, |s| s.tz),
        ..*rules
    };
    let draft = &MeetingDraft::validate(input, rules, now, Some(before.meeting.starts_at))
        .map_err(Error::Invalid)?;
    if before.meeting.is_cancelled() {
        return Err(Error::Cancelled);
    }
    let room = match &draft.room {
        Some(r) if *r == before.meeting.room => r.clone(),
        Some(_) => choose_room(&tx, draft, Some(id))?,
        None => before.meeting.room.clone(),
    };
    meetings::update_meeting(
        &tx,
        id,
        &meetings::MeetingChange {
            room: &room,
            subject: &draft.subject,
            description: &draft.description,
            starts_at: draft.starts_at,
            duration_min: draft.duration_min,
            ends_at: draft.ends_at(),
            updated_at: now,
        },
    )
    .map_err(map_room_conflict)?;
    set_series(&tx, id, before.series.as_ref(), draft.series().as_ref())?;
    let changes = apply_invitees(&tx, &before, &draft.invitees)?;
    let after = load(&tx, id)?;
    reminders::plan(&tx, &after.meeting, now)?;
    queue(
        &tx,
        mail,
        &after.meeting,
        &after.invitees,
        &notice::on_series_update(
            &before.meeting,
            &after.meeting,
            &changes,
            before.series.as_ref().map(|s| &s.rule) != after.series.as_ref().map(|s| &s.rule),
        ),
        now,
    )?;
    webhooks::emit(
        &tx,
        "meeting.updated",
        &after.meeting,
        &after.invitees,
        None,
        now,
    )?;
    webhooks::emit_invitee_changes(
        &tx,
        &after.meeting,
        &after.invitees,
        &changes.removed,
        &changes.added,
        now,
    )?;
    tx.commit()?;
    Ok((before, after, changes))
}

/// Stores the rule an edit gives the meeting. Cancelled and moved occurrences stay where
/// the edited series still has them; the others no longer exist.
pub(super) fn set_series(
    conn: &Connection,
    id: i64,
    before: Option<&Series>,
    after: Option<&Series>,
) -> Result<(), Error> {
    series::set_rule(
        conn,
        id,
        after
            .map(|s| (s.tz, s.rule.to_rrule(s.tz)))
            .as_ref()
            .map(|(tz, r)| (*tz, r.as_str())),
    )?;
    let mut kept = Exceptions::default();
    if let (Some(before), Some(after)) = (before, after) {
        kept.cancelled = before
            .exceptions
            .cancelled
            .iter()
            .copied()
            .filter(|rid| after.is_occurrence(*rid))
            .collect();
        kept.moved = before
            .exceptions
            .moved
            .iter()
            .filter(|(rid, _)| after.is_occurrence(**rid))
            .map(|(rid, m)| (*rid, *m))
            .collect();
    }
    series::put_exceptions(conn, id, &kept)?;
    Ok(())
}

fn apply_invitees(
    conn: &Connection,
    before: &MeetingView,
    wanted: &[InviteeDraft],
) -> Result<InviteeChanges, Error> {
    let mut changes = InviteeChanges::default();
    for old in &before.invitees {
        if !wanted.iter().any(|w| w.email == old.email) {
            invitees::delete_invitee(conn, old.id)?;
            changes.removed.push(old.clone());
        }
    }
    for w in wanted {
        match before.invitee_for(&w.email) {
            None => {
                let added =
                    invitees::insert_invitee(conn, before.meeting.id, w, &hash::generate()?)?;
                changes.added.push(added);
            }
            Some(old) => {
                let name = if w.name.is_empty() {
                    &old.name
                } else {
                    &w.name
                };
                if old.role != w.role || *name != old.name {
                    invitees::update_invitee(conn, old.id, name, w.role)?;
                }
                let mut now = old.clone();
                now.role = w.role;
                now.name = name.clone();
                if old.role != w.role {
                    changes.role_changed.push((now, old.role));
                } else {
                    changes.kept.push(now);
                }
            }
        }
    }
    Ok(changes)
}

/// Cancels: the meeting stays, marked cancelled, with a higher SEQUENCE.
pub fn cancel(
    conn: &mut Connection,
    id: i64,
    owner: &Identity,
    mail: Option<&Composer>,
    now: DateTime<Utc>,
) -> Result<MeetingView, Error> {
    let tx = conn.transaction()?;
    let before = fetch_for_owner(&tx, id, owner)?;
    if before.meeting.is_cancelled() {
        return Err(Error::Cancelled);
    }
    meetings::update_meeting_cancelled(&tx, id, now)?;
    reminders::drop_pending(&tx, id)?;
    // An owner who cancels needs no news of answers given before: the mail waiting out its
    // delay (see `notify::queue_answer`) would arrive after the cancellation.
    outbox::drop_queued(&tx, id, &Notice::answers_to_owner_kind())?;
    let after = load(&tx, id)?;
    queue(
        &tx,
        mail,
        &after.meeting,
        &after.invitees,
        &notice::on_cancel(&after.invitees),
        now,
    )?;
    webhooks::emit(
        &tx,
        "meeting.cancelled",
        &after.meeting,
        &after.invitees,
        None,
        now,
    )?;
    tx.commit()?;
    Ok(after)
}

/// Adds one invitee (API). A mail address already invited is a duplicate.
pub fn add_invitee(
    conn: &mut Connection,
    id: i64,
    owner: &Identity,
    draft: &InviteeDraft,
    mail: Option<&Composer>,
    now: DateTime<Utc>,
) -> Result<(MeetingView, Invitee), Error> {
    let tx = conn.transaction()?;
    let view = fetch_for_owner(&tx, id, owner)?;
    if view.meeting.is_cancelled() {
        return Err(Error::Cancelled);
    }
    if view.invitee_for(&draft.email).is_some() {
        return Err(Error::Invalid(vec![FieldError::new(
            "email",
            Problem::DuplicateInvitee {
                email: draft.email.clone(),
            },
        )]));
    }
    let invitee = invitees::insert_invitee(&tx, id, draft, &hash::generate()?)?;
    let changes = InviteeChanges {
        added: vec![invitee.clone()],
        ..Default::default()
    };
    let view = list_changed(&tx, id, &changes, mail, now)?;
    tx.commit()?;
    Ok((view, invitee))
}

/// After invitees were added or removed alone: calendars must see a newer version, and the
/// people concerned hear of it (unless the meeting is cancelled).
fn list_changed(
    conn: &Connection,
    id: i64,
    changes: &InviteeChanges,
    mail: Option<&Composer>,
    now: DateTime<Utc>,
) -> Result<MeetingView, Error> {
    meetings::update_meeting_touched(conn, id, now)?;
    let view = load(conn, id)?;
    webhooks::emit_invitee_changes(
        conn,
        &view.meeting,
        &view.invitees,
        &changes.removed,
        &changes.added,
        now,
    )?;
    if !view.meeting.is_cancelled() {
        queue(
            conn,
            mail,
            &view.meeting,
            &view.invitees,
            &notice::on_invitees_changed(changes),
            now,
        )?;
    }
    Ok(view)
}

pub fn remove_invitee(
    conn: &mut Connection,
    id: i64,
    invitee_id: i64,
    owner: &Identity,
    mail: Option<&Composer>,
    now: DateTime<Utc>,
) -> Result<(MeetingView, Invitee), Error> {
    let tx = conn.transaction()?;
    fetch_for_owner(&tx, id, owner)?;
    let invitee = invitees::fetch_invitee(&tx, id, invitee_id).map_err(not_found)?;
    invitees::delete_invitee(&tx, invitee.id)?;
    let changes = InviteeChanges {
        removed: vec![invitee.clone()],
        ..Default::default()
    };
    let view = list_changed(&tx, id, &changes, mail, now)?;
    tx.commit()?;
    Ok((view, invitee))
}
