-- PostgreSQL twin of sql/sqlite/0004_feed_versions.sql: the same versions, raised by the same
-- changes, through trigger functions.

ALTER TABLE feed ADD COLUMN email TEXT NOT NULL DEFAULT '';

CREATE TABLE feed_version (
    subject    TEXT    PRIMARY KEY,
    version    BIGINT  NOT NULL,
    changed_at BIGINT  NOT NULL
);

CREATE FUNCTION jmb_raise_feed(subj TEXT, at BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO feed_version (subject, version, changed_at) VALUES (subj, 1, at)
    ON CONFLICT (subject) DO UPDATE SET version = feed_version.version + 1,
        changed_at = GREATEST(feed_version.changed_at, excluded.changed_at);
$$;

CREATE FUNCTION meeting_insert_feed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM jmb_raise_feed('login:' || NEW.owner, NEW.updated_at);
    RETURN NULL;
END $$;
CREATE TRIGGER meeting_insert_feed AFTER INSERT ON meeting
FOR EACH ROW EXECUTE FUNCTION meeting_insert_feed();

CREATE FUNCTION meeting_update_feed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM jmb_raise_feed('login:' || NEW.owner, NEW.updated_at);
    PERFORM jmb_raise_feed('mail:' || email, NEW.updated_at)
    FROM invitee WHERE meeting_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER meeting_update_feed AFTER UPDATE ON meeting
FOR EACH ROW WHEN (NEW.sequence IS DISTINCT FROM OLD.sequence
                   OR NEW.updated_at IS DISTINCT FROM OLD.updated_at)
EXECUTE FUNCTION meeting_update_feed();

CREATE FUNCTION invitee_insert_feed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM jmb_raise_feed('mail:' || NEW.email, updated_at)
    FROM meeting WHERE id = NEW.meeting_id;
    PERFORM jmb_raise_feed('login:' || owner, updated_at)
    FROM meeting WHERE id = NEW.meeting_id;
    RETURN NULL;
END $$;
CREATE TRIGGER invitee_insert_feed AFTER INSERT ON invitee
FOR EACH ROW EXECUTE FUNCTION invitee_insert_feed();

CREATE FUNCTION invitee_update_feed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM jmb_raise_feed('mail:' || i.email, m.updated_at)
    FROM invitee i JOIN meeting m ON m.id = i.meeting_id
    WHERE i.meeting_id = NEW.meeting_id;
    PERFORM jmb_raise_feed('login:' || owner, updated_at)
    FROM meeting WHERE id = NEW.meeting_id;
    RETURN NULL;
END $$;
CREATE TRIGGER invitee_update_feed AFTER UPDATE ON invitee
FOR EACH ROW EXECUTE FUNCTION invitee_update_feed();

CREATE FUNCTION invitee_delete_feed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM jmb_raise_feed('mail:' || OLD.email, updated_at)
    FROM meeting WHERE id = OLD.meeting_id;
    RETURN NULL;
END $$;
CREATE TRIGGER invitee_delete_feed AFTER DELETE ON invitee
FOR EACH ROW EXECUTE FUNCTION invitee_delete_feed();
