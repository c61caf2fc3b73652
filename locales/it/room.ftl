# The personal room, the meeting shown inside a page, and what happened in a room
# (attendance and recordings).

room-intro = La tua stanza personale, sempre disponibile: aprila quando ti serve una chiamata, senza prenotare. Entri come moderatore.
room-open = Apri la mia stanza
room-guest-link = Link ospite
room-guest-link-hint = Chiunque abbia questo link può entrare nella tua stanza come ospite, senza diritti di moderatore.
room-guest-rotate = Crea un nuovo link ospite
room-guest-rotate-hint = Il link ospite e il nome della stanza attuali smettono subito di funzionare.
room-guest-rotated = Sono stati creati un nuovo link ospite e un nuovo nome della stanza; quelli precedenti non funzionano più.
# $name: the owner of the room.
room-subject = Stanza di { $name }
embed-fallback = Apri la riunione in Jitsi Meet
embed-noscript = Se la riunione non compare qui, aprila direttamente:
embed-leave = Esci
attendance-heading = Presenze
attendance-none = Nessuno è ancora entrato nella stanza.
attendance-first-joined = Primo ingresso
attendance-last-left = Ultima uscita
attendance-time-present = Tempo di presenza
attendance-seconds = Secondi
attendance-moderator = Moderatore
attendance-yes = sì
attendance-no = no
attendance-still-here = ancora nella stanza
# People without a token are numbered in order of arrival.
attendance-guest = Ospite { $number }
attendance-download = Scarica (CSV)
recordings-heading = Registrazioni
recording-status =
    { $status ->
        [started] in registrazione
        [failed] non riuscita
       *[stopped] terminata
    }
