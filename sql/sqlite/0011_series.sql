-- Series (issue #17): a repeating meeting is one meeting row with a rule, not a row per
-- occurrence. An occurrence is known by its original start (RECURRENCE-ID), UTC Unix seconds.

-- tzid and rrule are NULL for a one-off meeting. The zone is stored per series so that a
-- change of the configured zone never moves an existing series. series_of: the series a
-- split "this and all following" came from. planned_until: how far reminders are planned.
ALTER TABLE meeting ADD COLUMN tzid TEXT;
ALTER TABLE meeting ADD COLUMN rrule TEXT;
ALTER TABLE meeting ADD COLUMN series_of INTEGER REFERENCES meeting (id) ON DELETE SET NULL;
ALTER TABLE meeting ADD COLUMN planned_until INTEGER;

-- One cancelled or moved occurrence of a series.
CREATE TABLE series_exception (
    meeting_id    INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    recurrence_id INTEGER NOT NULL,
    cancelled     INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
    starts_at     INTEGER,                           -- a moved occurrence's start
    duration_min  INTEGER CHECK (duration_min IS NULL OR duration_min > 0),
    sequence      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (meeting_id, recurrence_id)
) WITHOUT ROWID;

-- An invitee's answer to one occurrence where it differs from their answer to the series.
CREATE TABLE occurrence_answer (
    invitee_id    INTEGER NOT NULL REFERENCES invitee (id) ON DELETE CASCADE,
    recurrence_id INTEGER NOT NULL,
    partstat      TEXT    NOT NULL CHECK (partstat IN ('needs-action', 'accepted', 'declined', 'tentative')),
    answered_at   INTEGER NOT NULL,
    PRIMARY KEY (invitee_id, recurrence_id)
) WITHOUT ROWID;

-- Reminders per occurrence: recurrence_id 0 is a one-off meeting's only occurrence. SQLite
-- cannot change a primary key in place, so the table is rebuilt.
CREATE TABLE reminder_new (
    meeting_id    INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    recurrence_id INTEGER NOT NULL DEFAULT 0,
    kind          TEXT    NOT NULL CHECK (kind IN ('mail', 'xmpp')),
    offset_min    INTEGER NOT NULL CHECK (offset_min >= 0),
    due_at        INTEGER NOT NULL,
    status        TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'sent', 'skipped')),
    done_at       INTEGER,
    claimed_until INTEGER,
    attempts      INTEGER NOT NULL DEFAULT 0,
    note          TEXT,
    PRIMARY KEY (meeting_id, recurrence_id, kind, offset_min)
) WITHOUT ROWID;
INSERT INTO reminder_new (meeting_id, recurrence_id, kind, offset_min, due_at, status, done_at,
                          claimed_until, attempts, note)
    SELECT meeting_id, 0, kind, offset_min, due_at, status, done_at, claimed_until, attempts, note
    FROM reminder;
DROP TABLE reminder;
ALTER TABLE reminder_new RENAME TO reminder;
CREATE INDEX reminder_pending ON reminder (kind, due_at) WHERE status = 'pending';

-- The occurrence a stay belongs to (occurrence_at); NULL for a one-off meeting.
ALTER TABLE presence ADD COLUMN recurrence_id INTEGER;
