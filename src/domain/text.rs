//! Text as people type it, made safe to carry into pages, mail headers and calendars.

use std::borrow::Cow;

/// Unicode's explicit directional formatting characters (embeddings, overrides, isolates,
/// marks). In a subject or a name they can make a mail header or a calendar entry read
/// differently from what it says (`"\u{202E}fdp.exe"` shows as `"exe.pdf"`), and plain text has no need of them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// `input` without directional formatting characters; borrowed when it has none, so the
/// calendar feeds pay nothing for the check.
pub fn strip_bidi(input: &str) -> Cow<'_, str> {
    // Directional controls are all beyond ASCII; most names and subjects are not.
    if !input.is_ascii() && input.chars().any(is_bidi_control) {
        Cow::Owned(input.chars().filter(|c| !is_bidi_control(*c)).collect())
    } else {
        Cow::Borrowed(input)
    }
}

/// Single-line text (subjects, names): control characters (newlines included) become
/// spaces, directional formatting characters go.
pub fn clean_line(input: &str) -> String {
    input
        .chars()
        .filter(|c| !is_bidi_control(*c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Multi-line text (descriptions): line ends normalised to LF, tabs kept, every other
/// control character (NUL included) dropped.
pub fn clean_text(input: &str) -> String {
    input
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| *c == '\n' || *c == '\t' || !c.is_control())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directional_controls_are_stripped_from_lines_and_nothing_else_is() {
        let spoof = "Invoice \u{202E}fdp.exe\u{202C} \u{2066}x\u{2069}\u{200E}\u{200F}\u{061C}!";
        assert_eq!(clean_line(spoof), "Invoice fdp.exe x!");
        assert_eq!(strip_bidi(spoof), "Invoice fdp.exe x!");
        // Right-to-left scripts themselves are text, not controls.
        assert_eq!(clean_line("اجتماع שלום"), "اجتماع שלום");
        assert!(matches!(strip_bidi("plain"), Cow::Borrowed("plain")));
        assert_eq!(clean_line("a\nb\tc\0d"), "a b c d");
    }

    #[test]
    fn descriptions_keep_their_lines_and_lose_nul_and_other_controls() {
        assert_eq!(
            clean_text("Agenda:\r\n1.\tintro\0\u{7}\r2. end"),
            "Agenda:\n1.\tintro\n2. end"
        );
    }
}
