# Page furniture: the bar at the top of every page, the home page, logging in and out,
# the language switch, and how dates and times are written.

app-name = Besprechungsbuchung
nav-skip-to-content = Zum Inhalt springen
nav-main-menu = Hauptmenü
nav-my-meetings = Meine Besprechungen
nav-my-room = Mein Raum
nav-calendar-feed = Kalenderabonnement
nav-webhooks = Webhooks
nav-logged-in-as = Angemeldet als { $name }
nav-log-out = Abmelden
nav-log-out-everywhere = Auf allen Geräten abmelden
nav-log-in = Anmelden
nav-back = Zurück
lang-switch-label = Sprache
lang-switch-button = Wechseln
landing-text = Mit diesem Dienst buchen Sie Videokonferenzen. Organisatoren melden sich an; Eingeladene nutzen den persönlichen Link aus ihrer Einladung.
login-dev-title = Entwicklungsanmeldung
login-dev-warning = Entwicklungsmodus: Jeder kann sich unter jedem beliebigen Namen anmelden. Niemals in einem Netzwerk verwenden.
login-name = Benutzername
copy-button = Kopieren
copy-done = In die Zwischenablage kopiert.
open-here = In dieser Seite öffnen
# $tz: the server's time zone, e.g. Europe/Paris.
time-zone-note = Alle Zeiten in der Zeitzone { $tz }.
# $tz: the browser's own zone, filled in by the page's script.
local-time-note = Zeiten in Ihrer Zeitzone ({ $tz }).
minutes-short = Min.
# How dates and times are written (chrono's strftime codes; day and month names come from
# the language's locale).
date-format = %A, %-d. %B %Y
datetime-format = %A, %-d. %B %Y, %H:%M
clock-format = %H:%M

# The organiser's webhook endpoints (/webhooks).
webhooks-intro = Andere Programme (n8n, Node-RED, eigene) können erfahren, wenn sich Ihre Besprechungen ändern: jmb sendet jedes Ereignis signiert (Standard Webhooks) an die Adressen unten.
webhooks-none = Noch keine Adresse.
webhooks-url = Adresse
webhooks-url-hint = Eine https://-Adresse im Internet.
webhooks-events = Ereignisse
webhooks-all-events = Alle Ereignisse
webhooks-add = Adresse hinzufügen
# $url: the address just added.
webhooks-created = Ereignisse werden an { $url } gesendet.
webhooks-secret = Signaturschlüssel
webhooks-secret-once = Kopieren Sie diesen Schlüssel jetzt: Er wird nur dieses eine Mal angezeigt. Der Empfänger prüft damit die Signatur jeder Zustellung.
webhooks-delete = Löschen
# $url: the address to delete.
webhooks-delete-confirm = { $url } löschen? Die Adresse erhält keine Ereignisse mehr, und noch nicht zugestellte werden verworfen.
webhooks-keep = Behalten
webhooks-deleted = Die Adresse wurde gelöscht.
