# The personal room, the meeting shown inside a page, and what happened in a room
# (attendance and recordings).

room-intro = Votre propre salle de réunion, toujours disponible : ouvrez-la dès que vous avez besoin d'un échange, sans réservation. Vous y entrez comme modérateur.
room-open = Ouvrir ma salle
room-guest-link = Lien invité
room-guest-link-hint = Toute personne ayant ce lien peut entrer dans votre salle comme invité, sans droits de modérateur.
room-guest-rotate = Créer un nouveau lien invité
room-guest-rotate-hint = Le lien invité et le nom de salle actuels cessent aussitôt de fonctionner.
room-guest-rotated = Un nouveau lien invité et un nouveau nom de salle ont été créés ; les précédents ne fonctionnent plus.
# $name: the owner of the room.
room-subject = Salle de { $name }
embed-fallback = Ouvrir la réunion dans Jitsi Meet
embed-noscript = Si la réunion ne s'affiche pas ici, ouvrez-la directement :
embed-leave = Quitter
attendance-heading = Présence
attendance-none = Personne n'est encore venu dans la salle.
attendance-first-joined = Première arrivée
attendance-last-left = Dernier départ
attendance-time-present = Temps de présence
attendance-seconds = Secondes
attendance-moderator = Modérateur
attendance-yes = oui
attendance-no = non
attendance-still-here = encore dans la salle
# People without a token are numbered in order of arrival.
attendance-guest = Invité { $number }
attendance-download = Télécharger (CSV)
recordings-heading = Enregistrements
recording-status =
    { $status ->
        [started] en cours
        [failed] échoué
       *[stopped] terminé
    }
