# Page furniture: the bar at the top of every page, the home page, logging in and out,
# the language switch, and how dates and times are written.

app-name = Prenotazione riunioni
nav-skip-to-content = Vai al contenuto
nav-main-menu = Menu principale
nav-my-meetings = Le mie riunioni
nav-my-room = La mia stanza
nav-calendar-feed = Abbonamento al calendario
nav-webhooks = Webhook
nav-logged-in-as = Accesso effettuato come { $name }
nav-log-out = Esci
nav-log-out-everywhere = Esci da tutti i dispositivi
nav-log-in = Accedi
nav-back = Indietro
lang-switch-label = Lingua
lang-switch-button = Cambia
landing-text = Questo servizio prenota videoconferenze. Gli organizzatori accedono; gli invitati usano il link personale del loro invito.
login-dev-title = Accesso di sviluppo
login-dev-warning = Modalità di sviluppo: chiunque può accedere con qualsiasi nome. Non usarla mai in rete.
login-name = Nome utente
copy-button = Copia
copy-done = Copiato negli appunti.
open-here = Apri in questa pagina
# $tz: the server's time zone, e.g. Europe/Paris.
time-zone-note = Orari espressi nel fuso orario { $tz }.
# $tz: the browser's own zone, filled in by the page's script.
local-time-note = Orari nel tuo fuso orario ({ $tz }).
minutes-short = min
# How dates and times are written (chrono's strftime codes; day and month names come from
# the language's locale).
date-format = %A %-d %B %Y
datetime-format = %A %-d %B %Y, %H:%M
clock-format = %H:%M

# The organiser's webhook endpoints (/webhooks).
webhooks-intro = Altri programmi (n8n, Node-RED, i vostri) possono sapere quando le vostre riunioni cambiano: jmb invia ogni evento, firmato (Standard Webhooks), agli indirizzi qui sotto.
webhooks-none = Ancora nessun indirizzo.
webhooks-url = Indirizzo
webhooks-url-hint = Un indirizzo https:// su Internet.
webhooks-events = Eventi
webhooks-all-events = Tutti gli eventi
webhooks-add = Aggiungi un indirizzo
# $url: the address just added.
webhooks-created = Gli eventi saranno inviati a { $url }.
webhooks-secret = Segreto di firma
webhooks-secret-once = Copiate ora questo segreto: è mostrato solo questa volta. Il destinatario verifica con esso la firma di ogni consegna.
webhooks-delete = Elimina
# $url: the address to delete.
webhooks-delete-confirm = Eliminare { $url }? Non riceverà più eventi, e quelli non ancora consegnati sono scartati.
webhooks-keep = Mantienilo
webhooks-deleted = L'indirizzo è stato eliminato.
