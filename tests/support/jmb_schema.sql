-- The database of the original bash JMB (jitsi-jmb), as its schema_sqlite.sql creates it,
-- reconstructed from the description in the project's JMB notes (tables, columns, types,
-- indexes, trigger). Used to build realistic JMB databases for `jmb import-jmb` tests.
-- Times are epoch seconds, durations seconds, answers 0/1/2, roles owner/moderator/guest.

CREATE TABLE meetings (
    meeting_id        INTEGER PRIMARY KEY,          -- the form's nanosecond timestamp
    meeting_name      TEXT NOT NULL,                -- Jitsi room, 16 lower-case letters
    meeting_object    TEXT NOT NULL,                -- subject
    meeting_begin     INTEGER NOT NULL,
    meeting_duration  INTEGER NOT NULL,             -- seconds
    meeting_end       INTEGER NOT NULL,
    meeting_create    INTEGER NOT NULL
);
CREATE INDEX idx_meeting_name ON meetings (meeting_name);
CREATE INDEX idx_meeting_begin ON meetings (meeting_begin);
CREATE INDEX idx_meeting_end ON meetings (meeting_end);

CREATE TABLE attendees (
    attendee_id            INTEGER PRIMARY KEY AUTOINCREMENT,
    attendee_meeting_id    INTEGER,
    attendee_meeting_hash  TEXT,                    -- 16 characters [A-Za-z0-9]
    attendee_role          TEXT NOT NULL,           -- owner | moderator | guest
    attendee_email         TEXT NOT NULL,
    attendee_count         INTEGER DEFAULT 0,       -- clicks on the link
    attendee_partstat      INTEGER DEFAULT 0        -- 0 no answer, 1 accepted, 2 declined
);
CREATE INDEX idx_attendee_meeting_id ON attendees (attendee_meeting_id);
CREATE INDEX idx_attendee_meeting_hash ON attendees (attendee_meeting_hash);
CREATE INDEX idx_attendee_role ON attendees (attendee_role);
CREATE INDEX idx_attendee_email ON attendees (attendee_email);

CREATE TABLE mail_reminder (
    mail_reminder_id          INTEGER PRIMARY KEY AUTOINCREMENT,
    mail_reminder_meeting_id  INTEGER NOT NULL,
    mail_reminder_date        INTEGER NOT NULL,
    mail_reminder_done        BOOLEAN
);

CREATE TABLE xmpp_reminder (
    xmpp_reminder_id          INTEGER PRIMARY KEY AUTOINCREMENT,
    xmpp_reminder_meeting_id  INTEGER NOT NULL,
    xmpp_reminder_date        INTEGER NOT NULL,
    xmpp_reminder_done        BOOLEAN
);

CREATE TABLE ical (
    ical_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    ical_owner  TEXT NOT NULL,                      -- login (uid), not the mail address
    ical_hash   TEXT NOT NULL
);
CREATE INDEX idx_ical_owner ON ical (ical_owner);
CREATE INDEX idx_ical_hash ON ical (ical_hash);

CREATE TRIGGER delete_meeting AFTER DELETE ON meetings
BEGIN
    DELETE FROM attendees WHERE attendee_meeting_id = old.meeting_id;
    DELETE FROM mail_reminder WHERE mail_reminder_meeting_id = old.meeting_id;
    DELETE FROM xmpp_reminder WHERE xmpp_reminder_meeting_id = old.meeting_id;
END;
