//! Words of the page furniture (navigation, copy buttons, answers at a glance), the
//! personal room, instant meetings and the embedded meeting.

pub struct UiTexts {
    /// French counts 0 in the singular, English in the plural.
    pub zero_is_singular: bool,
    pub skip_to_content: &'static str,
    pub main_menu: &'static str,
    pub my_room: &'static str,
    pub meet_now: &'static str,
    /// `{n}`: the default duration in minutes.
    pub meet_now_hint: &'static str,
    pub instant_subject: &'static str,
    pub start: &'static str,
    pub join: &'static str,
    pub open_here: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub my_link: &'static str,
    pub start_link: &'static str,
    pub answers: &'static str,
    /// Singular and plural, as "2 accepted".
    pub accepted: (&'static str, &'static str),
    pub declined: (&'static str, &'static str),
    pub not_answered: (&'static str, &'static str),
    pub nobody_invited: &'static str,
    pub duration_presets: &'static str,
    pub minutes_short: &'static str,
    pub error_summary: &'static str,
    /// `{tz}`: the browser's time zone, when it differs from the server's.
    pub local_time_note: &'static str,
    pub window_opens: &'static str,
    pub room_intro: &'static str,
    pub room_open: &'static str,
    pub guest_link: &'static str,
    pub guest_link_hint: &'static str,
    pub guest_rotate: &'static str,
    pub guest_rotate_hint: &'static str,
    pub guest_rotated: &'static str,
    /// `{name}`: the owner's name.
    pub room_subject: &'static str,
    pub guest_name: &'static str,
    pub embed_fallback: &'static str,
    pub embed_noscript: &'static str,
    pub leave: &'static str,
    /// The list's link to the meetings after those shown.
    pub show_more: &'static str,
    /// The list's link to past meetings older than those shown.
    pub show_older: &'static str,
    /// From a later part of the list back to its start.
    pub show_from_start: &'static str,
}

pub static UI_EN: UiTexts = UiTexts {
    zero_is_singular: false,
    skip_to_content: "Skip to content",
    main_menu: "Main menu",
    my_room: "My room",
    meet_now: "Meet now",
    meet_now_hint: "Opens a {n}-minute meeting at once; invite people from the meeting.",
    instant_subject: "Instant meeting",
    start: "Start",
    join: "Join",
    open_here: "Open in this page",
    copy: "Copy",
    copied: "Copied to the clipboard.",
    my_link: "My link",
    start_link: "Start link",
    answers: "Answers",
    accepted: ("accepted", "accepted"),
    declined: ("declined", "declined"),
    not_answered: ("has not answered", "have not answered"),
    nobody_invited: "Nobody invited",
    duration_presets: "Common durations",
    minutes_short: "min",
    error_summary: "There is a problem",
    local_time_note: "Times are in your time zone ({tz}).",
    window_opens: "Opens",
    room_intro: "Your own meeting room, always available: open it whenever you need a call, without booking. You enter as moderator.",
    room_open: "Open my room",
    guest_link: "Guest link",
    guest_link_hint: "Anyone with this link can join your room as a guest, without moderator rights.",
    guest_rotate: "Make a new guest link",
    guest_rotate_hint: "The current guest link and room name stop working at once.",
    guest_rotated: "A new guest link and room name were made; the previous ones no longer work.",
    room_subject: "Room of {name}",
    guest_name: "Guest",
    embed_fallback: "Open the meeting in Jitsi Meet",
    embed_noscript: "If the meeting does not show here, open it directly:",
    leave: "Leave",
    show_more: "Show more",
    show_older: "Show older",
    show_from_start: "Back to the next meetings",
};

pub static UI_FR: UiTexts = UiTexts {
    zero_is_singular: true,
    skip_to_content: "Aller au contenu",
    main_menu: "Menu principal",
    my_room: "Ma salle",
    meet_now: "Réunion immédiate",
    meet_now_hint: "Ouvre tout de suite une réunion de {n} minutes ; invitez depuis la réunion.",
    instant_subject: "Réunion immédiate",
    start: "Démarrer",
    join: "Rejoindre",
    open_here: "Ouvrir dans cette page",
    copy: "Copier",
    copied: "Copié dans le presse-papiers.",
    my_link: "Mon lien",
    start_link: "Lien de démarrage",
    answers: "Réponses",
    accepted: ("a accepté", "ont accepté"),
    declined: ("a décliné", "ont décliné"),
    not_answered: ("n'a pas répondu", "n'ont pas répondu"),
    nobody_invited: "Personne n'est invité",
    duration_presets: "Durées courantes",
    minutes_short: "min",
    error_summary: "Il y a un problème",
    local_time_note: "Heures exprimées dans votre fuseau ({tz}).",
    window_opens: "Ouverture",
    room_intro: "Votre propre salle de réunion, toujours disponible : ouvrez-la dès que vous avez besoin d'un échange, sans réservation. Vous y entrez comme modérateur.",
    room_open: "Ouvrir ma salle",
    guest_link: "Lien invité",
    guest_link_hint: "Toute personne ayant ce lien peut entrer dans votre salle comme invité, sans droits de modérateur.",
    guest_rotate: "Créer un nouveau lien invité",
    guest_rotate_hint: "Le lien invité et le nom de salle actuels cessent aussitôt de fonctionner.",
    guest_rotated: "Un nouveau lien invité et un nouveau nom de salle ont été créés ; les précédents ne fonctionnent plus.",
    room_subject: "Salle de {name}",
    guest_name: "Invité",
    embed_fallback: "Ouvrir la réunion dans Jitsi Meet",
    embed_noscript: "Si la réunion ne s'affiche pas ici, ouvrez-la directement :",
    leave: "Quitter",
    show_more: "Afficher la suite",
    show_older: "Afficher les plus anciennes",
    show_from_start: "Revenir aux prochaines réunions",
};

/// One figure of a meeting's answers, e.g. `2 accepted`, with its CSS class.
pub struct AnswerCount {
    pub class: &'static str,
    pub count: usize,
    pub text: String,
}

impl UiTexts {
    fn counted(&self, n: usize, (one, many): (&'static str, &'static str)) -> String {
        let singular = n == 1 || (n == 0 && self.zero_is_singular);
        format!("{n} {}", if singular { one } else { many })
    }

    pub fn answer_counts(
        &self,
        accepted: usize,
        declined: usize,
        pending: usize,
    ) -> Vec<AnswerCount> {
        vec![
            AnswerCount {
                class: "accepted",
                count: accepted,
                text: self.counted(accepted, self.accepted),
            },
            AnswerCount {
                class: "declined",
                count: declined,
                text: self.counted(declined, self.declined),
            },
            AnswerCount {
                class: "needs-action",
                count: pending,
                text: self.counted(pending, self.not_answered),
            },
        ]
    }

    pub fn meet_now_hint(&self, minutes: u32) -> String {
        self.meet_now_hint.replace("{n}", &minutes.to_string())
    }

    pub fn room_subject(&self, name: &str) -> String {
        self.room_subject.replace("{name}", name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_counts_agree_in_number_in_each_language() {
        let en: Vec<String> = UI_EN
            .answer_counts(1, 0, 2)
            .into_iter()
            .map(|c| c.text)
            .collect();
        assert_eq!(en, ["1 accepted", "0 declined", "2 have not answered"]);
        let fr: Vec<String> = UI_FR
            .answer_counts(0, 1, 3)
            .into_iter()
            .map(|c| c.text)
            .collect();
        assert_eq!(fr, ["0 a accepté", "1 a décliné", "3 n'ont pas répondu"]);
    }
}
