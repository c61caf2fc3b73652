# What jmb says in a meeting room's chat.

chat-ends-in =
    { $minutes ->
        [one] La réunion se termine dans { $minutes } minute.
       *[other] La réunion se termine dans { $minutes } minutes.
    }
chat-ended = La réunion est terminée.
