-- PostgreSQL twin of sql/sqlite/0017_meeting_revision.sql: the same revision, raised by the
-- same changes. A change of the row itself raises it before the row is written.

ALTER TABLE meeting ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION meeting_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.revision := OLD.revision + 1;
    RETURN NEW;
END $$;
CREATE TRIGGER meeting_revision BEFORE UPDATE ON meeting
FOR EACH ROW WHEN (NEW.revision = OLD.revision)
EXECUTE FUNCTION meeting_revision();

CREATE FUNCTION jmb_raise_revision(raised BIGINT) RETURNS void LANGUAGE sql AS $$
    UPDATE meeting SET revision = revision + 1 WHERE id = raised;
$$;

-- Invitees and series exceptions carry their meeting; answers to one occurrence their invitee.
CREATE FUNCTION meeting_part_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM jmb_raise_revision(OLD.meeting_id);
    ELSE
        PERFORM jmb_raise_revision(NEW.meeting_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER invitee_revision AFTER INSERT OR UPDATE OR DELETE ON invitee
FOR EACH ROW EXECUTE FUNCTION meeting_part_revision();
CREATE TRIGGER series_exception_revision AFTER INSERT OR UPDATE OR DELETE ON series_exception
FOR EACH ROW EXECUTE FUNCTION meeting_part_revision();

CREATE FUNCTION occurrence_answer_revision() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    answered BIGINT := CASE WHEN TG_OP = 'DELETE' THEN OLD.invitee_id ELSE NEW.invitee_id END;
BEGIN
    PERFORM jmb_raise_revision(meeting_id) FROM invitee WHERE id = answered;
    RETURN NULL;
END $$;
CREATE TRIGGER occurrence_answer_revision AFTER INSERT OR UPDATE OR DELETE ON occurrence_answer
FOR EACH ROW EXECUTE FUNCTION occurrence_answer_revision();
