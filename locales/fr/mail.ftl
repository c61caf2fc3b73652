# Mails: a subject and an opening sentence for every case (what happened × who reads it),
# and the labels every mail shares.
# $subject: the meeting's subject; $owner: its organiser; $name: the person who answered;
# $when: how soon it starts (mail-lead-time).

mail-new-owner =
    .subject = Réservation visioconférence : { $subject }
    .intro = Vous avez réservé la visioconférence ci-dessous. Chaque invité reçoit son propre lien.
mail-new-participant =
    .subject = Invitation visioconférence : { $subject }
    .intro = { $owner } vous invite à la visioconférence ci-dessous.
mail-new-moderator =
    .subject = Invitation à animer une visioconférence : { $subject }
    .intro = { $owner } vous invite à animer la visioconférence ci-dessous : votre lien vous y fait entrer comme modérateur.
mail-update-owner =
    .subject = Réservation visioconférence (mise à jour) : { $subject }
    .intro = Vous avez modifié la visioconférence ci-dessous. Les personnes concernées ont été prévenues.
mail-update-participant =
    .subject = Invitation visioconférence (mise à jour) : { $subject }
    .intro = { $owner } a modifié la visioconférence ci-dessous.
mail-update-moderator =
    .subject = Invitation à animer une visioconférence (mise à jour) : { $subject }
    .intro = { $owner } a modifié la visioconférence ci-dessous, que vous animez.
mail-cancel-owner =
    .subject = Réservation visioconférence annulée : { $subject }
    .intro = Vous avez annulé la visioconférence ci-dessous. Les invités ont été prévenus.
mail-cancel-participant =
    .subject = Invitation visioconférence annulée : { $subject }
    .intro = { $owner } a annulé la visioconférence ci-dessous.
mail-cancel-moderator =
    .subject = Invitation visioconférence annulée : { $subject }
    .intro = { $owner } a annulé la visioconférence ci-dessous, que vous deviez animer.
mail-occurrence-cancel-owner =
    .subject = Séance du { $occurrence } annulée : { $subject }
    .intro = Vous avez annulé la séance du { $occurrence } de la série ci-dessous. Les autres ont lieu comme prévu. Les invités ont été prévenus.
mail-occurrence-cancel-invitee =
    .subject = Séance du { $occurrence } annulée : { $subject }
    .intro = { $owner } a annulé la séance du { $occurrence } de la série ci-dessous. Les autres ont lieu comme prévu.
mail-occurrence-move-owner =
    .subject = Séance du { $occurrence } déplacée : { $subject }
    .intro = Vous avez déplacé la séance du { $occurrence } de la série ci-dessous à l'horaire indiqué. Les invités ont été prévenus.
mail-occurrence-move-invitee =
    .subject = Séance du { $occurrence } déplacée : { $subject }
    .intro = { $owner } a déplacé la séance du { $occurrence } de la série ci-dessous à l'horaire indiqué. Les autres ont lieu comme prévu.
mail-removed =
    .subject = Vous n'êtes plus invité : { $subject }
    .intro = { $owner } vous a retiré de la liste des invités de la visioconférence ci-dessous. Votre lien ne fonctionne plus.
mail-role-moderator =
    .subject = Vous animez désormais : { $subject }
    .intro = { $owner } a fait de vous un modérateur de la visioconférence ci-dessous : votre lien vous y fait désormais entrer comme modérateur.
mail-role-participant =
    .subject = Votre rôle a changé : { $subject }
    .intro = { $owner } a changé votre rôle dans la visioconférence ci-dessous : vous y participez désormais comme participant.
# $answer: accepted, declined or tentative.
mail-answer =
    .subject =
        { $answer ->
            [declined] { $name } a décliné : { $subject }
            [tentative] { $name } viendra peut-être : { $subject }
           *[accepted] { $name } a accepté : { $subject }
        }
    .intro =
        { $answer ->
            [declined] { $name } a décliné votre invitation à la visioconférence ci-dessous.
            [tentative] { $name } a répondu « peut-être » à votre invitation à la visioconférence ci-dessous.
           *[accepted] { $name } a accepté votre invitation à la visioconférence ci-dessous.
        }
# Several answers in one mail; $count: how many people answered.
mail-answers =
    .subject =
        { $count ->
            [one] { $count } réponse : { $subject }
           *[other] { $count } réponses : { $subject }
        }
    .intro =
        { $count ->
            [one] { $count } personne a répondu à votre invitation à la visioconférence ci-dessous ; voici sa dernière réponse.
           *[other] { $count } personnes ont répondu à votre invitation à la visioconférence ci-dessous ; voici la dernière réponse de chacun.
        }
mail-reminder-owner =
    .subject = Rappel : vous organisez { $subject } { $when }
    .intro = Votre visioconférence ci-dessous commence { $when }.
mail-reminder-participant =
    .subject = Rappel : vous participez à { $subject } { $when }
    .intro = La visioconférence ci-dessous, organisée par { $owner }, commence { $when }.
mail-reminder-moderator =
    .subject = Rappel : vous animez { $subject } { $when }
    .intro = La visioconférence ci-dessous, que vous animez, commence { $when }.
# How soon a meeting starts; $unit: minutes, hours or days.
mail-lead-time =
    { $unit ->
        [days]
            { $n ->
                [one] dans { $n } jour
               *[other] dans { $n } jours
            }
        [hours]
            { $n ->
                [one] dans { $n } heure
               *[other] dans { $n } heures
            }
       *[minutes]
            { $n ->
                [one] dans { $n } minute
               *[other] dans { $n } minutes
            }
    }
mail-greeting = Bonjour,
mail-organiser = Organisateur
mail-subject = Objet
mail-when = Date
# $start: date and time; $end: the time it ends; $tz: the time zone.
mail-when-value = { $start } – { $end } ({ $tz })
mail-duration = Durée
mail-duration-value =
    { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }
mail-your-role = Votre rôle
mail-description = Description
mail-invitees = Invités
# One invitee as the organiser and moderators see them.
mail-invitee-line = { $person } — { $role }, { $answer }
mail-join = Rejoindre la visioconférence
mail-accept = Accepter
mail-decline = Décliner
mail-add-to-calendar = Ajouter à mon agenda
mail-start = Démarrer la visioconférence
mail-manage = Gérer la réservation
mail-see-meeting = Voir la réservation
mail-replaces-previous = Ce message annule et remplace le précédent au sujet de cette visioconférence.
mail-personal-link = Ces liens vous sont personnels : ne transférez pas ce message.
mail-answer-hint = Merci d'indiquer à l'organisateur si vous serez présent :
# $app: the service's name; $url: its address.
mail-footer = Envoyé par { $app } ({ $url }).
# A mail to an invitee's answer address forwarded to the owner; $kind: counter (another
# time proposed from a calendar) or other (a person's own words).
mail-forward-subject =
    { $kind ->
        [counter] Nouvel horaire proposé : { $subject }
       *[other] Message à propos de : { $subject }
    }
mail-forward-body =
    { $kind ->
        [counter] Une personne invitée propose, depuis son agenda, un autre horaire pour votre visioconférence ci-dessous. Sa proposition est jointe telle qu’elle est arrivée ; jmb ne change rien de lui-même.
       *[other] Ce message a été envoyé à l’adresse de réponse de votre visioconférence ci-dessous. Il est joint tel qu’il est arrivé.
    }
# An invitee answered one occurrence of a series; $answer: accepted, declined or tentative;
# $occurrence: the occurrence's original date and time.
mail-occurrence-answer =
    .subject =
        { $answer ->
            [declined] { $name } a décliné le { $occurrence } : { $subject }
            [tentative] { $name } viendra peut-être le { $occurrence } : { $subject }
           *[accepted] { $name } a accepté le { $occurrence } : { $subject }
        }
    .intro =
        { $answer ->
            [declined] { $name } a décliné la séance du { $occurrence } de la série ci-dessous. Sa réponse aux autres séances reste la même.
            [tentative] { $name } a répondu « peut-être » pour la séance du { $occurrence } de la série ci-dessous. Sa réponse aux autres séances reste la même.
           *[accepted] { $name } a accepté la séance du { $occurrence } de la série ci-dessous. Sa réponse aux autres séances reste la même.
        }
