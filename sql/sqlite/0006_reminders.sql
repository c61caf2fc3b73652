-- Reminders (DESIGN §4): one row per meeting, kind and offset, planned when the meeting is booked
-- and re-planned when it is edited. A pass claims a row in the database before it sends, so a
-- reminder goes out once however many passes run. Times are UTC Unix seconds.

CREATE TABLE reminder (
    meeting_id    INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('mail', 'xmpp')),
    offset_min    INTEGER NOT NULL CHECK (offset_min >= 0),  -- before the start (mail) or the end (xmpp)
    due_at        INTEGER NOT NULL,
    status        TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'sent', 'skipped')),
    done_at       INTEGER,                                   -- when it was sent or skipped
    claimed_until INTEGER,                                   -- xmpp: a pass posts it, or waits to retry
    attempts      INTEGER NOT NULL DEFAULT 0,
    note          TEXT,                                      -- why it was skipped, or the last error
    PRIMARY KEY (meeting_id, kind, offset_min)
) WITHOUT ROWID;
-- A pass reads only what is pending and due: an index range, however many meetings there are.
CREATE INDEX reminder_pending ON reminder (kind, due_at) WHERE status = 'pending';

-- The offsets every writer plans with, copied from the configuration when jmb starts, so that
-- `jmb serve`, `jmb remind --once` and any other process sharing the database plan alike.
CREATE TABLE reminder_offset (
    kind          TEXT    NOT NULL CHECK (kind IN ('mail', 'xmpp')),
    offset_min    INTEGER NOT NULL CHECK (offset_min >= 0),
    PRIMARY KEY (kind, offset_min)
) WITHOUT ROWID;
