//! The words of mails, in English and French: a subject and an opening sentence for every
//! case (event × owner / participant / moderator, like the original JMB), and the labels the
//! mail templates share. `{subject}`, `{owner}`, `{name}`, `{when}` are filled in.

use crate::domain::PartStat;
use crate::domain::notice::{Audience, MailEvent};

/// Subject line and opening sentence of one case.
pub struct Case {
    pub subject: &'static str,
    pub intro: &'static str,
}

pub struct MailTexts {
    pub new_owner: Case,
    pub new_participant: Case,
    pub new_moderator: Case,
    pub update_owner: Case,
    pub update_participant: Case,
    pub update_moderator: Case,
    pub cancel_owner: Case,
    pub cancel_participant: Case,
    pub cancel_moderator: Case,
    pub removed: Case,
    pub role_moderator: Case,
    pub role_participant: Case,
    pub answer_accepted: Case,
    pub answer_declined: Case,
    /// Several answers in one mail; `{count}` is how many people answered.
    pub answers: Case,
    pub reminder_owner: Case,
    pub reminder_participant: Case,
    pub reminder_moderator: Case,
    pub greeting: &'static str,
    pub organiser: &'static str,
    pub subject: &'static str,
    pub when: &'static str,
    pub duration: &'static str,
    pub minutes: &'static str,
    pub your_role: &'static str,
    pub description: &'static str,
    pub invitees: &'static str,
    pub join: &'static str,
    pub accept: &'static str,
    pub decline: &'static str,
    pub add_to_calendar: &'static str,
    pub start: &'static str,
    pub manage: &'static str,
    pub see_meeting: &'static str,
    pub replaces_previous: &'static str,
    pub personal_link: &'static str,
    pub answer_hint: &'static str,
    pub footer: &'static str,
    pub in_minutes: &'static str,
    pub in_hours: &'static str,
    pub in_days: &'static str,
}

impl MailTexts {
    pub fn case(&self, event: MailEvent, audience: Audience) -> &Case {
        use Audience::{Moderator, Owner, Participant};
        match (event, audience) {
            (MailEvent::New, Owner) => &self.new_owner,
            (MailEvent::New, Participant) => &self.new_participant,
            (MailEvent::New, Moderator) => &self.new_moderator,
            (MailEvent::Update, Owner) => &self.update_owner,
            (MailEvent::Update, Participant) => &self.update_participant,
            (MailEvent::Update, Moderator) => &self.update_moderator,
            (MailEvent::Cancel, Owner) => &self.cancel_owner,
            (MailEvent::Cancel, Participant) => &self.cancel_participant,
            (MailEvent::Cancel, Moderator) => &self.cancel_moderator,
            (MailEvent::Removed, _) => &self.removed,
            (MailEvent::RoleChanged, Moderator) => &self.role_moderator,
            (MailEvent::RoleChanged, _) => &self.role_participant,
            (MailEvent::Answer(PartStat::Declined), _) => &self.answer_declined,
            (MailEvent::Answer(_), _) => &self.answer_accepted,
            (MailEvent::Answers { .. }, _) => &self.answers,
            (MailEvent::Reminder { .. }, Owner) => &self.reminder_owner,
            (MailEvent::Reminder { .. }, Participant) => &self.reminder_participant,
            (MailEvent::Reminder { .. }, Moderator) => &self.reminder_moderator,
        }
    }

    /// "in 10 minutes", "in 1 hour", "in 7 days" (reminders).
    pub fn lead_time(&self, minutes: u32) -> String {
        let (n, unit) = if minutes >= 1440 && minutes.is_multiple_of(1440) {
            (minutes / 1440, self.in_days)
        } else if minutes >= 60 && minutes.is_multiple_of(60) {
            (minutes / 60, self.in_hours)
        } else {
            (minutes, self.in_minutes)
        };
        // Units are written "minute(s)": pick the plural by hand to keep one table per language.
        let unit = match unit.split_once('|') {
            Some((one, many)) => {
                if n == 1 {
                    one
                } else {
                    many
                }
            }
            None => unit,
        };
        unit.replace("{n}", &n.to_string())
    }
}

pub static MAIL_EN: MailTexts = MailTexts {
    new_owner: Case {
        subject: "Meeting booked: {subject}",
        intro: "You booked the video meeting below. Everyone invited gets their own link.",
    },
    new_participant: Case {
        subject: "Invitation: {subject}",
        intro: "{owner} invites you to the video meeting below.",
    },
    new_moderator: Case {
        subject: "Invitation to moderate: {subject}",
        intro: "{owner} invites you to moderate the video meeting below: your link lets you in as a moderator.",
    },
    update_owner: Case {
        subject: "Meeting changed: {subject}",
        intro: "You changed the video meeting below. Everyone concerned has been told.",
    },
    update_participant: Case {
        subject: "Updated invitation: {subject}",
        intro: "{owner} changed the video meeting below.",
    },
    update_moderator: Case {
        subject: "Updated invitation to moderate: {subject}",
        intro: "{owner} changed the video meeting below, which you moderate.",
    },
    cancel_owner: Case {
        subject: "Meeting cancelled: {subject}",
        intro: "You cancelled the video meeting below. Everyone invited has been told.",
    },
    cancel_participant: Case {
        subject: "Cancelled: {subject}",
        intro: "{owner} cancelled the video meeting below.",
    },
    cancel_moderator: Case {
        subject: "Cancelled: {subject}",
        intro: "{owner} cancelled the video meeting below, which you were to moderate.",
    },
    removed: Case {
        subject: "You are no longer invited: {subject}",
        intro: "{owner} took you off the list of the video meeting below. Your link no longer works.",
    },
    role_moderator: Case {
        subject: "You now moderate: {subject}",
        intro: "{owner} made you a moderator of the video meeting below: your link now lets you in as a moderator.",
    },
    role_participant: Case {
        subject: "Your role changed: {subject}",
        intro: "{owner} changed your role in the video meeting below: you now take part as a participant.",
    },
    answer_accepted: Case {
        subject: "{name} accepted: {subject}",
        intro: "{name} accepted your invitation to the video meeting below.",
    },
    answer_declined: Case {
        subject: "{name} declined: {subject}",
        intro: "{name} declined your invitation to the video meeting below.",
    },
    answers: Case {
        subject: "{count} answers: {subject}",
        intro: "{count} people answered your invitation to the video meeting below; here is everyone's latest answer.",
    },
    reminder_owner: Case {
        subject: "Reminder: you host {subject} {when}",
        intro: "Your video meeting below starts {when}.",
    },
    reminder_participant: Case {
        subject: "Reminder: {subject} {when}",
        intro: "The video meeting below, organised by {owner}, starts {when}.",
    },
    reminder_moderator: Case {
        subject: "Reminder: you moderate {subject} {when}",
        intro: "The video meeting below, which you moderate, starts {when}.",
    },
    greeting: "Hello,",
    organiser: "Organiser",
    subject: "Subject",
    when: "When",
    duration: "Duration",
    minutes: "minutes",
    your_role: "Your role",
    description: "Description",
    invitees: "Invited",
    join: "Join the meeting",
    accept: "Accept",
    decline: "Decline",
    add_to_calendar: "Add to my calendar",
    start: "Start the meeting",
    manage: "Manage the meeting",
    see_meeting: "See the meeting",
    replaces_previous: "This message replaces the previous one about this meeting.",
    personal_link: "These links are yours alone: do not forward this message.",
    answer_hint: "Please tell the organiser whether you will come:",
    footer: "Sent by {app} ({url}).",
    in_minutes: "in {n} minute|in {n} minutes",
    in_hours: "in {n} hour|in {n} hours",
    in_days: "in {n} day|in {n} days",
};

pub static MAIL_FR: MailTexts = MailTexts {
    new_owner: Case {
        subject: "Réservation visioconférence : {subject}",
        intro: "Vous avez réservé la visioconférence ci-dessous. Chaque invité reçoit son propre lien.",
    },
    new_participant: Case {
        subject: "Invitation visioconférence : {subject}",
        intro: "{owner} vous invite à la visioconférence ci-dessous.",
    },
    new_moderator: Case {
        subject: "Invitation à animer une visioconférence : {subject}",
        intro: "{owner} vous invite à animer la visioconférence ci-dessous : votre lien vous y fait entrer comme modérateur.",
    },
    update_owner: Case {
        subject: "Réservation visioconférence (mise à jour) : {subject}",
        intro: "Vous avez modifié la visioconférence ci-dessous. Les personnes concernées ont été prévenues.",
    },
    update_participant: Case {
        subject: "Invitation visioconférence (mise à jour) : {subject}",
        intro: "{owner} a modifié la visioconférence ci-dessous.",
    },
    update_moderator: Case {
        subject: "Invitation à animer une visioconférence (mise à jour) : {subject}",
        intro: "{owner} a modifié la visioconférence ci-dessous, que vous animez.",
    },
    cancel_owner: Case {
        subject: "Réservation visioconférence annulée : {subject}",
        intro: "Vous avez annulé la visioconférence ci-dessous. Les invités ont été prévenus.",
    },
    cancel_participant: Case {
        subject: "Invitation visioconférence annulée : {subject}",
        intro: "{owner} a annulé la visioconférence ci-dessous.",
    },
    cancel_moderator: Case {
        subject: "Invitation visioconférence annulée : {subject}",
        intro: "{owner} a annulé la visioconférence ci-dessous, que vous deviez animer.",
    },
    removed: Case {
        subject: "Vous n'êtes plus invité : {subject}",
        intro: "{owner} vous a retiré de la liste des invités de la visioconférence ci-dessous. Votre lien ne fonctionne plus.",
    },
    role_moderator: Case {
        subject: "Vous animez désormais : {subject}",
        intro: "{owner} a fait de vous un modérateur de la visioconférence ci-dessous : votre lien vous y fait désormais entrer comme modérateur.",
    },
    role_participant: Case {
        subject: "Votre rôle a changé : {subject}",
        intro: "{owner} a changé votre rôle dans la visioconférence ci-dessous : vous y participez désormais comme participant.",
    },
    answer_accepted: Case {
        subject: "{name} a accepté : {subject}",
        intro: "{name} a accepté votre invitation à la visioconférence ci-dessous.",
    },
    answer_declined: Case {
        subject: "{name} a décliné : {subject}",
        intro: "{name} a décliné votre invitation à la visioconférence ci-dessous.",
    },
    answers: Case {
        subject: "{count} réponses : {subject}",
        intro: "{count} personnes ont répondu à votre invitation à la visioconférence ci-dessous ; voici la dernière réponse de chacun.",
    },
    reminder_owner: Case {
        subject: "Rappel : vous organisez {subject} {when}",
        intro: "Votre visioconférence ci-dessous commence {when}.",
    },
    reminder_participant: Case {
        subject: "Rappel : vous participez à {subject} {when}",
        intro: "La visioconférence ci-dessous, organisée par {owner}, commence {when}.",
    },
    reminder_moderator: Case {
        subject: "Rappel : vous animez {subject} {when}",
        intro: "La visioconférence ci-dessous, que vous animez, commence {when}.",
    },
    greeting: "Bonjour,",
    organiser: "Organisateur",
    subject: "Objet",
    when: "Date",
    duration: "Durée",
    minutes: "minutes",
    your_role: "Votre rôle",
    description: "Description",
    invitees: "Invités",
    join: "Rejoindre la visioconférence",
    accept: "Accepter",
    decline: "Décliner",
    add_to_calendar: "Ajouter à mon agenda",
    start: "Démarrer la visioconférence",
    manage: "Gérer la réservation",
    see_meeting: "Voir la réservation",
    replaces_previous: "Ce message annule et remplace le précédent au sujet de cette visioconférence.",
    personal_link: "Ces liens vous sont personnels : ne transférez pas ce message.",
    answer_hint: "Merci d'indiquer à l'organisateur si vous serez présent :",
    footer: "Envoyé par {app} ({url}).",
    in_minutes: "dans {n} minute|dans {n} minutes",
    in_hours: "dans {n} heure|dans {n} heures",
    in_days: "dans {n} jour|dans {n} jours",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_times_read_naturally() {
        assert_eq!(MAIL_EN.lead_time(10), "in 10 minutes");
        assert_eq!(MAIL_EN.lead_time(60), "in 1 hour");
        assert_eq!(MAIL_EN.lead_time(1440), "in 1 day");
        assert_eq!(MAIL_FR.lead_time(10080), "dans 7 jours");
        assert_eq!(MAIL_FR.lead_time(90), "dans 90 minutes");
    }
}
