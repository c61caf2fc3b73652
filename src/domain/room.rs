//! Room names: URL-safe, lower case (Prosody compares them lower-cased), hard to guess.

use super::hash::{RngError, random_alnum};

pub const MIN_LEN: usize = 3;
pub const MAX_LEN: usize = 64;
const SLUG_MAX: usize = 40;
/// Guests without a token enter by room name alone, so generated names carry ~50 random bits.
const SUFFIX_LEN: usize = 10;

pub fn is_valid(room: &str) -> bool {
    (MIN_LEN..=MAX_LEN).contains(&room.len())
        && room
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && room
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric())
}

/// `Réunion d'équipe` → `reunion-d-equipe-k3x9…`.
pub fn generate(subject: &str) -> Result<String, RngError> {
    let slug = slug(subject);
    let suffix = random_alnum(SUFFIX_LEN)?;
    Ok(if slug.is_empty() {
        format!("meeting-{suffix}")
    } else {
        format!("{slug}-{suffix}")
    })
}

fn slug(subject: &str) -> String {
    let mut out = String::new();
    for c in subject.chars().flat_map(fold_accent) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= SLUG_MAX {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The common Latin accents, enough for French and most European subjects.
fn fold_accent(c: char) -> Vec<char> {
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'œ' | 'Œ' => "oe",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        _ => return vec![c],
    };
    s.chars().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_names_are_valid_and_readable() {
        let r = generate("Réunion d'équipe — Q4").unwrap();
        assert!(r.starts_with("reunion-d-equipe-q4-"), "{r}");
        assert!(is_valid(&r), "{r}");
        let r = generate("🎉🎉").unwrap();
        assert!(r.starts_with("meeting-") && is_valid(&r), "{r}");
        let r = generate(&"long subject ".repeat(30)).unwrap();
        assert!(is_valid(&r) && r.len() <= MAX_LEN, "{r}");
    }

    #[test]
    fn only_url_safe_lower_case_names_are_valid() {
        for ok in ["abc", "team-sync", "a_b-9"] {
            assert!(is_valid(ok), "{ok}");
        }
        for bad in [
            "ab",
            "Team",
            "a b",
            "a/b",
            "-abc",
            "é-abc",
            "a?b",
            &"a".repeat(65),
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
    }
}
