# The list of meetings, the booking form and a meeting's page.

booking-new = Nueva reunión
booking-edit = Modificar
booking-upcoming = Próximas
booking-past = Pasadas
booking-no-upcoming = No hay reuniones próximas.
booking-no-past = No hubo reuniones en los últimos días.
booking-show-more = Mostrar más
booking-show-older = Mostrar anteriores
booking-show-from-start = Volver a las próximas reuniones
booking-meet-now = Reunión inmediata
booking-meet-now-hint = Abre ahora mismo una reunión de { $minutes } minutos; invite a la gente desde la reunión.
booking-instant-subject = Reunión inmediata
booking-start = Iniciar
booking-join = Unirse
booking-my-link = Mi enlace
booking-start-link = Enlace de inicio
booking-nobody-invited = Nadie invitado
# One figure of a meeting's answers, e.g. "2 accepted".
booking-answer-count =
    { $answer ->
        [accepted]
            { $count ->
                [one] { $count } ha aceptado
               *[other] { $count } han aceptado
            }
        [declined]
            { $count ->
                [one] { $count } ha rechazado
               *[other] { $count } han rechazado
            }
        [tentative]
            { $count ->
                [one] { $count } quizá
               *[other] { $count } quizá
            }
       *[needs-action]
            { $count ->
                [one] { $count } no ha respondido
               *[other] { $count } no han respondido
            }
    }
form-error-summary = Hay un problema.
form-has-errors = Corrija los campos señalados abajo.
form-save = Guardar
form-create = Reservar la reunión
field-subject = Asunto
field-date = Fecha
field-time = Hora
field-duration = Duración (minutos)
field-duration-presets = Duraciones habituales
field-description = Descripción
field-invitees = Invitados
field-invitees-hint = Una dirección por línea: ann@example.org o Ann Smith <ann@example.org>
field-participants = Participantes
field-moderators = Moderadores
field-directory-lookup = Buscar en el directorio
field-room = Nombre de la sala
field-room-hint = Opcional: minúsculas, cifras, - y _. Déjelo vacío para un nombre generado.
meeting-start = Inicio
# $minutes: the length; $end: the time it ends.
meeting-length = { $minutes } min (fin { $end })
meeting-owner = Organizador
meeting-start-button = Iniciar la reunión
meeting-join = Unirse a la reunión
meeting-cancel = Anular la reunión
meeting-cancel-confirm = ¿Anular esta reunión? Se avisará a todos los invitados.
meeting-keep = Mantenerla
meeting-no-invitees = Todavía no hay nadie invitado.
meeting-not-open-yet = Esta reunión aún no está abierta.
meeting-opens-at = Podrá unirse a partir del { $when }.
meeting-is-over = Esta reunión ha terminado.
meeting-was-cancelled = Esta reunión fue anulada.
meeting-was-scheduled = Estaba prevista para el { $when }: { $subject }
column-name = Nombre
column-email = Correo
column-role = Rol
column-answer = Respuesta
column-personal-link = Enlace personal
# A person's role in a meeting.
role =
    { $role ->
        [moderator] moderador
        [owner] organizador
       *[participant] participante
    }
# An invitee's answer.
answer-state =
    { $answer ->
        [accepted] aceptada
        [declined] rechazada
        [tentative] quizá
       *[needs-action] sin respuesta
    }
meeting-status =
    { $status ->
        [scheduled] prevista
        [cancelled] anulada
        [in-progress] en curso
       *[completed] terminada
    }
# Beside an invitee whose mail bounced; $status: the delivery report's code, e.g. 5.1.1.
meeting-bouncing = el correo volvió ({ $status })

# Series on the organiser's pages: the booking form's repeat section, the list's hint,
# the meeting page's occurrences and the page moving one of them; $when: a date and time.
repeat-legend = Repetición
repeat-frequency = Se repite
repeat-none = No se repite
repeat-daily = Cada día
repeat-weekly = Cada semana
repeat-monthly = Cada mes
repeat-interval = Cada
repeat-interval-hint = 1: cada día, semana o mes; 2: uno de cada dos…
repeat-weekly-on = Cada semana el
repeat-monthly-on = Cada mes el
repeat-month-day = Día del mes
repeat-month-day-hint = Vacío: el día de la primera reunión; -1: el último día del mes.
repeat-month-weekday = El
repeat-nth = Qué semana del mes
repeat-nth-1 = primer
repeat-nth-2 = segundo
repeat-nth-3 = tercer
repeat-nth-4 = cuarto
repeat-nth-last = último
repeat-weekday = Día de la semana
repeat-day-mo = lunes
repeat-day-tu = martes
repeat-day-we = miércoles
repeat-day-th = jueves
repeat-day-fr = viernes
repeat-day-sa = sábado
repeat-day-su = domingo
repeat-ends = Termina
repeat-ends-count = Tras este número de reuniones
repeat-ends-until = En esta fecha (el día de la última reunión)
booking-repeats-daily = cada día
booking-repeats-weekly = cada semana
booking-repeats-monthly = cada mes
occurrences-heading = Sesiones
occurrences-none = Ninguna sesión próxima.
occurrence-scheduled = Prevista
occurrence-cancelled = Cancelada
occurrence-moved = Movida
occurrence-cancel = Cancelar esta
occurrence-move = Mover
column-occurrence = Cuándo
column-answers = Respuestas
column-actions = Acciones
occurrence-edit-title = Mover una sesión
occurrence-edit-intro = La sesión del { $when }: moverla sola, o con todas las siguientes, que forman entonces una nueva serie (cada persona conserva su enlace personal).
occurrence-edit-save = Mover esta sesión
occurrence-edit-following = Esta y todas las siguientes
