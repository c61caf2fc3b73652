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

# Series on the organiser's pages: the booking form's repeat section, the list's hint,
# the meeting page's occurrences and the page moving one of them; $when: a date and time.
repeat-legend = Ripetizione
repeat-frequency = Si ripete
repeat-none = Non si ripete
repeat-daily = Ogni giorno
repeat-weekly = Ogni settimana
repeat-monthly = Ogni mese
repeat-interval = Ogni
repeat-interval-hint = 1: ogni giorno, settimana o mese; 2: uno sì e uno no…
repeat-weekly-on = Ogni settimana il
repeat-monthly-on = Ogni mese il
repeat-month-day = Giorno del mese
repeat-month-day-hint = Vuoto: il giorno della prima riunione; -1: l’ultimo giorno del mese.
repeat-month-weekday = Il
repeat-nth = Quale settimana del mese
repeat-nth-1 = primo
repeat-nth-2 = secondo
repeat-nth-3 = terzo
repeat-nth-4 = quarto
repeat-nth-last = ultimo
repeat-weekday = Giorno della settimana
repeat-day-mo = lunedì
repeat-day-tu = martedì
repeat-day-we = mercoledì
repeat-day-th = giovedì
repeat-day-fr = venerdì
repeat-day-sa = sabato
repeat-day-su = domenica
repeat-ends = Termina
repeat-ends-count = Dopo questo numero di riunioni
repeat-ends-until = In questa data (il giorno dell’ultima riunione)
booking-repeats-daily = ogni giorno
booking-repeats-weekly = ogni settimana
booking-repeats-monthly = ogni mese
occurrences-heading = Incontri
occurrences-none = Nessun incontro in arrivo.
occurrence-scheduled = Previsto
occurrence-cancelled = Annullato
occurrence-moved = Spostato
occurrence-cancel = Annulla questo
occurrence-move = Sposta
column-occurrence = Quando
column-answers = Risposte
column-actions = Azioni
occurrence-edit-title = Spostare un incontro
occurrence-edit-intro = L’incontro del { $when }: spostarlo da solo, o con tutti i successivi, che formano allora una nuova serie (ognuno conserva il proprio link personale).
occurrence-edit-save = Sposta questo incontro
occurrence-edit-following = Questo e tutti i successivi
