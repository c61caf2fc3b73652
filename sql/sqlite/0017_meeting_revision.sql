-- A meeting's revision: a number raised by every change to what its calendar entry shows (the
-- meeting row, its invitees and their answers, its series' exceptions and answers to single
-- occurrences). Feeds keep each meeting's rendered VEVENT in memory under its revision and
-- re-render only the meetings whose revision moved (service/feeds.rs).

ALTER TABLE meeting ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

-- Any change of the row itself; the raise is an UPDATE of revision alone, which the WHEN
-- leaves alone (and SQLite runs no trigger recursively unless told to).
CREATE TRIGGER meeting_revision AFTER UPDATE ON meeting
WHEN NEW.revision = OLD.revision BEGIN
    UPDATE meeting SET revision = revision + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER invitee_insert_revision AFTER INSERT ON invitee BEGIN
    UPDATE meeting SET revision = revision + 1 WHERE id = NEW.meeting_id;
END;
CREATE TRIGGER invitee_update_revision AFTER UPDATE ON invitee BEGIN
    UPDATE meeting SET revision = revision + 1 WHERE id = NEW.meeting_id;
END;
CREATE TRIGGER invitee_delete_revision AFTER DELETE ON invitee BEGIN
    UPDATE meeting SET revision = revision + 1 WHERE id = OLD.meeting_id;
END;

CREATE TRIGGER occurrence_answer_insert_revision AFTER INSERT ON occurrence_answer BEGIN
    UPDATE meeting SET revision = revision + 1
    WHERE id = (SELECT meeting_id FROM invitee WHERE id = NEW.invitee_id);
END;
CREATE TRIGGER occurrence_answer_update_revision AFTER UPDATE ON occurrence_answer BEGIN
    UPDATE meeting SET revision = revision + 1
    WHERE id = (SELECT meeting_id FROM invitee WHERE id = NEW.invitee_id);
END;
CREATE TRIGGER occurrence_answer_delete_revision AFTER DELETE ON occurrence_answer BEGIN
    UPDATE meeting SET revision = revision + 1
    WHERE id = (SELECT meeting_id FROM invitee WHERE id = OLD.invitee_id);
END;

CREATE TRIGGER series_exception_insert_revision AFTER INSERT ON series_exception BEGIN
    UPDATE meeting SET revision = revision + 1 WHERE id = NEW.meeting_id;
END;
CREATE TRIGGER series_exception_update_revision AFTER UPDATE ON series_exception BEGIN
    UPDATE meeting SET revision = revision + 1 WHERE id = NEW.meeting_id;
END;
CREATE TRIGGER series_exception_delete_revision AFTER DELETE ON series_exception BEGIN
    UPDATE meeting SET revision = revision + 1 WHERE id = OLD.meeting_id;
END;
