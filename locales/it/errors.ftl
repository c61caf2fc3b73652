# Error pages, API error messages and the messages shown beside a form's fields.

error-title = Qualcosa non va
error-400 = La richiesta non è valida.
# $detail: what the parser said about the request (technical, in English).
error-400-detail = La richiesta non è valida: { $detail }
error-directory-query = La ricerca deve contenere da 1 a { $max } caratteri stampabili di un nome o di un indirizzo email.
# $lang: the tag that was asked for.
error-unknown-language = jmb non offre la lingua «{ $lang }».
error-401 = Devi accedere per vedere questa pagina.
error-403 = Non sei autorizzato a farlo.
error-403-csrf = Questo modulo è scaduto o non proviene da questo sito. Torna indietro, ricarica la pagina e riprova.
error-403-not-owner = Solo l'organizzatore di questa riunione può farlo.
error-403-not-editor = Il tuo account non può prenotare riunioni. Se ti serve, chiedi al tuo amministratore.
error-404 = A questo indirizzo non c'è nulla.
error-404-link = Questo link non è valido. Verifica di averlo copiato per intero, oppure chiedi un nuovo invito all'organizzatore.
error-409 = Non è possibile nello stato attuale della riunione.
error-413 = Quello che hai inviato è troppo grande.
error-415 = Tipo di contenuto non supportato.
error-500 = Si è verificato un errore da parte nostra. Riprova più tardi.
error-503-directory = La rubrica che indica chi può prenotare riunioni non è raggiungibile in questo momento. Le tue riunioni e i tuoi link funzionano ancora; riprova a prenotare tra qualche minuto.
error-503-database = Il servizio non riesce a raggiungere il suo database in questo momento. Non è stato modificato nulla; riprova tra un minuto.
login-failed-provider = Il servizio di accesso non è disponibile in questo momento.
login-failed-refused = Il servizio di accesso non ti ha fatto entrare.
login-failed-answer = Non è stato possibile verificare il tuo accesso.
# $reason: what the login service said.
login-try-again = ({ $reason }) Torna alla pagina iniziale e accedi di nuovo; se continua a non funzionare, riferisci al tuo amministratore cosa dice questa pagina.
problem-required = Questo campo è obbligatorio.
problem-too-long = Al massimo { $max } caratteri.
problem-invalid-date = Data non valida (formato atteso: AAAA-MM-GG).
problem-invalid-time = Ora non valida (formato atteso: HH:MM).
problem-invalid-datetime = Data e ora non valide (formato atteso: RFC 3339, ad es. 2026-12-01T09:30:00+01:00).
problem-nonexistent-local-time = Quest'ora non esiste in quel giorno (cambio dell'ora legale).
problem-start-in-past = L'inizio è nel passato.
problem-invalid-number = È richiesto un numero intero.
problem-duration-out-of-range = La durata deve essere compresa tra { $min } e { $max } minuti.
problem-invalid-email = «{ $value }» non è un indirizzo email valido.
problem-duplicate-invitee = { $email } è invitato più di una volta.
problem-too-many-invitees = Al massimo { $max } invitati.
# $domains: the organisation's mail domains, empty when none is configured.
problem-outside =
    { $domains ->
        [none] al di fuori dell'organizzazione
       *[other] al di fuori di { $domains }
    }
# $outside: problem-outside; $adding: new addresses; $sent: mailed in the last hour.
problem-too-many-external-mails =
    { $adding ->
        [one] Così la riunione verrebbe inviata a { $adding } indirizzo { $outside }
       *[other] Così la riunione verrebbe inviata a { $adding } indirizzi { $outside }
    }; nell'ultima ora ne hai già scritti { $sent } e ne sono consentiti al massimo { $max } all'ora. Riprova più tardi o invita meno persone esterne.
problem-invalid-role = Ruolo sconosciuto (participant o moderator).
problem-room-not-url-safe = Da 3 a 64 caratteri: lettere minuscole, cifre, - e _ (iniziando con una lettera o una cifra).
problem-room-taken = Questo nome di stanza è già in uso.
problem-invalid-answer = Risposta sconosciuta.
problem-invisible-character = Qui non sono ammessi caratteri invisibili, di controllo o spazi.
# Repeat rules of a series (the API's recurrence object, the form's repeat section).
problem-recurrence-frequency = «{ $value }» non è una ripetizione disponibile (giornaliera, settimanale o mensile).
problem-recurrence-part = La parte di regola { $part } non è disponibile.
problem-recurrence-interval = Ripetere ogni 1–{ $max } giorni, settimane o mesi.
problem-recurrence-weekday = «{ $value }» non è un giorno della settimana (MO, TU, WE, TH, FR, SA, SU; mensile ad es. 2TU o -1FR).
problem-recurrence-month-day = { $value } non è un giorno del mese (da 1 a 31, o -1 per l'ultimo giorno).
problem-recurrence-days = Questi giorni non si adattano alla ripetizione: settimanale accetta giorni della settimana, mensile un giorno del mese o un giorno come il secondo martedì, giornaliera nessuno.
problem-recurrence-end-required = Una serie deve finire: indicate una data finale o un numero di riunioni.
problem-recurrence-until-and-count = Indicate una data finale o un numero di riunioni, non entrambi.
problem-recurrence-count = Tra 1 e { $max } riunioni.
problem-recurrence-until-before-start = La data finale precede la prima riunione.
problem-recurrence-too-long = Una serie ha al massimo { $max } riunioni e dura al massimo { $months } mesi.
problem-recurrence-start-not-in-rule = La prima riunione non cade in uno dei giorni scelti.
problem-recurrence-nonexistent-time = Il { $date } quest'ora non esiste (cambio dell'ora): scegliete un'altra ora.
problem-recurrence-ambiguous-time = Il { $date } quest'ora capita due volte (cambio dell'ora): scegliete un'altra ora.
problem-recurrence-unparsable = Questa regola di ripetizione non è leggibile.
problem-endpoint-refused = Questo indirizzo non può ricevere webhook: deve essere un URL https:// su Internet, non nella rete di questo sito.
problem-unknown-event-type = «{ $value }» non è un tipo di evento inviato da jmb.
problem-not-an-occurrence = Questa non è una data della serie di questa riunione.
problem-occurrence-cancelled = Questa data della serie è stata annullata: non c'è nulla a cui rispondere.
