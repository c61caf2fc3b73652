# The list of meetings, the booking form and a meeting's page.

booking-new = Nuova riunione
booking-edit = Modifica
booking-upcoming = Prossime
booking-past = Passate
booking-no-upcoming = Nessuna riunione in programma.
booking-no-past = Nessuna riunione negli ultimi giorni.
booking-show-more = Mostra altre
booking-show-older = Mostra le precedenti
booking-show-from-start = Torna alle prossime riunioni
booking-meet-now = Riunione immediata
booking-meet-now-hint = Apre subito una riunione di { $minutes } minuti; invita le persone dalla riunione.
booking-instant-subject = Riunione immediata
booking-start = Avvia
booking-join = Partecipa
booking-my-link = Il mio link
booking-start-link = Link di avvio
booking-nobody-invited = Nessun invitato
# One figure of a meeting's answers, e.g. "2 accepted".
booking-answer-count =
    { $answer ->
        [accepted]
            { $count ->
                [one] { $count } ha accettato
               *[other] { $count } hanno accettato
            }
        [declined]
            { $count ->
                [one] { $count } ha rifiutato
               *[other] { $count } hanno rifiutato
            }
        [tentative]
            { $count ->
                [one] { $count } forse
               *[other] { $count } forse
            }
       *[needs-action]
            { $count ->
                [one] { $count } non ha risposto
               *[other] { $count } non hanno risposto
            }
    }
form-error-summary = C'è un problema.
form-has-errors = Correggi i campi segnalati qui sotto.
form-save = Salva
form-create = Prenota la riunione
field-subject = Oggetto
field-date = Data
field-time = Ora
field-duration = Durata (minuti)
field-duration-presets = Durate comuni
field-description = Descrizione
field-invitees = Invitati
field-invitees-hint = Un indirizzo per riga: ann@example.org oppure Ann Smith <ann@example.org>
field-participants = Partecipanti
field-moderators = Moderatori
field-directory-lookup = Cerca nella rubrica
field-room = Nome della stanza
field-room-hint = Facoltativo: lettere minuscole, cifre, - e _. Lascia vuoto per un nome generato.
meeting-start = Inizio
# $minutes: the length; $end: the time it ends.
meeting-length = { $minutes } min (fine { $end })
meeting-owner = Organizzatore
meeting-start-button = Avvia la riunione
meeting-join = Partecipa alla riunione
meeting-cancel = Annulla la riunione
meeting-cancel-confirm = Annullare questa riunione? Tutti gli invitati saranno avvisati.
meeting-keep = Mantienila
meeting-no-invitees = Ancora nessun invitato.
meeting-not-open-yet = Questa riunione non è ancora aperta.
meeting-opens-at = Potrai partecipare a partire da { $when }.
meeting-is-over = Questa riunione è terminata.
meeting-was-cancelled = Questa riunione è stata annullata.
meeting-was-scheduled = Era prevista per { $when }: { $subject }
column-name = Nome
column-email = Indirizzo
column-role = Ruolo
column-answer = Risposta
column-personal-link = Link personale
# A person's role in a meeting.
role =
    { $role ->
        [moderator] moderatore
        [owner] organizzatore
       *[participant] partecipante
    }
# An invitee's answer.
answer-state =
    { $answer ->
        [accepted] accettato
        [declined] rifiutato
        [tentative] forse
       *[needs-action] nessuna risposta
    }
meeting-status =
    { $status ->
        [scheduled] prevista
        [cancelled] annullata
        [in-progress] in corso
       *[completed] terminata
    }
# Beside an invitee whose mail bounced; $status: the delivery report's code, e.g. 5.1.1.
meeting-bouncing = la mail è tornata indietro ({ $status })
