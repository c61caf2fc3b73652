//! What several of the organiser's pages share: how a meeting is seen by the viewer.

use chrono::{DateTime, Utc};

use crate::auth::Identity;
use crate::domain::Invitee;
use crate::domain::PartStat;
use crate::domain::window::Access;
use crate::i18n::{AnswerCount, Tr};
use crate::service::meetings::{self, MeetingView};
use crate::web::AppState;
use crate::web::error::Error;

pub(super) fn relation_label(t: Tr, view: &MeetingView, who: &Identity) -> String {
    if view.meeting.owner == who.login {
        t.owner_role()
    } else {
        view.invitee_for(&who.email)
            .map(|i| t.role(i.role))
            .unwrap_or_default()
    }
}

/// The figures of a meeting's answers, or none when nobody is invited.
pub fn answer_counts(t: Tr, invitees: &[Invitee]) -> Vec<AnswerCount> {
    if invitees.is_empty() {
        return Vec::new();
    }
    let count = |p: PartStat| invitees.iter().filter(|i| i.partstat == p).count();
    t.answer_counts(
        count(PartStat::Accepted),
        count(PartStat::Declined),
        count(PartStat::Tentative),
        count(PartStat::NeedsAction),
    )
}

/// The invitees `who` is shown, as their mails show them.
pub(super) fn seen_by(view: &MeetingView, who: &Identity) -> Vec<Invitee> {
    view.invitees_seen_by(who).cloned().collect()
}

/// Whether the room can be entered now (the window of the join links, not cancelled).
pub(super) fn access_now(state: &AppState, view: &MeetingView, now: DateTime<Utc>) -> Access {
    state.room_access(&view.meeting.slot(), now)
}

pub(super) async fn owned(state: &AppState, id: i64, who: &Identity) -> Result<MeetingView, Error> {
    let q = who.clone();
    Ok(state
        .db
        .run(move |c| meetings::fetch_for_owner(c, id, &q))
        .await?)
}
