# What jmb says in a meeting room's chat.

chat-ends-in =
    { $minutes ->
        [one] Diese Besprechung endet in { $minutes } Minute.
       *[other] Diese Besprechung endet in { $minutes } Minuten.
    }
chat-ended = Diese Besprechung ist beendet.
