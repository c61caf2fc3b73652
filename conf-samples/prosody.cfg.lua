-- Prosody settings jmb relies on, to merge into /etc/prosody/conf.d/meet.example.org.cfg.lua
-- (Debian's jitsi-meet-prosody and jitsi-meet-tokens packages write most of it).
--
-- 1. Token authentication with the same app_id / app_secret as jmb's [jitsi] section.
--    jmb signs HS256 tokens with iss = app_id, aud = jitsi.audience, sub = jitsi.domain,
--    room = the room name; moderators carry context.user.moderator = true and
--    context.user.affiliation = "owner".
-- 2. Guests without a token: allow_empty_token (jmb's jitsi.guest_token = false) plus an
--    anonymous guest host, so invited participants enter once a moderator is in.
-- 3. Plugins. jitsi-meet itself ships (in /usr/share/jitsi-meet/prosody-plugins/)
--    mod_token_affiliation (moderator rights from the token's context.user), mod_muc_wait_for_host
--    and mod_muc_end_meeting. From jitsi-contrib (https://github.com/jitsi-contrib/prosody-plugins),
--    copy into that directory: event_sync (tells jmb who is in which room) and
--    token_lobby_bypass. jitsi-contrib's own token_affiliation is now called
--    token_affiliation_legacy (module "token_affiliation_legacy"): use it only on a jitsi-meet
--    old enough to lack mod_token_affiliation.lua, and then also set jicofo's
--    conference.enable-auto-owner = false, as its README says.
--    Debian 12: Prosody runs Lua 5.4 ("prosodyctl about" says so), while Debian's lua-basexx
--    and lua-inspect, which the token plugins load, install for Lua 5.1-5.3 only. Both are
--    plain Lua, so make them visible to 5.4:
--      apt-get install lua-basexx lua-inspect
--      mkdir -p /usr/local/share/lua/5.4
--      ln -s /usr/share/lua/5.1/basexx.lua /usr/local/share/lua/5.4/basexx.lua
--      ln -s /usr/share/lua/5.1/inspect.lua /usr/local/share/lua/5.4/inspect.lua
--    (or "luarocks --lua-version 5.4 install basexx" and "... install inspect"), then
--    restart Prosody and look for "module not found" in /var/log/prosody/prosody.log.
-- 4. Ending rooms at the booked end plus jitsi.grace_min (jmb: jitsi.end_meeting_url =
--    "http://meet.example.org:5280/end-meeting", jitsi.system_key, jitsi.system_key_id),
--    for rooms event_sync reported in progress. jmb signs a system token (RS256, kid =
--    jitsi.system_key_id) with a key pair of its own, not the login tokens' secret; Prosody
--    fetches the public key from <prosody_password_public_key_repo_url>/<hex SHA-256 of the
--    kid>.pem:
--      openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out /etc/jmb/system-key.pem
--      kid=jmb-system-1
--      openssl pkey -in /etc/jmb/system-key.pem -pubout \
--        > /var/www/jmb-asap-keys/$(printf %s "$kid" | sha256sum | cut -d' ' -f1).pem
--    and JMB_JITSI_SYSTEM_KEY_FILE=/etc/jmb/system-key.pem. A system token can end any room:
--    keep port 5280 and the key directory off the internet.

-- Global settings (before the first VirtualHost).
muc_mapper_domain_base = "meet.example.org"
muc_mapper_domain_prefix = "conference"
prosody_password_public_key_repo_url = "http://127.0.0.1/jmb-asap-keys"
modules_enabled = {
    "muc_end_meeting";                      -- POST /end-meeting?conference=<room JID>
}

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
        "token_affiliation";                -- jitsi-meet's: owner/moderator from context.user
        "token_lobby_bypass";               -- moderators skip the lobby
        "muc_wait_for_host";                -- guests wait until a moderator arrives
    }
    wait_for_host_disable_auto_owners = true
    muc_room_locking = false
    muc_room_default_public_jids = true

-- Room and occupant events for jmb's attendance and meeting status. The secret is jmb's
-- hooks.secret, compared in constant time; jmb answers 401 to anything else (and logs the
-- refusal, never the value), 400 to a body it cannot read, 413 above hooks.max_body_kib, and
-- 200 to the rest, including rooms it did not book. Retried or reordered events are recorded
-- once. Point api_prefix at a URL Prosody reaches without a login front end.
Component "event_sync.meet.example.org" "event_sync_component"
    muc_component = "conference.meet.example.org"
    breakout_component = "breakout.meet.example.org"
    api_prefix = "https://booking.example.org/hooks/prosody"
    api_headers = {
        ["Authorization"] = "Bearer same-as-jmb-hooks-secret";
    }
    api_timeout = 10
    api_retry_count = 3
    -- The token's whole context.user in occupant events: without it jmb cannot tell that a
    -- moderator who is not an invitee (someone the owner gave a `jmb token` link, a personal
    -- room's host) is a moderator, and records them as a participant.
    include_user_info = true
