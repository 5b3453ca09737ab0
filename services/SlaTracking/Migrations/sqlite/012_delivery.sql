-- A tenant's scheduled e-mail of its report. weekday (ISO, 1 = Monday) for weekly, day_of_month for monthly; local_time
-- (HH:mm) in the tenant's zone; recipients and attachments are JSON arrays.
CREATE TABLE delivery_schedule (
    schedule_id   TEXT    NOT NULL PRIMARY KEY,
    tenant_id     TEXT    NOT NULL,
    frequency     TEXT    NOT NULL,
    weekday       INTEGER NULL,
    day_of_month  INTEGER NULL,
    local_time    TEXT    NOT NULL,
    recipients    TEXT    NOT NULL,
    attachments   TEXT    NOT NULL,
    language      TEXT    NULL,
    created_by    TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    changed_at    INTEGER NOT NULL
);
CREATE INDEX ix_delivery_schedule_tenant ON delivery_schedule (tenant_id);

-- One row per (schedule, period): the claim that makes a period's mail go out at most once across replicas.
CREATE TABLE delivery (
    schedule_id      TEXT    NOT NULL,
    period           TEXT    NOT NULL,
    tenant_id        TEXT    NOT NULL,
    due_at           INTEGER NOT NULL,
    status           TEXT    NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    claimed_until    INTEGER NOT NULL,
    claim_token      TEXT    NULL,
    sent_at          INTEGER NULL,
    PRIMARY KEY (schedule_id, period)
);
CREATE INDEX ix_delivery_next_attempt ON delivery (next_attempt_at);

CREATE TABLE delivery_attempt (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    schedule_id   TEXT    NOT NULL,
    tenant_id     TEXT    NOT NULL,
    period        TEXT    NOT NULL,
    attempt       INTEGER NOT NULL,
    attempted_at  INTEGER NOT NULL,
    recipients    TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    error         TEXT    NULL
);
CREATE INDEX ix_delivery_attempt_tenant ON delivery_attempt (tenant_id, attempted_at);

-- A client system's OAuth2 client credentials: only the SHA-256 of the (random, 256-bit) secret is kept.
CREATE TABLE report_client (
    client_id    TEXT    NOT NULL PRIMARY KEY,
    tenant_id    TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    secret_hash  TEXT    NOT NULL,
    created_by   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    revoked_at   INTEGER NULL
);
CREATE INDEX ix_report_client_tenant ON report_client (tenant_id);
