//! Choosing a page's language from the browser's `Accept-Language` (RFC 9110 §12.5.4).

use crate::config::Language;

fn supported(primary: &str) -> Option<Language> {
    if primary.eq_ignore_ascii_case("fr") {
        Some(Language::Fr)
    } else if primary.eq_ignore_ascii_case("en") {
        Some(Language::En)
    } else {
        None
    }
}

/// A quality value in thousandths; `None` when it is not one (the range is dropped then).
fn quality(raw: &str) -> Option<u16> {
    let raw = raw.trim();
    let (int, frac) = raw.split_once('.').unwrap_or((raw, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{frac:0<3}").parse::<u16>().ok()?;
    match int {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// The language the browser prefers among those jmb speaks (the highest weight, the first
/// listed on a tie; `*` means `fallback`), else `fallback`.
pub fn negotiate(accept_language: &str, fallback: Language) -> Language {
    let mut best: Option<(u16, Language)> = None;
    for range in accept_language.split(',') {
        let mut parts = range.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let weight = parts
            .map(str::trim)
            .find_map(|p| p.strip_prefix("q=").or_else(|| p.strip_prefix("Q=")))
            .map_or(Some(1000), quality);
        let Some(weight) = weight.filter(|w| *w > 0) else {
            continue;
        };
        let primary = tag.split('-').next().unwrap_or("");
        let lang = if primary == "*" {
            fallback
        } else {
            match supported(primary) {
                Some(l) => l,
                None => continue,
            }
        };
        if best.is_none_or(|(w, _)| weight > w) {
            best = Some((weight, lang));
        }
    }
    best.map_or(fallback, |(_, lang)| lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_preferred_spoken_language_wins() {
        assert_eq!(
            negotiate("fr-FR,fr;q=0.9,en;q=0.8", Language::En),
            Language::Fr
        );
        assert_eq!(negotiate("en-GB, fr;q=0.5", Language::Fr), Language::En);
        assert_eq!(
            negotiate("de-DE,de;q=0.9,fr;q=0.3", Language::En),
            Language::Fr
        );
        assert_eq!(negotiate("en;q=0.2, FR;q=0.7", Language::En), Language::Fr);
    }

    #[test]
    fn nothing_spoken_or_nothing_asked_gives_the_fallback() {
        assert_eq!(negotiate("", Language::Fr), Language::Fr);
        assert_eq!(negotiate("de, it;q=0.5", Language::Fr), Language::Fr);
        assert_eq!(negotiate("*", Language::Fr), Language::Fr);
        assert_eq!(negotiate("fr;q=0, *;q=0.5", Language::En), Language::En);
    }

    #[test]
    fn refused_and_malformed_weights_are_ignored() {
        assert_eq!(negotiate("fr;q=0", Language::En), Language::En);
        assert_eq!(negotiate("fr;q=2, en;q=0.1", Language::Fr), Language::En);
        assert_eq!(negotiate("fr;q=abc", Language::En), Language::En);
        assert_eq!(
            negotiate("en;q=0.5, fr;q=0.500", Language::Fr),
            Language::En
        );
        assert_eq!(negotiate("en;q=1.000, fr", Language::Fr), Language::En);
    }

    proptest! {
        #[test]
        fn any_header_gives_a_language_without_panicking(header in "\\PC{0,200}") {
            let _ = negotiate(&header, Language::En);
        }
    }
}
