# What jmb says in a meeting room's chat.

chat-ends-in =
    { $minutes ->
        [one] Esta reunión termina dentro de { $minutes } minuto.
       *[other] Esta reunión termina dentro de { $minutes } minutos.
    }
chat-ended = Esta reunión ha terminado.
