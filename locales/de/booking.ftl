# The list of meetings, the booking form and a meeting's page.

booking-new = Neue Besprechung
booking-edit = Bearbeiten
booking-upcoming = Demnächst
booking-past = Vergangen
booking-no-upcoming = Keine anstehende Besprechung.
booking-no-past = Keine Besprechung in den letzten Tagen.
booking-show-more = Weitere anzeigen
booking-show-older = Ältere anzeigen
booking-show-from-start = Zurück zu den nächsten Besprechungen
booking-meet-now = Sofort-Besprechung
booking-meet-now-hint = Öffnet sofort eine Besprechung von { $minutes } Minuten; laden Sie aus der Besprechung heraus ein.
booking-instant-subject = Sofort-Besprechung
booking-start = Starten
booking-join = Beitreten
booking-my-link = Mein Link
booking-start-link = Startlink
booking-nobody-invited = Niemand eingeladen
# One figure of a meeting's answers, e.g. "2 accepted".
booking-answer-count =
    { $answer ->
        [accepted]
            { $count ->
                [one] { $count } Zusage
               *[other] { $count } Zusagen
            }
        [declined]
            { $count ->
                [one] { $count } Absage
               *[other] { $count } Absagen
            }
        [tentative]
            { $count ->
                [one] { $count } vielleicht
               *[other] { $count } vielleicht
            }
       *[needs-action]
            { $count ->
                [one] { $count } ohne Antwort
               *[other] { $count } ohne Antwort
            }
    }
form-error-summary = Es gibt ein Problem.
form-has-errors = Bitte korrigieren Sie die unten markierten Felder.
form-save = Speichern
form-create = Besprechung buchen
field-subject = Betreff
field-date = Datum
field-time = Uhrzeit
field-duration = Dauer (Minuten)
field-duration-presets = Übliche Dauern
field-description = Beschreibung
field-invitees = Eingeladene
field-invitees-hint = Eine Adresse pro Zeile: ann@example.org oder Ann Smith <ann@example.org>
field-participants = Teilnehmer
field-moderators = Moderatoren
field-directory-lookup = Im Verzeichnis suchen
field-room = Raumname
field-room-hint = Optional: Kleinbuchstaben, Ziffern, - und _. Leer lassen für einen erzeugten Namen.
meeting-start = Beginn
# $minutes: the length; $end: the time it ends.
meeting-length = { $minutes } Min. (Ende { $end })
meeting-owner = Organisator
meeting-start-button = Besprechung starten
meeting-join = Besprechung beitreten
meeting-cancel = Besprechung absagen
meeting-cancel-confirm = Diese Besprechung absagen? Alle Eingeladenen werden benachrichtigt.
meeting-keep = Beibehalten
meeting-no-invitees = Noch niemand ist eingeladen.
meeting-not-open-yet = Diese Besprechung ist noch nicht geöffnet.
meeting-opens-at = Sie können ab { $when } beitreten.
meeting-is-over = Diese Besprechung ist beendet.
meeting-was-cancelled = Diese Besprechung wurde abgesagt.
meeting-was-scheduled = Sie war geplant für { $when }: { $subject }
column-name = Name
column-email = E-Mail
column-role = Rolle
column-answer = Antwort
column-personal-link = Persönlicher Link
# A person's role in a meeting.
role =
    { $role ->
        [moderator] Moderator
        [owner] Organisator
       *[participant] Teilnehmer
    }
# An invitee's answer.
answer-state =
    { $answer ->
        [accepted] zugesagt
        [declined] abgesagt
        [tentative] vielleicht
       *[needs-action] noch keine Antwort
    }
meeting-status =
    { $status ->
        [scheduled] geplant
        [cancelled] abgesagt
        [in-progress] läuft
       *[completed] beendet
    }
# Beside an invitee whose mail bounced; $status: the delivery report's code, e.g. 5.1.1.
meeting-bouncing = E-Mail kam zurück ({ $status })
