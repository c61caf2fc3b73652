# The calendar feed: its page, and the name and description calendar programs show.

feed-intro = Suscriba su calendario (Thunderbird, Nextcloud, Outlook, su teléfono) a esta dirección: muestra las reuniones que organiza y aquellas a las que está invitado, con las respuestas de todos, y se actualiza solo.
feed-private = Esta dirección es personal: quien la tenga puede leer sus reuniones.
feed-subscribe = Suscribirse
feed-rotate = Crear una dirección nueva
feed-rotate-hint = La dirección actual deja de funcionar de inmediato; vuelva a suscribirse con la nueva.
feed-rotated = Se ha creado una dirección nueva; la anterior ya no funciona.
# $name: the person whose feed it is.
feed-name = Reuniones de { $name }
# $app: the service's name; $url: its address.
feed-description = Videoconferencias reservadas con { $app } ({ $url })
