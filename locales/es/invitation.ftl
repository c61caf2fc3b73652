# The page an invitee opens from the personal link in their invitation.

invitation-invited-by = Invitación de
invitation-your-role = Su rol
invitation-your-answer = Su respuesta:
invitation-will-you-come = ¿Participará?
invitation-change-answer = Puede cambiar su respuesta:
invitation-confirm-answer = Confirme con el botón de abajo: no se guarda nada hasta que lo pulse.
invitation-answer-recorded = Gracias: su respuesta ha quedado registrada. Puede cambiarla en cualquier momento desde esta página.
invitation-accept = Aceptar
invitation-maybe = Quizá
invitation-decline = Rechazar
invitation-add-to-calendar = Añadir a mi calendario
invitation-cancelled-no-answer = Esta reunión fue anulada: no hay nada que responder.
invitation-bad-answer = La respuesta debe ser aceptar, quizá o rechazar.
invitation-occurrences = Próximas fechas
invitation-occurrences-hint = Su respuesta de arriba vale para todas las fechas de la serie. Para responder de otro modo a una fecha, use sus propios botones.
