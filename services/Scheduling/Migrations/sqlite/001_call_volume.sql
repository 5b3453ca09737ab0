CREATE TABLE call_arrival (
    call_id        TEXT    NOT NULL PRIMARY KEY,
    tenant_id      TEXT    NOT NULL,
    queue_id       TEXT    NOT NULL,
    queued_at      INTEGER NOT NULL,
    handle_seconds REAL    NULL
);
CREATE INDEX ix_call_arrival_queue_time ON call_arrival (tenant_id, queue_id, queued_at);
