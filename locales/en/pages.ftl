# Page furniture: the bar at the top of every page, the home page, logging in and out,
# the language switch, and how dates and times are written.

app-name = Meeting booking
nav-skip-to-content = Skip to content
nav-main-menu = Main menu
nav-my-meetings = My meetings
nav-my-room = My room
nav-calendar-feed = Calendar feed
nav-webhooks = Webhooks
nav-logged-in-as = Logged in as { $name }
nav-log-out = Log out
nav-log-out-everywhere = Log out on every device
nav-log-in = Log in
nav-back = Back
lang-switch-label = Language
lang-switch-button = Change
landing-text = This service books video meetings. Organisers log in; invitees use the personal link from their invitation.
login-dev-title = Development login
login-dev-warning = Development mode: anyone can log in under any name. Never use it on a network.
login-name = Login name
copy-button = Copy
copy-done = Copied to the clipboard.
open-here = Open in this page
# $tz: the server's time zone, e.g. Europe/Paris.
time-zone-note = Times are in { $tz }.
# $tz: the browser's own zone, filled in by the page's script.
local-time-note = Times are in your time zone ({ $tz }).
minutes-short = min
# How dates and times are written (chrono's strftime codes; day and month names come from
# the language's locale).
date-format = %A %-d %B %Y
datetime-format = %A %-d %B %Y, %H:%M
clock-format = %H:%M

# The organiser's webhook endpoints (/webhooks).
webhooks-intro = Other programs (n8n, Node-RED, your own) can be told when your meetings change: jmb posts each event, signed (Standard Webhooks), to the addresses below.
webhooks-none = No address yet.
webhooks-url = Address
webhooks-url-hint = An https:// address on the internet.
webhooks-events = Events
webhooks-all-events = All events
webhooks-add = Add an address
# $url: the address just added.
webhooks-created = Events will be sent to { $url }.
webhooks-secret = Signing secret
webhooks-secret-once = Copy this secret now: it is shown only this once. The receiver checks each delivery's signature with it.
webhooks-delete = Delete
# $url: the address to delete.
webhooks-delete-confirm = Delete { $url }? It will receive no more events, and those not yet delivered to it are dropped.
webhooks-keep = Keep it
webhooks-deleted = The address was deleted.
