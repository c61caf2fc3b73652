use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What an invitee may do in the room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Participant,
    Moderator,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Participant => "participant",
            Role::Moderator => "moderator",
        }
    }

    pub fn is_moderator(self) -> bool {
        self == Role::Moderator
    }
}

impl FromStr for Role {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "participant" => Ok(Role::Participant),
            "moderator" => Ok(Role::Moderator),
            _ => Err(()),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An invitee's answer (iCalendar PARTSTAT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PartStat {
    NeedsAction,
    Accepted,
    Declined,
    /// "Maybe": RFC 5545's TENTATIVE, as calendar clients answer it.
    Tentative,
}

impl PartStat {
    pub fn as_str(self) -> &'static str {
        match self {
            PartStat::NeedsAction => "needs-action",
            PartStat::Accepted => "accepted",
            PartStat::Declined => "declined",
            PartStat::Tentative => "tentative",
        }
    }
}

impl FromStr for PartStat {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "needs-action" => Ok(PartStat::NeedsAction),
            "accepted" => Ok(PartStat::Accepted),
            "declined" => Ok(PartStat::Declined),
            "tentative" => Ok(PartStat::Tentative),
            _ => Err(()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MeetingStatus {
    Scheduled,
    Cancelled,
    InProgress,
    Completed,
}

impl MeetingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingStatus::Scheduled => "scheduled",
            MeetingStatus::Cancelled => "cancelled",
            MeetingStatus::InProgress => "in-progress",
            MeetingStatus::Completed => "completed",
        }
    }
}

impl FromStr for MeetingStatus {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "scheduled" => Ok(MeetingStatus::Scheduled),
            "cancelled" => Ok(MeetingStatus::Cancelled),
            "in-progress" => Ok(MeetingStatus::InProgress),
            "completed" => Ok(MeetingStatus::Completed),
            _ => Err(()),
        }
    }
}
