-- PostgreSQL twin of sql/sqlite/0010_languages.sql.

CREATE TABLE person_language (
    email      TEXT    PRIMARY KEY,
    lang       TEXT    NOT NULL,
    source     TEXT    NOT NULL CHECK (source IN ('chosen', 'directory')),
    updated_at BIGINT  NOT NULL
);
