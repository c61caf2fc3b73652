# Error pages, API error messages and the messages shown beside a form's fields.

error-title = Algo ha fallado
error-400 = La solicitud no es válida.
# $detail: what the parser said about the request (technical, in English).
error-400-detail = La solicitud no es válida: { $detail }
error-directory-query = La búsqueda debe tener de 1 a { $max } caracteres imprimibles de un nombre o una dirección de correo.
# $lang: the tag that was asked for.
error-unknown-language = jmb no ofrece el idioma «{ $lang }».
error-401 = Debe iniciar sesión para ver esta página.
error-403 = No tiene permiso para hacer esto.
error-403-csrf = Este formulario ha caducado o no procede de este sitio. Vuelva atrás, recargue la página e inténtelo de nuevo.
error-403-not-owner = Solo el organizador de esta reunión puede hacer esto.
error-403-not-editor = Su cuenta no permite reservar reuniones. Si lo necesita, consulte a su administrador.
error-404 = No hay nada en esta dirección.
error-404-link = Este enlace no es válido. Compruebe que lo ha copiado entero o pida una nueva invitación al organizador.
error-409 = No es posible en el estado actual de la reunión.
error-413 = Lo que ha enviado es demasiado grande.
error-415 = Tipo de contenido no admitido.
error-500 = Algo ha fallado por nuestra parte. Inténtelo de nuevo más tarde.
error-503-directory = El directorio que indica quién puede reservar reuniones no está disponible en este momento. Sus reuniones y enlaces siguen funcionando; intente reservar de nuevo dentro de unos minutos.
error-503-database = El servicio no puede acceder a su base de datos en este momento. No se ha cambiado nada; inténtelo de nuevo dentro de un minuto.
login-failed-provider = El servicio de inicio de sesión no está disponible en este momento.
login-failed-refused = El servicio de inicio de sesión no le ha dejado entrar.
login-failed-answer = No se ha podido verificar su inicio de sesión.
# $reason: what the login service said.
login-try-again = ({ $reason }) Vuelva a la página de inicio e inicie sesión de nuevo; si sigue fallando, comunique a su administrador lo que dice esta página.
problem-required = Este campo es obligatorio.
problem-too-long = { $max } caracteres como máximo.
problem-invalid-date = Fecha no válida (formato esperado: AAAA-MM-DD).
problem-invalid-time = Hora no válida (formato esperado: HH:MM).
problem-invalid-datetime = Fecha y hora no válidas (formato esperado: RFC 3339, p. ej. 2026-12-01T09:30:00+01:00).
problem-nonexistent-local-time = Esta hora no existe ese día (cambio de horario).
problem-start-in-past = El inicio está en el pasado.
problem-invalid-number = Se espera un número entero.
problem-duration-out-of-range = La duración debe estar entre { $min } y { $max } minutos.
problem-invalid-email = «{ $value }» no es una dirección de correo válida.
problem-duplicate-invitee = { $email } está invitado más de una vez.
problem-too-many-invitees = { $max } invitados como máximo.
# $domains: the organisation's mail domains, empty when none is configured.
problem-outside =
    { $domains ->
        [none] fuera de la organización
       *[other] fuera de { $domains }
    }
# $outside: problem-outside; $adding: new addresses; $sent: mailed in the last hour.
problem-too-many-external-mails =
    { $adding ->
        [one] Esto enviaría la reunión a { $adding } dirección { $outside }
       *[other] Esto enviaría la reunión a { $adding } direcciones { $outside }
    }; ya ha escrito a { $sent } en la última hora, y se permiten como máximo { $max } por hora. Inténtelo más tarde o invite a menos personas de fuera.
problem-invalid-role = Rol desconocido (participant o moderator).
problem-room-not-url-safe = De 3 a 64 caracteres: minúsculas, cifras, - y _ (empezando por una letra o una cifra).
problem-room-taken = Este nombre de sala ya está ocupado.
problem-invalid-answer = Respuesta desconocida.
problem-invisible-character = Aquí no se permiten caracteres invisibles, de control ni espacios.
# Repeat rules of a series (the API's recurrence object, the form's repeat section).
problem-recurrence-frequency = «{ $value }» no es una repetición disponible (diaria, semanal o mensual).
problem-recurrence-part = La parte de regla { $part } no está disponible.
problem-recurrence-interval = Repetir cada 1 a { $max } días, semanas o meses.
problem-recurrence-weekday = «{ $value }» no es un día de la semana (MO, TU, WE, TH, FR, SA, SU; mensual p. ej. 2TU o -1FR).
problem-recurrence-month-day = { $value } no es un día del mes (1 a 31, o -1 para el último día).
problem-recurrence-days = Estos días no encajan con la repetición: semanal admite días de la semana, mensual un día del mes o un día como el segundo martes, diaria ninguno.
problem-recurrence-end-required = Una serie debe terminar: indique una fecha final o un número de reuniones.
problem-recurrence-until-and-count = Indique una fecha final o un número de reuniones, no ambos.
problem-recurrence-count = Entre 1 y { $max } reuniones.
problem-recurrence-until-before-start = La fecha final es anterior a la primera reunión.
problem-recurrence-too-long = Una serie tiene como máximo { $max } reuniones y dura como máximo { $months } meses.
problem-recurrence-start-not-in-rule = La primera reunión no cae en ninguno de los días elegidos.
problem-recurrence-nonexistent-time = El { $date } esta hora no existe (cambio de hora): elija otra hora.
problem-recurrence-ambiguous-time = El { $date } esta hora ocurre dos veces (cambio de hora): elija otra hora.
problem-recurrence-unparsable = No se puede leer esta regla de repetición.
problem-endpoint-refused = Esta dirección no puede recibir webhooks: debe ser una URL https:// en Internet, fuera de la red de este sitio.
problem-unknown-event-type = «{ $value }» no es un tipo de evento que jmb envíe.
problem-not-an-occurrence = Esta no es una fecha de la serie de esta reunión.
problem-occurrence-cancelled = Esta fecha de la serie se canceló: no hay nada que responder.
