//! The schema migrations of both engines, numbered alike: `sql/sqlite/NNNN_*.sql` and
//! `sql/postgres/NNNN_*.sql` make the same schema step by step. SQLite keeps its version in
//! `PRAGMA user_version` (as rusqlite_migration did, so existing files carry on), PostgreSQL in
//! the table `jmb_schema`; each step runs in one transaction with its version.

use super::engine::{Connection, Engine};
use super::{Error, Result, owners};
use crate::domain::login::normalize_login;

/// A step of the schema, with what SQL alone cannot do.
struct Migration {
    sqlite: &'static str,
    postgres: &'static str,
    hook: Option<fn(&Connection) -> Result<()>>,
}

macro_rules! step {
    ($name:literal) => {
        step!($name, None)
    };
    ($name:literal, $hook:expr) => {
        Migration {
            sqlite: include_str!(concat!("../../sql/sqlite/", $name, ".sql")),
            postgres: include_str!(concat!("../../sql/postgres/", $name, ".sql")),
            hook: $hook,
        }
    };
}

/// Append only: a migration that has shipped never changes.
fn migrations() -> [Migration; 17] {
    [
        step!("0001_init"),
        step!("0002_outbox"),
        step!("0003_legacy"),
        step!("0004_feed_versions"),
        step!("0005_presence"),
        step!("0006_reminders"),
        step!("0007_personal_rooms"),
        step!("0008_identity", Some(normalise_logins)),
        step!("0009_sessions"),
        step!("0010_languages"),
        step!("0011_series"),
        step!("0012_webhooks"),
        step!("0013_replies", Some(allow_tentative)),
        step!("0014_occurrence_answer_feeds"),
        step!("0015_webhook_purge"),
        step!("0016_series_time"),
        step!("0017_meeting_revision"),
    ]
}

/// A private in-memory SQLite database with jmb's schema (unit tests).
pub fn open_in_memory() -> Result<Connection> {
    let conn = rusqlite::Connection::open_in_memory()?;
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    let mut conn = Connection::from_sqlite(conn);
    to_latest(&mut conn)?;
    Ok(conn)
}

/// Brings the schema up to date.
pub fn to_latest(conn: &mut Connection) -> Result<()> {
    to_version(conn, migrations().len())
}

/// Brings the schema up to `target` steps (tests start from an older schema).
pub fn to_version(conn: &mut Connection, target: usize) -> Result<()> {
    let all = migrations();
    // The write transaction (one writer on every node) makes concurrent start-ups take turns,
    // from the creation of the version table on.
    let tx = conn.transaction()?;
    if tx.engine() == Engine::Postgres {
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS jmb_schema (version BIGINT NOT NULL);
             INSERT INTO jmb_schema (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM jmb_schema)",
        )?;
    }
    let current = usize::try_from(version(&tx)?)
        .map_err(|_| Error::Migration("negative schema version".into()))?;
    if current > all.len() {
        return Err(Error::Migration(format!(
            "the database has schema version {current}, newer than this jmb knows ({}): \
             run the jmb that migrated it",
            all.len()
        )));
    }
    for (i, m) in all.iter().enumerate().take(target).skip(current) {
        let sql = match tx.engine() {
            Engine::Sqlite => m.sqlite,
            Engine::Postgres => m.postgres,
        };
        tx.execute_batch(sql)
            .map_err(|e| Error::Migration(format!("step {}: {e}", i + 1)))?;
        if let Some(hook) = m.hook {
            hook(&tx).map_err(|e| Error::Migration(format!("step {}: {e}", i + 1)))?;
        }
        set_version(&tx, i + 1)?;
    }
    if tx.engine() == Engine::Sqlite {
        // Nothing a step did may leave a dangling reference.
        let broken = tx
            .prepare("PRAGMA foreign_key_check")?
            .query_map(crate::params![], |_| Ok(()))?
            .count();
        if broken > 0 {
            return Err(Error::Migration(format!(
                "{broken} rows violate foreign keys"
            )));
        }
    }
    tx.commit()
}

fn version(conn: &Connection) -> Result<i64> {
    match conn.engine() {
        Engine::Sqlite => conn.query_row("PRAGMA user_version", crate::params![], |r| r.get(0)),
        Engine::Postgres => {
            conn.query_row("SELECT version FROM jmb_schema", crate::params![], |r| {
                r.get(0)
            })
        }
    }
}

fn set_version(conn: &Connection, v: usize) -> Result<()> {
    match conn.engine() {
        // A pragma takes no parameters.
        Engine::Sqlite => conn.execute_batch(&format!("PRAGMA user_version = {v}")),
        Engine::Postgres => {
            conn.execute("UPDATE jmb_schema SET version = $1", crate::params![v])?;
            Ok(())
        }
    }
}

/// Logins stored before 0008 were only lower-cased: they get the form logins now have, or
/// their owners could no longer reach their meetings (SQL cannot normalise Unicode).
fn normalise_logins(tx: &Connection) -> Result<()> {
    // The database's clock: a migration has no other.
    let sql = match tx.engine() {
        Engine::Sqlite => "SELECT unixepoch()",
        Engine::Postgres => "SELECT CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)",
    };
    let now = super::from_ts(tx.query_row(sql, crate::params![], |r| r.get(0))?)?;
    owners::normalise_owner_keys(tx, |k| normalize_login(k).ok(), now).map(|_| ())
}

/// SQLite cannot alter a CHECK constraint, and rebuilding `invitee` would need foreign keys
/// off (outside any transaction). Its documented shortcut for loosening a constraint
/// (https://sqlite.org/lang_altertable.html#otheralter) edits the stored definition instead:
/// existing rows satisfy the wider CHECK, so no data changes.
fn allow_tentative(tx: &Connection) -> Result<()> {
    if tx.engine() != Engine::Sqlite {
        return Ok(());
    }
    let schema: i64 = tx.query_row("PRAGMA schema_version", crate::params![], |r| r.get(0))?;
    tx.execute_batch(&format!(
        "PRAGMA writable_schema = ON;
         UPDATE sqlite_schema SET sql = replace(sql,
             '''needs-action'', ''accepted'', ''declined'')',
             '''needs-action'', ''accepted'', ''declined'', ''tentative'')')
          WHERE type = 'table' AND name = 'invitee';
         PRAGMA schema_version = {};
         PRAGMA writable_schema = OFF;",
        schema + 1
    ))?;
    // The text replaced must have been there: a table rebuilt since 0001 says so loudly.
    let sql: String = tx.query_row(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'invitee'",
        crate::params![],
        |r| r.get(0),
    )?;
    if !sql.contains("'tentative'") {
        return Err(Error::Migration(
            "invitee's answer CHECK is not the one 0001 made".into(),
        ));
    }
    let ok: String = tx.query_row("PRAGMA quick_check", crate::params![], |r| r.get(0))?;
    if ok != "ok" {
        return Err(Error::Migration(format!("after allowing tentative: {ok}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::store::engine::Connection;

    #[test]
    fn every_step_applies_on_a_fresh_database() {
        super::open_in_memory().unwrap();
    }

    #[test]
    fn tentative_is_allowed_after_0013_and_nonsense_still_refused() {
        let mut conn = Connection::from_sqlite(rusqlite::Connection::open_in_memory().unwrap());
        super::to_version(&mut conn, 10).unwrap();
        let insert = |conn: &Connection, id: i64, partstat: &str| {
            conn.execute_batch(&format!(
                "INSERT INTO invitee (meeting_id, email, role, hash, hash_digest, partstat) \
                 VALUES (1, 'p{id}@example.org', 'participant', 'h{id}', x'0{id}', '{partstat}')"
            ))
        };
        conn.execute_batch(
            "INSERT INTO meeting (uid, room, subject, owner, owner_email, starts_at, duration_min, \
               ends_at, created_at, updated_at) \
             VALUES ('u1', 'r1', 's', 'alice', 'alice@example.org', 0, 60, 3600, 0, 5)",
        )
        .unwrap();
        insert(&conn, 1, "accepted").unwrap();
        assert!(insert(&conn, 2, "tentative").is_err());
        super::to_latest(&mut conn).unwrap();
        insert(&conn, 2, "tentative").unwrap();
        assert!(insert(&conn, 3, "perhaps").is_err());
        let kept: String = conn
            .query_row(
                "SELECT partstat FROM invitee WHERE id = 1",
                crate::params![],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(kept, "accepted");
    }

    #[test]
    fn logins_stored_before_0008_get_their_normalised_form_and_can_be_reclaimed() {
        let mut conn = Connection::from_sqlite(rusqlite::Connection::open_in_memory().unwrap());
        super::to_version(&mut conn, 7).unwrap();
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
        super::to_latest(&mut conn).unwrap();
        let owners: Vec<String> = conn
            .prepare("SELECT owner FROM meeting ORDER BY id")
            .unwrap()
            .query_map(crate::params![], |r| r.get(0))
            .unwrap()
            .collect::<crate::store::Result<_>>()
            .unwrap();
        assert_eq!(owners, ["kevin", "kim", "alice"]);
        let feed: String = conn
            .query_row("SELECT owner FROM feed", crate::params![], |r| r.get(0))
            .unwrap();
        assert_eq!(feed, "kevin");
        // Each former owner may be claimed once, by its login and its known mail.
        let claims: Vec<(String, String, String)> = conn
            .prepare("SELECT owner, email, former_login FROM owner_claim ORDER BY owner")
            .unwrap()
            .query_map(crate::params![], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<crate::store::Result<_>>()
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
