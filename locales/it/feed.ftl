# The calendar feed: its page, and the name and description calendar programs show.

feed-intro = Abbona il tuo calendario (Thunderbird, Nextcloud, Outlook, il tuo telefono) a questo indirizzo: mostra le riunioni che organizzi e quelle a cui sei invitato, con le risposte di tutti, e si aggiorna da solo.
feed-private = Questo indirizzo è personale: chiunque lo abbia può leggere le tue riunioni.
feed-subscribe = Abbonati
feed-rotate = Crea un nuovo indirizzo
feed-rotate-hint = L'indirizzo attuale smette subito di funzionare; abbonati di nuovo con quello nuovo.
feed-rotated = È stato creato un nuovo indirizzo; quello precedente non funziona più.
# $name: the person whose feed it is.
feed-name = Riunioni di { $name }
# $app: the service's name; $url: its address.
feed-description = Videoconferenze prenotate con { $app } ({ $url })
