//! Invitees answering through their personal link. Only a POST answers: the page a GET shows
//! (whoever sends it, mail scanners included) never changes anything.

use crate::store::Connection;
use chrono::{DateTime, Utc};

use super::Error;
use super::notify::queue_answer;
use crate::domain::{Invitee, Meeting, PartStat, notice};
use crate::mail::Composer;
use crate::store::{self, invitees, meetings};

/// The invitee behind a personal link, their meeting and everyone invited to it.
pub fn fetch(conn: &Connection, link: &str) -> Result<(Invitee, Meeting, Vec<Invitee>), Error> {
    let (invitee, meeting) = invitees::fetch_invitee_by_hash(conn, link).map_err(|e| match e {
        store::Error::NotFound => Error::NotFound,
        other => Error::Store(other),
    })?;
    let all = invitees::list_invitees(conn, meeting.id)?;
    Ok((invitee, meeting, all))
}

/// Records an answer (it may be changed later) and, when asked for, tells the owner.
pub fn answer(
    conn: &mut Connection,
    link: &str,
    answer: PartStat,
    notify_owner: bool,
    mail: Option<&Composer>,
    now: DateTime<Utc>,
) -> Result<(Invitee, Meeting), Error> {
    let tx = conn.transaction()?;
    let (mut invitee, meeting, mut all) = fetch(&tx, link)?;
    if meeting.is_cancelled() {
        return Err(Error::Cancelled);
    }
    let previous = invitee.partstat;
    if previous != answer {
        invitees::update_partstat(&tx, invitee.id, answer, now)?;
        meetings::update_meeting_updated_at(&tx, meeting.id, now)?;
        invitee.partstat = answer;
        invitee.answered_at = Some(now);
        if let Some(me) = all.iter_mut().find(|i| i.id == invitee.id) {
            *me = invitee.clone();
        }
        queue_answer(
            &tx,
            mail,
            &meeting,
            &all,
            &notice::on_answer(&invitee, previous, answer, notify_owner),
            now,
        )?;
        super::webhooks::emit(&tx, "invitee.answered", &meeting, &all, Some(&invitee), now)?;
    }
    tx.commit()?;
    Ok((invitee, meeting))
}
