# The page an invitee opens from the personal link in their invitation.

invitation-invited-by = Invitation de
invitation-your-role = Votre rôle
invitation-your-answer = Votre réponse :
invitation-will-you-come = Participerez-vous ?
invitation-change-answer = Vous pouvez changer votre réponse :
invitation-confirm-answer = Confirmez avec le bouton ci-dessous : rien n'est enregistré avant que vous appuyiez dessus.
invitation-answer-recorded = Merci : votre réponse est enregistrée. Vous pouvez la changer à tout moment depuis cette page.
invitation-accept = Accepter
invitation-maybe = Peut-être
invitation-decline = Décliner
invitation-add-to-calendar = Ajouter à mon agenda
invitation-cancelled-no-answer = Cette réunion a été annulée : il n'y a rien à répondre.
invitation-bad-answer = La réponse doit être accepter, peut-être ou décliner.
invitation-occurrences = Prochaines dates
invitation-occurrences-hint = Votre réponse ci-dessus vaut pour toutes les dates de la série. Pour répondre autrement à une date, utilisez ses propres boutons.
