-- A tenant's webhook: the contact events (a JSON array of type names) POSTed to url, signed with a secret sealed under the
-- tenant's key (only the platform opens it, to sign).
CREATE TABLE webhook_subscription (
    webhook_id     TEXT    NOT NULL PRIMARY KEY,
    tenant_id      TEXT    NOT NULL,
    url            TEXT    NOT NULL,
    events         TEXT    NOT NULL,
    enabled        INTEGER NOT NULL,
    description    TEXT    NULL,
    secret_sealed  TEXT    NOT NULL,
    created_by     TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    changed_at     INTEGER NOT NULL
);
CREATE INDEX ix_webhook_subscription_tenant ON webhook_subscription (tenant_id);

-- One row per (webhook, event): the bus delivers an event more than once, the row makes it one delivery. Claimed by one
-- replica at a time (claim_token, claimed_until); dead after the configured number of failed attempts.
CREATE TABLE webhook_delivery (
    delivery_id      TEXT    NOT NULL PRIMARY KEY,
    webhook_id       TEXT    NOT NULL,
    tenant_id        TEXT    NOT NULL,
    event_id         TEXT    NOT NULL,
    event_type       TEXT    NOT NULL,
    occurred_at      INTEGER NOT NULL,
    payload          TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    claimed_until    INTEGER NOT NULL,
    claim_token      TEXT    NULL,
    last_status_code INTEGER NULL,
    last_error       TEXT    NULL,
    created_at       INTEGER NOT NULL,
    delivered_at     INTEGER NULL,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX ix_webhook_delivery_due ON webhook_delivery (status, next_attempt_at);
CREATE INDEX ix_webhook_delivery_tenant ON webhook_delivery (tenant_id, created_at);

CREATE TABLE webhook_attempt (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id   TEXT    NOT NULL,
    tenant_id     TEXT    NOT NULL,
    attempt       INTEGER NOT NULL,
    attempted_at  INTEGER NOT NULL,
    status_code   INTEGER NULL,
    error         TEXT    NULL,
    duration_ms   INTEGER NOT NULL
);
CREATE INDEX ix_webhook_attempt_delivery ON webhook_attempt (delivery_id, attempted_at);
CREATE INDEX ix_webhook_attempt_tenant ON webhook_attempt (tenant_id);
