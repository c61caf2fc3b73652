//! The languages jmb offers, in one list: configuration checks `server.language` against
//! it, pages negotiate `Accept-Language` with it, and the language switch offers it.
//! Each language's words are the Fluent files of `locales/<tag>/`, embedded here.

use std::fmt;

use serde::{Deserialize, Deserializer};

/// One language: its tag (also its folder under `locales/`), its own name for the
/// switch, the locale that names days and months, and its Fluent sources.
pub struct Offered {
    pub tag: &'static str,
    pub name: &'static str,
    pub locale: chrono::Locale,
    pub sources: &'static [&'static str],
}

/// The files every language has, one per area; a missing one is a compile error.
macro_rules! offer {
    ($tag:literal, $name:literal, $locale:ident) => {
        Offered {
            tag: $tag,
            name: $name,
            locale: chrono::Locale::$locale,
            sources: &[
                include_str!(concat!("../locales/", $tag, "/pages.ftl")),
                include_str!(concat!("../locales/", $tag, "/booking.ftl")),
                include_str!(concat!("../locales/", $tag, "/invitation.ftl")),
                include_str!(concat!("../locales/", $tag, "/mail.ftl")),
                include_str!(concat!("../locales/", $tag, "/chat.ftl")),
                include_str!(concat!("../locales/", $tag, "/errors.ftl")),
                include_str!(concat!("../locales/", $tag, "/feed.ftl")),
                include_str!(concat!("../locales/", $tag, "/room.ftl")),
            ],
        }
    };
}

/// Adding a language: a folder `locales/<tag>/` with the files above, and one line here.
/// English comes first: it is the default and the fallback for a missing message.
pub const OFFERED: &[Offered] = &[
    offer!("en", "English", en_GB),
    offer!("fr", "Français", fr_FR),
    offer!("de", "Deutsch", de_DE),
    offer!("es", "Español", es_ES),
    offer!("it", "Italiano", it_IT),
];

/// A language jmb offers (an index into [`OFFERED`]; only this module makes one).
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct Language(usize);

impl Language {
    pub const ENGLISH: Language = Language(0);

    /// The offered language with this tag (any case), if any.
    pub fn from_tag(tag: &str) -> Option<Language> {
        OFFERED
            .iter()
            .position(|o| o.tag.eq_ignore_ascii_case(tag.trim()))
            .map(Language)
    }

    pub fn all() -> impl Iterator<Item = Language> {
        (0..OFFERED.len()).map(Language)
    }

    pub fn offered(self) -> &'static Offered {
        // An index only this module makes, always in range.
        &OFFERED[self.0 % OFFERED.len()]
    }

    pub fn tag(self) -> &'static str {
        self.offered().tag
    }

    pub fn index(self) -> usize {
        self.0
    }
}

impl fmt::Debug for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let tag = String::deserialize(d)?;
        Language::from_tag(&tag).ok_or_else(|| {
            let offered: Vec<&str> = OFFERED.iter().map(|o| o.tag).collect();
            serde::de::Error::custom(format!(
                "unknown language `{tag}`; jmb offers {}",
                offered.join(", ")
            ))
        })
    }
}

impl serde::Serialize for Language {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_offered_tag_names_itself_and_nothing_else_is_a_language() {
        for l in Language::all() {
            assert_eq!(Language::from_tag(l.tag()), Some(l));
        }
        assert_eq!(Language::from_tag("FR").map(Language::tag), Some("fr"));
        assert_eq!(Language::from_tag("xx"), None);
        assert_eq!(Language::default(), Language::ENGLISH);
    }
}
