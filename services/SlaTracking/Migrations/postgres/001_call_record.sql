CREATE TABLE call_record (
    call_id          TEXT    NOT NULL PRIMARY KEY,
    tenant_id        TEXT    NOT NULL,
    queue_id         TEXT    NOT NULL,
    queued_at        BIGINT  NOT NULL,
    answered_at      BIGINT  NULL,
    abandoned_at     BIGINT  NULL,
    completed_at     BIGINT  NULL,
    agent_id         TEXT    NULL,
    talk_seconds     DOUBLE PRECISION NULL,
    wrap_up_seconds  DOUBLE PRECISION NULL,
    disposition      TEXT    NULL
);
CREATE INDEX ix_call_record_tenant_queue_time ON call_record (tenant_id, queue_id, queued_at);
