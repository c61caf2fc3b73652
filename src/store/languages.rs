//! The language each person reads jmb in, by lower-cased mail address: mails to them go in
//! it. What a person chose (pages, answers, the language switch) wins over the directory.

use super::{Connection, OptionalExtension};
use crate::params;
use chrono::{DateTime, Utc};

use super::{Result, to_ts};
use crate::locales::Language;

/// Where a language was learnt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The person's own choice: the language of the pages they posted from.
    Chosen,
    /// The directory's `ldap.language_attribute`.
    Directory,
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Source::Chosen => "chosen",
            Source::Directory => "directory",
        }
    }
}

/// Records `lang` for `email`. A directory value never replaces a person's own choice.
pub fn upsert_language(
    conn: &Connection,
    email: &str,
    lang: Language,
    source: Source,
    now: DateTime<Utc>,
) -> Result<()> {
    let email = email.trim().to_lowercase();
    if email.is_empty() {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT INTO person_language (email, lang, source, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (email) DO UPDATE SET lang = excluded.lang, source = excluded.source, \
           updated_at = excluded.updated_at \
         WHERE excluded.source = 'chosen' OR person_language.source = 'directory'",
    )?
    .execute(params![email, lang.tag(), source.as_str(), to_ts(now)])?;
    Ok(())
}

/// The language known for `email`, if any (and still offered).
pub fn fetch_language(conn: &Connection, email: &str) -> Result<Option<Language>> {
    let tag: Option<String> = conn
        .prepare_cached("SELECT lang FROM person_language WHERE email = $1")?
        .query_row(params![email.trim().to_lowercase()], |r| r.get(0))
        .optional()?;
    Ok(tag.as_deref().and_then(Language::from_tag))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn db() -> Connection {
        crate::store::migrations::open_in_memory().unwrap()
    }

    #[test]
    fn a_person_s_choice_wins_over_the_directory_and_addresses_ignore_case() {
        let conn = db();
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let de = Language::from_tag("de").unwrap();
        let it = Language::from_tag("it").unwrap();
        let es = Language::from_tag("es").unwrap();
        assert_eq!(fetch_language(&conn, "ann@example.org").unwrap(), None);
        upsert_language(&conn, "Ann@Example.org", de, Source::Directory, now).unwrap();
        assert_eq!(fetch_language(&conn, "ann@example.org").unwrap(), Some(de));
        upsert_language(&conn, "ann@example.org", it, Source::Chosen, now).unwrap();
        upsert_language(&conn, "ann@example.org", de, Source::Directory, now).unwrap();
        assert_eq!(fetch_language(&conn, "ANN@example.org").unwrap(), Some(it));
        upsert_language(&conn, "ann@example.org", es, Source::Chosen, now).unwrap();
        assert_eq!(fetch_language(&conn, "ann@example.org").unwrap(), Some(es));
    }
}
