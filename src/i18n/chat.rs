//! What jmb says in a meeting room's chat (XMPP reminders), in English and French.

use crate::config::Language;
use crate::domain::reminder::RoomNote;

pub struct ChatTexts {
    /// Singular and plural, separated by `|`.
    pub ends_in: &'static str,
    pub ended: &'static str,
}

pub static CHAT_EN: ChatTexts = ChatTexts {
    ends_in: "This meeting ends in {n} minute.|This meeting ends in {n} minutes.",
    ended: "This meeting has ended.",
};

pub static CHAT_FR: ChatTexts = ChatTexts {
    ends_in: "La réunion se termine dans {n} minute.|La réunion se termine dans {n} minutes.",
    ended: "La réunion est terminée.",
};

pub fn chat(lang: Language) -> &'static ChatTexts {
    match lang {
        Language::En => &CHAT_EN,
        Language::Fr => &CHAT_FR,
    }
}

impl ChatTexts {
    pub fn note(&self, note: RoomNote) -> String {
        match note {
            RoomNote::Ended => self.ended.to_string(),
            RoomNote::EndsIn { minutes } => {
                let (one, many) = self
                    .ends_in
                    .split_once('|')
                    .unwrap_or((self.ends_in, self.ends_in));
                let text = if minutes == 1 { one } else { many };
                text.replace("{n}", &minutes.to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_room_hears_the_minutes_left_in_its_language() {
        let en = chat(Language::En);
        assert_eq!(
            en.note(RoomNote::EndsIn { minutes: 15 }),
            "This meeting ends in 15 minutes."
        );
        assert_eq!(
            en.note(RoomNote::EndsIn { minutes: 1 }),
            "This meeting ends in 1 minute."
        );
        assert_eq!(en.note(RoomNote::Ended), "This meeting has ended.");
        assert_eq!(
            chat(Language::Fr).note(RoomNote::EndsIn { minutes: 5 }),
            "La réunion se termine dans 5 minutes."
        );
    }
}
