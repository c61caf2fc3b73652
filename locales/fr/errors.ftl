# Error pages, API error messages and the messages shown beside a form's fields.

error-title = Un problème est survenu
error-400 = La requête n'est pas valide.
# $detail: what the parser said about the request (technical, in English).
error-400-detail = La requête n'est pas valide : { $detail }
error-directory-query = La recherche doit compter de 1 à { $max } caractères imprimables d'un nom ou d'une adresse.
# $lang: the tag that was asked for.
error-unknown-language = jmb ne propose pas la langue « { $lang } ».
error-401 = Vous devez vous connecter pour voir cette page.
error-403 = Vous n'avez pas le droit de faire cela.
error-403-csrf = Ce formulaire a expiré ou ne vient pas de ce site. Revenez en arrière, rechargez la page et recommencez.
error-403-not-owner = Seul l'organisateur de cette réunion peut faire cela.
error-403-not-editor = Votre compte ne permet pas de réserver des réunions. Adressez-vous à votre administrateur si nécessaire.
error-404 = Il n'y a rien à cette adresse.
error-404-link = Ce lien n'est pas valide. Vérifiez que vous l'avez copié en entier, ou demandez une nouvelle invitation à l'organisateur.
error-409 = Impossible dans l'état actuel de la réunion.
error-413 = Ce que vous avez envoyé est trop volumineux.
error-415 = Type de contenu non pris en charge.
error-500 = Une erreur s'est produite de notre côté. Merci de réessayer plus tard.
error-503-directory = L'annuaire qui indique qui peut réserver des réunions est injoignable pour le moment. Vos réunions et vos liens fonctionnent toujours ; merci de réessayer de réserver dans quelques minutes.
error-503-database = Le service ne peut pas joindre sa base de données pour le moment. Rien n'a été modifié ; merci de réessayer dans une minute.
login-failed-provider = Le service de connexion est indisponible pour le moment.
login-failed-refused = Le service de connexion a refusé votre connexion.
login-failed-answer = Votre connexion n'a pas pu être vérifiée.
# $reason: what the login service said.
login-try-again = ({ $reason }) Revenez à la page d'accueil et reconnectez-vous ; si le problème persiste, transmettez à votre administrateur ce qu'indique cette page.
problem-required = Ce champ est obligatoire.
problem-too-long = { $max } caractères au plus.
problem-invalid-date = Date invalide (attendu : AAAA-MM-JJ).
problem-invalid-time = Heure invalide (attendu : HH:MM).
problem-invalid-datetime = Date et heure invalides (attendu : RFC 3339, par exemple 2026-12-01T09:30:00+01:00).
problem-nonexistent-local-time = Cette heure n'existe pas ce jour-là (changement d'heure).
problem-start-in-past = Le début est dans le passé.
problem-invalid-number = Nombre entier attendu.
problem-duration-out-of-range = La durée doit être comprise entre { $min } et { $max } minutes.
problem-invalid-email = « { $value } » n'est pas une adresse de messagerie valide.
problem-duplicate-invitee = { $email } est invité plus d'une fois.
problem-too-many-invitees = { $max } invités au plus.
# $domains: the organisation's mail domains, empty when none is configured.
problem-outside =
    { $domains ->
        [none] hors de l'organisation
       *[other] hors de { $domains }
    }
# $outside: problem-outside; $adding: new addresses; $sent: mailed in the last hour.
problem-too-many-external-mails =
    { $adding ->
        [one] Cela enverrait la réunion à { $adding } adresse { $outside }
       *[other] Cela enverrait la réunion à { $adding } adresses { $outside }
    }, alors que vous en avez déjà écrit { $sent } dans l'heure, pour un maximum de { $max } par heure. Réessayez plus tard, ou invitez moins de personnes extérieures.
problem-invalid-role = Rôle inconnu (participant ou moderator).
problem-room-not-url-safe = De 3 à 64 caractères : lettres minuscules, chiffres, - et _ (commençant par une lettre ou un chiffre).
problem-room-taken = Ce nom de salle est déjà pris.
problem-invalid-answer = Réponse inconnue.
problem-invisible-character = Caractère invisible, de contrôle ou d'espacement interdit ici.
# Repeat rules of a series (the API's recurrence object, the form's repeat section).
problem-recurrence-frequency = « { $value } » n'est pas une répétition proposée (quotidienne, hebdomadaire ou mensuelle).
problem-recurrence-part = La partie de règle { $part } n'est pas proposée.
problem-recurrence-interval = Répéter tous les 1 à { $max } jours, semaines ou mois.
problem-recurrence-weekday = « { $value } » n'est pas un jour de la semaine (MO, TU, WE, TH, FR, SA, SU ; en mensuel par ex. 2TU ou -1FR).
problem-recurrence-month-day = { $value } n'est pas un jour du mois (1 à 31, ou -1 pour le dernier jour).
problem-recurrence-days = Ces jours ne conviennent pas à la répétition : hebdomadaire prend des jours de la semaine, mensuelle un jour du mois ou un jour comme le deuxième mardi, quotidienne aucun.
problem-recurrence-end-required = Une série doit finir : indiquez une date de fin ou un nombre de réunions.
problem-recurrence-until-and-count = Indiquez une date de fin ou un nombre de réunions, pas les deux.
problem-recurrence-count = Entre 1 et { $max } réunions.
problem-recurrence-until-before-start = La date de fin précède la première réunion.
problem-recurrence-too-long = Une série compte au plus { $max } réunions et dure au plus { $months } mois.
problem-recurrence-start-not-in-rule = La première réunion ne tombe pas un des jours choisis.
problem-recurrence-nonexistent-time = Le { $date }, cette heure n'existe pas (changement d'heure) : choisissez une autre heure.
problem-recurrence-ambiguous-time = Le { $date }, cette heure a lieu deux fois (changement d'heure) : choisissez une autre heure.
problem-recurrence-unparsable = Cette règle de répétition est illisible.
problem-endpoint-refused = Cette adresse ne peut pas recevoir de webhooks : il faut une URL https:// sur Internet, hors du réseau de ce site.
problem-unknown-event-type = « { $value } » n'est pas un type d'événement envoyé par jmb.
problem-not-an-occurrence = Ce n'est pas une date de la série de cette réunion.
problem-occurrence-cancelled = Cette date de la série a été annulée : il n'y a rien à répondre.
