-- What `jmb import-jmb` brought over from the original bash JMB, so that it can run twice
-- and so that every link JMB already mailed keeps leading somewhere.

-- One row per imported JMB meeting: its `meetings.meeting_id` and the meeting it became.
CREATE TABLE legacy_meeting (
    jmb_id       INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL UNIQUE REFERENCES meeting (id) ON DELETE CASCADE,
    imported_at  INTEGER NOT NULL
);

-- JMB hashes that are not an invitee's own link in jmb: the owner's row (JMB mailed owners a
-- personal link too), a second row of one person in one meeting (JMB kept one per role), and
-- iCal hashes of people who already had a jmb feed. Invitees' own hashes live in `invitee`.
CREATE TABLE legacy_link (
    hash_digest  BLOB    PRIMARY KEY,               -- SHA-256 of hash: the lookup key
    hash         TEXT    NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('owner', 'alias', 'feed')),
    meeting_id   INTEGER REFERENCES meeting (id) ON DELETE CASCADE,   -- owner, alias
    invitee_id   INTEGER REFERENCES invitee (id) ON DELETE CASCADE,   -- alias
    feed_owner   TEXT,                                                -- feed
    CHECK ((kind = 'owner' AND meeting_id IS NOT NULL)
        OR (kind = 'alias' AND invitee_id IS NOT NULL)
        OR (kind = 'feed' AND feed_owner IS NOT NULL))
);
