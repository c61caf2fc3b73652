# Page furniture: the bar at the top of every page, the home page, logging in and out,
# the language switch, and how dates and times are written.

app-name = Besprechungsbuchung
nav-skip-to-content = Zum Inhalt springen
nav-main-menu = Hauptmenü
nav-my-meetings = Meine Besprechungen
nav-my-room = Mein Raum
nav-calendar-feed = Kalenderabonnement
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
