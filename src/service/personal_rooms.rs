//! Personal rooms: made on first use, opened by their owner, entered by guests with the
//! room's guest link, renamed with a new guest link on request.

use crate::store::Connection;
use chrono::{DateTime, Utc};

use super::Error;
use crate::auth::Identity;
use crate::domain::hash;
use crate::domain::personal_room::PersonalRoom;
use crate::domain::room;
use crate::store::{meetings, personal_rooms};

/// A room name no meeting and no other personal room has.
fn free_room_name(conn: &Connection, who: &Identity) -> Result<String, Error> {
    let base = if who.name.trim().is_empty() {
        &who.login
    } else {
        &who.name
    };
    loop {
        let candidate = room::generate(base)?;
        if !meetings::room_taken(conn, &candidate, None)? {
            return Ok(candidate);
        }
    }
}

fn fetch_or_create(
    conn: &Connection,
    who: &Identity,
    now: DateTime<Utc>,
) -> Result<PersonalRoom, Error> {
    if let Some(mut room) = personal_rooms::fetch_personal_room(conn, &who.login)? {
        if room.owner_name != who.name {
            personal_rooms::update_owner_name(conn, &who.login, &who.name)?;
            room.owner_name = who.name.clone();
        }
        return Ok(room);
    }
    let room = PersonalRoom {
        owner: who.login.clone(),
        owner_name: who.name.clone(),
        room: free_room_name(conn, who)?,
        guest_hash: hash::generate()?,
        created_at: now,
        rotated_at: now,
        opened_at: None,
        open_count: 0,
    };
    personal_rooms::insert_personal_room(conn, &room)?;
    Ok(room)
}

/// `change` applied to the organiser's room (made first if need be), in one transaction.
fn with_room(
    conn: &mut Connection,
    who: &Identity,
    now: DateTime<Utc>,
    change: impl FnOnce(&Connection, &mut PersonalRoom) -> Result<(), Error>,
) -> Result<PersonalRoom, Error> {
    if !who.editor {
        return Err(Error::NotEditor);
    }
    let tx = conn.transaction()?;
    let mut room = fetch_or_create(&tx, who, now)?;
    change(&tx, &mut room)?;
    tx.commit()?;
    Ok(room)
}

/// The organiser's room, made on first use.
pub fn ensure(
    conn: &mut Connection,
    who: &Identity,
    now: DateTime<Utc>,
) -> Result<PersonalRoom, Error> {
    with_room(conn, who, now, |_, _| Ok(()))
}

/// The owner enters their room: counted, as JMB did.
pub fn open(
    conn: &mut Connection,
    who: &Identity,
    now: DateTime<Utc>,
) -> Result<PersonalRoom, Error> {
    with_room(conn, who, now, |tx, room| {
        personal_rooms::update_room_opened(tx, &who.login, now)?;
        room.opened_at = Some(now);
        room.open_count += 1;
        Ok(())
    })
}

/// A new guest link and a new room name: whoever had the old link, or learnt the room's
/// name from it, can no longer come in.
pub fn rotate(
    conn: &mut Connection,
    who: &Identity,
    now: DateTime<Utc>,
) -> Result<PersonalRoom, Error> {
    with_room(conn, who, now, |tx, room| {
        room.room = free_room_name(tx, who)?;
        room.guest_hash = hash::generate()?;
        room.rotated_at = now;
        personal_rooms::update_room_and_guest_hash(
            tx,
            &who.login,
            &room.room,
            &room.guest_hash,
            now,
        )?;
        Ok(())
    })
}

/// The room a guest link opens.
pub fn for_guest(conn: &Connection, guest_hash: &str) -> Result<PersonalRoom, Error> {
    personal_rooms::fetch_room_by_guest_hash(conn, guest_hash)?.ok_or(Error::NotFound)
}
