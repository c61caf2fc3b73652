//! One integration binary: each test spawns the real app on its own port and database.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod api;
mod booking;
mod events;
mod feeds;
mod helpers;
mod import;
mod invitations;
mod join;
mod languages;
mod ldap;
mod metrics;
mod munin;
mod nodes;
mod occurrence_answers;
mod oidc;
mod ops;
mod prosody;
mod recordings;
mod reminders;
mod replies;
mod room_end;
mod security;
mod series;
mod series_pages;
mod series_time;
#[allow(dead_code)] // shared by the modules that need real servers
mod servers;
mod ui;
mod ui_browser;
mod webhooks;
