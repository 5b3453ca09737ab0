CREATE TABLE sla_alert_state (
    tenant_id  TEXT    NOT NULL,
    queue_id   TEXT    NOT NULL,
    day        TEXT    NOT NULL,
    state      TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    changed_at BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, queue_id, day)
);
CREATE TABLE alert_outbox (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id    TEXT   NOT NULL,
    message_type  TEXT   NOT NULL,
    body          TEXT   NOT NULL,
    tenant_id     TEXT   NULL,
    created_at    BIGINT NOT NULL,
    claimed_until BIGINT NOT NULL
);
CREATE INDEX ix_alert_outbox_claimed_until ON alert_outbox (claimed_until);
