//! What can be wrong with user input, as data: the web layer words it per language.

use super::recurrence::{RecurrenceProblem, Unanswerable};

/// One problem with one input field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The form field or JSON path (`subject`, `participants`, `invitees[2].email`).
    pub field: String,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: impl Into<String>, problem: Problem) -> Self {
        Self {
            field: field.into(),
            problem,
        }
    }
}

/// The JSON field a deserialisation error is about, from the error's path (`invitees[0].role`,
/// `.` for the top, `?` where the syntax broke before any field) and message: serde reports a
/// missing field at its parent, with the name only in the message.
pub fn json_field(path: &str, message: &str) -> Option<String> {
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next());
    match (missing, path) {
        (Some(name), "." | "" | "?") => Some(name.to_string()),
        (Some(name), parent) => Some(format!("{parent}.{name}")),
        (None, "." | "" | "?") => None,
        (None, p) => Some(p.to_string()),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    InvalidDate,
    InvalidTime,
    InvalidDateTime,
    /// The local time falls into a daylight-saving gap.
    NonexistentLocalTime,
    StartInPast,
    InvalidNumber,
    DurationOutOfRange {
        min: u32,
        max: u32,
    },
    InvalidEmail {
        value: String,
    },
    DuplicateInvitee {
        email: String,
    },
    TooManyInvitees {
        max: usize,
    },
    /// The organiser would pass the hourly limit of mail to outside addresses: `sent` this
    /// hour already, `adding` more with this change, at most `max`.
    TooManyExternalMails {
        max: usize,
        sent: usize,
        adding: usize,
        /// The internal domains, for the message (empty: every address is outside).
        domains: String,
    },
    InvalidRole,
    RoomNotUrlSafe,
    RoomTaken,
    InvalidAnswer,
    /// A control, format (zero-width, bidi) or space character where none may be.
    InvisibleCharacter,
    /// A repeat rule jmb does not offer or that does not fit the start.
    Recurrence(RecurrenceProblem),
    /// A webhook endpoint jmb may not call: not https (outside the networks the operator
    /// allows), not resolvable, or inside the site's own network.
    EndpointRefused,
    UnknownEventType {
        value: String,
    },
    /// An answer for one occurrence of a meeting names no occurrence of its series (or the
    /// meeting does not repeat).
    NotAnOccurrence,
    /// An answer for one occurrence that was cancelled.
    OccurrenceCancelled,
}

impl From<Unanswerable> for Problem {
    fn from(u: Unanswerable) -> Problem {
        match u {
            Unanswerable::NotAnOccurrence => Problem::NotAnOccurrence,
            Unanswerable::Cancelled => Problem::OccurrenceCancelled,
        }
    }
}

impl Problem {
    /// Stable machine-readable code for the JSON API.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::TooLong { .. } => "too_long",
            Problem::InvalidDate | Problem::InvalidTime | Problem::InvalidDateTime => {
                "invalid_datetime"
            }
            Problem::NonexistentLocalTime => "nonexistent_local_time",
            Problem::StartInPast => "start_in_past",
            Problem::InvalidNumber => "invalid_number",
            Problem::DurationOutOfRange { .. } => "out_of_range",
            Problem::InvalidEmail { .. } => "invalid_email",
            Problem::DuplicateInvitee { .. } => "duplicate_invitee",
            Problem::TooManyInvitees { .. } => "too_many_invitees",
            Problem::TooManyExternalMails { .. } => "too_many_external_mails",
            Problem::InvalidRole => "invalid_role",
            Problem::RoomNotUrlSafe => "invalid_room",
            Problem::RoomTaken => "room_taken",
            Problem::InvalidAnswer => "invalid_answer",
            Problem::InvisibleCharacter => "invisible_character",
            Problem::Recurrence(p) => p.code(),
            Problem::EndpointRefused => "endpoint_refused",
            Problem::UnknownEventType { .. } => "unknown_event_type",
            Problem::NotAnOccurrence => "not_an_occurrence",
            Problem::OccurrenceCancelled => "occurrence_cancelled",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::json_field;

    #[test]
    fn json_errors_name_the_field_at_fault() {
        assert_eq!(
            json_field(".", "missing field `start`").as_deref(),
            Some("start")
        );
        assert_eq!(
            json_field("invitees[0]", "missing field `email`").as_deref(),
            Some("invitees[0].email")
        );
        assert_eq!(
            json_field("room_name", "invalid type").as_deref(),
            Some("room_name")
        );
        assert_eq!(json_field("?", "key must be a string"), None);
        assert_eq!(json_field(".", "EOF while parsing"), None);
    }
}
