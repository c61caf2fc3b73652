# The calendar feed: its page, and the name and description calendar programs show.

feed-intro = Abonnez votre agenda (Thunderbird, Nextcloud, Outlook, votre téléphone) à cette adresse : il affiche les réunions que vous organisez et celles auxquelles vous êtes invité, avec les réponses de chacun, et se met à jour tout seul.
feed-private = Cette adresse est personnelle : quiconque la connaît peut lire vos réunions.
feed-subscribe = S'abonner
feed-rotate = Créer une nouvelle adresse
feed-rotate-hint = L'adresse actuelle cesse aussitôt de fonctionner ; abonnez-vous de nouveau avec la nouvelle.
feed-rotated = Une nouvelle adresse a été créée ; la précédente ne fonctionne plus.
# $name: the person whose feed it is.
feed-name = Réunions de { $name }
# $app: the service's name; $url: its address.
feed-description = Visioconférences réservées avec { $app } ({ $url })
