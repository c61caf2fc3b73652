-- PostgreSQL twin of sql/sqlite/0006_reminders.sql.

CREATE TABLE reminder (
    meeting_id    BIGINT  NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('mail', 'xmpp')),
    offset_min    BIGINT  NOT NULL CHECK (offset_min >= 0),
    due_at        BIGINT  NOT NULL,
    status        TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'sent', 'skipped')),
    done_at       BIGINT,
    claimed_until BIGINT,
    attempts      BIGINT  NOT NULL DEFAULT 0,
    note          TEXT,
    PRIMARY KEY (meeting_id, kind, offset_min)
);
CREATE INDEX reminder_pending ON reminder (kind, due_at) WHERE status = 'pending';

CREATE TABLE reminder_offset (
    kind          TEXT    NOT NULL CHECK (kind IN ('mail', 'xmpp')),
    offset_min    BIGINT  NOT NULL CHECK (offset_min >= 0),
    PRIMARY KEY (kind, offset_min)
);
