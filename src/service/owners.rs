//! Owners waiting for their person (`sql/0008_identity.sql`): meetings imported under a mail
//! address, and owners keyed by a provider's former login claim, taken over by the first
//! login that proves to be them.

use crate::store::Connection;
use chrono::{DateTime, Utc};

use super::Error;
use crate::auth::Identity;
use crate::store::owners;

/// Moves to `who` everything waiting for their verified mail (and former login), in one
/// transaction, once: the claim record goes with it. Returns the keys taken over.
pub fn claim_owners(
    conn: &mut Connection,
    who: &Identity,
    now: DateTime<Utc>,
) -> Result<Vec<String>, Error> {
    // A mail nobody vouches for (the dev login, an unverified claim) proves nothing.
    if !who.mail_verified || who.email.is_empty() {
        return Ok(Vec::new());
    }
    let former = who.former_login.as_deref();
    // Asked first without the write lock: nearly every request has nothing to claim.
    if owners::list_claimable(conn, &who.login, &who.email, former)?.is_empty() {
        return Ok(Vec::new());
    }
    let tx = conn.transaction()?;
    // Read again under the lock: a concurrent request may have claimed them already.
    let claimed = owners::list_claimable(&tx, &who.login, &who.email, former)?;
    for owner in &claimed {
        owners::move_owner(&tx, owner, &who.login, now)?;
        owners::delete_claim(&tx, owner)?;
    }
    tx.commit()?;
    Ok(claimed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Db;

    fn db() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.db"), 1).unwrap();
        (dir, db)
    }

    fn who(login: &str, email: &str, verified: bool) -> Identity {
        Identity {
            login: login.into(),
            email: email.into(),
            mail_verified: verified,
            ..Identity::default()
        }
    }

    fn owners_of(conn: &Connection) -> Vec<String> {
        let mut s = conn
            .prepare("SELECT owner FROM meeting ORDER BY id")
            .unwrap();
        s.query_map(crate::params![], |r| r.get(0))
            .unwrap()
            .collect::<crate::store::Result<_>>()
            .unwrap()
    }

    fn add_meeting(conn: &Connection, owner: &str, room: &str) {
        conn.execute(
            "INSERT INTO meeting (uid, room, subject, owner, owner_email, starts_at, \
             duration_min, ends_at, created_at, updated_at) \
             VALUES ($2, $2, 's', $1, 'x@univ.fr', 0, 60, 3600, 0, 0)",
            crate::params![owner, room],
        )
        .unwrap();
    }

    #[test]
    fn the_first_verified_login_with_the_mail_takes_over_once() {
        let (_dir, db) = db();
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        db.run_blocking(|conn| {
            let key = owners::unclaimed_key("jeanne.martin@univ.fr");
            add_meeting(conn, &key, "r1");
            add_meeting(conn, &key, "r2");
            owners::insert_claim(conn, &key, "jeanne.martin@univ.fr", None, now)?;

            // Unverified: nothing moves.
            let none = claim_owners(conn, &who("mallory", "jeanne.martin@univ.fr", false), now)?;
            assert!(none.is_empty());
            let got = claim_owners(conn, &who("jmartin", "jeanne.martin@univ.fr", true), now)?;
            assert_eq!(got, vec![key.clone()]);
            assert_eq!(owners_of(conn), ["jmartin", "jmartin"]);
            // Once: a second person with the same mail gets nothing.
            let again = claim_owners(conn, &who("jm2", "jeanne.martin@univ.fr", true), now)?;
            assert!(again.is_empty());
            assert_eq!(owners_of(conn), ["jmartin", "jmartin"]);
            Ok::<_, Error>(())
        })
        .unwrap();
    }

    #[test]
    fn a_former_login_is_claimed_only_with_the_matching_verified_mail() {
        let (_dir, db) = db();
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        db.run_blocking(|conn| {
            add_meeting(conn, "alice", "r1");
            owners::insert_claim(conn, "alice", "alice@example.org", Some("alice"), now)?;
            let key = "https://op.example#s-1";
            // The old username alone (an edited preferred_username) is not enough.
            let mut mallory = who(key, "mallory@example.org", true);
            mallory.former_login = Some("alice".into());
            assert!(claim_owners(conn, &mallory, now)?.is_empty());
            // The mail alone neither: the record asks for the former login too.
            assert!(claim_owners(conn, &who(key, "alice@example.org", true), now)?.is_empty());
            let mut alice = who(key, "alice@example.org", true);
            alice.former_login = Some("alice".into());
            assert_eq!(claim_owners(conn, &alice, now)?, ["alice"]);
            assert_eq!(owners_of(conn), [key]);
            Ok::<_, Error>(())
        })
        .unwrap();
    }
}
