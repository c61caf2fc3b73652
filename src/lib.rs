//! jmb: booking and invitations for self-hosted Jitsi Meet.

pub mod auth;
#[cfg(feature = "bench")]
pub mod bench;
pub mod clock;
pub mod config;
pub mod domain;
pub mod i18n;
pub mod ical;
pub mod import;
pub mod jitsi;
pub mod locales;
pub mod mail;
pub mod reminders;
pub mod service;
pub mod startup;
pub mod store;
pub mod tls;
pub mod urls;
pub mod web;
pub mod webhooks;
pub mod worker;
pub mod xmpp;

pub use startup::Application;
