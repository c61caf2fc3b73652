-- What happens in the rooms, from Prosody's event_sync and Jibri: room lifecycle, who was
-- present when, recordings, and the claim on ending a room at its booked end.
-- Times are UTC Unix seconds, as Prosody sends them.

-- One row per meeting and room: the main room has breakout = '', a breakout room its id.
CREATE TABLE room_state (
    meeting_id   INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    breakout     TEXT    NOT NULL DEFAULT '',
    room_jid     TEXT    NOT NULL DEFAULT '',       -- what jitsi-meet's end-meeting wants
    created_at   INTEGER,                           -- latest muc-room-created
    destroyed_at INTEGER,                           -- latest muc-room-destroyed
    PRIMARY KEY (meeting_id, breakout)
) WITHOUT ROWID;

-- One row per stay of one occupant (XMPP session) in one room. Prosody retries on 5xx, so the
-- same event may come twice: (meeting, room, occupant, joined_at) identifies a stay.
CREATE TABLE presence (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    breakout     TEXT    NOT NULL DEFAULT '',
    occupant_jid TEXT    NOT NULL,
    person_key   TEXT    NOT NULL,                  -- who, across stays: invitee:7, owner, mail:…, id:…, guest:…
    invitee_id   INTEGER,                           -- when matched to an invitee (kept if they are removed)
    display_name TEXT    NOT NULL DEFAULT '',
    email        TEXT    NOT NULL DEFAULT '',
    was_moderator INTEGER NOT NULL DEFAULT 0 CHECK (was_moderator IN (0, 1)),
    joined_at    INTEGER NOT NULL,
    left_at      INTEGER CHECK (left_at IS NULL OR left_at >= joined_at),
    -- Also serves a meeting's attendance list (meeting_id first); one index fewer to write.
    UNIQUE (meeting_id, breakout, occupant_jid, joined_at)
);
-- "Participants now in rooms" and closing stays when a room is destroyed.
CREATE INDEX presence_open ON presence (meeting_id, breakout) WHERE left_at IS NULL;

-- Jibri recordings, one row per recording session.
CREATE TABLE recording (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    session_id   TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('started', 'stopped', 'failed')),
    location     TEXT    NOT NULL DEFAULT '',       -- file path or URL
    started_at   INTEGER,
    ended_at     INTEGER,
    updated_at   INTEGER NOT NULL,
    UNIQUE (meeting_id, session_id)
);

-- Ending a room at its booked end: the row is the claim, so it happens once even with
-- several jmb processes. A failed call may be retried a few times.
CREATE TABLE room_end (
    meeting_id   INTEGER PRIMARY KEY REFERENCES meeting (id) ON DELETE CASCADE,
    attempts     INTEGER NOT NULL DEFAULT 1,
    claimed_at   INTEGER NOT NULL,
    outcome      TEXT    CHECK (outcome IS NULL OR outcome IN ('ended', 'gone', 'failed')),
    detail       TEXT    NOT NULL DEFAULT '',
    done_at      INTEGER
);

CREATE INDEX meeting_status_ends ON meeting (status, ends_at);
