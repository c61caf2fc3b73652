-- PostgreSQL twin of sql/sqlite/0009_sessions.sql.

CREATE TABLE login_session (
    id_digest    BYTEA   PRIMARY KEY,
    login        TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    last_seen_at BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL
);

CREATE INDEX login_session_login ON login_session (login);
CREATE INDEX login_session_expires ON login_session (expires_at);
