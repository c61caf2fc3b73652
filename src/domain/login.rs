//! What a login is: the one form logins from every source are compared in, and the
//! characters no login may hold (issue #13: look-alike logins).

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

pub const MAX_LOGIN_LEN: usize = 200;

/// `{issuer}#{sub}` is longer than a login: issuer URLs and opaque subjects both run long.
pub const MAX_SUBJECT_KEY_LEN: usize = 600;

/// Why a login is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoginError {
    #[error("the login is empty")]
    Empty,
    #[error("the login is longer than {max} characters")]
    TooLong { max: usize },
    /// Control, format (zero-width, bidi) or space characters: they make a login that looks
    /// like another one, or hide part of it.
    #[error("the login contains an invisible or control character (U+{:04X})", *.0 as u32)]
    Invisible(char),
}

/// The one form of a login that meetings and feeds are keyed by, so that logins that look
/// the same are the same: Unicode's compatibility caseless form (D146: NFD, full case
/// fold, NFKD, fold again, then composed with NFKC), which turns the Kelvin sign, `ﬁ`,
/// full-width letters and `ß`/`ss` alike into one key. `str::to_lowercase` would also map
/// the Kelvin sign, but not `ß`, the final sigma or the Cherokee letters, whose case folds
/// differ from their lower case. Characters that show nothing or reorder the text
/// (control, format such as zero-width and bidi controls, spaces, default-ignorables) are
/// refused rather than stripped: stripping would let a crafted login land on someone else's.
pub fn normalize_login(input: &str) -> Result<String, LoginError> {
    use caseless::Caseless;
    let login: String = input
        .trim()
        .chars()
        .nfd()
        .default_case_fold()
        .nfkd()
        .default_case_fold()
        .nfkc()
        .collect();
    check_visible(&login, MAX_LOGIN_LEN)?;
    Ok(login)
}

/// The owner key of a person a provider identifies by `sub`: the issuer keeps two providers'
/// subjects apart (an issuer URL has no fragment, so `#` cannot be part of it), and the
/// subject keeps its case, since providers compare it case-sensitively.
pub fn subject_key(issuer: &str, sub: &str) -> Result<String, LoginError> {
    let sub = sub.trim();
    check_visible(sub, MAX_SUBJECT_KEY_LEN)?;
    let key = format!("{issuer}#{sub}");
    check_visible(&key, MAX_SUBJECT_KEY_LEN)?;
    Ok(key)
}

/// Whether an owner key is a provider's `{issuer}#{sub}`, which means nothing to people:
/// show their name or mail instead.
pub fn is_subject_key(key: &str) -> bool {
    key.contains("://") && key.contains('#')
}

fn check_visible(login: &str, max: usize) -> Result<(), LoginError> {
    if login.is_empty() {
        return Err(LoginError::Empty);
    }
    if login.chars().count() > max {
        return Err(LoginError::TooLong { max });
    }
    match login.chars().find(|c| is_invisible(*c)) {
        Some(c) => Err(LoginError::Invisible(c)),
        None => Ok(()),
    }
}

fn is_invisible(c: char) -> bool {
    use GeneralCategory as G;
    // The bidi controls stripped from subjects and names are all of category Cf; named
    // here so that both rules stay one list.
    super::text::is_bidi_control(c)
        || matches!(
            c.general_category(),
            G::Control
                | G::Format
                | G::Surrogate
                | G::PrivateUse
                | G::Unassigned
                | G::SpaceSeparator
                | G::LineSeparator
                | G::ParagraphSeparator
        )
        || is_default_ignorable_outside_format(c)
}

/// Default_Ignorable_Code_Point characters that are not of category Cf (those are refused
/// above): fillers and variation selectors that render as nothing (Unicode 16
/// DerivedCoreProperties.txt; the unicode-properties crate does not carry this property).
fn is_default_ignorable_outside_format(c: char) -> bool {
    matches!(c,
        '\u{034F}' | '\u{115F}'..='\u{1160}' | '\u{17B4}'..='\u{17B5}' | '\u{180B}'..='\u{180D}'
        | '\u{180F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FFA0}'
        | '\u{E0100}'..='\u{E01EF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_that_look_alike_get_the_same_key() {
        // Kelvin sign, full-width letters, a ligature, sharp s and final sigma.
        assert_eq!(normalize_login("\u{212A}evin").unwrap(), "kevin");
        assert_eq!(normalize_login("ＫＥＶＩＮ").unwrap(), "kevin");
        assert_eq!(normalize_login("ﬁona").unwrap(), "fiona");
        assert_eq!(
            normalize_login("Straße").unwrap(),
            normalize_login("STRASSE").unwrap()
        );
        assert_eq!(
            normalize_login("ΟΔΟΣ").unwrap(),
            normalize_login("οδοσ").unwrap()
        );
        // Precomposed and combining accents are one login, kept composed.
        assert_eq!(normalize_login("Cle\u{301}ment").unwrap(), "clément");
        assert_eq!(normalize_login("CLÉMENT").unwrap(), "clément");
        // Plain logins and mail-like logins are unchanged but for the case.
        assert_eq!(
            normalize_login("J.Martin@Univ.FR").unwrap(),
            "j.martin@univ.fr"
        );
    }

    #[test]
    fn invisible_control_and_bidi_characters_are_refused() {
        for bad in [
            "ali\u{200B}ce", // zero-width space
            "alice\u{200D}", // zero-width joiner
            "\u{202E}ecila", // right-to-left override
            "ali\u{2066}ce", // left-to-right isolate
            "alice\u{200F}", // right-to-left mark
            "al\u{0007}ice", // control
            "ali\u{00A0}ce", // no-break space
            "ali\u{FE0F}ce", // variation selector
            "ali\u{3164}ce", // Hangul filler
            "ali\u{E000}ce", // private use
            "ali\u{00AD}ce", // soft hyphen
        ] {
            assert!(
                matches!(normalize_login(bad), Err(LoginError::Invisible(_))),
                "{bad:?} was accepted"
            );
        }
        assert_eq!(
            normalize_login(&"a".repeat(MAX_LOGIN_LEN + 1)),
            Err(LoginError::TooLong { max: MAX_LOGIN_LEN })
        );
    }
}
