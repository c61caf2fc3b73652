use rusqlite::Transaction;
use rusqlite_migration::{HookError, HookResult, M, Migrations};

use super::owners;
use crate::domain::login::normalize_login;

/// Append only: a migration that has shipped never changes.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../../sql/0001_init.sql")),
        M::up(include_str!("../../sql/0002_outbox.sql")),
        M::up(include_str!("../../sql/0003_legacy.sql")),
        M::up(include_str!("../../sql/0004_feed_versions.sql")),
        M::up(include_str!("../../sql/0005_presence.sql")),
        M::up(include_str!("../../sql/0006_reminders.sql")),
        M::up(include_str!("../../sql/0007_personal_rooms.sql")),
        M::up_with_hook(
            include_str!("../../sql/0008_identity.sql"),
            normalise_logins,
        ),
        M::up(include_str!("../../sql/0009_sessions.sql")),
        M::up(include_str!("../../sql/0010_languages.sql")),
    ])
}

/// Logins stored before 0008 were only lower-cased: they get the form logins now have, or
/// their owners could no longer reach their meetings (SQL cannot normalise Unicode).
fn normalise_logins(tx: &Transaction) -> HookResult {
    let now: i64 = tx.query_row("SELECT unixepoch()", [], |r| r.get(0))?;
    let now = super::from_ts(now)?;
    owners::normalise_owner_keys(tx, |k| normalize_login(k).ok(), now)
        .map(|_| ())
        .map_err(|e| HookError::Hook(e.to_string()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }

    #[test]
    fn logins_stored_before_0008_get_their_normalised_form_and_can_be_reclaimed() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        super::migrations().to_version(&mut conn, 7).unwrap();
        // Lower-cased only, as jmb stored them: full-width letters and a Kelvin sign.
        conn.execute_batch(
            "INSERT INTO meeting (uid, room, subject, owner, owner_email, starts_at, duration_min, \
               ends_at, created_at, updated_at) \
             VALUES ('u1', 'r1', 's', 'ｋｅｖｉｎ', 'kevin@example.org', 0, 60, 3600, 0, 5), \
                    ('u2', 'r2', 's', '\u{212A}im', '', 0, 60, 3600, 0, 5), \
                    ('u3', 'r3', 's', 'alice', 'alice@example.org', 0, 60, 3600, 0, 5); \
             INSERT INTO feed (owner, hash, hash_digest, rotated_at, email) \
             VALUES ('ｋｅｖｉｎ', 'h', x'01', 0, '');",
        )
        .unwrap();
        super::migrations().to_latest(&mut conn).unwrap();
        let owners: Vec<String> = conn
            .prepare("SELECT owner FROM meeting ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(owners, ["kevin", "kim", "alice"]);
        let feed: String = conn
            .query_row("SELECT owner FROM feed", [], |r| r.get(0))
            .unwrap();
        assert_eq!(feed, "kevin");
        // Each former owner may be claimed once, by its login and its known mail.
        let claims: Vec<(String, String, String)> = conn
            .prepare("SELECT owner, email, former_login FROM owner_claim ORDER BY owner")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            claims,
            [
                ("alice".into(), "alice@example.org".into(), "alice".into()),
                ("kevin".into(), "kevin@example.org".into(), "kevin".into()),
                ("kim".into(), String::new(), "kim".into()),
            ]
        );
    }
}
