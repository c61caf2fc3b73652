//! What jmb says to Jitsi: room names, signed tokens, meeting URLs.

pub mod jwt;
pub mod room;
