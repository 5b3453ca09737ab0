CREATE TABLE routing_call (
    call_id      TEXT    NOT NULL PRIMARY KEY,
    tenant_id    TEXT    NOT NULL,
    queue_id     TEXT    NOT NULL,
    caller_hash  TEXT    NOT NULL,
    priority     INTEGER NOT NULL,
    state        TEXT    NOT NULL,
    agent_id     TEXT    NULL,
    queued_at    BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX ix_routing_call_state ON routing_call (state);
CREATE TABLE agent_state (
    agent_id   TEXT    NOT NULL PRIMARY KEY,
    state      TEXT    NOT NULL,
    reason     TEXT    NULL,
    call_id    TEXT    NULL,
    since      BIGINT NOT NULL
);
