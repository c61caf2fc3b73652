//! Choosing a page's language from the browser's `Accept-Language` (RFC 9110 §12.5.4),
//! with Project Fluent's negotiator: the first language asked for that jmb offers, a
//! regional variant (`de-AT`) matching its language (`de`).

use fluent_langneg::{
    LanguageIdentifier, NegotiationStrategy, negotiate_languages, parse_accepted_languages,
};

use crate::locales::{Language, OFFERED};

/// The language the browser prefers among those jmb offers, else `fallback`.
pub fn negotiate(accept_language: &str, fallback: Language) -> Language {
    offered(accept_language).unwrap_or(fallback)
}

/// The first language of `list` (a language tag or an `Accept-Language` list) that jmb
/// offers, if any.
pub fn offered(list: &str) -> Option<Language> {
    let requested = parse_accepted_languages(list);
    let available: Vec<LanguageIdentifier> =
        OFFERED.iter().filter_map(|o| o.tag.parse().ok()).collect();
    negotiate_languages(&requested, &available, None, NegotiationStrategy::Lookup)
        .first()
        .and_then(|id| Language::from_tag(&id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn lang(tag: &str) -> Language {
        Language::from_tag(tag).unwrap()
    }

    #[test]
    fn the_first_offered_language_asked_for_wins() {
        assert_eq!(negotiate("fr-FR,fr;q=0.9,en;q=0.8", lang("en")), lang("fr"));
        assert_eq!(negotiate("en-GB, fr;q=0.5", lang("fr")), lang("en"));
        assert_eq!(negotiate("pl,de-AT;q=0.9,fr;q=0.3", lang("en")), lang("de"));
        assert_eq!(negotiate("es-MX,es;q=0.9", lang("en")), lang("es"));
        assert_eq!(negotiate("it-CH", lang("fr")), lang("it"));
    }

    #[test]
    fn nothing_offered_or_nothing_asked_gives_the_fallback() {
        assert_eq!(negotiate("", lang("fr")), lang("fr"));
        assert_eq!(negotiate("pl, ja;q=0.5", lang("de")), lang("de"));
        assert_eq!(negotiate("*", lang("fr")), lang("fr"));
        assert_eq!(negotiate("not a tag!!", lang("it")), lang("it"));
    }

    proptest! {
        #[test]
        fn any_header_gives_a_language_without_panicking(header in "\\PC{0,200}") {
            let _ = negotiate(&header, Language::ENGLISH);
        }
    }
}
