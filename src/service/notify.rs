//! Queuing the mails of a change inside its own transaction, so that the change and its
//! mails commit together or not at all.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::Error;
use crate::domain::{Invitee, Meeting, Notice};
use crate::mail::Composer;
use crate::store::outbox;

/// Composes and queues one mail per notice. `mail = None` queues nothing (bench seeding,
/// imports of meetings whose invitations went out long ago).
pub fn queue(
    conn: &Connection,
    mail: Option<&Composer>,
    meeting: &Meeting,
    invitees: &[Invitee],
    notices: &[Notice],
    now: DateTime<Utc>,
) -> Result<usize, Error> {
    let Some(composer) = mail else {
        return Ok(0);
    };
    let mut queued = 0;
    for notice in notices {
        if let Some(m) = composer.compose(meeting, invitees, notice, now)? {
            outbox::insert_mail(conn, &m, now)?;
            queued += 1;
        }
    }
    Ok(queued)
}
