-- PostgreSQL twin of sql/sqlite/0008_identity.sql.
CREATE TABLE owner_claim (
    owner         TEXT    PRIMARY KEY,
    email         TEXT    NOT NULL,
    former_login  TEXT,
    created_at    BIGINT  NOT NULL
);
CREATE INDEX owner_claim_email ON owner_claim (email);

INSERT INTO owner_claim (owner, email, former_login, created_at)
SELECT o.owner,
       COALESCE(
           (SELECT f.email FROM feed f WHERE f.owner = o.owner AND f.email <> ''),
           (SELECT m.owner_email FROM meeting m
            WHERE m.owner = o.owner AND m.owner_email <> ''
            ORDER BY m.updated_at DESC LIMIT 1),
           ''),
       o.owner,
       CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)
FROM (SELECT owner FROM meeting UNION SELECT owner FROM feed
      UNION SELECT owner FROM personal_room) o;
