//! Every user-visible word of the web pages, in English and French. One struct per
//! language, so a missing translation is a compile error; templates read `t.field`.

pub mod accept;
pub mod chat;
pub mod mail;
pub mod ui;

pub use accept::negotiate;

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;

use crate::config::Language;
use crate::domain::{MeetingStatus, PartStat, Problem, Role};

pub struct Texts {
    pub lang: &'static str,
    pub mail: &'static mail::MailTexts,
    /// Page furniture, the personal room, instant and embedded meetings.
    pub ui: &'static ui::UiTexts,
    pub app_name: &'static str,
    pub my_meetings: &'static str,
    pub new_meeting: &'static str,
    pub calendar_feed: &'static str,
    pub log_out: &'static str,
    pub log_out_everywhere: &'static str,
    pub log_in: &'static str,
    pub logged_in_as: &'static str,
    pub upcoming: &'static str,
    pub past: &'static str,
    pub no_upcoming: &'static str,
    pub no_past: &'static str,
    pub subject: &'static str,
    pub description: &'static str,
    pub date: &'static str,
    pub time: &'static str,
    pub start: &'static str,
    pub end: &'static str,
    pub duration: &'static str,
    pub minutes: &'static str,
    pub room: &'static str,
    pub room_hint: &'static str,
    pub participants: &'static str,
    pub moderators: &'static str,
    pub invitees_hint: &'static str,
    pub invitees: &'static str,
    pub owner: &'static str,
    pub your_role: &'static str,
    pub status: &'static str,
    pub answer: &'static str,
    pub personal_link: &'static str,
    pub name: &'static str,
    pub email: &'static str,
    pub role: &'static str,
    pub save: &'static str,
    pub create: &'static str,
    pub edit: &'static str,
    pub cancel_meeting: &'static str,
    pub cancel_confirm: &'static str,
    pub keep_meeting: &'static str,
    pub start_meeting: &'static str,
    pub join_meeting: &'static str,
    pub back: &'static str,
    pub time_zone_note: &'static str,
    pub form_has_errors: &'static str,
    pub no_invitees: &'static str,
    /// What happened in the room: attendance and recordings.
    pub in_room: &'static RoomTexts,
    pub meeting_not_open_yet: &'static str,
    pub meeting_opens_at: &'static str,
    pub meeting_is_over: &'static str,
    pub meeting_was_cancelled: &'static str,
    pub meeting_was_scheduled_for: &'static str,
    pub invited_by: &'static str,
    pub your_answer: &'static str,
    pub will_you_come: &'static str,
    pub accept: &'static str,
    pub decline: &'static str,
    pub confirm_answer: &'static str,
    pub answer_recorded: &'static str,
    pub change_answer: &'static str,
    pub add_to_calendar: &'static str,
    pub cancelled_no_answer: &'static str,
    pub error_bad_answer: &'static str,
    pub feed_intro: &'static str,
    pub feed_private: &'static str,
    pub feed_subscribe: &'static str,
    pub feed_rotate: &'static str,
    pub feed_rotate_hint: &'static str,
    pub feed_rotated: &'static str,
    pub feed_name: &'static str,
    pub feed_description: &'static str,
    pub dev_login_title: &'static str,
    pub dev_login_warning: &'static str,
    pub login_name: &'static str,
    pub login_failed_provider: &'static str,
    pub login_failed_refused: &'static str,
    pub login_failed_answer: &'static str,
    pub login_try_again: &'static str,
    pub error_503_directory: &'static str,
    pub error_503_database: &'static str,
    pub directory_lookup: &'static str,
    pub landing_text: &'static str,
    pub error_title: &'static str,
    pub error_400: &'static str,
    pub error_401: &'static str,
    pub error_403: &'static str,
    pub error_403_csrf: &'static str,
    pub error_403_not_owner: &'static str,
    pub error_403_not_editor: &'static str,
    pub error_404: &'static str,
    pub error_404_link: &'static str,
    pub error_409: &'static str,
    pub error_413: &'static str,
    pub error_415: &'static str,
    pub error_500: &'static str,
    pub weekdays: [&'static str; 7],
    pub months: [&'static str; 12],
}

pub static EN: Texts = Texts {
    lang: "en",
    mail: &mail::MAIL_EN,
    ui: &ui::UI_EN,
    app_name: "Meeting booking",
    my_meetings: "My meetings",
    new_meeting: "New meeting",
    calendar_feed: "Calendar feed",
    log_out: "Log out",
    log_out_everywhere: "Log out on every device",
    log_in: "Log in",
    logged_in_as: "Logged in as",
    upcoming: "Upcoming",
    past: "Past",
    no_upcoming: "No upcoming meeting.",
    no_past: "No meeting in the last days.",
    subject: "Subject",
    description: "Description",
    date: "Date",
    time: "Time",
    start: "Start",
    end: "End",
    duration: "Duration",
    minutes: "minutes",
    room: "Room name",
    room_hint: "Optional: lower-case letters, digits, - and _. Leave empty for a generated name.",
    participants: "Participants",
    moderators: "Moderators",
    invitees_hint: "One per line: ann@example.org or Ann Smith <ann@example.org>",
    invitees: "Invitees",
    owner: "Organiser",
    your_role: "Your role",
    status: "Status",
    answer: "Answer",
    personal_link: "Personal link",
    name: "Name",
    email: "Mail",
    role: "Role",
    save: "Save",
    create: "Book the meeting",
    edit: "Edit",
    cancel_meeting: "Cancel the meeting",
    cancel_confirm: "Cancel this meeting? Everyone invited will be told.",
    keep_meeting: "Keep it",
    start_meeting: "Start the meeting",
    join_meeting: "Join the meeting",
    back: "Back",
    time_zone_note: "Times are in",
    form_has_errors: "Please correct the fields marked below.",
    no_invitees: "Nobody is invited yet.",
    in_room: &EN_ROOM,
    meeting_not_open_yet: "This meeting is not open yet.",
    meeting_opens_at: "You can join from",
    meeting_is_over: "This meeting is over.",
    meeting_was_cancelled: "This meeting was cancelled.",
    meeting_was_scheduled_for: "It was scheduled for",
    invited_by: "Invited by",
    your_answer: "Your answer",
    will_you_come: "Will you take part?",
    accept: "Accept",
    decline: "Decline",
    confirm_answer: "Confirm with the button below: nothing is recorded until you press it.",
    answer_recorded: "Thank you: your answer is recorded. You can change it at any time from this page.",
    change_answer: "You can change your answer:",
    add_to_calendar: "Add to my calendar",
    cancelled_no_answer: "This meeting was cancelled: there is nothing to answer.",
    error_bad_answer: "The answer must be accept or decline.",
    feed_intro: "Subscribe your calendar (Thunderbird, Nextcloud, Outlook, your phone) to this address: it shows the meetings you organise and those you are invited to, with everyone's answers, and updates by itself.",
    feed_private: "This address is personal: anyone who has it can read your meetings.",
    feed_subscribe: "Subscribe",
    feed_rotate: "Make a new address",
    feed_rotate_hint: "The current address stops working at once; subscribe again with the new one.",
    feed_rotated: "A new address was made; the previous one no longer works.",
    feed_name: "Meetings of {name}",
    feed_description: "Video meetings booked with {app} ({url})",
    dev_login_title: "Development login",
    dev_login_warning: "Development mode: anyone can log in under any name. Never use it on a network.",
    login_name: "Login name",
    login_failed_provider: "The login service cannot be used right now.",
    login_failed_refused: "The login service did not let you in.",
    login_failed_answer: "Your login could not be verified.",
    login_try_again: "Go back to the home page and log in again; if it keeps failing, tell your administrator what this page says.",
    error_503_database: "The service cannot reach its database right now. Nothing was changed; please try again in a minute.",
    error_503_directory: "The directory that says who may book meetings cannot be reached right now. Your meetings and links still work; please try booking again in a few minutes.",
    directory_lookup: "Find in the directory",
    landing_text: "This service books video meetings. Organisers log in; invitees use the personal link from their invitation.",
    error_title: "Something is wrong",
    error_400: "The request is not valid.",
    error_401: "You need to log in to see this page.",
    error_403: "You are not allowed to do this.",
    error_403_csrf: "This form has expired or did not come from this site. Go back, reload the page and try again.",
    error_403_not_owner: "Only the organiser of this meeting can do this.",
    error_403_not_editor: "Your account may not book meetings. Ask your administrator if you need to.",
    error_404: "There is nothing at this address.",
    error_404_link: "This link is not valid. Check that you copied all of it, or ask the organiser for a new invitation.",
    error_409: "This cannot be done in the meeting's current state.",
    error_413: "What you sent is too large.",
    error_415: "Unsupported content type.",
    error_500: "Something went wrong on our side. Please try again later.",
    weekdays: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
};

pub static FR: Texts = Texts {
    lang: "fr",
    mail: &mail::MAIL_FR,
    ui: &ui::UI_FR,
    app_name: "Réservation de réunions",
    my_meetings: "Mes réunions",
    new_meeting: "Nouvelle réunion",
    calendar_feed: "Agenda",
    log_out: "Se déconnecter",
    log_out_everywhere: "Se déconnecter sur tous les appareils",
    log_in: "Se connecter",
    logged_in_as: "Connecté en tant que",
    upcoming: "À venir",
    past: "Passées",
    no_upcoming: "Aucune réunion à venir.",
    no_past: "Aucune réunion ces derniers jours.",
    subject: "Objet",
    description: "Description",
    date: "Date",
    time: "Heure",
    start: "Début",
    end: "Fin",
    duration: "Durée",
    minutes: "minutes",
    room: "Nom de la salle",
    room_hint: "Facultatif : lettres minuscules, chiffres, - et _. Laisser vide pour un nom généré.",
    participants: "Participants",
    moderators: "Modérateurs",
    invitees_hint: "Une adresse par ligne : ann@example.org ou Ann Smith <ann@example.org>",
    invitees: "Invités",
    owner: "Organisateur",
    your_role: "Votre rôle",
    status: "État",
    answer: "Réponse",
    personal_link: "Lien personnel",
    name: "Nom",
    email: "Adresse",
    role: "Rôle",
    save: "Enregistrer",
    create: "Réserver la réunion",
    edit: "Modifier",
    cancel_meeting: "Annuler la réunion",
    cancel_confirm: "Annuler cette réunion ? Tous les invités seront prévenus.",
    keep_meeting: "La garder",
    start_meeting: "Démarrer la réunion",
    join_meeting: "Rejoindre la réunion",
    back: "Retour",
    time_zone_note: "Heures exprimées dans le fuseau",
    form_has_errors: "Merci de corriger les champs signalés ci-dessous.",
    no_invitees: "Personne n'est encore invité.",
    in_room: &FR_ROOM,
    meeting_not_open_yet: "Cette réunion n'est pas encore ouverte.",
    meeting_opens_at: "Vous pourrez la rejoindre à partir du",
    meeting_is_over: "Cette réunion est terminée.",
    meeting_was_cancelled: "Cette réunion a été annulée.",
    meeting_was_scheduled_for: "Elle était prévue le",
    invited_by: "Invitation de",
    your_answer: "Votre réponse",
    will_you_come: "Participerez-vous ?",
    accept: "Accepter",
    decline: "Décliner",
    confirm_answer: "Confirmez avec le bouton ci-dessous : rien n'est enregistré avant que vous appuyiez dessus.",
    answer_recorded: "Merci : votre réponse est enregistrée. Vous pouvez la changer à tout moment depuis cette page.",
    change_answer: "Vous pouvez changer votre réponse :",
    add_to_calendar: "Ajouter à mon agenda",
    cancelled_no_answer: "Cette réunion a été annulée : il n'y a rien à répondre.",
    error_bad_answer: "La réponse doit être accepter ou décliner.",
    feed_intro: "Abonnez votre agenda (Thunderbird, Nextcloud, Outlook, votre téléphone) à cette adresse : il affiche les réunions que vous organisez et celles auxquelles vous êtes invité, avec les réponses de chacun, et se met à jour tout seul.",
    feed_private: "Cette adresse est personnelle : quiconque la connaît peut lire vos réunions.",
    feed_subscribe: "S'abonner",
    feed_rotate: "Créer une nouvelle adresse",
    feed_rotate_hint: "L'adresse actuelle cesse aussitôt de fonctionner ; abonnez-vous de nouveau avec la nouvelle.",
    feed_rotated: "Une nouvelle adresse a été créée ; la précédente ne fonctionne plus.",
    feed_name: "Réunions de {name}",
    feed_description: "Visioconférences réservées avec {app} ({url})",
    dev_login_title: "Connexion de développement",
    dev_login_warning: "Mode développement : n'importe qui peut se connecter sous n'importe quel nom. À ne jamais utiliser sur un réseau.",
    login_name: "Identifiant",
    login_failed_provider: "Le service de connexion est indisponible pour le moment.",
    login_failed_refused: "Le service de connexion a refusé votre connexion.",
    login_failed_answer: "Votre connexion n'a pas pu être vérifiée.",
    login_try_again: "Revenez à la page d'accueil et reconnectez-vous ; si le problème persiste, transmettez à votre administrateur ce qu'indique cette page.",
    error_503_database: "Le service ne peut pas joindre sa base de données pour le moment. Rien n'a été modifié ; merci de réessayer dans une minute.",
    error_503_directory: "L'annuaire qui indique qui peut réserver des réunions est injoignable pour le moment. Vos réunions et vos liens fonctionnent toujours ; merci de réessayer de réserver dans quelques minutes.",
    directory_lookup: "Chercher dans l'annuaire",
    landing_text: "Ce service réserve des visioconférences. Les organisateurs se connectent ; les invités utilisent le lien personnel de leur invitation.",
    error_title: "Un problème est survenu",
    error_400: "La requête n'est pas valide.",
    error_401: "Vous devez vous connecter pour voir cette page.",
    error_403: "Vous n'avez pas le droit de faire cela.",
    error_403_csrf: "Ce formulaire a expiré ou ne vient pas de ce site. Revenez en arrière, rechargez la page et recommencez.",
    error_403_not_owner: "Seul l'organisateur de cette réunion peut faire cela.",
    error_403_not_editor: "Votre compte ne permet pas de réserver des réunions. Adressez-vous à votre administrateur si nécessaire.",
    error_404: "Il n'y a rien à cette adresse.",
    error_404_link: "Ce lien n'est pas valide. Vérifiez que vous l'avez copié en entier, ou demandez une nouvelle invitation à l'organisateur.",
    error_409: "Impossible dans l'état actuel de la réunion.",
    error_413: "Ce que vous avez envoyé est trop volumineux.",
    error_415: "Type de contenu non pris en charge.",
    error_500: "Une erreur s'est produite de notre côté. Merci de réessayer plus tard.",
    weekdays: [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ],
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
};

/// Words of the attendance and recordings parts of a meeting's page and CSV.
pub struct RoomTexts {
    pub attendance: &'static str,
    pub no_attendance: &'static str,
    pub first_joined: &'static str,
    pub last_left: &'static str,
    pub time_present: &'static str,
    pub seconds: &'static str,
    pub moderator: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub still_here: &'static str,
    pub guest: &'static str,
    pub download_csv: &'static str,
    pub recordings: &'static str,
    pub recording_started: &'static str,
    pub recording_stopped: &'static str,
    pub recording_failed: &'static str,
    pub location: &'static str,
}

pub static EN_ROOM: RoomTexts = RoomTexts {
    attendance: "Attendance",
    no_attendance: "Nobody has been in the room yet.",
    first_joined: "First joined",
    last_left: "Last left",
    time_present: "Time present",
    seconds: "Seconds",
    moderator: "Moderator",
    yes: "yes",
    no: "no",
    still_here: "still in the room",
    guest: "Guest",
    download_csv: "Download (CSV)",
    recordings: "Recordings",
    recording_started: "recording",
    recording_stopped: "finished",
    recording_failed: "failed",
    location: "File",
};

pub static FR_ROOM: RoomTexts = RoomTexts {
    attendance: "Présence",
    no_attendance: "Personne n'est encore venu dans la salle.",
    first_joined: "Première arrivée",
    last_left: "Dernier départ",
    time_present: "Temps de présence",
    seconds: "Secondes",
    moderator: "Modérateur",
    yes: "oui",
    no: "non",
    still_here: "encore dans la salle",
    guest: "Invité",
    download_csv: "Télécharger (CSV)",
    recordings: "Enregistrements",
    recording_started: "en cours",
    recording_stopped: "terminé",
    recording_failed: "échoué",
    location: "Fichier",
};

impl RoomTexts {
    pub fn recording_status(&self, s: crate::domain::recording::RecordingStatus) -> &'static str {
        use crate::domain::recording::RecordingStatus::*;
        match s {
            Started => self.recording_started,
            Stopped => self.recording_stopped,
            Failed => self.recording_failed,
        }
    }

    /// "Guest 2": people without a token are numbered in order of arrival.
    pub fn guest_name(&self, number: u32) -> String {
        format!("{} {number}", self.guest)
    }
}

pub fn texts(lang: Language) -> &'static Texts {
    match lang {
        Language::En => &EN,
        Language::Fr => &FR,
    }
}

impl Texts {
    /// "Tuesday 1 December 2026, 09:30" / "mardi 1 décembre 2026, 09:30".
    pub fn datetime(&self, t: DateTime<Utc>, tz: Tz) -> String {
        format!("{}, {}", self.date(t, tz), self.clock(t, tz))
    }

    /// "Tuesday 1 December 2026" / "mardi 1 décembre 2026".
    pub fn date(&self, t: DateTime<Utc>, tz: Tz) -> String {
        let l = t.with_timezone(&tz);
        format!(
            "{} {} {} {}",
            self.weekdays[l.weekday().num_days_from_monday() as usize],
            l.day(),
            self.months[l.month0() as usize],
            l.year()
        )
    }

    pub fn clock(&self, t: DateTime<Utc>, tz: Tz) -> String {
        let l = t.with_timezone(&tz);
        format!("{:02}:{:02}", l.hour(), l.minute())
    }

    pub fn role(&self, role: Role) -> &'static str {
        match (role, self.lang) {
            (Role::Participant, "fr") => "participant",
            (Role::Participant, _) => "participant",
            (Role::Moderator, "fr") => "modérateur",
            (Role::Moderator, _) => "moderator",
        }
    }

    pub fn owner_role(&self) -> &'static str {
        if self.lang == "fr" {
            "organisateur"
        } else {
            "organiser"
        }
    }

    pub fn partstat(&self, p: PartStat) -> &'static str {
        match (p, self.lang) {
            (PartStat::NeedsAction, "fr") => "pas de réponse",
            (PartStat::NeedsAction, _) => "no answer yet",
            (PartStat::Accepted, "fr") => "accepté",
            (PartStat::Accepted, _) => "accepted",
            (PartStat::Declined, "fr") => "décliné",
            (PartStat::Declined, _) => "declined",
        }
    }

    pub fn status(&self, s: MeetingStatus) -> &'static str {
        match (s, self.lang) {
            (MeetingStatus::Scheduled, "fr") => "prévue",
            (MeetingStatus::Scheduled, _) => "scheduled",
            (MeetingStatus::Cancelled, "fr") => "annulée",
            (MeetingStatus::Cancelled, _) => "cancelled",
            (MeetingStatus::InProgress, "fr") => "en cours",
            (MeetingStatus::InProgress, _) => "in progress",
            (MeetingStatus::Completed, "fr") => "terminée",
            (MeetingStatus::Completed, _) => "completed",
        }
    }

    /// The message shown next to a field.
    pub fn problem(&self, p: &Problem) -> String {
        let fr = self.lang == "fr";
        match p {
            Problem::Required if fr => "Ce champ est obligatoire.".into(),
            Problem::Required => "This field is required.".into(),
            Problem::TooLong { max } if fr => format!("{max} caractères au plus."),
            Problem::TooLong { max } => format!("At most {max} characters."),
            Problem::InvalidDate if fr => "Date invalide (attendu : AAAA-MM-JJ).".into(),
            Problem::InvalidDate => "Not a valid date (expected YYYY-MM-DD).".into(),
            Problem::InvalidTime if fr => "Heure invalide (attendu : HH:MM).".into(),
            Problem::InvalidTime => "Not a valid time (expected HH:MM).".into(),
            Problem::InvalidDateTime if fr => {
                "Date et heure invalides (attendu : RFC 3339).".into()
            }
            Problem::InvalidDateTime => {
                "Not a valid date and time (expected RFC 3339, e.g. 2026-12-01T09:30:00+01:00)."
                    .into()
            }
            Problem::NonexistentLocalTime if fr => {
                "Cette heure n'existe pas ce jour-là (changement d'heure).".into()
            }
            Problem::NonexistentLocalTime => {
                "This time does not exist on that day (daylight saving change).".into()
            }
            Problem::StartInPast if fr => "Le début est dans le passé.".into(),
            Problem::StartInPast => "The start is in the past.".into(),
            Problem::InvalidNumber if fr => "Nombre entier attendu.".into(),
            Problem::InvalidNumber => "A whole number is expected.".into(),
            Problem::DurationOutOfRange { min, max } if fr => {
                format!("La durée doit être comprise entre {min} et {max} minutes.")
            }
            Problem::DurationOutOfRange { min, max } => {
                format!("The duration must be between {min} and {max} minutes.")
            }
            Problem::InvalidEmail { value } if fr => {
                format!("« {value} » n'est pas une adresse de messagerie valide.")
            }
            Problem::InvalidEmail { value } => format!("\"{value}\" is not a valid mail address."),
            Problem::DuplicateInvitee { email } if fr => {
                format!("{email} est invité plus d'une fois.")
            }
            Problem::DuplicateInvitee { email } => format!("{email} is invited more than once."),
            Problem::TooManyInvitees { max } if fr => format!("{max} invités au plus."),
            Problem::TooManyInvitees { max } => format!("At most {max} invitees."),
            Problem::TooManyExternalMails {
                max,
                sent,
                adding,
                domains,
            } if fr => {
                let outside = if domains.is_empty() {
                    "extérieures".to_string()
                } else {
                    format!("hors de {domains}")
                };
                format!(
                    "Cela enverrait la réunion à {adding} adresse(s) {outside}, alors que vous en \
                     avez déjà écrit {sent} dans l'heure, pour un maximum de {max} par heure. \
                     Réessayez plus tard, ou invitez moins de personnes extérieures."
                )
            }
            Problem::TooManyExternalMails {
                max,
                sent,
                adding,
                domains,
            } => {
                let outside = if domains.is_empty() {
                    "outside the organisation".to_string()
                } else {
                    format!("outside {domains}")
                };
                format!(
                    "This would mail the meeting to {adding} address(es) {outside}; you have \
                     already mailed {sent} in the last hour, and at most {max} per hour are \
                     allowed. Try again later, or invite fewer people from outside."
                )
            }
            Problem::InvalidRole if fr => "Rôle inconnu (participant ou moderator).".into(),
            Problem::InvalidRole => "Unknown role (participant or moderator).".into(),
            Problem::RoomNotUrlSafe if fr => {
                "De 3 à 64 caractères : lettres minuscules, chiffres, - et _ (commençant par une lettre ou un chiffre).".into()
            }
            Problem::RoomNotUrlSafe => {
                "3 to 64 characters: lower-case letters, digits, - and _ (starting with a letter or digit).".into()
            }
            Problem::RoomTaken if fr => "Ce nom de salle est déjà pris.".into(),
            Problem::RoomTaken => "This room name is already taken.".into(),
            Problem::InvalidAnswer if fr => "Réponse inconnue.".into(),
            Problem::InvalidAnswer => "Unknown answer.".into(),
            Problem::InvisibleCharacter if fr => {
                "Caractère invisible, de contrôle ou d'espacement interdit ici.".into()
            }
            Problem::InvisibleCharacter => {
                "Invisible, control or space characters are not allowed here.".into()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_are_written_in_the_configured_zone_and_language() {
        let t = Utc.with_ymd_and_hms(2026, 12, 1, 8, 30, 0).unwrap();
        let tz: Tz = "Europe/Paris".parse().unwrap();
        assert_eq!(EN.datetime(t, tz), "Tuesday 1 December 2026, 09:30");
        assert_eq!(FR.datetime(t, tz), "mardi 1 décembre 2026, 09:30");
        assert_eq!(FR.date(t, tz), "mardi 1 décembre 2026");
        assert_eq!(EN.clock(t, tz), "09:30");
    }
}
