# The personal room, the meeting shown inside a page, and what happened in a room
# (attendance and recordings).

room-intro = Ihr eigener Besprechungsraum, jederzeit verfügbar: Öffnen Sie ihn, wann immer Sie ein Gespräch brauchen, ohne Buchung. Sie betreten ihn als Moderator.
room-open = Meinen Raum öffnen
room-guest-link = Gastlink
room-guest-link-hint = Jeder mit diesem Link kann Ihren Raum als Gast betreten, ohne Moderatorrechte.
room-guest-rotate = Neuen Gastlink erzeugen
room-guest-rotate-hint = Der aktuelle Gastlink und Raumname funktionieren sofort nicht mehr.
room-guest-rotated = Ein neuer Gastlink und Raumname wurden erzeugt; die bisherigen funktionieren nicht mehr.
# $name: the owner of the room.
room-subject = Raum von { $name }
embed-fallback = Besprechung in Jitsi Meet öffnen
embed-noscript = Wenn die Besprechung hier nicht erscheint, öffnen Sie sie direkt:
embed-leave = Verlassen
attendance-heading = Anwesenheit
attendance-none = Bisher war niemand im Raum.
attendance-first-joined = Erster Beitritt
attendance-last-left = Letztes Verlassen
attendance-time-present = Anwesenheitsdauer
attendance-seconds = Sekunden
attendance-moderator = Moderator
attendance-yes = ja
attendance-no = nein
attendance-still-here = noch im Raum
# People without a token are numbered in order of arrival.
attendance-guest = Gast { $number }
attendance-download = Herunterladen (CSV)
recordings-heading = Aufzeichnungen
recording-status =
    { $status ->
        [started] läuft
        [failed] fehlgeschlagen
       *[stopped] beendet
    }
