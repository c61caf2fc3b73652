-- The Prosody side of jmb, for a jitsi-meet install (Debian packages jitsi-meet-prosody and
-- jitsi-meet-tokens) at meet.example.org, with jmb at https://booking.example.org.
-- Merge these settings into /etc/prosody/conf.d/meet.example.org.cfg.lua: keep the
-- lines jitsi-meet wrote there (ssl, c2s, focus, jvb, speakerstats…), add or change these.
-- See README.md beside this file for what each part does and how to check it.
--
-- Plugins: mod_token_*, mod_muc_wait_for_host, mod_persistent_lobby and mod_muc_end_meeting
-- come with jitsi-meet; mod_event_sync_component comes from
-- https://github.com/jitsi-contrib/prosody-plugins (event_sync/), copied below.

plugin_paths = {
    "/usr/share/jitsi-meet/prosody-plugins/",
    "/usr/local/share/jitsi-contrib/prosody-plugins/event_sync/",
}

muc_mapper_domain_base = "meet.example.org"
muc_mapper_domain_prefix = "conference"

-- Ending rooms at their booked end (jmb: jitsi.end_meeting_url, jitsi.system_key,
-- jitsi.system_key_id). jmb signs a system token with its own RSA key; Prosody fetches the
-- public key from <this URL>/<hex SHA-256 of the key id>.pem. This key pair is not the one
-- of login tokens. Serve that directory from a web server only Prosody can reach.
prosody_password_public_key_repo_url = "http://127.0.0.1/jmb-asap-keys"

-- /end-meeting is served on Prosody's HTTP port (5280): never expose it to the internet.
-- jmb: end_meeting_url = "http://meet.example.org:5280/end-meeting"
modules_enabled = {
    "muc_end_meeting";
}

-- Organisers, moderators (and participants, if jitsi.guest_token = true) come with a token
-- that jmb signs (HS256, typ JWT) with jitsi.app_secret.
VirtualHost "meet.example.org"
    authentication = "token"
    app_id = "jmb"                                   -- jmb: jitsi.app_id
    app_secret = "the same value as jitsi.app_secret in jmb.toml"
    asap_accepted_issuers = { "jmb" }
    asap_accepted_audiences = { "jitsi" }            -- jmb: jitsi.audience
    allow_empty_token = false
    modules_enabled = {
        "bosh";
        "websocket";
        "ping";
        "speakerstats";
        "conference_duration";
        "muc_lobby_rooms";
        "persistent_lobby";                          -- needed by muc_wait_for_host
        "presence_identity";                         -- shows the token's name and avatar
    }
    lobby_muc = "lobby.meet.example.org"
    main_muc = "conference.meet.example.org"
    c2s_require_encryption = false

-- Participants without a token join as anonymous guests (config.js: hosts.anonymousdomain
-- = "guest.meet.example.org"). They wait in the lobby until a moderator with a token
-- arrives (mod_muc_wait_for_host).
VirtualHost "guest.meet.example.org"
    authentication = "jitsi-anonymous"
    c2s_require_encryption = false

Component "conference.meet.example.org" "muc"
    restrict_room_creation = true
    storage = "memory"
    modules_enabled = {
        "muc_hide_all";
        "muc_meeting_id";
        "muc_domain_mapper";
        "polls";
        "token_verification";                        -- the token's room claim must match
        "token_affiliation";                         -- context.user.affiliation "owner" → moderator
        "muc_wait_for_host";                         -- guests wait for a moderator
    }
    -- Roles come from the token (token_affiliation), not from who came first.
    wait_for_host_disable_auto_owners = true
    muc_room_locking = false
    muc_room_default_public_jids = true

Component "breakout.meet.example.org" "muc"
    restrict_room_creation = true
    storage = "memory"
    modules_enabled = {
        "muc_hide_all";
        "muc_meeting_id";
        "muc_domain_mapper";
        "polls";
    }
    muc_room_locking = false
    muc_room_default_public_jids = true

Component "lobby.meet.example.org" "muc"
    storage = "memory"
    restrict_room_creation = true
    muc_room_locking = false
    muc_room_default_public_jids = true

-- Room and occupant events to jmb (attendance, meeting status). jmb compares the bearer
-- with hooks.secret in constant time; Prosody retries on 5xx and timeouts.
Component "event_sync.meet.example.org" "event_sync_component"
    muc_component = "conference.meet.example.org"
    breakout_component = "breakout.meet.example.org"
    api_prefix = "https://booking.example.org/hooks/prosody"     -- jmb: {server.public_url}/hooks/prosody
    api_headers = {
        ["Authorization"] = "Bearer the same value as hooks.secret in jmb.toml";
    }
    api_timeout = 10
    api_retry_count = 5
    api_retry_delay = 2
