-- Personal calendar feeds: the feed's mail address (its owner's invitations are matched by
-- it), and a version per login and per mail address, raised by triggers on every change that
-- can alter a feed, so that a poll is answered 304 after one primary-key lookup.
--
-- A change a calendar shows (the service raises SEQUENCE or `updated_at` for each: edit,
-- cancel, list change, answer) raises the owner's and all the invitees' versions, but not a
-- status a feed does not show (in progress, completed). An added or removed invitee raises
-- their own version and the owner's; an answer raises everyone's (moderators see answers).

ALTER TABLE feed ADD COLUMN email TEXT NOT NULL DEFAULT '';

CREATE TABLE feed_version (
    subject    TEXT    PRIMARY KEY,            -- 'login:<login>' or 'mail:<address>'
    version    INTEGER NOT NULL,
    changed_at INTEGER NOT NULL                -- latest meeting updated_at behind a change
) WITHOUT ROWID;

CREATE TRIGGER meeting_insert_feed AFTER INSERT ON meeting BEGIN
    INSERT INTO feed_version (subject, version, changed_at)
    VALUES ('login:' || NEW.owner, 1, NEW.updated_at)
    ON CONFLICT (subject) DO UPDATE SET version = version + 1,
        changed_at = MAX(changed_at, excluded.changed_at);
END;

CREATE TRIGGER meeting_update_feed AFTER UPDATE ON meeting
WHEN NEW.sequence IS NOT OLD.sequence OR NEW.updated_at IS NOT OLD.updated_at BEGIN
    INSERT INTO feed_version (subject, version, changed_at)
    VALUES ('login:' || NEW.owner, 1, NEW.updated_at)
    ON CONFLICT (subject) DO UPDATE SET version = version + 1,
        changed_at = MAX(changed_at, excluded.changed_at);
    INSERT INTO feed_version (subject, version, changed_at)
    SELECT 'mail:' || email, 1, NEW.updated_at FROM invitee WHERE meeting_id = NEW.id
    ON CONFLICT (subject) DO UPDATE SET version = version + 1,
        changed_at = MAX(changed_at, excluded.changed_at);
END;

CREATE TRIGGER invitee_insert_feed AFTER INSERT ON invitee BEGIN
    INSERT INTO feed_version (subject, version, changed_at)
    SELECT 'mail:' || NEW.email, 1, updated_at FROM meeting WHERE id = NEW.meeting_id
    ON CONFLICT (subject) DO UPDATE SET version = version + 1,
        changed_at = MAX(changed_at, excluded.changed_at);
    INSERT INTO feed_version (subject, version, changed_at)
    SELECT 'login:' || owner, 1, updated_at FROM meeting WHERE id = NEW.meeting_id
    ON CONFLICT (subject) DO UPDATE SET version = version + 1,
        changed_at = MAX(changed_at, excluded.changed_at);
END;

CREATE TRIGGER invitee_update_feed AFTER UPDATE ON invitee BEGIN
    INSERT INTO feed_version (subject, version, changed_at)
    SELECT 'mail:' || i.email, 1, m.updated_at FROM invitee i JOIN meeting m ON m.id = i.meeting_id
    WHERE i.meeting_id = NEW.meeting_id
    ON CONFLICT (subject) DO UPDATE SET version = version + 1,
        changed_at = MAX(changed_at, excluded.changed_at);
    INSERT INTO feed_version (subject, version, changed_at)
    SELECT 'login:' || owner, 1, updated_at FROM meeting WHERE id = NEW.meeting_id
    ON CONFLICT (subject) DO UPDATE SET version = version + 1,
        changed_at = MAX(changed_at, excluded.changed_at);
END;

CREATE TRIGGER invitee_delete_feed AFTER DELETE ON invitee BEGIN
    INSERT INTO feed_version (subject, version, changed_at)
    SELECT 'mail:' || OLD.email, 1, updated_at FROM meeting WHERE id = OLD.meeting_id
    ON CONFLICT (subject) DO UPDATE SET version = version + 1,
        changed_at = MAX(changed_at, excluded.changed_at);
END;

-- Feeds already served before this migration get a first version.
INSERT INTO feed_version (subject, version, changed_at)
SELECT 'login:' || owner, 1, MAX(updated_at) FROM meeting GROUP BY owner;
INSERT INTO feed_version (subject, version, changed_at)
SELECT 'mail:' || i.email, 1, MAX(m.updated_at)
FROM invitee i JOIN meeting m ON m.id = i.meeting_id GROUP BY i.email;
