//! What can be wrong with user input, as data: the web layer words it per language.

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
    InvalidRole,
    RoomNotUrlSafe,
    RoomTaken,
    InvalidAnswer,
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
            Problem::InvalidRole => "invalid_role",
            Problem::RoomNotUrlSafe => "invalid_room",
            Problem::RoomTaken => "room_taken",
            Problem::InvalidAnswer => "invalid_answer",
        }
    }
}
