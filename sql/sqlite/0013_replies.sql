-- Answers from the mail client (issue 18). The TENTATIVE answer ("maybe") is allowed by the
-- hook `allow_tentative` in src/store/migrations.rs: SQLite cannot alter a CHECK in SQL.

-- The address calendar clients answer to: `meetings+<token>@…` per invitee of a meeting.
-- Kept in clear like the personal link (every mail of the meeting carries the same address),
-- looked up by its digest.
CREATE TABLE reply_token (
    invitee_id   INTEGER PRIMARY KEY REFERENCES invitee (id) ON DELETE CASCADE,
    token        TEXT    NOT NULL,
    token_digest BLOB    NOT NULL UNIQUE
);

-- Addresses whose mail came back (a delivery status notification to a reply address):
-- shown to the owner beside the invitee, until a later answer proves the address works.
CREATE TABLE mail_bounce (
    email        TEXT    PRIMARY KEY,                -- lower case
    status       TEXT    NOT NULL,                   -- the DSN's status, e.g. 5.1.1
    bounced_at   INTEGER NOT NULL
);
