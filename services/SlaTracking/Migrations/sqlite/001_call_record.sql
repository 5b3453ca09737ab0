CREATE TABLE call_record (
    call_id          TEXT    NOT NULL PRIMARY KEY,
    tenant_id        TEXT    NOT NULL,
    queue_id         TEXT    NOT NULL,
    queued_at        INTEGER NOT NULL,
    answered_at      INTEGER NULL,
    abandoned_at     INTEGER NULL,
    completed_at     INTEGER NULL,
    agent_id         TEXT    NULL,
    talk_seconds     REAL    NULL,
    wrap_up_seconds  REAL    NULL,
    disposition      TEXT    NULL
);
CREATE INDEX ix_call_record_tenant_queue_time ON call_record (tenant_id, queue_id, queued_at);
