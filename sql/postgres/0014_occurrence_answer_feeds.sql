-- PostgreSQL twin of sql/sqlite/0014_occurrence_answer_feeds.sql: an answer to one occurrence
-- raises the owner's and all the invitees' feed versions, as an answer on the invitee row does
-- (jmb_raise_feed from 0004). Deleted with its invitee, it finds no invitee and raises nothing.

CREATE FUNCTION occurrence_answer_feed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    answered BIGINT := CASE WHEN TG_OP = 'DELETE' THEN OLD.invitee_id ELSE NEW.invitee_id END;
BEGIN
    PERFORM jmb_raise_feed('mail:' || i.email, m.updated_at)
    FROM invitee i JOIN meeting m ON m.id = i.meeting_id
    WHERE i.meeting_id = (SELECT meeting_id FROM invitee WHERE id = answered);
    PERFORM jmb_raise_feed('login:' || m.owner, m.updated_at)
    FROM invitee i JOIN meeting m ON m.id = i.meeting_id
    WHERE i.id = answered;
    RETURN NULL;
END $$;
CREATE TRIGGER occurrence_answer_feed AFTER INSERT OR UPDATE OR DELETE ON occurrence_answer
FOR EACH ROW EXECUTE FUNCTION occurrence_answer_feed();
