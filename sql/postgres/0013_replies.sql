-- Answers from the mail client (issue 18); see sql/sqlite/0013_replies.sql.

ALTER TABLE invitee DROP CONSTRAINT invitee_partstat_check;
ALTER TABLE invitee ADD CONSTRAINT invitee_partstat_check
    CHECK (partstat IN ('needs-action', 'accepted', 'declined', 'tentative'));

CREATE TABLE reply_token (
    invitee_id   BIGINT  PRIMARY KEY REFERENCES invitee (id) ON DELETE CASCADE,
    token        TEXT    NOT NULL,
    token_digest BYTEA   NOT NULL UNIQUE
);

CREATE TABLE mail_bounce (
    email        TEXT    PRIMARY KEY,
    status       TEXT    NOT NULL,
    bounced_at   BIGINT  NOT NULL
);
