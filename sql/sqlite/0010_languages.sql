-- The language each person reads jmb in, so that mails reach them in it. Learnt from what
-- they do (an organiser's page language when they post, an invitee's answer or language
-- switch) or from the directory (ldap.language_attribute); what a person chose wins over
-- what the directory says.

CREATE TABLE person_language (
    email      TEXT    PRIMARY KEY,   -- lower-cased mail address
    lang       TEXT    NOT NULL,      -- a tag of locales::OFFERED
    source     TEXT    NOT NULL CHECK (source IN ('chosen', 'directory')),
    updated_at INTEGER NOT NULL
);
