# What jmb says in a meeting room's chat.

chat-ends-in =
    { $minutes ->
        [one] Questa riunione termina tra { $minutes } minuto.
       *[other] Questa riunione termina tra { $minutes } minuti.
    }
chat-ended = Questa riunione è terminata.
