-- PostgreSQL twin of sql/sqlite/0011_series.sql.

ALTER TABLE meeting ADD COLUMN tzid TEXT;
ALTER TABLE meeting ADD COLUMN rrule TEXT;
ALTER TABLE meeting ADD COLUMN series_of BIGINT REFERENCES meeting (id) ON DELETE SET NULL;
ALTER TABLE meeting ADD COLUMN planned_until BIGINT;

CREATE TABLE series_exception (
    meeting_id    BIGINT  NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    recurrence_id BIGINT  NOT NULL,
    cancelled     BIGINT  NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
    starts_at     BIGINT,
    duration_min  BIGINT  CHECK (duration_min IS NULL OR duration_min > 0),
    sequence      BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (meeting_id, recurrence_id)
);

CREATE TABLE occurrence_answer (
    invitee_id    BIGINT  NOT NULL REFERENCES invitee (id) ON DELETE CASCADE,
    recurrence_id BIGINT  NOT NULL,
    partstat      TEXT    NOT NULL CHECK (partstat IN ('needs-action', 'accepted', 'declined', 'tentative')),
    answered_at   BIGINT  NOT NULL,
    PRIMARY KEY (invitee_id, recurrence_id)
);

ALTER TABLE reminder ADD COLUMN recurrence_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE reminder DROP CONSTRAINT reminder_pkey;
ALTER TABLE reminder ADD PRIMARY KEY (meeting_id, recurrence_id, kind, offset_min);

ALTER TABLE presence ADD COLUMN recurrence_id BIGINT;
