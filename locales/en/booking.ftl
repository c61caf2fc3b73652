# The list of meetings, the booking form and a meeting's page.

booking-new = New meeting
booking-edit = Edit
booking-upcoming = Upcoming
booking-past = Past
booking-no-upcoming = No upcoming meeting.
booking-no-past = No meeting in the last days.
booking-show-more = Show more
booking-show-older = Show older
booking-show-from-start = Back to the next meetings
booking-meet-now = Meet now
booking-meet-now-hint = Opens a { $minutes }-minute meeting at once; invite people from the meeting.
booking-instant-subject = Instant meeting
booking-start = Start
booking-join = Join
booking-my-link = My link
booking-start-link = Start link
booking-nobody-invited = Nobody invited
# One figure of a meeting's answers, e.g. "2 accepted".
booking-answer-count =
    { $answer ->
        [accepted]
            { $count ->
                [one] { $count } accepted
               *[other] { $count } accepted
            }
        [declined]
            { $count ->
                [one] { $count } declined
               *[other] { $count } declined
            }
        [tentative]
            { $count ->
                [one] { $count } maybe
               *[other] { $count } maybe
            }
       *[needs-action]
            { $count ->
                [one] { $count } has not answered
               *[other] { $count } have not answered
            }
    }
form-error-summary = There is a problem.
form-has-errors = Please correct the fields marked below.
form-save = Save
form-create = Book the meeting
field-subject = Subject
field-date = Date
field-time = Time
field-duration = Duration (minutes)
field-duration-presets = Common durations
field-description = Description
field-invitees = Invitees
field-invitees-hint = One per line: ann@example.org or Ann Smith <ann@example.org>
field-participants = Participants
field-moderators = Moderators
field-directory-lookup = Find in the directory
field-room = Room name
field-room-hint = Optional: lower-case letters, digits, - and _. Leave empty for a generated name.
meeting-start = Start
# $minutes: the length; $end: the time it ends.
meeting-length = { $minutes } min (end { $end })
meeting-owner = Organiser
meeting-start-button = Start the meeting
meeting-join = Join the meeting
meeting-cancel = Cancel the meeting
meeting-cancel-confirm = Cancel this meeting? Everyone invited will be told.
meeting-keep = Keep it
meeting-no-invitees = Nobody is invited yet.
meeting-not-open-yet = This meeting is not open yet.
meeting-opens-at = You can join from { $when }.
meeting-is-over = This meeting is over.
meeting-was-cancelled = This meeting was cancelled.
meeting-was-scheduled = It was scheduled for { $when }: { $subject }
column-name = Name
column-email = Mail
column-role = Role
column-answer = Answer
column-personal-link = Personal link
# A person's role in a meeting.
role =
    { $role ->
        [moderator] moderator
        [owner] organiser
       *[participant] participant
    }
# An invitee's answer.
answer-state =
    { $answer ->
        [accepted] accepted
        [declined] declined
        [tentative] maybe
       *[needs-action] no answer yet
    }
meeting-status =
    { $status ->
        [scheduled] scheduled
        [cancelled] cancelled
        [in-progress] in progress
       *[completed] completed
    }
# Beside an invitee whose mail bounced; $status: the delivery report's code, e.g. 5.1.1.
meeting-bouncing = mail came back ({ $status })

# Series on the organiser's pages: the booking form's repeat section, the list's hint,
# the meeting page's occurrences and the page moving one of them; $when: a date and time.
repeat-legend = Repeat
repeat-frequency = Repeats
repeat-none = Does not repeat
repeat-daily = Daily
repeat-weekly = Weekly
repeat-monthly = Monthly
repeat-interval = Every
repeat-interval-hint = 1: every day, week or month; 2: every other one…
repeat-weekly-on = Weekly on
repeat-monthly-on = Monthly on
repeat-month-day = Day of the month
repeat-month-day-hint = Empty: the day of the first meeting; -1: the last day of the month.
repeat-month-weekday = The
repeat-nth = Which week of the month
repeat-nth-1 = first
repeat-nth-2 = second
repeat-nth-3 = third
repeat-nth-4 = fourth
repeat-nth-last = last
repeat-weekday = Weekday
repeat-day-mo = Monday
repeat-day-tu = Tuesday
repeat-day-we = Wednesday
repeat-day-th = Thursday
repeat-day-fr = Friday
repeat-day-sa = Saturday
repeat-day-su = Sunday
repeat-ends = Ends
repeat-ends-count = After this many meetings
repeat-ends-until = On this date (the last meeting’s day)
booking-repeats-daily = repeats daily
booking-repeats-weekly = repeats weekly
booking-repeats-monthly = repeats monthly
occurrences-heading = Occurrences
occurrences-none = No coming occurrence.
occurrence-scheduled = Scheduled
occurrence-cancelled = Cancelled
occurrence-moved = Moved
occurrence-cancel = Cancel this one
occurrence-move = Move
column-occurrence = When
column-answers = Answers
column-actions = Actions
occurrence-edit-title = Move one occurrence
occurrence-edit-intro = The occurrence of { $when }: move it alone, or it and all following, which then become a new series (everyone keeps their personal link for it).
occurrence-edit-save = Move this occurrence
occurrence-edit-following = This one and all following
