-- A callback's progress on its live call (NULL stage: not a callback), so that a restart resumes its dials and spacing.
ALTER TABLE routing_call ADD COLUMN callback_stage TEXT NULL;
ALTER TABLE routing_call ADD COLUMN callback_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE routing_call ADD COLUMN callback_retry_at BIGINT NULL;
-- The number to call back, AES-GCM under the tenant's key; the row goes with the callback's last dial or its end.
CREATE TABLE callback_number (
    call_id     TEXT   NOT NULL PRIMARY KEY,
    tenant_id   TEXT   NOT NULL,
    sealed      TEXT   NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX ix_callback_number_tenant ON callback_number (tenant_id);
-- Every dial's outcome, without the number.
CREATE TABLE callback_attempt (
    call_id      TEXT   NOT NULL,
    attempt      INTEGER NOT NULL,
    tenant_id    TEXT   NOT NULL,
    queue_id     TEXT   NOT NULL,
    agent_id     TEXT   NOT NULL,
    outcome      TEXT   NOT NULL,
    attempted_at BIGINT NOT NULL,
    PRIMARY KEY (call_id, attempt)
);
CREATE INDEX ix_callback_attempt_tenant ON callback_attempt (tenant_id);
