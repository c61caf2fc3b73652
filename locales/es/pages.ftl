# Page furniture: the bar at the top of every page, the home page, logging in and out,
# the language switch, and how dates and times are written.

app-name = Reserva de reuniones
nav-skip-to-content = Ir al contenido
nav-main-menu = Menú principal
nav-my-meetings = Mis reuniones
nav-my-room = Mi sala
nav-calendar-feed = Suscripción de calendario
nav-webhooks = Webhooks
nav-logged-in-as = Sesión iniciada como { $name }
nav-log-out = Cerrar sesión
nav-log-out-everywhere = Cerrar sesión en todos los dispositivos
nav-log-in = Iniciar sesión
nav-back = Volver
lang-switch-label = Idioma
lang-switch-button = Cambiar
landing-text = Este servicio reserva videoconferencias. Los organizadores inician sesión; los invitados usan el enlace personal de su invitación.
login-dev-title = Inicio de sesión de desarrollo
login-dev-warning = Modo de desarrollo: cualquiera puede entrar con cualquier nombre. No lo use nunca en una red.
login-name = Nombre de usuario
copy-button = Copiar
copy-done = Copiado al portapapeles.
open-here = Abrir en esta página
# $tz: the server's time zone, e.g. Europe/Paris.
time-zone-note = Horas expresadas en la zona horaria { $tz }.
# $tz: the browser's own zone, filled in by the page's script.
local-time-note = Horas en su zona horaria ({ $tz }).
minutes-short = min
# How dates and times are written (chrono's strftime codes; day and month names come from
# the language's locale).
date-format = %A, %-d de %B de %Y
datetime-format = %A, %-d de %B de %Y, %H:%M
clock-format = %H:%M

# The organiser's webhook endpoints (/webhooks).
webhooks-intro = Otros programas (n8n, Node-RED, los suyos) pueden saber cuándo cambian sus reuniones: jmb envía cada evento, firmado (Standard Webhooks), a las direcciones de abajo.
webhooks-none = Aún no hay ninguna dirección.
webhooks-url = Dirección
webhooks-url-hint = Una dirección https:// en Internet.
webhooks-events = Eventos
webhooks-all-events = Todos los eventos
webhooks-add = Añadir una dirección
# $url: the address just added.
webhooks-created = Los eventos se enviarán a { $url }.
webhooks-secret = Secreto de firma
webhooks-secret-once = Copie este secreto ahora: solo se muestra esta vez. El receptor comprueba con él la firma de cada entrega.
webhooks-delete = Eliminar
# $url: the address to delete.
webhooks-delete-confirm = ¿Eliminar { $url }? No recibirá más eventos y se descartan los que aún no se le entregaron.
webhooks-keep = Conservarla
webhooks-deleted = La dirección se eliminó.
