use chrono::{DateTime, Utc};

use super::role::{PartStat, Role};
pub use super::text::clean_line;
use super::validation::Problem;

/// An invitee as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitee {
    pub id: i64,
    pub meeting_id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub hash: String,
    pub partstat: PartStat,
    pub answered_at: Option<DateTime<Utc>>,
}

impl Invitee {
    /// The name shown in Jitsi and mails: the given name, else the mail's local part.
    pub fn display_name(&self) -> String {
        display_name_for(&self.name, &self.email)
    }
}

pub fn display_name_for(name: &str, email: &str) -> String {
    if name.trim().is_empty() {
        email.split('@').next().unwrap_or(email).to_string()
    } else {
        name.to_string()
    }
}

/// An invitee as entered, before it has an id and a hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteeDraft {
    /// Lower-cased: mail addresses identify people everywhere in jmb.
    pub email: String,
    pub name: String,
    pub role: Role,
}

pub const MAX_NAME_CHARS: usize = 200;
const MAX_EMAIL_LEN: usize = 254;

impl InviteeDraft {
    pub fn new(email: &str, name: &str, role: Role) -> Result<Self, Problem> {
        let email = normalize_email(email)?;
        let name = clean_line(name);
        let name = name.trim_matches('"').trim().to_string();
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(Problem::TooLong {
                max: MAX_NAME_CHARS,
            });
        }
        Ok(Self { email, name, role })
    }

    /// One textarea line: `ann@example.org` or `Ann Smith <ann@example.org>`.
    pub fn parse_line(line: &str, role: Role) -> Result<Self, Problem> {
        let line = line.trim();
        match (line.rfind('<'), line.ends_with('>')) {
            (Some(open), true) => {
                let email = &line[open + 1..line.len() - 1];
                Self::new(email, &line[..open], role)
            }
            _ => Self::new(line, "", role),
        }
    }

    /// The form's textarea value for a list of invitees, one per line.
    pub fn to_line(email: &str, name: &str) -> String {
        if name.is_empty() {
            email.to_string()
        } else {
            format!("{name} <{email}>")
        }
    }
}

/// Checks and lower-cases a mail address; the whole address must be what lettre can send to.
///
/// lettre's message builder reads the recipients back from the `To` header with its
/// RFC 5322 mailbox parser, which refuses quoted local parts that `Address` accepts
/// (`"a b"@example.org`); so that parser has the last word here too, and its reading (quotes
/// that were not needed dropped) is the address kept.
pub fn normalize_email(input: &str) -> Result<String, Problem> {
    let email = input.trim().to_lowercase();
    let invalid = || Problem::InvalidEmail {
        value: input.trim().chars().take(100).collect(),
    };
    if email.is_empty() || email.len() > MAX_EMAIL_LEN {
        return Err(invalid());
    }
    if !email_address::EmailAddress::is_valid(&email) || email.parse::<lettre::Address>().is_err() {
        return Err(invalid());
    }
    let email = match email.parse::<lettre::message::Mailbox>() {
        Ok(mailbox) if mailbox.name.is_none() => mailbox.email.to_string(),
        _ => return Err(invalid()),
    };
    let domain = email.rsplit('@').next().unwrap_or("");
    if !domain.contains('.') || domain.starts_with('[') {
        return Err(invalid());
    }
    Ok(email)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_with_and_without_a_name_parse() {
        let a = InviteeDraft::parse_line("Ann@Example.org", Role::Participant).unwrap();
        assert_eq!(a.email, "ann@example.org");
        assert_eq!(a.name, "");
        let b = InviteeDraft::parse_line(" Ann Smith <ann@example.org> ", Role::Moderator).unwrap();
        assert_eq!(b.email, "ann@example.org");
        assert_eq!(b.name, "Ann Smith");
        assert_eq!(b.role, Role::Moderator);
        let c = InviteeDraft::parse_line("\"Élodie Çà\" <e@x.fr>", Role::Participant).unwrap();
        assert_eq!(c.name, "Élodie Çà");
    }

    #[test]
    fn malformed_addresses_are_rejected() {
        for bad in [
            "not-an-address",
            "a@b",
            "@example.org",
            "a@@example.org",
            "a b@example.org",
            "Ann <ann@example.org",
            "<>",
            "a@example.org>",
            "x@[127.0.0.1]",
            // Quoted local parts lettre's builder cannot read back from the To header.
            "\"a b\"@example.org",
            "\"<script>\"@example.org",
            "Ann <\"a b\"@example.org>",
            "\"a\\\"b\"@example.org",
        ] {
            assert!(
                InviteeDraft::parse_line(bad, Role::Participant).is_err(),
                "{bad} accepted"
            );
        }
    }

    #[test]
    fn every_accepted_address_builds_a_message_to_it() {
        // Quotes that are not needed are dropped, so the address matches its plain spelling.
        assert_eq!(
            normalize_email("\"Ann.Lee\"@Example.org").unwrap(),
            "ann.lee@example.org"
        );
        for good in [
            "ann@example.org",
            "a.b+tag@sub.example.org",
            "\"a\"@example.org",
            "élodie@exämple.fr",
        ] {
            let email = normalize_email(good).unwrap();
            let to: lettre::Address = email.parse().unwrap();
            let message = lettre::Message::builder()
                .from("noreply@example.org".parse().unwrap())
                .to(lettre::message::Mailbox::new(Some("Ann".into()), to))
                .subject("s")
                .body(String::from("x"));
            assert!(message.is_ok(), "{good}: {:?}", message.err());
        }
    }

    #[test]
    fn display_name_falls_back_to_the_local_part() {
        assert_eq!(display_name_for("", "ann.smith@example.org"), "ann.smith");
        assert_eq!(display_name_for("Ann", "ann@example.org"), "Ann");
    }
}
