# Mails: a subject and an opening sentence for every case (what happened × who reads it),
# and the labels every mail shares.
# $subject: the meeting's subject; $owner: its organiser; $name: the person who answered;
# $when: how soon it starts (mail-lead-time).

mail-new-owner =
    .subject = Besprechung gebucht: { $subject }
    .intro = Sie haben die folgende Videokonferenz gebucht. Alle Eingeladenen erhalten ihren eigenen Link.
mail-new-participant =
    .subject = Einladung: { $subject }
    .intro = { $owner } lädt Sie zur folgenden Videokonferenz ein.
mail-new-moderator =
    .subject = Einladung als Moderator: { $subject }
    .intro = { $owner } lädt Sie ein, die folgende Videokonferenz zu moderieren: Mit Ihrem Link treten Sie als Moderator bei.
mail-update-owner =
    .subject = Besprechung geändert: { $subject }
    .intro = Sie haben die folgende Videokonferenz geändert. Alle Betroffenen wurden benachrichtigt.
mail-update-participant =
    .subject = Geänderte Einladung: { $subject }
    .intro = { $owner } hat die folgende Videokonferenz geändert.
mail-update-moderator =
    .subject = Geänderte Einladung als Moderator: { $subject }
    .intro = { $owner } hat die folgende Videokonferenz geändert, die Sie moderieren.
mail-cancel-owner =
    .subject = Besprechung abgesagt: { $subject }
    .intro = Sie haben die folgende Videokonferenz abgesagt. Alle Eingeladenen wurden benachrichtigt.
mail-cancel-participant =
    .subject = Abgesagt: { $subject }
    .intro = { $owner } hat die folgende Videokonferenz abgesagt.
mail-cancel-moderator =
    .subject = Abgesagt: { $subject }
    .intro = { $owner } hat die folgende Videokonferenz abgesagt, die Sie moderieren sollten.
mail-occurrence-cancel-owner =
    .subject = Termin am { $occurrence } abgesagt: { $subject }
    .intro = Sie haben den Termin am { $occurrence } der folgenden Serie abgesagt. Die übrigen finden wie geplant statt. Alle Eingeladenen wurden benachrichtigt.
mail-occurrence-cancel-invitee =
    .subject = Termin am { $occurrence } abgesagt: { $subject }
    .intro = { $owner } hat den Termin am { $occurrence } der folgenden Serie abgesagt. Die übrigen finden wie geplant statt.
mail-occurrence-move-owner =
    .subject = Termin am { $occurrence } verschoben: { $subject }
    .intro = Sie haben den Termin am { $occurrence } der folgenden Serie auf die angegebene Zeit verschoben. Alle Eingeladenen wurden benachrichtigt.
mail-occurrence-move-invitee =
    .subject = Termin am { $occurrence } verschoben: { $subject }
    .intro = { $owner } hat den Termin am { $occurrence } der folgenden Serie auf die angegebene Zeit verschoben. Die übrigen finden wie geplant statt.
mail-removed =
    .subject = Sie sind nicht mehr eingeladen: { $subject }
    .intro = { $owner } hat Sie von der Liste der folgenden Videokonferenz gestrichen. Ihr Link funktioniert nicht mehr.
mail-role-moderator =
    .subject = Sie moderieren jetzt: { $subject }
    .intro = { $owner } hat Sie zum Moderator der folgenden Videokonferenz gemacht: Mit Ihrem Link treten Sie jetzt als Moderator bei.
mail-role-participant =
    .subject = Ihre Rolle hat sich geändert: { $subject }
    .intro = { $owner } hat Ihre Rolle in der folgenden Videokonferenz geändert: Sie nehmen jetzt als Teilnehmer teil.
# $answer: accepted, declined or tentative.
mail-answer =
    .subject =
        { $answer ->
            [declined] { $name } hat abgesagt: { $subject }
            [tentative] { $name } kommt vielleicht: { $subject }
           *[accepted] { $name } hat zugesagt: { $subject }
        }
    .intro =
        { $answer ->
            [declined] { $name } hat Ihre Einladung zur folgenden Videokonferenz abgesagt.
            [tentative] { $name } hat auf Ihre Einladung zur folgenden Videokonferenz mit „vielleicht“ geantwortet.
           *[accepted] { $name } hat Ihre Einladung zur folgenden Videokonferenz angenommen.
        }
# Several answers in one mail; $count: how many people answered.
mail-answers =
    .subject =
        { $count ->
            [one] { $count } Antwort: { $subject }
           *[other] { $count } Antworten: { $subject }
        }
    .intro =
        { $count ->
            [one] { $count } Person hat auf Ihre Einladung zur folgenden Videokonferenz geantwortet; hier ist die letzte Antwort.
           *[other] { $count } Personen haben auf Ihre Einladung zur folgenden Videokonferenz geantwortet; hier ist die jeweils letzte Antwort.
        }
mail-reminder-owner =
    .subject = Erinnerung: Sie leiten { $subject } { $when }
    .intro = Ihre folgende Videokonferenz beginnt { $when }.
mail-reminder-participant =
    .subject = Erinnerung: { $subject } { $when }
    .intro = Die folgende Videokonferenz, organisiert von { $owner }, beginnt { $when }.
mail-reminder-moderator =
    .subject = Erinnerung: Sie moderieren { $subject } { $when }
    .intro = Die folgende Videokonferenz, die Sie moderieren, beginnt { $when }.
# How soon a meeting starts; $unit: minutes, hours or days.
mail-lead-time =
    { $unit ->
        [days]
            { $n ->
                [one] in { $n } Tag
               *[other] in { $n } Tagen
            }
        [hours]
            { $n ->
                [one] in { $n } Stunde
               *[other] in { $n } Stunden
            }
       *[minutes]
            { $n ->
                [one] in { $n } Minute
               *[other] in { $n } Minuten
            }
    }
mail-greeting = Guten Tag,
mail-organiser = Organisator
mail-subject = Betreff
mail-when = Wann
# $start: date and time; $end: the time it ends; $tz: the time zone.
mail-when-value = { $start } – { $end } ({ $tz })
mail-duration = Dauer
mail-duration-value =
    { $minutes ->
        [one] { $minutes } Minute
       *[other] { $minutes } Minuten
    }
mail-your-role = Ihre Rolle
mail-description = Beschreibung
mail-invitees = Eingeladen
# One invitee as the organiser and moderators see them.
mail-invitee-line = { $person } — { $role }, { $answer }
mail-join = Besprechung beitreten
mail-accept = Zusagen
mail-decline = Absagen
mail-add-to-calendar = Zu meinem Kalender hinzufügen
mail-start = Besprechung starten
mail-manage = Besprechung verwalten
mail-see-meeting = Besprechung ansehen
mail-replaces-previous = Diese Nachricht ersetzt die vorherige zu dieser Besprechung.
mail-personal-link = Diese Links gehören nur Ihnen: Leiten Sie diese Nachricht nicht weiter.
mail-answer-hint = Bitte teilen Sie dem Organisator mit, ob Sie teilnehmen:
# $app: the service's name; $url: its address.
mail-footer = Gesendet von { $app } ({ $url }).
# A mail to an invitee's answer address forwarded to the owner; $kind: counter (another
# time proposed from a calendar) or other (a person's own words).
mail-forward-subject =
    { $kind ->
        [counter] Neuer Termin vorgeschlagen: { $subject }
       *[other] Nachricht zu: { $subject }
    }
mail-forward-body =
    { $kind ->
        [counter] Eine eingeladene Person schlägt aus ihrem Kalender eine andere Zeit für Ihre folgende Videokonferenz vor. Der Vorschlag ist unverändert angehängt; jmb ändert von sich aus nichts.
       *[other] Diese Nachricht ging an die Antwortadresse Ihrer folgenden Videokonferenz. Sie ist unverändert angehängt.
    }
# An invitee answered one occurrence of a series; $answer: accepted, declined or tentative;
# $occurrence: the occurrence's original date and time.
mail-occurrence-answer =
    .subject =
        { $answer ->
            [declined] { $name } hat { $occurrence } abgesagt: { $subject }
            [tentative] { $name } kommt { $occurrence } vielleicht: { $subject }
           *[accepted] { $name } hat { $occurrence } zugesagt: { $subject }
        }
    .intro =
        { $answer ->
            [declined] { $name } hat den Termin { $occurrence } der folgenden Serie abgesagt. Die Antwort auf die übrigen Termine bleibt unverändert.
            [tentative] { $name } hat für den Termin { $occurrence } der folgenden Serie mit „vielleicht“ geantwortet. Die Antwort auf die übrigen Termine bleibt unverändert.
           *[accepted] { $name } hat den Termin { $occurrence } der folgenden Serie zugesagt. Die Antwort auf die übrigen Termine bleibt unverändert.
        }
