# Mails: a subject and an opening sentence for every case (what happened × who reads it),
# and the labels every mail shares.
# $subject: the meeting's subject; $owner: its organiser; $name: the person who answered;
# $when: how soon it starts (mail-lead-time).

mail-new-owner =
    .subject = Riunione prenotata: { $subject }
    .intro = Hai prenotato la videoconferenza qui sotto. Ogni invitato riceve il proprio link.
mail-new-participant =
    .subject = Invito: { $subject }
    .intro = { $owner } ti invita alla videoconferenza qui sotto.
mail-new-moderator =
    .subject = Invito a moderare: { $subject }
    .intro = { $owner } ti invita a moderare la videoconferenza qui sotto: il tuo link ti fa entrare come moderatore.
mail-update-owner =
    .subject = Riunione modificata: { $subject }
    .intro = Hai modificato la videoconferenza qui sotto. Tutte le persone interessate sono state avvisate.
mail-update-participant =
    .subject = Invito aggiornato: { $subject }
    .intro = { $owner } ha modificato la videoconferenza qui sotto.
mail-update-moderator =
    .subject = Invito a moderare aggiornato: { $subject }
    .intro = { $owner } ha modificato la videoconferenza qui sotto, che tu moderi.
mail-cancel-owner =
    .subject = Riunione annullata: { $subject }
    .intro = Hai annullato la videoconferenza qui sotto. Tutti gli invitati sono stati avvisati.
mail-cancel-participant =
    .subject = Annullata: { $subject }
    .intro = { $owner } ha annullato la videoconferenza qui sotto.
mail-cancel-moderator =
    .subject = Annullata: { $subject }
    .intro = { $owner } ha annullato la videoconferenza qui sotto, che avresti dovuto moderare.
mail-occurrence-cancel-owner =
    .subject = Incontro del { $occurrence } annullato: { $subject }
    .intro = Hai annullato l'incontro del { $occurrence } della serie qui sotto. Gli altri si svolgono come previsto. Tutti gli invitati sono stati avvisati.
mail-occurrence-cancel-invitee =
    .subject = Incontro del { $occurrence } annullato: { $subject }
    .intro = { $owner } ha annullato l'incontro del { $occurrence } della serie qui sotto. Gli altri si svolgono come previsto.
mail-occurrence-move-owner =
    .subject = Incontro del { $occurrence } spostato: { $subject }
    .intro = Hai spostato l'incontro del { $occurrence } della serie qui sotto all'orario indicato. Tutti gli invitati sono stati avvisati.
mail-occurrence-move-invitee =
    .subject = Incontro del { $occurrence } spostato: { $subject }
    .intro = { $owner } ha spostato l'incontro del { $occurrence } della serie qui sotto all'orario indicato. Gli altri si svolgono come previsto.
mail-removed =
    .subject = Non sei più invitato: { $subject }
    .intro = { $owner } ti ha tolto dall'elenco della videoconferenza qui sotto. Il tuo link non funziona più.
mail-role-moderator =
    .subject = Ora sei moderatore: { $subject }
    .intro = { $owner } ti ha nominato moderatore della videoconferenza qui sotto: il tuo link ora ti fa entrare come moderatore.
mail-role-participant =
    .subject = Il tuo ruolo è cambiato: { $subject }
    .intro = { $owner } ha cambiato il tuo ruolo nella videoconferenza qui sotto: ora partecipi senza moderare.
# $answer: accepted, declined or tentative.
mail-answer =
    .subject =
        { $answer ->
            [declined] { $name } ha rifiutato: { $subject }
            [tentative] { $name } forse partecipa: { $subject }
           *[accepted] { $name } ha accettato: { $subject }
        }
    .intro =
        { $answer ->
            [declined] { $name } ha rifiutato il tuo invito alla videoconferenza qui sotto.
            [tentative] { $name } ha risposto «forse» al tuo invito alla videoconferenza qui sotto.
           *[accepted] { $name } ha accettato il tuo invito alla videoconferenza qui sotto.
        }
# Several answers in one mail; $count: how many people answered.
mail-answers =
    .subject =
        { $count ->
            [one] { $count } risposta: { $subject }
           *[other] { $count } risposte: { $subject }
        }
    .intro =
        { $count ->
            [one] { $count } persona ha risposto al tuo invito alla videoconferenza qui sotto; ecco la sua ultima risposta.
           *[other] { $count } persone hanno risposto al tuo invito alla videoconferenza qui sotto; ecco l'ultima risposta di ciascuna.
        }
mail-reminder-owner =
    .subject = Promemoria: organizzi { $subject } { $when }
    .intro = La tua videoconferenza qui sotto inizia { $when }.
mail-reminder-participant =
    .subject = Promemoria: { $subject } { $when }
    .intro = La videoconferenza qui sotto, organizzata da { $owner }, inizia { $when }.
mail-reminder-moderator =
    .subject = Promemoria: moderi { $subject } { $when }
    .intro = La videoconferenza qui sotto, che moderi, inizia { $when }.
# How soon a meeting starts; $unit: minutes, hours or days.
mail-lead-time =
    { $unit ->
        [days]
            { $n ->
                [one] tra { $n } giorno
               *[other] tra { $n } giorni
            }
        [hours]
            { $n ->
                [one] tra { $n } ora
               *[other] tra { $n } ore
            }
       *[minutes]
            { $n ->
                [one] tra { $n } minuto
               *[other] tra { $n } minuti
            }
    }
mail-greeting = Buongiorno,
mail-organiser = Organizzatore
mail-subject = Oggetto
mail-when = Quando
# $start: date and time; $end: the time it ends; $tz: the time zone.
mail-when-value = { $start } – { $end } ({ $tz })
mail-duration = Durata
mail-duration-value =
    { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minuti
    }
mail-your-role = Il tuo ruolo
mail-description = Descrizione
mail-invitees = Invitati
# One invitee as the organiser and moderators see them.
mail-invitee-line = { $person } — { $role }, { $answer }
mail-join = Partecipa alla riunione
mail-accept = Accetta
mail-decline = Rifiuta
mail-add-to-calendar = Aggiungi al mio calendario
mail-start = Avvia la riunione
mail-manage = Gestisci la riunione
mail-see-meeting = Vedi la riunione
mail-replaces-previous = Questo messaggio sostituisce il precedente su questa riunione.
mail-personal-link = Questi link sono solo tuoi: non inoltrare questo messaggio.
mail-answer-hint = Fai sapere all'organizzatore se parteciperai:
# $app: the service's name; $url: its address.
mail-footer = Inviato da { $app } ({ $url }).
# A mail to an invitee's answer address forwarded to the owner; $kind: counter (another
# time proposed from a calendar) or other (a person's own words).
mail-forward-subject =
    { $kind ->
        [counter] Nuovo orario proposto: { $subject }
       *[other] Messaggio su: { $subject }
    }
mail-forward-body =
    { $kind ->
        [counter] Una persona invitata propone, dal suo calendario, un altro orario per la tua videoconferenza qui sotto. La proposta è allegata così come è arrivata; jmb non cambia nulla da sé.
       *[other] Questo messaggio è stato inviato all’indirizzo di risposta della tua videoconferenza qui sotto. È allegato così come è arrivato.
    }
# An invitee answered one occurrence of a series; $answer: accepted, declined or tentative;
# $occurrence: the occurrence's original date and time.
mail-occurrence-answer =
    .subject =
        { $answer ->
            [declined] { $name } ha rifiutato il { $occurrence }: { $subject }
            [tentative] { $name } forse parteciperà il { $occurrence }: { $subject }
           *[accepted] { $name } ha accettato il { $occurrence }: { $subject }
        }
    .intro =
        { $answer ->
            [declined] { $name } ha rifiutato l'incontro del { $occurrence } della serie qui sotto. La sua risposta agli altri incontri resta invariata.
            [tentative] { $name } ha risposto «forse» per l'incontro del { $occurrence } della serie qui sotto. La sua risposta agli altri incontri resta invariata.
           *[accepted] { $name } ha accettato l'incontro del { $occurrence } della serie qui sotto. La sua risposta agli altri incontri resta invariata.
        }
