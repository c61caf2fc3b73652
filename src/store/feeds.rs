use chrono::{DateTime, Utc};
use std::sync::LazyLock;

use super::engine::{sqlite_params, sqlite_sql};
use super::{Connection, OptionalExtension};
use crate::params;

use super::{Result, to_ts};
use crate::domain::{PartStat, Role, hash};

/// The owner's feed hash, if they have one.
pub fn fetch_feed_hash(conn: &Connection, owner: &str) -> Result<Option<String>> {
    conn.prepare_cached("SELECT hash FROM feed WHERE owner = $1")?
        .query_row(params![owner], |r| r.get(0))
        .optional()
}

/// Sets (or replaces: rotation) the owner's feed hash.
pub fn upsert_feed_hash(
    conn: &Connection,
    owner: &str,
    feed_hash: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO feed (owner, hash, hash_digest, rotated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (owner) DO UPDATE SET hash = excluded.hash, \
         hash_digest = excluded.hash_digest, rotated_at = excluded.rotated_at",
        params![owner, feed_hash, hash::digest(feed_hash), to_ts(now)],
    )?;
    Ok(())
}

/// Whose feed a hash opens: the login and the mail address their invitations are sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedOwner {
    pub login: String,
    /// Empty until the owner has opened their feed page (imported feeds).
    pub email: String,
}

const FEED_BY_DIGEST: &str = "SELECT owner, email, hash FROM feed WHERE hash_digest = $1";

/// The owner behind a feed hash (digest lookup, constant-time check).
pub fn fetch_feed(conn: &Connection, feed_hash: &str) -> Result<Option<FeedOwner>> {
    if !hash::is_well_formed(feed_hash) {
        return Ok(None);
    }
    let row = conn
        .prepare_cached(FEED_BY_DIGEST)?
        .query_row(params![hash::digest(feed_hash)], |r| owner_of(r, feed_hash))
        .optional()?;
    Ok(row.flatten())
}

/// A [`FEED_BY_DIGEST`] row's owner, if its stored hash is the one given.
fn owner_of(r: &super::Row<'_>, feed_hash: &str) -> Result<Option<FeedOwner>> {
    let (login, email, stored): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
    Ok(hash::matches(&stored, feed_hash).then_some(FeedOwner { login, email }))
}

/// Remembers the address the owner's invitations go to (it may come from LDAP or a claim).
pub fn update_feed_email(conn: &Connection, owner: &str, email: &str) -> Result<()> {
    conn.prepare_cached("UPDATE feed SET email = $2 WHERE owner = $1 AND email <> $2")?
        .execute(params![owner, email])?;
    Ok(())
}

const FEED_VERSION: &str = "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT), MAX(changed_at) \
                            FROM feed_version WHERE subject IN ('login:' || $1, 'mail:' || $2)";

/// How far a feed has changed: a number that grows with every change, and when the latest
/// change happened (the triggers of `sql/0004_feed_versions.sql` keep both).
pub fn fetch_feed_version(
    conn: &Connection,
    login: &str,
    email: &str,
) -> Result<(i64, Option<DateTime<Utc>>)> {
    conn.prepare_cached(FEED_VERSION)?
        .query_row(params![login, email], version_of)
}

fn version_of(r: &super::Row<'_>) -> Result<(i64, Option<DateTime<Utc>>)> {
    let changed: Option<i64> = r.get(1)?;
    Ok((r.get(0)?, changed.map(super::from_ts).transpose()?))
}

/// A feed's owner and version from async code, for every calendar's poll: [`fetch_feed`],
/// then `complete` (which may fill in the owner's address), then [`fetch_feed_version`]. On
/// PostgreSQL through the worker's own client (see `hot_reads`), on SQLite in place.
pub async fn find_feed_version(
    db: &super::Db,
    feed_hash: &str,
    complete: impl FnOnce(&mut FeedOwner) + Send + 'static,
) -> Result<Option<(FeedOwner, i64, Option<DateTime<Utc>>)>> {
    let Some(hot) = db.hot_reads() else {
        let feed_hash = feed_hash.to_owned();
        return db
            .read(move |c| {
                let Some(mut owner) = fetch_feed(c, &feed_hash)? else {
                    return Ok(None);
                };
                complete(&mut owner);
                let (n, changed) = fetch_feed_version(c, &owner.login, &owner.email)?;
                Ok(Some((owner, n, changed)))
            })
            .await;
    };
    if !hash::is_well_formed(feed_hash) {
        return Ok(None);
    }
    let row = hot
        .query_opt(FEED_BY_DIGEST, params![hash::digest(feed_hash)])
        .await?;
    let Some(mut owner) = row
        .map(|r| owner_of(&super::Row::Pg(&r), feed_hash))
        .transpose()?
        .flatten()
    else {
        return Ok(None);
    };
    complete(&mut owner);
    let row = hot
        .query_opt(
            FEED_VERSION,
            params![owner.login.as_str(), owner.email.as_str()],
        )
        .await?
        .ok_or(super::Error::NotFound)?;
    let (n, changed) = version_of(&super::Row::Pg(&row))?;
    Ok(Some((owner, n, changed)))
}

/// A meeting of a feed, borrowed from the database row so that a large feed is written
/// without copying it.
pub struct FeedRow<'a> {
    pub meeting_id: i64,
    pub uid: &'a str,
    pub subject: &'a str,
    pub description: &'a str,
    pub owner: &'a str,
    pub owner_email: &'a str,
    pub owner_name: &'a str,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub cancelled: bool,
    pub sequence: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// A series: its rule and exceptions are read on their own (store/series.rs).
    pub repeats: bool,
}

pub struct FeedInvitee<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub hash: &'a str,
    pub partstat: PartStat,
}

/// The meetings of a feed (owned by `login` or inviting `email`, ending after `since`).
pub(super) const FEED_IDS: &str = "SELECT id FROM meeting WHERE owner = $1 AND ends_at >= $3 \
    UNION SELECT i.meeting_id FROM invitee i JOIN meeting m ON m.id = i.meeting_id \
    WHERE i.email = $2 AND m.ends_at >= $3";

/// PostgreSQL's halves of [`FEED_IDS`], which cannot overlap. Its planner joins a union of
/// ids back to its tables slowly, so its queries are two halves of a `UNION ALL`.
const MINE: &str = "m.owner = $1 AND m.ends_at >= $3";
const INVITED: &str = "m.owner <> $1 AND m.ends_at >= $3 AND EXISTS \
    (SELECT 1 FROM invitee j WHERE j.meeting_id = m.id AND j.email = $2)";

/// A meeting of a feed, as far as it is read before anything else: which view of it the
/// viewer gets, the revision its rendering is kept under, and its zone and time span (a
/// series' zone is written once per feed, as a VTIMEZONE covering every series in it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedHead {
    pub meeting_id: i64,
    /// Raised by every change to what the meeting's calendar entry shows
    /// (`sql/*/0017_meeting_revision.sql`).
    pub revision: i64,
    pub owned: bool,
    pub tzid: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// The meetings of a feed, in meeting order.
pub fn feed_heads(
    conn: &Connection,
    login: &str,
    email: &str,
    since: DateTime<Utc>,
) -> Result<Vec<FeedHead>> {
    const COLUMNS: &str = "m.id, m.revision, m.tzid, m.starts_at, m.ends_at";
    static SQLITE: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT {COLUMNS}, CAST(CASE WHEN m.owner = $1 THEN 1 ELSE 0 END AS BIGINT) \
             FROM meeting m WHERE m.id IN ({FEED_IDS}) ORDER BY m.id"
        )
    });
    static PG: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT {COLUMNS}, CAST(1 AS BIGINT) FROM meeting m WHERE {MINE} UNION ALL \
             SELECT {COLUMNS}, CAST(0 AS BIGINT) FROM meeting m WHERE {INVITED} ORDER BY 1"
        )
    });
    let sql = match conn.engine() {
        super::Engine::Sqlite => &SQLITE,
        super::Engine::Postgres => &PG,
    };
    conn.prepare_cached(sql)?
        .query_map(params![login, email, to_ts(since)], |r| {
            Ok(FeedHead {
                meeting_id: r.get(0)?,
                revision: r.get(1)?,
                tzid: r.get(2)?,
                starts_at: super::from_ts(r.get(3)?)?,
                ends_at: super::from_ts(r.get(4)?)?,
                owned: r.get::<i64>(5)? != 0,
            })
        })?
        .collect()
}

/// Which meetings' rows [`for_each_feed_row`] reads.
#[derive(Debug, Clone, Copy)]
pub enum FeedScope<'a> {
    /// Every meeting of a feed: owned by `login` or inviting `email`, ending after `since`.
    Feed {
        login: &'a str,
        email: &'a str,
        since: DateTime<Utc>,
    },
    /// One meeting (of a feed whose other meetings are already rendered).
    Meeting(i64),
}

const MEETING_COLUMNS: &str = "m.id, m.uid, m.subject, m.description, m.owner, m.owner_email, \
    m.owner_name, m.starts_at, m.ends_at, m.status, m.sequence, m.created_at, m.updated_at, \
    CAST(CASE WHEN m.rrule IS NULL THEN 0 ELSE 1 END AS BIGINT)";
const INVITEE_COLUMNS: &str = "i.meeting_id, i.email, i.display_name, i.role, i.hash, i.partstat";

/// Streams the rows of a feed's meetings to `f`, grouped by meeting in meeting order: one
/// row per invitee (by address), or one with none. On SQLite, meetings and invitees are read
/// by two statements stepped side by side (no sort, each meeting's columns decoded once) and
/// handed over borrowed.
pub fn for_each_feed_row<E: From<super::Error>>(
    conn: &Connection,
    scope: FeedScope<'_>,
    f: impl FnMut(&FeedRow<'_>, Option<&FeedInvitee<'_>>) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    static FEED_MEETINGS: LazyLock<String> = LazyLock::new(|| {
        format!("SELECT {MEETING_COLUMNS} FROM meeting m WHERE m.id IN ({FEED_IDS}) ORDER BY m.id")
    });
    static FEED_INVITEES: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT {INVITEE_COLUMNS} FROM invitee i WHERE i.meeting_id IN ({FEED_IDS}) \
             ORDER BY i.meeting_id, i.email"
        )
    });
    static ONE_MEETING: LazyLock<String> =
        LazyLock::new(|| format!("SELECT {MEETING_COLUMNS} FROM meeting m WHERE m.id = $1"));
    static ONE_MEETINGS_INVITEES: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT {INVITEE_COLUMNS} FROM invitee i WHERE i.meeting_id = $1 \
             ORDER BY i.meeting_id, i.email"
        )
    });
    // PostgreSQL sorted 50,000 wide invitee rows on disk: its invitees come unsorted, and
    // `pg_merged_rows` orders them.
    static PG_FEED_MEETINGS: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT {MEETING_COLUMNS} FROM meeting m WHERE {MINE} \
             UNION ALL SELECT {MEETING_COLUMNS} FROM meeting m WHERE {INVITED} ORDER BY 1"
        )
    });
    static PG_FEED_INVITEES: LazyLock<String> = LazyLock::new(|| {
        let from = "FROM invitee i JOIN meeting m ON m.id = i.meeting_id";
        format!(
            "SELECT {INVITEE_COLUMNS} {from} WHERE {MINE} \
             UNION ALL SELECT {INVITEE_COLUMNS} {from} WHERE {INVITED}"
        )
    });
    let pg = conn.engine() == super::Engine::Postgres;
    match scope {
        FeedScope::Feed {
            login,
            email,
            since,
        } => {
            let since = to_ts(since);
            let (meetings, invitees): (&str, &str) = if pg {
                (&PG_FEED_MEETINGS, &PG_FEED_INVITEES)
            } else {
                (&FEED_MEETINGS, &FEED_INVITEES)
            };
            merged_rows(conn, meetings, invitees, params![login, email, since], f)
        }
        FeedScope::Meeting(id) => {
            merged_rows(conn, &ONE_MEETING, &ONE_MEETINGS_INVITEES, params![id], f)
        }
    }
}

/// The rows of two queries (meetings; their invitees) merged, on the connection's engine. On
/// SQLite both statements are stepped side by side and their rows handed over borrowed.
fn merged_rows<E: From<super::Error>>(
    conn: &Connection,
    meetings: &str,
    invitees: &str,
    args: &[&dyn crate::store::engine::Param],
    f: impl FnMut(&FeedRow<'_>, Option<&FeedInvitee<'_>>) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let Some(sqlite) = conn.as_sqlite() else {
        return pg_merged_rows(conn, meetings, invitees, args, f);
    };
    let mut meetings = sqlite
        .prepare_cached(&sqlite_sql(meetings))
        .map_err(super::Error::from)?;
    let mut invitees = sqlite
        .prepare_cached(&sqlite_sql(invitees))
        .map_err(super::Error::from)?;
    let m_rows = meetings
        .query(sqlite_params(args))
        .map_err(super::Error::from)?;
    let i_rows = invitees
        .query(sqlite_params(args))
        .map_err(super::Error::from)?;
    merge(m_rows, i_rows, f)
}

/// PostgreSQL's rows merged as SQLite's are: the invitees, received whole anyway, are ordered
/// here as SQLite's unique index on (meeting, address) hands them over (byte order, whatever
/// the database's collation), so that both engines write the same bytes.
fn pg_merged_rows<E: From<super::Error>>(
    conn: &Connection,
    meetings: &str,
    invitees: &str,
    args: &[&dyn crate::store::engine::Param],
    f: impl FnMut(&FeedRow<'_>, Option<&FeedInvitee<'_>>) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let (Some(m_rows), Some(i_rows)) =
        (conn.pg_rows(meetings, args)?, conn.pg_rows(invitees, args)?)
    else {
        return Ok(());
    };
    let mut order = Vec::with_capacity(i_rows.len());
    for (k, row) in i_rows.iter().enumerate() {
        order.push((row.int(0)?, row.text(1)?, k));
    }
    order.sort_unstable();
    merge(
        Listed::new(m_rows.iter()),
        Listed::new(order.iter().map(|&(_, _, k)| &i_rows[k])),
        f,
    )
}

/// Rows handed over one at a time, each borrowed until the next: SQLite's stepped statement,
/// or PostgreSQL's rows received whole ([`Listed`]).
trait Cursor {
    type Row: FeedSource;
    fn next_row(&mut self) -> Result<Option<&Self::Row>>;
}

impl<'s> Cursor for rusqlite::Rows<'s> {
    type Row = rusqlite::Row<'s>;
    fn next_row(&mut self) -> Result<Option<&rusqlite::Row<'s>>> {
        Ok(self.next()?)
    }
}

/// PostgreSQL's rows, in the order to hand them over (the marker ties the cursor to the
/// rows' lifetime, so that a row it hands over may be borrowed for as long as the cursor).
struct Listed<'r, I>(I, std::marker::PhantomData<&'r postgres::Row>);

impl<'r, I: Iterator<Item = &'r postgres::Row>> Listed<'r, I> {
    fn new(rows: I) -> Self {
        Listed(rows, std::marker::PhantomData)
    }
}

impl<'r, I: Iterator<Item = &'r postgres::Row>> Cursor for Listed<'r, I> {
    type Row = postgres::Row;
    fn next_row(&mut self) -> Result<Option<&postgres::Row>> {
        Ok(self.0.next())
    }
}

/// Hands `f` each meeting with its invitees, one call per invitee (or one without), from
/// meetings and invitees both in meeting order.
fn merge<E: From<super::Error>>(
    mut meetings: impl Cursor,
    mut invitees: impl Cursor,
    mut f: impl FnMut(&FeedRow<'_>, Option<&FeedInvitee<'_>>) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut next_invitee = invitees.next_row()?;
    while let Some(m) = meetings.next_row()? {
        let row = meeting_part(m)?;
        let mut any = false;
        while let Some(i) = next_invitee {
            let meeting_id = i.int(0)?;
            if meeting_id > row.meeting_id {
                break;
            }
            if meeting_id == row.meeting_id {
                f(&row, Some(&invitee_part(i)?))?;
                any = true;
            }
            next_invitee = invitees.next_row()?;
        }
        if !any {
            f(&row, None)?;
        }
    }
    Ok(())
}

/// A row the feed reads text from without copying it, of either engine.
trait FeedSource {
    fn text(&self, i: usize) -> Result<&str>;
    fn int(&self, i: usize) -> Result<i64>;
}

impl FeedSource for rusqlite::Row<'_> {
    fn text(&self, i: usize) -> Result<&str> {
        self.get_ref(i)?
            .as_str()
            .map_err(|e| super::Error::Corrupt(format!("column {i}: {e}")))
    }
    fn int(&self, i: usize) -> Result<i64> {
        Ok(self.get(i)?)
    }
}

impl FeedSource for postgres::Row {
    fn text(&self, i: usize) -> Result<&str> {
        Ok(self.try_get(i)?)
    }
    fn int(&self, i: usize) -> Result<i64> {
        Ok(self.try_get(i)?)
    }
}

fn meeting_part<R: FeedSource>(row: &R) -> Result<FeedRow<'_>> {
    let time = |i: usize| -> Result<DateTime<Utc>> { super::from_ts(row.int(i)?) };
    Ok(FeedRow {
        meeting_id: row.int(0)?,
        uid: row.text(1)?,
        subject: row.text(2)?,
        description: row.text(3)?,
        owner: row.text(4)?,
        owner_email: row.text(5)?,
        owner_name: row.text(6)?,
        starts_at: time(7)?,
        ends_at: time(8)?,
        cancelled: row.text(9)? == "cancelled",
        sequence: row.int(10)?,
        created_at: time(11)?,
        updated_at: time(12)?,
        repeats: row.int(13)? != 0,
    })
}

fn invitee_part<R: FeedSource>(row: &R) -> Result<FeedInvitee<'_>> {
    Ok(FeedInvitee {
        email: row.text(1)?,
        name: row.text(2)?,
        role: super::parse_enum(3, row.text(3)?)?,
        hash: row.text(4)?,
        partstat: super::parse_enum(5, row.text(5)?)?,
    })
}
