//! The reply address of one invitation: `meetings+<token>@booking.example.org`, built from
//! `mail.reply_address`, and the token read back from the recipient the MTA delivers to.
//! The token, not the sender, says who answers (the CalendarServer pattern).

use std::fmt;

use crate::domain::hash;
use crate::ical::IcsWriter;

use crate::config::REPLY_DELIMITER as DELIMITER;

/// 128 bits in base64url: the shortest token accepted from a recipient address. jmb makes
/// 256-bit ones (`domain::hash::generate`, 43 characters).
pub const MIN_TOKEN_CHARS: usize = 22;

/// A reply token: base64url like jmb's link hashes. Its `Debug` hides it, so that a log line
/// never carries one.
#[derive(Clone, PartialEq, Eq)]
pub struct ReplyToken(String);

impl ReplyToken {
    /// A fresh token from the OS RNG.
    pub fn generate() -> Result<ReplyToken, hash::RngError> {
        hash::generate().map(ReplyToken)
    }

    /// A token as stored; `None` unless it looks like one.
    pub fn parse(token: &str) -> Option<ReplyToken> {
        (token.len() >= MIN_TOKEN_CHARS && hash::is_well_formed(token))
            .then(|| ReplyToken(token.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ReplyToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ReplyToken(…)")
    }
}

pub use crate::config::ReplyAddress;

/// The token operations on the configured reply address (its parsing, shared with the
/// configuration's validation, is in `config`).
impl ReplyAddress {
    /// `meetings+<token>@booking.example.org`.
    pub fn for_token(&self, token: &ReplyToken) -> String {
        format!(
            "{}{DELIMITER}{}@{}",
            self.local,
            token.expose(),
            self.domain
        )
    }

    /// The token of a recipient address (`<…>` allowed); `None` for anything but this
    /// address with a well-formed token. The local part and domain compare without case, as
    /// MTAs do; the token keeps its case (it is base64url).
    pub fn token_in(&self, recipient: &str) -> Option<ReplyToken> {
        let recipient = recipient.trim();
        let recipient = recipient
            .strip_prefix('<')
            .and_then(|r| r.strip_suffix('>'))
            .unwrap_or(recipient);
        let (local, domain) = recipient.rsplit_once('@')?;
        let domain = domain.strip_suffix('.').unwrap_or(domain);
        if !domain.eq_ignore_ascii_case(&self.domain) {
            return None;
        }
        let (base, token) = local.split_once(DELIMITER)?;
        if !base.eq_ignore_ascii_case(&self.local) {
            return None;
        }
        ReplyToken::parse(token)
    }

    /// The ORGANIZER line of the iTIP parts sent to the invitee holding `token`:
    /// `ORGANIZER;CN=<owner's name>:mailto:meetings+<token>@…`, folded and ending in CRLF.
    /// The name is cleaned and quoted by the calendar writer, as every other CN.
    pub fn organizer_line(&self, owner_name: &str, token: &ReplyToken) -> String {
        let address = self.for_token(token);
        let name = crate::domain::text::strip_bidi(owner_name);
        let mut w = IcsWriter::default();
        if name.trim().is_empty() {
            w.with_params("ORGANIZER", &[], &["mailto:", &address]);
        } else {
            w.with_params("ORGANIZER", &[("CN", &name)], &["mailto:", &address]);
        }
        w.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> ReplyAddress {
        ReplyAddress::parse("meetings@booking.example.org").unwrap()
    }

    #[test]
    fn a_token_goes_into_the_address_and_comes_back_out() {
        let token = ReplyToken::generate().unwrap();
        let address = site().for_token(&token);
        assert!(address.starts_with("meetings+"), "{address}");
        assert!(address.ends_with("@booking.example.org"), "{address}");
        assert_eq!(site().token_in(&address), Some(token.clone()));
        assert_eq!(
            site().token_in(&format!("<{address}>")),
            Some(token.clone())
        );
        let shouted = address
            .replace("meetings", "Meetings")
            .replace("booking.example.org", "BOOKING.Example.ORG");
        assert_eq!(site().token_in(&shouted), Some(token));
    }

    #[test]
    fn anything_but_the_reply_address_with_a_token_is_refused() {
        let token = "A".repeat(43);
        for recipient in [
            format!("meetings+{token}@other.example.org"),
            format!("someone+{token}@booking.example.org"),
            "meetings@booking.example.org".to_string(),
            "meetings+short@booking.example.org".to_string(),
            format!("meetings+{token}!@booking.example.org"),
            format!("meetings+../{token}@booking.example.org"),
            format!("meetings+{token}"),
            String::new(),
        ] {
            assert_eq!(site().token_in(&recipient), None, "{recipient}");
        }
        assert!(
            site()
                .token_in(&format!("meetings+{token}@booking.example.org"))
                .is_some()
        );
    }

    #[test]
    fn the_configured_address_must_be_bare_and_without_the_delimiter() {
        assert!(ReplyAddress::parse("Meetings <meetings@example.org>").is_err());
        assert!(
            ReplyAddress::parse("meetings+x@example.org")
                .unwrap_err()
                .contains("has a `+`")
        );
    }

    #[test]
    fn a_token_never_shows_in_debug_output() {
        let token = ReplyToken::generate().unwrap();
        assert!(!format!("{token:?}").contains(token.expose()));
    }

    #[test]
    fn the_organizer_line_names_the_owner_and_the_tokened_address() {
        let token = ReplyToken::parse(&"t".repeat(43)).unwrap();
        let line = site().organizer_line("Ann Lee, PhD \"the boss\"", &token);
        let unfolded = line.replace("\r\n ", "");
        assert_eq!(
            unfolded,
            format!(
                "ORGANIZER;CN=\"Ann Lee, PhD the boss\":mailto:meetings+{}@booking.example.org\r\n",
                "t".repeat(43)
            )
        );
        assert!(line.lines().all(|l| l.len() <= 75), "{line}");
        let plain = site().organizer_line("  ", &token);
        assert!(plain.starts_with("ORGANIZER:mailto:meetings+"), "{plain}");
        // Parses back with the iCalendar reader jmb reads replies with.
        let ics = format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n{line}END:VEVENT\r\nEND:VCALENDAR\r\n"
        );
        let unfolded = icalendar::parser::unfold(&ics);
        let cal = icalendar::parser::read_calendar(&unfolded).unwrap();
        let organizer = &cal.components[0].properties[1];
        assert_eq!(
            organizer.params[0].val.as_ref().unwrap().as_str(),
            "Ann Lee, PhD the boss"
        );
    }
}
