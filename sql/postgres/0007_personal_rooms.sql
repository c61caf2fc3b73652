-- PostgreSQL twin of sql/sqlite/0007_personal_rooms.sql. The room-name triggers fail with
-- SQLSTATE 23505 (unique_violation), a constraint error as SQLite's RAISE(ABORT) is.

CREATE TABLE personal_room (
    owner             TEXT    PRIMARY KEY,
    owner_name        TEXT    NOT NULL DEFAULT '',
    room              TEXT    NOT NULL UNIQUE,
    guest_hash        TEXT    NOT NULL,
    guest_hash_digest BYTEA   NOT NULL UNIQUE,
    created_at        BIGINT  NOT NULL,
    rotated_at        BIGINT  NOT NULL,
    opened_at         BIGINT,
    open_count        BIGINT  NOT NULL DEFAULT 0
);

CREATE FUNCTION meeting_room_not_personal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM personal_room WHERE room = NEW.room) THEN
        RAISE EXCEPTION 'room name taken by a personal room' USING ERRCODE = 'unique_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER meeting_room_not_personal BEFORE INSERT OR UPDATE OF room ON meeting
FOR EACH ROW EXECUTE FUNCTION meeting_room_not_personal();

CREATE FUNCTION personal_room_not_meeting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM meeting WHERE room = NEW.room) THEN
        RAISE EXCEPTION 'room name taken by a meeting' USING ERRCODE = 'unique_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER personal_room_not_meeting BEFORE INSERT OR UPDATE OF room ON personal_room
FOR EACH ROW EXECUTE FUNCTION personal_room_not_meeting();
