-- Personal rooms: each organiser's permanent room (the original JMB's private room), opened
-- by its owner with a moderator token at any time, and a rotatable guest link.
--
-- A room name belongs to one meeting or one personal room, never both: whoever books a
-- meeting in someone's personal room would be its moderator there. The triggers keep that
-- true whatever writes the tables; the service checks first to give a clear error.

CREATE TABLE personal_room (
    owner             TEXT    PRIMARY KEY,          -- login
    owner_name        TEXT    NOT NULL DEFAULT '',  -- shown to guests
    room              TEXT    NOT NULL UNIQUE,
    guest_hash        TEXT    NOT NULL,             -- the guest link, shown to the owner
    guest_hash_digest BLOB    NOT NULL UNIQUE,      -- SHA-256 of guest_hash: the lookup key
    created_at        INTEGER NOT NULL,
    rotated_at        INTEGER NOT NULL,
    opened_at         INTEGER,                      -- last time the owner opened it
    open_count        INTEGER NOT NULL DEFAULT 0
);

CREATE TRIGGER meeting_room_not_personal BEFORE INSERT ON meeting
WHEN EXISTS (SELECT 1 FROM personal_room WHERE room = NEW.room) BEGIN
    SELECT RAISE(ABORT, 'room name taken by a personal room');
END;

CREATE TRIGGER meeting_rename_not_personal BEFORE UPDATE OF room ON meeting
WHEN EXISTS (SELECT 1 FROM personal_room WHERE room = NEW.room) BEGIN
    SELECT RAISE(ABORT, 'room name taken by a personal room');
END;

CREATE TRIGGER personal_room_not_meeting BEFORE INSERT ON personal_room
WHEN EXISTS (SELECT 1 FROM meeting WHERE room = NEW.room) BEGIN
    SELECT RAISE(ABORT, 'room name taken by a meeting');
END;

CREATE TRIGGER personal_rename_not_meeting BEFORE UPDATE OF room ON personal_room
WHEN EXISTS (SELECT 1 FROM meeting WHERE room = NEW.room) BEGIN
    SELECT RAISE(ABORT, 'room name taken by a meeting');
END;
