-- Owners waiting for their person. Meetings and feeds are keyed by login, but some owners
-- are known only by a mail address until that person logs in:
--   * `jmb import-jmb` keeps meetings of an owner whose login it could not resolve (no
--     --logins line, not in LDAP) under `unclaimed <mail>`, with `former_login` NULL: the
--     first login with that verified mail takes them over;
--   * owners stored before this migration were keyed by the OIDC preferred_username (or
--     the proxy's login); an OIDC login keyed by issuer+sub whose former login claim equals
--     `former_login` AND whose verified mail equals `email` takes them over (re-keying).
-- A claim moves everything in one transaction and deletes its row: it happens once.
CREATE TABLE owner_claim (
    owner         TEXT    PRIMARY KEY,              -- the key meetings and feed are under now
    email         TEXT    NOT NULL,                 -- lower case; '' = no mail known, never claimed
    former_login  TEXT,                             -- NULL: any login with that verified mail
    created_at    INTEGER NOT NULL
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
       unixepoch()
FROM (SELECT owner FROM meeting UNION SELECT owner FROM feed
      UNION SELECT owner FROM personal_room) o;
