# The page an invitee opens from the personal link in their invitation.

invitation-invited-by = Invited by
invitation-your-role = Your role
invitation-your-answer = Your answer:
invitation-will-you-come = Will you take part?
invitation-change-answer = You can change your answer:
invitation-confirm-answer = Confirm with the button below: nothing is recorded until you press it.
invitation-answer-recorded = Thank you: your answer is recorded. You can change it at any time from this page.
invitation-accept = Accept
invitation-maybe = Maybe
invitation-decline = Decline
invitation-add-to-calendar = Add to my calendar
invitation-cancelled-no-answer = This meeting was cancelled: there is nothing to answer.
invitation-bad-answer = The answer must be accept, maybe or decline.
invitation-occurrences = Coming dates
invitation-occurrences-hint = Your answer above holds for every date of the series. To answer one date otherwise, use its own buttons.
