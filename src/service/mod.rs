//! Use cases shared by the pages and the JSON API: each runs in one database transaction,
//! together with the mails it causes.

pub mod attendance;
pub mod event_writer;
pub mod events;
pub mod feed_cache;
pub mod feeds;
pub mod import;
pub mod invitations;
pub mod languages;
pub mod meetings;
pub mod notify;
pub mod owners;
pub mod personal_rooms;
pub mod recordings;
pub mod reminders;
pub mod replies;
pub mod room_end;
pub mod series;
pub mod webhooks;

use crate::domain::FieldError;
use crate::domain::hash::RngError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("no such meeting")]
    NotFound,
    #[error("only the organiser may do this")]
    NotOwner,
    #[error("this account may not book meetings")]
    NotEditor,
    #[error("the meeting is cancelled")]
    Cancelled,
    #[error(transparent)]
    Store(#[from] crate::store::Error),
    #[error(transparent)]
    Rng(#[from] RngError),
    #[error(transparent)]
    Mail(#[from] crate::mail::Error),
}
