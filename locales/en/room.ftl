# The personal room, the meeting shown inside a page, and what happened in a room
# (attendance and recordings).

room-intro = Your own meeting room, always available: open it whenever you need a call, without booking. You enter as moderator.
room-open = Open my room
room-guest-link = Guest link
room-guest-link-hint = Anyone with this link can join your room as a guest, without moderator rights.
room-guest-rotate = Make a new guest link
room-guest-rotate-hint = The current guest link and room name stop working at once.
room-guest-rotated = A new guest link and room name were made; the previous ones no longer work.
# $name: the owner of the room.
room-subject = Room of { $name }
embed-fallback = Open the meeting in Jitsi Meet
embed-noscript = If the meeting does not show here, open it directly:
embed-leave = Leave
attendance-heading = Attendance
attendance-none = Nobody has been in the room yet.
attendance-first-joined = First joined
attendance-last-left = Last left
attendance-time-present = Time present
attendance-seconds = Seconds
attendance-moderator = Moderator
attendance-yes = yes
attendance-no = no
attendance-still-here = still in the room
# People without a token are numbered in order of arrival.
attendance-guest = Guest { $number }
attendance-download = Download (CSV)
recordings-heading = Recordings
recording-status =
    { $status ->
        [started] recording
        [failed] failed
       *[stopped] finished
    }
