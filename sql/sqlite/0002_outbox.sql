-- The durable outbox: every mail is written here in the transaction of the change that causes
-- it, and a worker sends it. Times are UTC Unix seconds.

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL,                 -- e.g. new/participant, cancel/owner
    meeting_id      INTEGER REFERENCES meeting (id) ON DELETE SET NULL,
    recipient       TEXT    NOT NULL,                 -- envelope recipient
    envelope_from   TEXT    NOT NULL,
    message         BLOB    NOT NULL,                 -- the complete RFC 5322 message
    status          TEXT    NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    claimed_until   INTEGER,                          -- lease of the worker sending it
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_meeting ON outbox (meeting_id);
