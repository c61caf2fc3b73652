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

# Series on the organiser's pages: the booking form's repeat section, the list's hint,
# the meeting page's occurrences and the page moving one of them; $when: a date and time.
repeat-legend = Wiederholung
repeat-frequency = Wiederholt sich
repeat-none = Keine Wiederholung
repeat-daily = Täglich
repeat-weekly = Wöchentlich
repeat-monthly = Monatlich
repeat-interval = Alle
repeat-interval-hint = 1: jeden Tag, jede Woche, jeden Monat; 2: jeden zweiten…
repeat-weekly-on = Wöchentlich am
repeat-monthly-on = Monatlich am
repeat-month-day = Tag des Monats
repeat-month-day-hint = Leer: der Tag der ersten Besprechung; -1: der letzte Tag des Monats.
repeat-month-weekday = Am
repeat-nth = Welche Woche des Monats
repeat-nth-1 = ersten
repeat-nth-2 = zweiten
repeat-nth-3 = dritten
repeat-nth-4 = vierten
repeat-nth-last = letzten
repeat-weekday = Wochentag
repeat-day-mo = Montag
repeat-day-tu = Dienstag
repeat-day-we = Mittwoch
repeat-day-th = Donnerstag
repeat-day-fr = Freitag
repeat-day-sa = Samstag
repeat-day-su = Sonntag
repeat-ends = Endet
repeat-ends-count = Nach so vielen Besprechungen
repeat-ends-until = An diesem Datum (Tag der letzten Besprechung)
booking-repeats-daily = täglich
booking-repeats-weekly = wöchentlich
booking-repeats-monthly = monatlich
occurrences-heading = Termine
occurrences-none = Kein kommender Termin.
occurrence-scheduled = Geplant
occurrence-cancelled = Abgesagt
occurrence-moved = Verschoben
occurrence-cancel = Diesen absagen
occurrence-move = Verschieben
column-occurrence = Wann
column-answers = Antworten
column-actions = Aktionen
occurrence-edit-title = Einen Termin verschieben
occurrence-edit-intro = Der Termin vom { $when }: nur ihn verschieben, oder ihn und alle folgenden, die dann eine neue Serie bilden (jeder behält dafür seinen persönlichen Link).
occurrence-edit-save = Diesen Termin verschieben
occurrence-edit-following = Diesen und alle folgenden
