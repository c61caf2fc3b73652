//! Learning the language each person reads jmb in, so that their mails come in it.

use crate::store::Connection;
use chrono::{DateTime, Utc};

use super::Error;
use crate::locales::Language;
use crate::store::languages::{self, Source};
use crate::store::{self, invitees};

/// The language known for `email`, if any.
pub fn known(conn: &Connection, email: &str) -> Result<Option<Language>, Error> {
    Ok(languages::fetch_language(conn, email)?)
}

/// `email` chose `lang`: an organiser posting from a page in it, or someone using the
/// language switch.
pub fn chosen(
    conn: &Connection,
    email: &str,
    lang: Language,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    Ok(languages::upsert_language(
        conn,
        email,
        lang,
        Source::Chosen,
        now,
    )?)
}

/// The invitee of personal link `link` chose `lang` (answering, or switching language on
/// their invitation page). An unknown link records nothing.
pub fn chosen_by_link(
    conn: &Connection,
    link: &str,
    lang: Language,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    match invitees::fetch_invitee_by_hash(conn, link) {
        Ok((invitee, _)) => chosen(conn, &invitee.email, lang, now),
        Err(store::Error::NotFound) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// The directory says `email` reads `value` (e.g. LDAP `preferredLanguage`, RFC 2798:
/// `de`, `de-AT`, or an Accept-Language list); kept unless the person chose otherwise.
pub fn from_directory(
    conn: &Connection,
    email: &str,
    value: &str,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let Some(lang) = crate::i18n::negotiate::offered(value) else {
        return Ok(());
    };
    Ok(languages::upsert_language(
        conn,
        email,
        lang,
        Source::Directory,
        now,
    )?)
}
