//! Answers from the mail client (issue 18): the reply token each invitee's calendar client
//! answers to, and the addresses whose mail came back.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};

use super::invitees::{COLUMNS, invitee_from_row};
use super::meetings::{columns_prefixed, meeting_from_row_at};
use super::{Connection, OptionalExtension, Result, from_ts, to_ts};
use crate::domain::{Invitee, Meeting, hash};
use crate::params;

/// The invitee's reply token: the one stored, or `fresh` stored now. Every mail of a meeting
/// must carry the same ORGANIZER address, so a token, once issued, stays.
pub fn reply_token(conn: &Connection, invitee_id: i64, fresh: &str) -> Result<String> {
    conn.execute(
        "INSERT INTO reply_token (invitee_id, token, token_digest) VALUES ($1, $2, $3) \
         ON CONFLICT (invitee_id) DO NOTHING",
        params![invitee_id, fresh, hash::digest(fresh)],
    )?;
    issued_reply_token(conn, invitee_id)?.ok_or(super::Error::NotFound)
}

/// The invitee's reply token if one was issued (with their first mail); reads only, for
/// those who compose outside a write transaction (the reminder pass).
pub fn issued_reply_token(conn: &Connection, invitee_id: i64) -> Result<Option<String>> {
    conn.query_row(
        "SELECT token FROM reply_token WHERE invitee_id = $1",
        params![invitee_id],
        |r| r.get(0),
    )
    .optional()
}

/// The invitee and meeting a reply token was issued for. As with personal links, the index
/// is on the digest and the final comparison constant-time.
pub fn invitee_by_reply_token(
    conn: &Connection,
    token: &str,
) -> Result<Option<(Invitee, Meeting)>> {
    if !hash::is_well_formed(token) {
        return Ok(None);
    }
    // Built once: every message to the reply address runs it.
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT {}, {}, t.token FROM reply_token t \
             JOIN invitee i ON i.id = t.invitee_id JOIN meeting m ON m.id = i.meeting_id \
             WHERE t.token_digest = $1",
            prefixed(COLUMNS, "i"),
            columns_prefixed("m")
        )
    });
    let invitee_count = COLUMNS.split(", ").count();
    let found = conn
        .prepare_cached(&SQL)?
        .query_row(params![hash::digest(token)], |row| {
            let meeting = meeting_from_row_at(row, invitee_count)?;
            let stored: String = row.get(invitee_count + meeting_column_count())?;
            Ok((invitee_from_row(row)?, meeting, stored))
        })
        .optional()?;
    Ok(match found {
        Some((invitee, meeting, stored)) if hash::matches(&stored, token) => {
            Some((invitee, meeting))
        }
        _ => None,
    })
}

fn meeting_column_count() -> usize {
    columns_prefixed("m").split(", ").count()
}

fn prefixed(columns: &str, prefix: &str) -> String {
    columns
        .split(", ")
        .map(|c| format!("{prefix}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An address whose mail came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounce {
    pub email: String,
    /// The delivery status notification's status, e.g. `5.1.1`.
    pub status: String,
    pub at: DateTime<Utc>,
}

pub fn mark_bouncing(
    conn: &Connection,
    email: &str,
    status: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO mail_bounce (email, status, bounced_at) VALUES ($1, $2, $3) \
         ON CONFLICT (email) DO UPDATE SET status = excluded.status, \
         bounced_at = excluded.bounced_at",
        params![email.to_lowercase(), status, to_ts(at)],
    )?;
    Ok(())
}

/// An answer from the address proves it works again.
pub fn clear_bounce(conn: &Connection, email: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM mail_bounce WHERE email = $1",
        params![email.to_lowercase()],
    )?;
    Ok(())
}

/// The bouncing addresses among a meeting's invitees, by address.
pub fn bounces_of_meeting(conn: &Connection, meeting_id: i64) -> Result<Vec<Bounce>> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.email, b.status, b.bounced_at FROM mail_bounce b \
         JOIN invitee i ON i.email = b.email WHERE i.meeting_id = $1 ORDER BY b.email",
    )?;
    let rows = stmt.query_map(params![meeting_id], |r| {
        Ok(Bounce {
            email: r.get(0)?,
            status: r.get(1)?,
            at: from_ts(r.get(2)?)?,
        })
    })?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::migrations::open_in_memory;

    fn meeting_with_bob(conn: &Connection) -> (i64, i64) {
        conn.execute_batch(
            "INSERT INTO meeting (uid, room, subject, owner, owner_email, starts_at, duration_min, \
               ends_at, created_at, updated_at) \
             VALUES ('u1', 'r1', 'Weekly sync', 'alice', 'alice@example.org', 0, 60, 3600, 0, 5); \
             INSERT INTO invitee (meeting_id, email, role, hash, hash_digest) \
             VALUES (1, 'bob@example.org', 'participant', 'h1', x'01');",
        )
        .unwrap();
        (1, 1)
    }

    #[test]
    fn a_token_is_issued_once_and_found_only_by_itself() {
        let conn = open_in_memory().unwrap();
        let (meeting_id, bob) = meeting_with_bob(&conn);
        let first = hash::generate().unwrap();
        let token = reply_token(&conn, bob, &first).unwrap();
        assert_eq!(token, first);
        // Later mails get the same token, not the fresh one offered.
        assert_eq!(
            reply_token(&conn, bob, &hash::generate().unwrap()).unwrap(),
            first
        );

        let (invitee, meeting) = invitee_by_reply_token(&conn, &token).unwrap().unwrap();
        assert_eq!(invitee.email, "bob@example.org");
        assert_eq!(meeting.id, meeting_id);
        assert_eq!(meeting.subject, "Weekly sync");
        assert!(
            invitee_by_reply_token(&conn, &hash::generate().unwrap())
                .unwrap()
                .is_none()
        );
        assert!(
            invitee_by_reply_token(&conn, "not a token")
                .unwrap()
                .is_none()
        );
        // Only the digest is indexed; the clear token is what the mails carry.
        let digest: Vec<u8> = conn
            .query_row("SELECT token_digest FROM reply_token", params![], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(digest, hash::digest(&token));
    }

    #[test]
    fn a_bounce_is_shown_for_the_meetings_invitee_until_cleared() {
        let conn = open_in_memory().unwrap();
        let (meeting_id, _) = meeting_with_bob(&conn);
        let at = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        mark_bouncing(&conn, "Bob@Example.org", "5.1.1", at).unwrap();
        mark_bouncing(&conn, "carol@example.org", "5.1.1", at).unwrap();
        assert_eq!(
            bounces_of_meeting(&conn, meeting_id).unwrap(),
            [Bounce {
                email: "bob@example.org".into(),
                status: "5.1.1".into(),
                at
            }]
        );
        clear_bounce(&conn, "bob@example.org").unwrap();
        assert!(bounces_of_meeting(&conn, meeting_id).unwrap().is_empty());
    }
}
