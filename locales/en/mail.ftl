# Mails: a subject and an opening sentence for every case (what happened × who reads it),
# and the labels every mail shares.
# $subject: the meeting's subject; $owner: its organiser; $name: the person who answered;
# $when: how soon it starts (mail-lead-time).

mail-new-owner =
    .subject = Meeting booked: { $subject }
    .intro = You booked the video meeting below. Everyone invited gets their own link.
mail-new-participant =
    .subject = Invitation: { $subject }
    .intro = { $owner } invites you to the video meeting below.
mail-new-moderator =
    .subject = Invitation to moderate: { $subject }
    .intro = { $owner } invites you to moderate the video meeting below: your link lets you in as a moderator.
mail-update-owner =
    .subject = Meeting changed: { $subject }
    .intro = You changed the video meeting below. Everyone concerned has been told.
mail-update-participant =
    .subject = Updated invitation: { $subject }
    .intro = { $owner } changed the video meeting below.
mail-update-moderator =
    .subject = Updated invitation to moderate: { $subject }
    .intro = { $owner } changed the video meeting below, which you moderate.
mail-cancel-owner =
    .subject = Meeting cancelled: { $subject }
    .intro = You cancelled the video meeting below. Everyone invited has been told.
mail-cancel-participant =
    .subject = Cancelled: { $subject }
    .intro = { $owner } cancelled the video meeting below.
mail-cancel-moderator =
    .subject = Cancelled: { $subject }
    .intro = { $owner } cancelled the video meeting below, which you were to moderate.
mail-occurrence-cancel-owner =
    .subject = Cancelled on { $occurrence }: { $subject }
    .intro = You cancelled the occurrence of { $occurrence } of the series below. The others take place as planned. Everyone invited has been told.
mail-occurrence-cancel-invitee =
    .subject = Cancelled on { $occurrence }: { $subject }
    .intro = { $owner } cancelled the occurrence of { $occurrence } of the series below. The others take place as planned.
mail-occurrence-move-owner =
    .subject = Moved from { $occurrence }: { $subject }
    .intro = You moved the occurrence of { $occurrence } of the series below to the time shown. Everyone invited has been told.
mail-occurrence-move-invitee =
    .subject = Moved from { $occurrence }: { $subject }
    .intro = { $owner } moved the occurrence of { $occurrence } of the series below to the time shown. The others take place as planned.
mail-removed =
    .subject = You are no longer invited: { $subject }
    .intro = { $owner } took you off the list of the video meeting below. Your link no longer works.
mail-role-moderator =
    .subject = You now moderate: { $subject }
    .intro = { $owner } made you a moderator of the video meeting below: your link now lets you in as a moderator.
mail-role-participant =
    .subject = Your role changed: { $subject }
    .intro = { $owner } changed your role in the video meeting below: you now take part as a participant.
# $answer: accepted, declined or tentative.
mail-answer =
    .subject =
        { $answer ->
            [declined] { $name } declined: { $subject }
            [tentative] { $name } might come: { $subject }
           *[accepted] { $name } accepted: { $subject }
        }
    .intro =
        { $answer ->
            [declined] { $name } declined your invitation to the video meeting below.
            [tentative] { $name } answered “maybe” to your invitation to the video meeting below.
           *[accepted] { $name } accepted your invitation to the video meeting below.
        }
# Several answers in one mail; $count: how many people answered.
mail-answers =
    .subject =
        { $count ->
            [one] { $count } answer: { $subject }
           *[other] { $count } answers: { $subject }
        }
    .intro =
        { $count ->
            [one] { $count } person answered your invitation to the video meeting below; here is the latest answer.
           *[other] { $count } people answered your invitation to the video meeting below; here is everyone's latest answer.
        }
mail-reminder-owner =
    .subject = Reminder: you host { $subject } { $when }
    .intro = Your video meeting below starts { $when }.
mail-reminder-participant =
    .subject = Reminder: { $subject } { $when }
    .intro = The video meeting below, organised by { $owner }, starts { $when }.
mail-reminder-moderator =
    .subject = Reminder: you moderate { $subject } { $when }
    .intro = The video meeting below, which you moderate, starts { $when }.
# How soon a meeting starts; $unit: minutes, hours or days.
mail-lead-time =
    { $unit ->
        [days]
            { $n ->
                [one] in { $n } day
               *[other] in { $n } days
            }
        [hours]
            { $n ->
                [one] in { $n } hour
               *[other] in { $n } hours
            }
       *[minutes]
            { $n ->
                [one] in { $n } minute
               *[other] in { $n } minutes
            }
    }
mail-greeting = Hello,
mail-organiser = Organiser
mail-subject = Subject
mail-when = When
# $start: date and time; $end: the time it ends; $tz: the time zone.
mail-when-value = { $start } – { $end } ({ $tz })
mail-duration = Duration
mail-duration-value =
    { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }
mail-your-role = Your role
mail-description = Description
mail-invitees = Invited
# One invitee as the organiser and moderators see them.
mail-invitee-line = { $person } — { $role }, { $answer }
mail-join = Join the meeting
mail-accept = Accept
mail-decline = Decline
mail-add-to-calendar = Add to my calendar
mail-start = Start the meeting
mail-manage = Manage the meeting
mail-see-meeting = See the meeting
mail-replaces-previous = This message replaces the previous one about this meeting.
mail-personal-link = These links are yours alone: do not forward this message.
mail-answer-hint = Please tell the organiser whether you will come:
# $app: the service's name; $url: its address.
mail-footer = Sent by { $app } ({ $url }).
# A mail to an invitee's answer address forwarded to the owner; $kind: counter (another
# time proposed from a calendar) or other (a person's own words).
mail-forward-subject =
    { $kind ->
        [counter] New time proposed: { $subject }
       *[other] Message about: { $subject }
    }
mail-forward-body =
    { $kind ->
        [counter] An invitee proposes another time for your video meeting below, from their calendar. Their proposal is attached as it came; jmb changes nothing by itself.
       *[other] This message was sent to the answer address of your video meeting below. It is attached as it came.
    }
# An invitee answered one occurrence of a series; $answer: accepted, declined or tentative;
# $occurrence: the occurrence's original date and time.
mail-occurrence-answer =
    .subject =
        { $answer ->
            [declined] { $name } declined { $occurrence }: { $subject }
            [tentative] { $name } might come on { $occurrence }: { $subject }
           *[accepted] { $name } accepted { $occurrence }: { $subject }
        }
    .intro =
        { $answer ->
            [declined] { $name } declined the occurrence of { $occurrence } of the series below. Their answer to the other occurrences stays as it was.
            [tentative] { $name } answered “maybe” for the occurrence of { $occurrence } of the series below. Their answer to the other occurrences stays as it was.
           *[accepted] { $name } accepted the occurrence of { $occurrence } of the series below. Their answer to the other occurrences stays as it was.
        }
