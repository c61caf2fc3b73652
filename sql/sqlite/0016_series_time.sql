-- Series in time (issue #17): the scheduler extends the reminders of the series whose plan
-- ends within the horizon, an index range however many series there are (planned_until is
-- NULL for one-off meetings and for series planned to their end, which the index leaves out).
CREATE INDEX meeting_planned_until ON meeting (planned_until) WHERE planned_until IS NOT NULL;

-- A series' room is ended at the end of each occurrence: one claim per occurrence
-- (recurrence_id 0 for a one-off meeting). SQLite cannot change a primary key in place.
CREATE TABLE room_end_new (
    meeting_id    INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    recurrence_id INTEGER NOT NULL DEFAULT 0,
    attempts      INTEGER NOT NULL DEFAULT 1,
    claimed_at    INTEGER NOT NULL,
    outcome       TEXT    CHECK (outcome IS NULL OR outcome IN ('ended', 'gone', 'failed')),
    detail        TEXT    NOT NULL DEFAULT '',
    done_at       INTEGER,
    PRIMARY KEY (meeting_id, recurrence_id)
) WITHOUT ROWID;
INSERT INTO room_end_new (meeting_id, recurrence_id, attempts, claimed_at, outcome, detail, done_at)
    SELECT meeting_id, 0, attempts, claimed_at, outcome, detail, done_at FROM room_end;
DROP TABLE room_end;
ALTER TABLE room_end_new RENAME TO room_end;
