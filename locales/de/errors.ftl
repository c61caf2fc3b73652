# Error pages, API error messages and the messages shown beside a form's fields.

error-title = Etwas ist schiefgelaufen
error-400 = Die Anfrage ist ungültig.
# $detail: what the parser said about the request (technical, in English).
error-400-detail = Die Anfrage ist ungültig: { $detail }
error-directory-query = Die Suche muss aus 1 bis { $max } druckbaren Zeichen eines Namens oder einer E-Mail-Adresse bestehen.
# $lang: the tag that was asked for.
error-unknown-language = jmb bietet die Sprache „{ $lang }“ nicht an.
error-401 = Sie müssen sich anmelden, um diese Seite zu sehen.
error-403 = Dazu sind Sie nicht berechtigt.
error-403-csrf = Dieses Formular ist abgelaufen oder stammt nicht von dieser Website. Gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es noch einmal.
error-403-not-owner = Nur der Organisator dieser Besprechung kann das tun.
error-403-not-editor = Mit Ihrem Konto können Sie keine Besprechungen buchen. Wenden Sie sich bei Bedarf an Ihre Administration.
error-404 = Unter dieser Adresse gibt es nichts.
error-404-link = Dieser Link ist ungültig. Prüfen Sie, ob Sie ihn vollständig kopiert haben, oder bitten Sie den Organisator um eine neue Einladung.
error-409 = Das ist im aktuellen Zustand der Besprechung nicht möglich.
error-413 = Was Sie gesendet haben, ist zu groß.
error-415 = Nicht unterstützter Inhaltstyp.
error-500 = Bei uns ist ein Fehler aufgetreten. Bitte versuchen Sie es später noch einmal.
error-503-directory = Das Verzeichnis, das festlegt, wer Besprechungen buchen darf, ist gerade nicht erreichbar. Ihre Besprechungen und Links funktionieren weiterhin; bitte versuchen Sie die Buchung in ein paar Minuten erneut.
error-503-database = Der Dienst erreicht seine Datenbank gerade nicht. Es wurde nichts geändert; bitte versuchen Sie es in einer Minute erneut.
login-failed-provider = Der Anmeldedienst ist gerade nicht verfügbar.
login-failed-refused = Der Anmeldedienst hat Ihre Anmeldung abgelehnt.
login-failed-answer = Ihre Anmeldung konnte nicht überprüft werden.
# $reason: what the login service said.
login-try-again = ({ $reason }) Gehen Sie zur Startseite zurück und melden Sie sich erneut an; wenn es weiterhin fehlschlägt, teilen Sie Ihrer Administration mit, was auf dieser Seite steht.
problem-required = Dieses Feld ist erforderlich.
problem-too-long = Höchstens { $max } Zeichen.
problem-invalid-date = Kein gültiges Datum (erwartet: JJJJ-MM-TT).
problem-invalid-time = Keine gültige Uhrzeit (erwartet: HH:MM).
problem-invalid-datetime = Kein gültiges Datum mit Uhrzeit (erwartet: RFC 3339, z. B. 2026-12-01T09:30:00+01:00).
problem-nonexistent-local-time = Diese Uhrzeit gibt es an diesem Tag nicht (Zeitumstellung).
problem-start-in-past = Der Beginn liegt in der Vergangenheit.
problem-invalid-number = Eine ganze Zahl wird erwartet.
problem-duration-out-of-range = Die Dauer muss zwischen { $min } und { $max } Minuten liegen.
problem-invalid-email = „{ $value }“ ist keine gültige E-Mail-Adresse.
problem-duplicate-invitee = { $email } ist mehr als einmal eingeladen.
problem-too-many-invitees = Höchstens { $max } Eingeladene.
# $domains: the organisation's mail domains, empty when none is configured.
problem-outside =
    { $domains ->
        [none] außerhalb der Organisation
       *[other] außerhalb von { $domains }
    }
# $outside: problem-outside; $adding: new addresses; $sent: mailed in the last hour.
problem-too-many-external-mails =
    { $adding ->
        [one] Damit ginge die Besprechung an { $adding } Adresse { $outside }
       *[other] Damit ginge die Besprechung an { $adding } Adressen { $outside }
    }; Sie haben in der letzten Stunde bereits { $sent } angeschrieben, erlaubt sind höchstens { $max } pro Stunde. Versuchen Sie es später noch einmal oder laden Sie weniger externe Personen ein.
problem-invalid-role = Unbekannte Rolle (participant oder moderator).
problem-room-not-url-safe = 3 bis 64 Zeichen: Kleinbuchstaben, Ziffern, - und _ (beginnend mit einem Buchstaben oder einer Ziffer).
problem-room-taken = Dieser Raumname ist bereits vergeben.
problem-invalid-answer = Unbekannte Antwort.
problem-invisible-character = Unsichtbare Zeichen, Steuer- oder Leerzeichen sind hier nicht erlaubt.
# Repeat rules of a series (the API's recurrence object, the form's repeat section).
problem-recurrence-frequency = „{ $value }“ ist keine angebotene Wiederholung (täglich, wöchentlich oder monatlich).
problem-recurrence-part = Der Regelteil { $part } wird nicht angeboten.
problem-recurrence-interval = Alle 1 bis { $max } Tage, Wochen oder Monate wiederholen.
problem-recurrence-weekday = „{ $value }“ ist kein Wochentag (MO, TU, WE, TH, FR, SA, SU; monatlich z. B. 2TU oder -1FR).
problem-recurrence-month-day = { $value } ist kein Tag des Monats (1 bis 31 oder -1 für den letzten Tag).
problem-recurrence-days = Diese Tage passen nicht zur Wiederholung: wöchentlich nimmt Wochentage, monatlich einen Monatstag oder einen Wochentag wie den zweiten Dienstag, täglich keine.
problem-recurrence-end-required = Eine Serie muss enden: Geben Sie ein Enddatum oder eine Anzahl von Terminen an.
problem-recurrence-until-and-count = Entweder ein Enddatum oder eine Anzahl von Terminen, nicht beides.
problem-recurrence-count = Zwischen 1 und { $max } Termine.
problem-recurrence-until-before-start = Das Enddatum liegt vor dem ersten Termin.
problem-recurrence-too-long = Eine Serie hat höchstens { $max } Termine und dauert höchstens { $months } Monate.
problem-recurrence-start-not-in-rule = Der erste Termin fällt auf keinen der gewählten Tage.
problem-recurrence-nonexistent-time = Am { $date } gibt es diese Uhrzeit nicht (Zeitumstellung): Wählen Sie eine andere Uhrzeit.
problem-recurrence-ambiguous-time = Am { $date } gibt es diese Uhrzeit zweimal (Zeitumstellung): Wählen Sie eine andere Uhrzeit.
problem-recurrence-unparsable = Diese Wiederholungsregel ist nicht lesbar.
problem-endpoint-refused = Diese Adresse kann keine Webhooks empfangen: Sie muss eine https://-URL im Internet sein, nicht im Netz dieser Website.
problem-unknown-event-type = „{ $value }“ ist kein Ereignistyp, den jmb sendet.
problem-not-an-occurrence = Das ist kein Termin der Serie dieser Besprechung.
problem-occurrence-cancelled = Dieser Termin der Serie wurde abgesagt: Es gibt nichts zu beantworten.
