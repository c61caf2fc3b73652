-- An answer to one occurrence of a series changes what feeds show (an override VEVENT with
-- that PARTSTAT), like an answer to the whole meeting: it raises the owner's and all the
-- invitees' feed versions (moderators see answers), as sql/*/0004_feed_versions.sql does for
-- an answer on the invitee row. Without it a second answer within the second of the
-- meeting's last `updated_at` would leave a polling calendar with a 304 and the old feed.

CREATE TRIGGER occurrence_answer_insert_feed AFTER INSERT ON occurrence_answer BEGIN
    INSERT INTO feed_version (subject, version, changed_at)
    SELECT 'mail:' || i.email, 1, m.updated_at FROM invitee i JOIN meeting m ON m.id = i.meeting_id
    WHERE i.meeting_id = (SELECT meeting_id FROM invitee WHERE id = NEW.invitee_id)
    ON CONFLICT (subject) DO UPDATE SET version = version + 1,
        changed_at = MAX(changed_at, excluded.changed_at);
    INSERT INTO feed_version (subject, version, changed_at)
    SELECT 'login:' || m.owner, 1, m.updated_at FROM invitee i JOIN meeting m ON m.id = i.meeting_id
    WHERE i.id = NEW.invitee_id
    ON CONFLICT (subject) DO UPDATE SET version = version + 1,
        changed_at = MAX(changed_at, excluded.changed_at);
END;

CREATE TRIGGER occurrence_answer_update_feed AFTER UPDATE ON occurrence_answer BEGIN
    INSERT INTO feed_version (subject, version, changed_at)
    SELECT 'mail:' || i.email, 1, m.updated_at FROM invitee i JOIN meeting m ON m.id = i.meeting_id
    WHERE i.meeting_id = (SELECT meeting_id FROM invitee WHERE id = NEW.invitee_id)
    ON CONFLICT (subject) DO UPDATE SET version = version + 1,
        changed_at = MAX(changed_at, excluded.changed_at);
    INSERT INTO feed_version (subject, version, changed_at)
    SELECT 'login:' || m.owner, 1, m.updated_at FROM invitee i JOIN meeting m ON m.id = i.meeting_id
    WHERE i.id = NEW.invitee_id
    ON CONFLICT (subject) DO UPDATE SET version = version + 1,
        changed_at = MAX(changed_at, excluded.changed_at);
END;

-- Deleted with its invitee (ON DELETE CASCADE), the invitee is gone and nothing is raised
-- here: the invitee's own trigger did it.
CREATE TRIGGER occurrence_answer_delete_feed AFTER DELETE ON occurrence_answer BEGIN
    INSERT INTO feed_version (subject, version, changed_at)
    SELECT 'mail:' || i.email, 1, m.updated_at FROM invitee i JOIN meeting m ON m.id = i.meeting_id
    WHERE i.meeting_id = (SELECT meeting_id FROM invitee WHERE id = OLD.invitee_id)
    ON CONFLICT (subject) DO UPDATE SET version = version + 1,
        changed_at = MAX(changed_at, excluded.changed_at);
    INSERT INTO feed_version (subject, version, changed_at)
    SELECT 'login:' || m.owner, 1, m.updated_at FROM invitee i JOIN meeting m ON m.id = i.meeting_id
    WHERE i.id = OLD.invitee_id
    ON CONFLICT (subject) DO UPDATE SET version = version + 1,
        changed_at = MAX(changed_at, excluded.changed_at);
END;
