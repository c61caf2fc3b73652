# The page an invitee opens from the personal link in their invitation.

invitation-invited-by = Invito di
invitation-your-role = Il tuo ruolo
invitation-your-answer = La tua risposta:
invitation-will-you-come = Parteciperai?
invitation-change-answer = Puoi cambiare la tua risposta:
invitation-confirm-answer = Conferma con il pulsante qui sotto: nulla viene registrato finché non lo premi.
invitation-answer-recorded = Grazie: la tua risposta è stata registrata. Puoi cambiarla in qualsiasi momento da questa pagina.
invitation-accept = Accetta
invitation-maybe = Forse
invitation-decline = Rifiuta
invitation-add-to-calendar = Aggiungi al mio calendario
invitation-cancelled-no-answer = Questa riunione è stata annullata: non c'è nulla a cui rispondere.
invitation-bad-answer = La risposta deve essere accetta, forse o rifiuta.
invitation-occurrences = Prossime date
invitation-occurrences-hint = La risposta qui sopra vale per tutte le date della serie. Per rispondere diversamente a una data, usi i suoi pulsanti.
