-- PostgreSQL twin of sql/sqlite/0003_legacy.sql.

CREATE TABLE legacy_meeting (
    jmb_id       BIGINT  PRIMARY KEY,
    meeting_id   BIGINT  NOT NULL UNIQUE REFERENCES meeting (id) ON DELETE CASCADE,
    imported_at  BIGINT  NOT NULL
);

CREATE TABLE legacy_link (
    hash_digest  BYTEA   PRIMARY KEY,
    hash         TEXT    NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('owner', 'alias', 'feed')),
    meeting_id   BIGINT  REFERENCES meeting (id) ON DELETE CASCADE,
    invitee_id   BIGINT  REFERENCES invitee (id) ON DELETE CASCADE,
    feed_owner   TEXT,
    CHECK ((kind = 'owner' AND meeting_id IS NOT NULL)
        OR (kind = 'alias' AND invitee_id IS NOT NULL)
        OR (kind = 'feed' AND feed_owner IS NOT NULL))
);
