-- Prosody settings jmb relies on, to merge into /etc/prosody/conf.d/meet.example.org.cfg.lua
-- (Debian's jitsi-meet-prosody and jitsi-meet-tokens packages write most of it).
--
-- 1. Token authentication with the same app_id / app_secret as jmb's [jitsi] section.
--    jmb signs HS256 tokens with iss = app_id, aud = jitsi.audience, sub = jitsi.domain,
--    room = the room name; moderators carry context.user.moderator = true and
--    context.user.affiliation = "owner".
-- 2. Guests without a token: allow_empty_token (jmb's jitsi.guest_token = false) plus an
--    anonymous guest host, so invited participants enter once a moderator is in.
-- 3. jitsi-contrib plugins (https://github.com/jitsi-contrib/prosody-plugins), copied into
--    /usr/share/jitsi-meet/prosody-plugins/: event_sync (tells jmb who is in which room),
--    token_affiliation (moderator rights from the token), token_lobby_bypass.
--    mod_muc_wait_for_host and mod_muc_end_meeting ship with jitsi-meet itself.

VirtualHost "meet.example.org"
    authentication = "token"
    app_id = "jmb"                          -- jmb: jitsi.app_id
    app_secret = "same-as-jmb-app-secret"   -- jmb: jitsi.app_secret
    asap_accepted_issuers = { "jmb" }
    asap_accepted_audiences = { "jitsi" }   -- jmb: jitsi.audience
    allow_empty_token = true
    enable_domain_verification = true       -- checks sub against jmb: jitsi.domain
    modules_enabled = {
        "bosh"; "websocket"; "ping"; "speakerstats"; "conference_duration";
        "muc_lobby_rooms"; "muc_breakout_rooms"; "persistent_lobby";
        "presence_identity";
    }
    lobby_muc = "lobby.meet.example.org"
    breakout_rooms_muc = "breakout.meet.example.org"
    main_muc = "conference.meet.example.org"

VirtualHost "guest.meet.example.org"
    authentication = "anonymous"
    c2s_require_encryption = false

Component "conference.meet.example.org" "muc"
    modules_enabled = {
        "muc_meeting_id"; "muc_domain_mapper"; "polls";
        "token_verification";               -- the token's room claim must match the room
        "token_affiliation";                -- owner/moderator from context.user
        "token_lobby_bypass";               -- moderators skip the lobby
        "muc_wait_for_host";                -- guests wait until a moderator arrives
    }
    wait_for_host_disable_auto_owners = true
    muc_room_locking = false
    muc_room_default_public_jids = true

-- Room and occupant events for jmb's attendance and meeting status. The secret is jmb's
-- hooks.secret; jmb answers 401 to anything else.
Component "event_sync.meet.example.org" "event_sync_component"
    muc_component = "conference.meet.example.org"
    breakout_component = "breakout.meet.example.org"
    api_prefix = "https://booking.example.org/hooks/prosody"
    api_headers = {
        ["Authorization"] = "Bearer same-as-jmb-hooks-secret";
    }
    api_timeout = 10
    api_retry_count = 3

-- Lets jmb end a room at the booked end (jmb: jitsi.end_meeting_url, jitsi.system_key).
-- Component "meet.example.org" ... see jitsi-meet's mod_muc_end_meeting; keep the endpoint
-- off the public web server.
