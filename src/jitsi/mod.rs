//! What jmb says to Jitsi, and what Jitsi tells jmb: signed tokens, meeting URLs,
//! event_sync and recording hooks, ending a room.

pub mod embed;
pub mod end_meeting;
pub mod hooks;
pub mod jwt;
