# The page an invitee opens from the personal link in their invitation.

invitation-invited-by = Eingeladen von
invitation-your-role = Ihre Rolle
invitation-your-answer = Ihre Antwort:
invitation-will-you-come = Nehmen Sie teil?
invitation-change-answer = Sie können Ihre Antwort ändern:
invitation-confirm-answer = Bestätigen Sie mit der Schaltfläche unten: Erst dann wird etwas gespeichert.
invitation-answer-recorded = Danke, Ihre Antwort ist gespeichert. Sie können sie jederzeit auf dieser Seite ändern.
invitation-accept = Zusagen
invitation-maybe = Vielleicht
invitation-decline = Absagen
invitation-add-to-calendar = Zu meinem Kalender hinzufügen
invitation-cancelled-no-answer = Diese Besprechung wurde abgesagt: Es gibt nichts zu beantworten.
invitation-bad-answer = Die Antwort muss „zusagen“, „vielleicht“ oder „absagen“ sein.
invitation-occurrences = Nächste Termine
invitation-occurrences-hint = Ihre Antwort oben gilt für alle Termine der Serie. Um auf einen Termin anders zu antworten, nutzen Sie seine eigenen Schaltflächen.
