-- Logins (dev and OpenID Connect) that the server can end: the session cookie carries a
-- random id, and only a row here makes it a login. Logging out deletes the row, so a copy of
-- the cookie dies with it, on every node that shares this database.

CREATE TABLE login_session (
    id_digest    BLOB    PRIMARY KEY,   -- SHA-256 of the id in the cookie: the lookup key
    login        TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,      -- refreshed at most every few minutes
    expires_at   INTEGER NOT NULL       -- login + auth.session_lifetime_min; never extended
);

CREATE INDEX login_session_login ON login_session (login);      -- log out everywhere
CREATE INDEX login_session_expires ON login_session (expires_at); -- pruning
