//! Server-side logins, found by the SHA-256 digest of the id their cookie carries: the
//! database never holds an id a stolen copy could replay.

use super::{Connection, OptionalExtension};
use crate::params;
use chrono::{DateTime, Utc};

use super::{Result, from_ts, to_ts};
use crate::domain::hash;
use crate::domain::session::LoginSession;

pub fn insert_session(conn: &Connection, id: &str, session: &LoginSession) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO login_session (id_digest, login, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )?
    .execute(params![
        hash::digest(id),
        session.login,
        to_ts(session.created_at),
        to_ts(session.last_seen_at),
        to_ts(session.expires_at),
    ])?;
    Ok(())
}

/// The login an id opens, if the row is still there (expired or not: the caller decides).
pub fn fetch_session(conn: &Connection, id: &str) -> Result<Option<LoginSession>> {
    if !hash::is_well_formed(id) {
        return Ok(None);
    }
    conn.prepare_cached(
        "SELECT login, created_at, last_seen_at, expires_at FROM login_session \
             WHERE id_digest = $1",
    )?
    .query_row(params![hash::digest(id)], |r| {
        Ok(LoginSession {
            login: r.get(0)?,
            created_at: from_ts(r.get(1)?)?,
            last_seen_at: from_ts(r.get(2)?)?,
            expires_at: from_ts(r.get(3)?)?,
        })
    })
    .optional()
}

pub fn update_session_seen(conn: &Connection, id: &str, now: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached("UPDATE login_session SET last_seen_at = $2 WHERE id_digest = $1")?
        .execute(params![hash::digest(id), to_ts(now)])?;
    Ok(())
}

pub fn delete_session(conn: &Connection, id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM login_session WHERE id_digest = $1")?
        .execute(params![hash::digest(id)])?;
    Ok(())
}

/// Ends every login of one person ("log out everywhere"); returns how many there were.
pub fn delete_sessions_of(conn: &Connection, login: &str) -> Result<usize> {
    conn.prepare_cached("DELETE FROM login_session WHERE login = $1")?
        .execute(params![login])
}

pub fn delete_expired_sessions(conn: &Connection, now: DateTime<Utc>) -> Result<usize> {
    conn.prepare_cached("DELETE FROM login_session WHERE expires_at <= $1")?
        .execute(params![to_ts(now)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn db() -> Connection {
        crate::store::migrations::open_in_memory().unwrap()
    }

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap()
    }

    #[test]
    fn a_session_is_found_by_its_id_only_and_its_id_is_not_stored() {
        let conn = db();
        let id = hash::generate().unwrap();
        let s = LoginSession::new("alice", t0(), Duration::hours(8));
        insert_session(&conn, &id, &s).unwrap();
        assert_eq!(fetch_session(&conn, &id).unwrap(), Some(s));
        assert_eq!(
            fetch_session(&conn, &hash::generate().unwrap()).unwrap(),
            None
        );
        assert_eq!(fetch_session(&conn, "not an id").unwrap(), None);
        let stored: Vec<u8> = conn
            .query_row("SELECT id_digest FROM login_session", params![], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(stored, hash::digest(&id));
        assert!(
            !stored
                .windows(8)
                .any(|w| id.as_bytes().windows(8).any(|x| x == w))
        );
    }

    #[test]
    fn sessions_end_one_by_one_per_person_or_when_expired() {
        let conn = db();
        let ids: Vec<String> = (0..4).map(|_| hash::generate().unwrap()).collect();
        let alice = LoginSession::new("alice", t0(), Duration::hours(8));
        insert_session(&conn, &ids[0], &alice).unwrap();
        insert_session(&conn, &ids[1], &alice).unwrap();
        insert_session(&conn, &ids[2], &alice).unwrap();
        let bob_old = LoginSession::new("bob", t0() - Duration::hours(9), Duration::hours(8));
        insert_session(&conn, &ids[3], &bob_old).unwrap();

        assert_eq!(delete_expired_sessions(&conn, t0()).unwrap(), 1);
        assert_eq!(fetch_session(&conn, &ids[3]).unwrap(), None);

        delete_session(&conn, &ids[0]).unwrap();
        assert_eq!(fetch_session(&conn, &ids[0]).unwrap(), None);
        assert!(fetch_session(&conn, &ids[1]).unwrap().is_some());

        update_session_seen(&conn, &ids[1], t0() + Duration::minutes(7)).unwrap();
        assert_eq!(
            fetch_session(&conn, &ids[1]).unwrap().unwrap().last_seen_at,
            t0() + Duration::minutes(7)
        );

        assert_eq!(delete_sessions_of(&conn, "alice").unwrap(), 2);
        assert_eq!(fetch_session(&conn, &ids[2]).unwrap(), None);
    }
}
