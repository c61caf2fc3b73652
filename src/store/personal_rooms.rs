//! Personal rooms and their guest links.

use super::{Connection, OptionalExtension, Row};
use crate::params;
use chrono::{DateTime, Utc};

use super::{Result, from_ts, to_ts};
use crate::domain::hash;
use crate::domain::personal_room::PersonalRoom;

const COLUMNS: &str =
    "owner, owner_name, room, guest_hash, created_at, rotated_at, opened_at, open_count";

fn from_row(row: &Row<'_>) -> Result<PersonalRoom> {
    Ok(PersonalRoom {
        owner: row.get(0)?,
        owner_name: row.get(1)?,
        room: row.get(2)?,
        guest_hash: row.get(3)?,
        created_at: from_ts(row.get(4)?)?,
        rotated_at: from_ts(row.get(5)?)?,
        opened_at: row.get::<Option<i64>>(6)?.map(from_ts).transpose()?,
        open_count: row.get(7)?,
    })
}

pub fn fetch_personal_room(conn: &Connection, owner: &str) -> Result<Option<PersonalRoom>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM personal_room WHERE owner = $1"
    ))?
    .query_row(params![owner], from_row)
    .optional()
}

pub fn insert_personal_room(conn: &Connection, room: &PersonalRoom) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO personal_room (owner, owner_name, room, guest_hash, guest_hash_digest, \
         created_at, rotated_at, opened_at, open_count) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )?
    .execute(params![
        room.owner,
        room.owner_name,
        room.room,
        room.guest_hash,
        hash::digest(&room.guest_hash),
        to_ts(room.created_at),
        to_ts(room.rotated_at),
        room.opened_at.map(to_ts),
        room.open_count,
    ])?;
    Ok(())
}

/// A new room name and guest link: the previous ones stop working.
pub fn update_room_and_guest_hash(
    conn: &Connection,
    owner: &str,
    room: &str,
    guest_hash: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE personal_room SET room = $2, guest_hash = $3, guest_hash_digest = $4, \
         rotated_at = $5 WHERE owner = $1",
    )?
    .execute(params![
        owner,
        room,
        guest_hash,
        hash::digest(guest_hash),
        to_ts(now)
    ])?;
    Ok(())
}

/// Guests see the owner's current name.
pub fn update_owner_name(conn: &Connection, owner: &str, name: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE personal_room SET owner_name = $2 WHERE owner = $1 AND owner_name <> $2",
    )?
    .execute(params![owner, name])?;
    Ok(())
}

/// The owner opened the room (JMB kept the same count).
pub fn update_room_opened(conn: &Connection, owner: &str, now: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached(
        "UPDATE personal_room SET opened_at = $2, open_count = open_count + 1 WHERE owner = $1",
    )?
    .execute(params![owner, to_ts(now)])?;
    Ok(())
}

/// The room a guest link opens (digest lookup, constant-time check).
pub fn fetch_room_by_guest_hash(
    conn: &Connection,
    guest_hash: &str,
) -> Result<Option<PersonalRoom>> {
    if !hash::is_well_formed(guest_hash) {
        return Ok(None);
    }
    let room = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM personal_room WHERE guest_hash_digest = $1"
        ))?
        .query_row(params![hash::digest(guest_hash)], from_row)
        .optional()?;
    Ok(room.filter(|r| hash::matches(&r.guest_hash, guest_hash)))
}
