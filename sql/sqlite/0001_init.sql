-- Meetings, invitees, feeds and the server's own secrets. Times are UTC Unix seconds.

CREATE TABLE meeting (
    id           INTEGER PRIMARY KEY,
    uid          TEXT    NOT NULL UNIQUE,           -- iCalendar UID, stable for the meeting's life
    room         TEXT    NOT NULL UNIQUE,
    subject      TEXT    NOT NULL,
    description  TEXT    NOT NULL DEFAULT '',
    owner        TEXT    NOT NULL,                  -- login of the organiser
    owner_email  TEXT    NOT NULL,
    owner_name   TEXT    NOT NULL DEFAULT '',
    starts_at    INTEGER NOT NULL,
    duration_min INTEGER NOT NULL CHECK (duration_min > 0),
    ends_at      INTEGER NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'scheduled'
                 CHECK (status IN ('scheduled', 'cancelled', 'in-progress', 'completed')),
    sequence     INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX meeting_owner_ends ON meeting (owner, ends_at);
CREATE INDEX meeting_owner_email_ends ON meeting (owner_email, ends_at);
CREATE INDEX meeting_ends ON meeting (ends_at);

CREATE TABLE invitee (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    email        TEXT    NOT NULL,                  -- lower case
    display_name TEXT    NOT NULL DEFAULT '',
    role         TEXT    NOT NULL CHECK (role IN ('participant', 'moderator')),
    hash         TEXT    NOT NULL,                  -- the personal link, shown to the owner
    hash_digest  BLOB    NOT NULL UNIQUE,           -- SHA-256 of hash: the lookup key
    partstat     TEXT    NOT NULL DEFAULT 'needs-action'
                 CHECK (partstat IN ('needs-action', 'accepted', 'declined')),
    answered_at  INTEGER,
    UNIQUE (meeting_id, email)
);
CREATE INDEX invitee_email ON invitee (email, meeting_id);

CREATE TABLE feed (
    owner        TEXT    PRIMARY KEY,               -- login
    hash         TEXT    NOT NULL,
    hash_digest  BLOB    NOT NULL UNIQUE,
    rotated_at   INTEGER NOT NULL
);

CREATE TABLE server_secret (
    name         TEXT    PRIMARY KEY,
    value        BLOB    NOT NULL
);
