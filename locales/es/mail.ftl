# Mails: a subject and an opening sentence for every case (what happened × who reads it),
# and the labels every mail shares.
# $subject: the meeting's subject; $owner: its organiser; $name: the person who answered;
# $when: how soon it starts (mail-lead-time).

mail-new-owner =
    .subject = Reunión reservada: { $subject }
    .intro = Ha reservado la videoconferencia siguiente. Cada invitado recibe su propio enlace.
mail-new-participant =
    .subject = Invitación: { $subject }
    .intro = { $owner } le invita a la videoconferencia siguiente.
mail-new-moderator =
    .subject = Invitación para moderar: { $subject }
    .intro = { $owner } le invita a moderar la videoconferencia siguiente: su enlace le hace entrar como moderador.
mail-update-owner =
    .subject = Reunión modificada: { $subject }
    .intro = Ha modificado la videoconferencia siguiente. Se ha avisado a todas las personas afectadas.
mail-update-participant =
    .subject = Invitación actualizada: { $subject }
    .intro = { $owner } ha modificado la videoconferencia siguiente.
mail-update-moderator =
    .subject = Invitación para moderar actualizada: { $subject }
    .intro = { $owner } ha modificado la videoconferencia siguiente, que usted modera.
mail-cancel-owner =
    .subject = Reunión anulada: { $subject }
    .intro = Ha anulado la videoconferencia siguiente. Se ha avisado a todos los invitados.
mail-cancel-participant =
    .subject = Anulada: { $subject }
    .intro = { $owner } ha anulado la videoconferencia siguiente.
mail-cancel-moderator =
    .subject = Anulada: { $subject }
    .intro = { $owner } ha anulado la videoconferencia siguiente, que usted iba a moderar.
mail-occurrence-cancel-owner =
    .subject = Sesión del { $occurrence } anulada: { $subject }
    .intro = Ha anulado la sesión del { $occurrence } de la serie siguiente. Las demás se celebran según lo previsto. Se ha avisado a todos los invitados.
mail-occurrence-cancel-invitee =
    .subject = Sesión del { $occurrence } anulada: { $subject }
    .intro = { $owner } ha anulado la sesión del { $occurrence } de la serie siguiente. Las demás se celebran según lo previsto.
mail-occurrence-move-owner =
    .subject = Sesión del { $occurrence } trasladada: { $subject }
    .intro = Ha trasladado la sesión del { $occurrence } de la serie siguiente a la hora indicada. Se ha avisado a todos los invitados.
mail-occurrence-move-invitee =
    .subject = Sesión del { $occurrence } trasladada: { $subject }
    .intro = { $owner } ha trasladado la sesión del { $occurrence } de la serie siguiente a la hora indicada. Las demás se celebran según lo previsto.
mail-removed =
    .subject = Ya no está invitado: { $subject }
    .intro = { $owner } le ha quitado de la lista de la videoconferencia siguiente. Su enlace ya no funciona.
mail-role-moderator =
    .subject = Ahora modera: { $subject }
    .intro = { $owner } le ha nombrado moderador de la videoconferencia siguiente: su enlace ahora le hace entrar como moderador.
mail-role-participant =
    .subject = Su rol ha cambiado: { $subject }
    .intro = { $owner } ha cambiado su rol en la videoconferencia siguiente: ahora asiste como participante, sin moderar.
# $answer: accepted, declined or tentative.
mail-answer =
    .subject =
        { $answer ->
            [declined] { $name } ha rechazado: { $subject }
            [tentative] { $name } quizá asista: { $subject }
           *[accepted] { $name } ha aceptado: { $subject }
        }
    .intro =
        { $answer ->
            [declined] { $name } ha rechazado su invitación a la videoconferencia siguiente.
            [tentative] { $name } ha respondido «quizá» a su invitación a la videoconferencia siguiente.
           *[accepted] { $name } ha aceptado su invitación a la videoconferencia siguiente.
        }
# Several answers in one mail; $count: how many people answered.
mail-answers =
    .subject =
        { $count ->
            [one] { $count } respuesta: { $subject }
           *[other] { $count } respuestas: { $subject }
        }
    .intro =
        { $count ->
            [one] { $count } persona ha respondido a su invitación a la videoconferencia siguiente; esta es su última respuesta.
           *[other] { $count } personas han respondido a su invitación a la videoconferencia siguiente; esta es la última respuesta de cada una.
        }
mail-reminder-owner =
    .subject = Recordatorio: organiza { $subject } { $when }
    .intro = Su videoconferencia siguiente empieza { $when }.
mail-reminder-participant =
    .subject = Recordatorio: { $subject } { $when }
    .intro = La videoconferencia siguiente, organizada por { $owner }, empieza { $when }.
mail-reminder-moderator =
    .subject = Recordatorio: modera { $subject } { $when }
    .intro = La videoconferencia siguiente, que usted modera, empieza { $when }.
# How soon a meeting starts; $unit: minutes, hours or days.
mail-lead-time =
    { $unit ->
        [days]
            { $n ->
                [one] dentro de { $n } día
               *[other] dentro de { $n } días
            }
        [hours]
            { $n ->
                [one] dentro de { $n } hora
               *[other] dentro de { $n } horas
            }
       *[minutes]
            { $n ->
                [one] dentro de { $n } minuto
               *[other] dentro de { $n } minutos
            }
    }
mail-greeting = Hola:
mail-organiser = Organizador
mail-subject = Asunto
mail-when = Cuándo
# $start: date and time; $end: the time it ends; $tz: the time zone.
mail-when-value = { $start } – { $end } ({ $tz })
mail-duration = Duración
mail-duration-value =
    { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }
mail-your-role = Su rol
mail-description = Descripción
mail-invitees = Invitados
# One invitee as the organiser and moderators see them.
mail-invitee-line = { $person } — { $role }, { $answer }
mail-join = Unirse a la reunión
mail-accept = Aceptar
mail-decline = Rechazar
mail-add-to-calendar = Añadir a mi calendario
mail-start = Iniciar la reunión
mail-manage = Gestionar la reunión
mail-see-meeting = Ver la reunión
mail-replaces-previous = Este mensaje sustituye al anterior sobre esta reunión.
mail-personal-link = Estos enlaces son solo suyos: no reenvíe este mensaje.
mail-answer-hint = Indique al organizador si asistirá:
# $app: the service's name; $url: its address.
mail-footer = Enviado por { $app } ({ $url }).
# A mail to an invitee's answer address forwarded to the owner; $kind: counter (another
# time proposed from a calendar) or other (a person's own words).
mail-forward-subject =
    { $kind ->
        [counter] Nueva hora propuesta: { $subject }
       *[other] Mensaje sobre: { $subject }
    }
mail-forward-body =
    { $kind ->
        [counter] Una persona invitada propone, desde su calendario, otra hora para su videoconferencia siguiente. La propuesta va adjunta tal como llegó; jmb no cambia nada por sí mismo.
       *[other] Este mensaje se envió a la dirección de respuesta de su videoconferencia siguiente. Va adjunto tal como llegó.
    }
# An invitee answered one occurrence of a series; $answer: accepted, declined or tentative;
# $occurrence: the occurrence's original date and time.
mail-occurrence-answer =
    .subject =
        { $answer ->
            [declined] { $name } rechazó el { $occurrence }: { $subject }
            [tentative] { $name } quizá asista el { $occurrence }: { $subject }
           *[accepted] { $name } aceptó el { $occurrence }: { $subject }
        }
    .intro =
        { $answer ->
            [declined] { $name } rechazó la sesión del { $occurrence } de la serie siguiente. Su respuesta a las demás sesiones no cambia.
            [tentative] { $name } respondió «quizá» para la sesión del { $occurrence } de la serie siguiente. Su respuesta a las demás sesiones no cambia.
           *[accepted] { $name } aceptó la sesión del { $occurrence } de la serie siguiente. Su respuesta a las demás sesiones no cambia.
        }
