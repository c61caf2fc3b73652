# The calendar feed: its page, and the name and description calendar programs show.

feed-intro = Subscribe your calendar (Thunderbird, Nextcloud, Outlook, your phone) to this address: it shows the meetings you organise and those you are invited to, with everyone's answers, and updates by itself.
feed-private = This address is personal: anyone who has it can read your meetings.
feed-subscribe = Subscribe
feed-rotate = Make a new address
feed-rotate-hint = The current address stops working at once; subscribe again with the new one.
feed-rotated = A new address was made; the previous one no longer works.
# $name: the person whose feed it is.
feed-name = Meetings of { $name }
# $app: the service's name; $url: its address.
feed-description = Video meetings booked with { $app } ({ $url })
