-- Outgoing webhooks (Standard Webhooks). An event is written in the transaction of the change
-- that causes it, with one delivery per subscription that wants it; a worker delivers them
-- as the outbox sends mails. Times are UTC Unix seconds.

-- Organisers' own endpoints (owner = their login) and the operator's [[webhooks]], mirrored
-- here at start (owner NULL) so that deliveries of both kinds are rows alike.
CREATE TABLE webhook_subscription (
    id         INTEGER PRIMARY KEY,
    owner      TEXT,                          -- NULL: site-wide, from the configuration
    url        TEXT    NOT NULL,
    secret     TEXT    NOT NULL,              -- whsec_<base64>
    events     TEXT    NOT NULL,              -- space-separated event types, or *
    created_at INTEGER NOT NULL
);
CREATE INDEX webhook_subscription_owner ON webhook_subscription (owner);

CREATE TABLE webhook_event (
    id         INTEGER PRIMARY KEY,
    uid        TEXT    NOT NULL UNIQUE,       -- webhook-id: stable, receivers de-duplicate on it
    type       TEXT    NOT NULL,
    meeting_id INTEGER,
    payload    TEXT    NOT NULL,              -- the JSON body, as sent
    created_at INTEGER NOT NULL
);

CREATE TABLE webhook_delivery (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES webhook_event (id) ON DELETE CASCADE,
    subscription_id INTEGER NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
    meeting_id      INTEGER,                  -- copied from the event: order per meeting
    status          TEXT    NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'sending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    claimed_until   INTEGER,
    last_status     INTEGER,                  -- HTTP status of the last answer, if any
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    delivered_at    INTEGER
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (status, next_attempt_at);
CREATE INDEX webhook_delivery_order ON webhook_delivery (subscription_id, meeting_id, status);
