-- Series in time (issue #17): the scheduler extends the reminders of the series whose plan
-- ends within the horizon, an index range however many series there are (planned_until is
-- NULL for one-off meetings and for series planned to their end, which the index leaves out).
CREATE INDEX meeting_planned_until ON meeting (planned_until) WHERE planned_until IS NOT NULL;

-- A series' room is ended at the end of each occurrence: one claim per occurrence
-- (recurrence_id 0 for a one-off meeting).
ALTER TABLE room_end ADD COLUMN recurrence_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE room_end DROP CONSTRAINT room_end_pkey;
ALTER TABLE room_end ADD PRIMARY KEY (meeting_id, recurrence_id);
