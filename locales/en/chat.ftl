# What jmb says in a meeting room's chat.

chat-ends-in =
    { $minutes ->
        [one] This meeting ends in { $minutes } minute.
       *[other] This meeting ends in { $minutes } minutes.
    }
chat-ended = This meeting has ended.
