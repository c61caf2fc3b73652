# Error pages, API error messages and the messages shown beside a form's fields.

error-title = Something is wrong
error-400 = The request is not valid.
# $detail: what the parser said about the request (technical, in English).
error-400-detail = The request is not valid: { $detail }
error-directory-query = The search must be 1 to { $max } printable characters of a name or mail address.
# $lang: the tag that was asked for.
error-unknown-language = jmb does not offer the language “{ $lang }”.
error-401 = You need to log in to see this page.
error-403 = You are not allowed to do this.
error-403-csrf = This form has expired or did not come from this site. Go back, reload the page and try again.
error-403-not-owner = Only the organiser of this meeting can do this.
error-403-not-editor = Your account may not book meetings. Ask your administrator if you need to.
error-404 = There is nothing at this address.
error-404-link = This link is not valid. Check that you copied all of it, or ask the organiser for a new invitation.
error-409 = This cannot be done in the meeting's current state.
error-413 = What you sent is too large.
error-415 = Unsupported content type.
error-500 = Something went wrong on our side. Please try again later.
error-503-directory = The directory that says who may book meetings cannot be reached right now. Your meetings and links still work; please try booking again in a few minutes.
error-503-database = The service cannot reach its database right now. Nothing was changed; please try again in a minute.
login-failed-provider = The login service cannot be used right now.
login-failed-refused = The login service did not let you in.
login-failed-answer = Your login could not be verified.
# $reason: what the login service said.
login-try-again = ({ $reason }) Go back to the home page and log in again; if it keeps failing, tell your administrator what this page says.
problem-required = This field is required.
problem-too-long = At most { $max } characters.
problem-invalid-date = Not a valid date (expected YYYY-MM-DD).
problem-invalid-time = Not a valid time (expected HH:MM).
problem-invalid-datetime = Not a valid date and time (expected RFC 3339, e.g. 2026-12-01T09:30:00+01:00).
problem-nonexistent-local-time = This time does not exist on that day (daylight saving change).
problem-start-in-past = The start is in the past.
problem-invalid-number = A whole number is expected.
problem-duration-out-of-range = The duration must be between { $min } and { $max } minutes.
problem-invalid-email = “{ $value }” is not a valid mail address.
problem-duplicate-invitee = { $email } is invited more than once.
problem-too-many-invitees = At most { $max } invitees.
# $domains: the organisation's mail domains, empty when none is configured.
problem-outside =
    { $domains ->
        [none] outside the organisation
       *[other] outside { $domains }
    }
# $outside: problem-outside; $adding: new addresses; $sent: mailed in the last hour.
problem-too-many-external-mails =
    { $adding ->
        [one] This would mail the meeting to { $adding } address { $outside }
       *[other] This would mail the meeting to { $adding } addresses { $outside }
    }; you have already mailed { $sent } in the last hour, and at most { $max } per hour are allowed. Try again later, or invite fewer people from outside.
problem-invalid-role = Unknown role (participant or moderator).
problem-room-not-url-safe = 3 to 64 characters: lower-case letters, digits, - and _ (starting with a letter or digit).
problem-room-taken = This room name is already taken.
problem-invalid-answer = Unknown answer.
problem-invisible-character = Invisible, control or space characters are not allowed here.
# Repeat rules of a series (the API's recurrence object, the form's repeat section).
problem-recurrence-frequency = “{ $value }” is not a repeat jmb offers (daily, weekly or monthly).
problem-recurrence-part = The rule part { $part } is not offered.
problem-recurrence-interval = Repeat every 1 to { $max } days, weeks or months.
problem-recurrence-weekday = “{ $value }” is not a weekday (MO, TU, WE, TH, FR, SA, SU; monthly e.g. 2TU or -1FR).
problem-recurrence-month-day = { $value } is not a day of the month (1 to 31, or -1 for the last day).
problem-recurrence-days = These days do not fit the repeat: weekly takes weekdays, monthly one day of the month or one weekday such as the second Tuesday, daily neither.
problem-recurrence-end-required = A series must end: give a last date or a number of occurrences.
problem-recurrence-until-and-count = Give either a last date or a number of occurrences, not both.
problem-recurrence-count = Between 1 and { $max } occurrences.
problem-recurrence-until-before-start = The last date is before the first meeting.
problem-recurrence-too-long = A series may have at most { $max } occurrences and last at most { $months } months.
problem-recurrence-start-not-in-rule = The first meeting does not fall on one of the chosen days.
problem-recurrence-nonexistent-time = On { $date } this time does not exist (daylight saving change): choose another time.
problem-recurrence-ambiguous-time = On { $date } this time happens twice (daylight saving change): choose another time.
problem-recurrence-unparsable = This repeat rule cannot be read.
problem-endpoint-refused = This address cannot receive webhooks: it must be an https:// URL on the internet, not inside this site's network.
problem-unknown-event-type = “{ $value }” is not an event type jmb sends.
problem-not-an-occurrence = This is not a date of the meeting's series.
problem-occurrence-cancelled = This date of the series was cancelled: there is nothing to answer.
