# The personal room, the meeting shown inside a page, and what happened in a room
# (attendance and recordings).

room-intro = Su propia sala de reuniones, siempre disponible: ábrala cuando necesite una llamada, sin reservar. Entra como moderador.
room-open = Abrir mi sala
room-guest-link = Enlace de invitado
room-guest-link-hint = Cualquiera con este enlace puede entrar en su sala como invitado, sin derechos de moderador.
room-guest-rotate = Crear un enlace de invitado nuevo
room-guest-rotate-hint = El enlace de invitado y el nombre de sala actuales dejan de funcionar de inmediato.
room-guest-rotated = Se han creado un enlace de invitado y un nombre de sala nuevos; los anteriores ya no funcionan.
# $name: the owner of the room.
room-subject = Sala de { $name }
embed-fallback = Abrir la reunión en Jitsi Meet
embed-noscript = Si la reunión no aparece aquí, ábrala directamente:
embed-leave = Salir
attendance-heading = Asistencia
attendance-none = Todavía no ha entrado nadie en la sala.
attendance-first-joined = Primera entrada
attendance-last-left = Última salida
attendance-time-present = Tiempo presente
attendance-seconds = Segundos
attendance-moderator = Moderador
attendance-yes = sí
attendance-no = no
attendance-still-here = aún en la sala
# People without a token are numbered in order of arrival.
attendance-guest = Invitado { $number }
attendance-download = Descargar (CSV)
recordings-heading = Grabaciones
recording-status =
    { $status ->
        [started] grabando
        [failed] fallida
       *[stopped] terminada
    }
