# The calendar feed: its page, and the name and description calendar programs show.

feed-intro = Abonnieren Sie diese Adresse in Ihrem Kalender (Thunderbird, Nextcloud, Outlook, Ihr Telefon): Er zeigt die Besprechungen, die Sie organisieren, und die, zu denen Sie eingeladen sind, mit den Antworten aller, und aktualisiert sich von selbst.
feed-private = Diese Adresse ist persönlich: Wer sie kennt, kann Ihre Besprechungen lesen.
feed-subscribe = Abonnieren
feed-rotate = Neue Adresse erzeugen
feed-rotate-hint = Die aktuelle Adresse funktioniert sofort nicht mehr; abonnieren Sie danach die neue.
feed-rotated = Eine neue Adresse wurde erzeugt; die bisherige funktioniert nicht mehr.
# $name: the person whose feed it is.
feed-name = Besprechungen von { $name }
# $app: the service's name; $url: its address.
feed-description = Mit { $app } gebuchte Videokonferenzen ({ $url })
