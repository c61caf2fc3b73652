# The list of meetings, the booking form and a meeting's page.

booking-new = Nouvelle réunion
booking-edit = Modifier
booking-upcoming = À venir
booking-past = Passées
booking-no-upcoming = Aucune réunion à venir.
booking-no-past = Aucune réunion ces derniers jours.
booking-show-more = Afficher la suite
booking-show-older = Afficher les plus anciennes
booking-show-from-start = Revenir aux prochaines réunions
booking-meet-now = Réunion immédiate
booking-meet-now-hint = Ouvre tout de suite une réunion de { $minutes } minutes ; invitez depuis la réunion.
booking-instant-subject = Réunion immédiate
booking-start = Démarrer
booking-join = Rejoindre
booking-my-link = Mon lien
booking-start-link = Lien de démarrage
booking-nobody-invited = Personne n'est invité
# One figure of a meeting's answers, e.g. "2 accepted".
booking-answer-count =
    { $answer ->
        [accepted]
            { $count ->
                [one] { $count } a accepté
               *[other] { $count } ont accepté
            }
        [declined]
            { $count ->
                [one] { $count } a décliné
               *[other] { $count } ont décliné
            }
        [tentative]
            { $count ->
                [one] { $count } peut-être
               *[other] { $count } peut-être
            }
       *[needs-action]
            { $count ->
                [one] { $count } n'a pas répondu
               *[other] { $count } n'ont pas répondu
            }
    }
form-error-summary = Il y a un problème.
form-has-errors = Merci de corriger les champs signalés ci-dessous.
form-save = Enregistrer
form-create = Réserver la réunion
field-subject = Objet
field-date = Date
field-time = Heure
field-duration = Durée (minutes)
field-duration-presets = Durées courantes
field-description = Description
field-invitees = Invités
field-invitees-hint = Une adresse par ligne : ann@example.org ou Ann Smith <ann@example.org>
field-participants = Participants
field-moderators = Modérateurs
field-directory-lookup = Chercher dans l'annuaire
field-room = Nom de la salle
field-room-hint = Facultatif : lettres minuscules, chiffres, - et _. Laisser vide pour un nom généré.
meeting-start = Début
# $minutes: the length; $end: the time it ends.
meeting-length = { $minutes } min (fin { $end })
meeting-owner = Organisateur
meeting-start-button = Démarrer la réunion
meeting-join = Rejoindre la réunion
meeting-cancel = Annuler la réunion
meeting-cancel-confirm = Annuler cette réunion ? Tous les invités seront prévenus.
meeting-keep = La garder
meeting-no-invitees = Personne n'est encore invité.
meeting-not-open-yet = Cette réunion n'est pas encore ouverte.
meeting-opens-at = Vous pourrez la rejoindre à partir du { $when }.
meeting-is-over = Cette réunion est terminée.
meeting-was-cancelled = Cette réunion a été annulée.
meeting-was-scheduled = Elle était prévue le { $when } : { $subject }
column-name = Nom
column-email = Adresse
column-role = Rôle
column-answer = Réponse
column-personal-link = Lien personnel
# A person's role in a meeting.
role =
    { $role ->
        [moderator] modérateur
        [owner] organisateur
       *[participant] participant
    }
# An invitee's answer.
answer-state =
    { $answer ->
        [accepted] accepté
        [declined] décliné
        [tentative] peut-être
       *[needs-action] pas de réponse
    }
meeting-status =
    { $status ->
        [scheduled] prévue
        [cancelled] annulée
        [in-progress] en cours
       *[completed] terminée
    }
# Beside an invitee whose mail bounced; $status: the delivery report's code, e.g. 5.1.1.
meeting-bouncing = courriel revenu ({ $status })

# Series on the organiser's pages: the booking form's repeat section, the list's hint,
# the meeting page's occurrences and the page moving one of them; $when: a date and time.
repeat-legend = Répétition
repeat-frequency = Se répète
repeat-none = Ne se répète pas
repeat-daily = Chaque jour
repeat-weekly = Chaque semaine
repeat-monthly = Chaque mois
repeat-interval = Tous les
repeat-interval-hint = 1 : chaque jour, semaine ou mois ; 2 : un sur deux…
repeat-weekly-on = Chaque semaine le
repeat-monthly-on = Chaque mois le
repeat-month-day = Jour du mois
repeat-month-day-hint = Vide : le jour de la première réunion ; -1 : le dernier jour du mois.
repeat-month-weekday = Le
repeat-nth = Quelle semaine du mois
repeat-nth-1 = premier
repeat-nth-2 = deuxième
repeat-nth-3 = troisième
repeat-nth-4 = quatrième
repeat-nth-last = dernier
repeat-weekday = Jour de la semaine
repeat-day-mo = lundi
repeat-day-tu = mardi
repeat-day-we = mercredi
repeat-day-th = jeudi
repeat-day-fr = vendredi
repeat-day-sa = samedi
repeat-day-su = dimanche
repeat-ends = Fin
repeat-ends-count = Après ce nombre de réunions
repeat-ends-until = À cette date (le jour de la dernière réunion)
booking-repeats-daily = chaque jour
booking-repeats-weekly = chaque semaine
booking-repeats-monthly = chaque mois
occurrences-heading = Occurrences
occurrences-none = Aucune occurrence à venir.
occurrence-scheduled = Prévue
occurrence-cancelled = Annulée
occurrence-moved = Déplacée
occurrence-cancel = Annuler celle-ci
occurrence-move = Déplacer
column-occurrence = Quand
column-answers = Réponses
column-actions = Actions
occurrence-edit-title = Déplacer une occurrence
occurrence-edit-intro = L’occurrence du { $when } : la déplacer seule, ou avec toutes les suivantes, qui forment alors une nouvelle série (chacun y garde son lien personnel).
occurrence-edit-save = Déplacer cette occurrence
occurrence-edit-following = Celle-ci et toutes les suivantes
