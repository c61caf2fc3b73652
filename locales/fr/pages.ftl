# Page furniture: the bar at the top of every page, the home page, logging in and out,
# the language switch, and how dates and times are written.

app-name = Réservation de réunions
nav-skip-to-content = Aller au contenu
nav-main-menu = Menu principal
nav-my-meetings = Mes réunions
nav-my-room = Ma salle
nav-calendar-feed = Agenda
nav-webhooks = Webhooks
nav-logged-in-as = Connecté en tant que { $name }
nav-log-out = Se déconnecter
nav-log-out-everywhere = Se déconnecter sur tous les appareils
nav-log-in = Se connecter
nav-back = Retour
lang-switch-label = Langue
lang-switch-button = Changer
landing-text = Ce service réserve des visioconférences. Les organisateurs se connectent ; les invités utilisent le lien personnel de leur invitation.
login-dev-title = Connexion de développement
login-dev-warning = Mode développement : n'importe qui peut se connecter sous n'importe quel nom. À ne jamais utiliser sur un réseau.
login-name = Identifiant
copy-button = Copier
copy-done = Copié dans le presse-papiers.
open-here = Ouvrir dans cette page
# $tz: the server's time zone, e.g. Europe/Paris.
time-zone-note = Heures exprimées dans le fuseau { $tz }.
# $tz: the browser's own zone, filled in by the page's script.
local-time-note = Heures exprimées dans votre fuseau ({ $tz }).
minutes-short = min
# How dates and times are written (chrono's strftime codes; day and month names come from
# the language's locale).
date-format = %A %-d %B %Y
datetime-format = %A %-d %B %Y, %H:%M
clock-format = %H:%M

# The organiser's webhook endpoints (/webhooks).
webhooks-intro = D'autres programmes (n8n, Node-RED, les vôtres) peuvent être prévenus quand vos réunions changent : jmb envoie chaque événement, signé (Standard Webhooks), aux adresses ci-dessous.
webhooks-none = Aucune adresse pour l'instant.
webhooks-url = Adresse
webhooks-url-hint = Une adresse https:// sur Internet.
webhooks-events = Événements
webhooks-all-events = Tous les événements
webhooks-add = Ajouter une adresse
# $url: the address just added.
webhooks-created = Les événements seront envoyés à { $url }.
webhooks-secret = Secret de signature
webhooks-secret-once = Copiez ce secret maintenant : il n'est affiché que cette fois. Le destinataire vérifie avec lui la signature de chaque envoi.
webhooks-delete = Supprimer
# $url: the address to delete.
webhooks-delete-confirm = Supprimer { $url } ? Elle ne recevra plus d'événements, et ceux pas encore livrés sont abandonnés.
webhooks-keep = La garder
webhooks-deleted = L'adresse a été supprimée.
